using System;
using System.Collections.Generic;
using static EntraGuard.Ingest.ValidatedJson;

namespace EntraGuard.Ingest
{
    /// <summary>
    /// Builds <c>targetResources</c> and <c>additionalDetails</c> from the raw JSON the reader kept for them, or from
    /// the record being decoded. The reader checks their shape while walking past them; building their objects waits
    /// until someone reads them, which for most events (those no rule looks at closely) is never. The bytes were
    /// validated as a whole record when read, so building cannot fail on syntax; elements that are not objects are
    /// passed over, and a value that is not an array holds none.
    /// </summary>
    internal static class NestedArrays
    {
        public static TargetResource[] Targets(ReadOnlyMemory<byte> json)
        {
            var data = json.Span;
            Targets(data, CompactJson.SkipWhiteSpace(data, 0), StringPool.OfThisThread, out var targets);
            return targets;
        }

        /// <summary>The targets of the value at <paramref name="i"/>; past it.</summary>
        public static int Targets(ReadOnlySpan<byte> data, int i, StringPool pool, out TargetResource[] targets)
        {
            if (data[i] != (byte)'[')
            {
                targets = Array.Empty<TargetResource>();
                return Skip(data, i);
            }
            var list = Scratch<TargetResource>.Empty();
            for (var first = true; ; first = false)
            {
                i = CompactJson.NextElement(data, i, first, out var ended);
                if (ended)
                {
                    targets = Scratch<TargetResource>.Drain(list);
                    return i;
                }
                if (data[i] != (byte)'{')
                {
                    i = Skip(data, i);
                    continue;
                }
                string? id = null,
                    displayName = null,
                    type = null,
                    upn = null,
                    groupType = null;
                ModifiedProperty[]? modified = null;
                for (var firstProperty = true; ; firstProperty = false)
                {
                    i = NextProperty(data, i, firstProperty, out var field, out var objectEnded);
                    if (objectEnded)
                        break;
                    i = field switch
                    {
                        Field.Id => Text(data, i, pool, pooled: true, out id),
                        Field.DisplayName => Text(data, i, pool, pooled: true, out displayName),
                        Field.Type => Text(data, i, pool, pooled: true, out type),
                        Field.UserPrincipalName => Text(data, i, pool, pooled: true, out upn),
                        Field.GroupType => Text(data, i, pool, pooled: true, out groupType),
                        Field.ModifiedProperties => ModifiedProperties(data, i, pool, out modified),
                        _ => Skip(data, i),
                    };
                }
                list.Add(
                    new TargetResource
                    {
                        Id = id,
                        DisplayName = displayName,
                        Type = type,
                        UserPrincipalName = upn,
                        GroupType = groupType,
                        ModifiedProperties = modified ?? Array.Empty<ModifiedProperty>(),
                    }
                );
            }
        }

        private static int ModifiedProperties(
            ReadOnlySpan<byte> data,
            int i,
            StringPool pool,
            out ModifiedProperty[]? properties
        )
        {
            properties = null;
            if (data[i] != (byte)'[')
                return Skip(data, i);
            var list = Scratch<ModifiedProperty>.Empty();
            for (var first = true; ; first = false)
            {
                i = CompactJson.NextElement(data, i, first, out var ended);
                if (ended)
                {
                    properties = Scratch<ModifiedProperty>.Drain(list);
                    return i;
                }
                if (data[i] != (byte)'{')
                {
                    i = Skip(data, i);
                    continue;
                }
                string? displayName = null,
                    oldValue = null,
                    newValue = null;
                for (var firstProperty = true; ; firstProperty = false)
                {
                    i = NextProperty(data, i, firstProperty, out var field, out var objectEnded);
                    if (objectEnded)
                        break;
                    i = field switch
                    {
                        Field.DisplayName => Text(data, i, pool, pooled: true, out displayName),
                        Field.OldValue => Text(data, i, pool, pooled: true, out oldValue),
                        Field.NewValue => Text(data, i, pool, pooled: true, out newValue),
                        _ => Skip(data, i),
                    };
                }
                list.Add(
                    new ModifiedProperty
                    {
                        DisplayName = displayName,
                        OldValue = oldValue,
                        NewValue = newValue,
                    }
                );
            }
        }

        public static AdditionalDetail[] Details(ReadOnlyMemory<byte> json)
        {
            var data = json.Span;
            Details(data, CompactJson.SkipWhiteSpace(data, 0), StringPool.OfThisThread, out var details);
            return details;
        }

        /// <summary>The details of the value at <paramref name="i"/>; past it.</summary>
        public static int Details(ReadOnlySpan<byte> data, int i, StringPool pool, out AdditionalDetail[] details)
        {
            if (data[i] != (byte)'[')
            {
                details = Array.Empty<AdditionalDetail>();
                return Skip(data, i);
            }
            var list = Scratch<AdditionalDetail>.Empty();
            for (var first = true; ; first = false)
            {
                i = CompactJson.NextElement(data, i, first, out var ended);
                if (ended)
                {
                    details = Scratch<AdditionalDetail>.Drain(list);
                    return i;
                }
                if (data[i] != (byte)'{')
                {
                    i = Skip(data, i);
                    continue;
                }
                string? key = null,
                    value = null;
                for (var firstProperty = true; ; firstProperty = false)
                {
                    i = NextProperty(data, i, firstProperty, out var field, out var objectEnded);
                    if (objectEnded)
                        break;
                    i = field switch
                    {
                        Field.Key => Text(data, i, pool, pooled: true, out key),
                        Field.Value => Text(data, i, pool, pooled: true, out value),
                        _ => Skip(data, i),
                    };
                }
                list.Add(new AdditionalDetail(key, value));
            }
        }

        /// <summary>
        /// A list per thread and element type that gathers an array's elements, copied out at their exact count:
        /// a list and its growing arrays per array built were most of what building them allocated. An array nests
        /// only arrays of other element types, so a list never gathers two arrays at once.
        /// </summary>
        private static class Scratch<T>
        {
            [ThreadStatic]
            private static List<T>? _list;

            public static List<T> Empty()
            {
                var list = _list ??= new List<T>();
                list.Clear(); // after a build that did not finish, too
                return list;
            }

            public static T[] Drain(List<T> list)
            {
                var items = list.Count == 0 ? Array.Empty<T>() : list.ToArray();
                list.Clear(); // keeps no element alive once they are out
                return items;
            }
        }
    }
}

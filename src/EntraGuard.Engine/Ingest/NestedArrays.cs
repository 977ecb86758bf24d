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
        public static TargetResource[] Targets(ReadOnlyMemory<byte> json) => WholeArray(json, ReadTarget);

        /// <summary>The targets of the value at <paramref name="i"/>; past it.</summary>
        public static int Targets(ReadOnlySpan<byte> data, int i, StringPool pool, out TargetResource[] targets) =>
            ArrayOfObjects(data, i, pool, ReadTarget, out targets);

        public static AdditionalDetail[] Details(ReadOnlyMemory<byte> json) => WholeArray(json, ReadDetail);

        /// <summary>The details of the value at <paramref name="i"/>; past it.</summary>
        public static int Details(ReadOnlySpan<byte> data, int i, StringPool pool, out AdditionalDetail[] details) =>
            ArrayOfObjects(data, i, pool, ReadDetail, out details);

        /// <summary>The elements of an array the reader kept as raw JSON.</summary>
        private static T[] WholeArray<T>(ReadOnlyMemory<byte> json, ObjectReader<T> read)
        {
            var data = json.Span;
            ArrayOfObjects(data, CompactJson.SkipWhiteSpace(data, 0), StringPool.OfThisThread, read, out var elements);
            return elements;
        }

        /// <summary>Reads the object at <paramref name="i"/> into an element; past it.</summary>
        private delegate int ObjectReader<T>(ReadOnlySpan<byte> data, int i, StringPool pool, out T element);

        // Cached: a method group would make a delegate at each array.
        private static readonly ObjectReader<TargetResource> ReadTarget = TargetAt;
        private static readonly ObjectReader<ModifiedProperty> ReadModifiedProperty = ModifiedPropertyAt;
        private static readonly ObjectReader<AdditionalDetail> ReadDetail = DetailAt;

        /// <summary>The objects of the array at <paramref name="i"/>, each read by <paramref name="read"/>, other
        /// elements passed over; none for a value that is not an array. Past the value.</summary>
        private static int ArrayOfObjects<T>(
            ReadOnlySpan<byte> data,
            int i,
            StringPool pool,
            ObjectReader<T> read,
            out T[] elements
        )
        {
            elements = Array.Empty<T>();
            if (data[i] != (byte)'[')
                return Skip(data, i);
            var list = Scratch<T>.Empty();
            for (var first = true; ; first = false)
            {
                i = CompactJson.NextElement(data, i, first, out var ended);
                if (ended)
                {
                    elements = Scratch<T>.Drain(list);
                    return i;
                }
                if (data[i] != (byte)'{')
                {
                    i = Skip(data, i);
                    continue;
                }
                i = read(data, i, pool, out var element);
                list.Add(element);
            }
        }

        private static int TargetAt(ReadOnlySpan<byte> data, int i, StringPool pool, out TargetResource target)
        {
            string? id = null,
                displayName = null,
                type = null,
                upn = null,
                groupType = null;
            ModifiedProperty[]? modified = null;
            for (var first = true; ; first = false)
            {
                i = NextProperty(data, i, first, out var field, out var ended);
                if (ended)
                    break;
                i = field switch
                {
                    Field.Id => Text(data, i, pool, pooled: true, out id),
                    Field.DisplayName => Text(data, i, pool, pooled: true, out displayName),
                    Field.Type => Text(data, i, pool, pooled: true, out type),
                    Field.UserPrincipalName => Text(data, i, pool, pooled: true, out upn),
                    Field.GroupType => Text(data, i, pool, pooled: true, out groupType),
                    Field.ModifiedProperties => ArrayOfObjects(data, i, pool, ReadModifiedProperty, out modified),
                    _ => Skip(data, i),
                };
            }
            target = new TargetResource
            {
                Id = id,
                DisplayName = displayName,
                Type = type,
                UserPrincipalName = upn,
                GroupType = groupType,
                ModifiedProperties = modified ?? Array.Empty<ModifiedProperty>(),
            };
            return i;
        }

        private static int ModifiedPropertyAt(
            ReadOnlySpan<byte> data,
            int i,
            StringPool pool,
            out ModifiedProperty property
        )
        {
            string? displayName = null,
                oldValue = null,
                newValue = null;
            for (var first = true; ; first = false)
            {
                i = NextProperty(data, i, first, out var field, out var ended);
                if (ended)
                    break;
                i = field switch
                {
                    Field.DisplayName => Text(data, i, pool, pooled: true, out displayName),
                    Field.OldValue => Text(data, i, pool, pooled: true, out oldValue),
                    Field.NewValue => Text(data, i, pool, pooled: true, out newValue),
                    _ => Skip(data, i),
                };
            }
            property = new ModifiedProperty
            {
                DisplayName = displayName,
                OldValue = oldValue,
                NewValue = newValue,
            };
            return i;
        }

        private static int DetailAt(ReadOnlySpan<byte> data, int i, StringPool pool, out AdditionalDetail detail)
        {
            string? key = null,
                value = null;
            for (var first = true; ; first = false)
            {
                i = NextProperty(data, i, first, out var field, out var ended);
                if (ended)
                    break;
                i = field switch
                {
                    Field.Key => Text(data, i, pool, pooled: true, out key),
                    Field.Value => Text(data, i, pool, pooled: true, out value),
                    _ => Skip(data, i),
                };
            }
            detail = new AdditionalDetail(key, value);
            return i;
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

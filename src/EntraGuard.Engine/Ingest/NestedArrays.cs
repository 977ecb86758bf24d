using System;
using System.Collections.Generic;
using System.Text.Json;
using static EntraGuard.Ingest.JsonTokens;

namespace EntraGuard.Ingest
{
    /// <summary>
    /// Builds <c>targetResources</c> and <c>additionalDetails</c> from the raw JSON the reader kept for them, or from
    /// a reader standing on them. The reader checks their shape while walking past them; building their objects waits
    /// until someone reads them, which for most events (those no rule looks at closely) is never. The bytes were
    /// validated as a whole record when read, so building cannot fail on syntax; elements that are not objects are
    /// passed over, and a value that is not an array holds none.
    /// </summary>
    internal static class NestedArrays
    {
        public static TargetResource[] Targets(ReadOnlyMemory<byte> json)
        {
            var reader = new Utf8JsonReader(json.Span);
            Read(ref reader);
            return Targets(ref reader, StringPool.OfThisThread);
        }

        /// <summary>The targets of the value at the reader, which is left on the value's last token.</summary>
        public static TargetResource[] Targets(ref Utf8JsonReader reader, StringPool pool)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                Skip(ref reader);
                return Array.Empty<TargetResource>();
            }
            var targets = Scratch<TargetResource>.Empty();
            while (true)
            {
                Read(ref reader);
                if (reader.TokenType == JsonTokenType.EndArray)
                    return Scratch<TargetResource>.Drain(targets);
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    Skip(ref reader);
                    continue;
                }
                string? id = null,
                    displayName = null,
                    type = null,
                    upn = null,
                    groupType = null;
                ModifiedProperty[]? modified = null;
                while (NextProperty(ref reader, out var field))
                {
                    switch (field)
                    {
                        case Field.Id:
                            id = ReadString(ref reader, pool);
                            break;
                        case Field.DisplayName:
                            displayName = ReadString(ref reader, pool);
                            break;
                        case Field.Type:
                            type = ReadString(ref reader, pool);
                            break;
                        case Field.UserPrincipalName:
                            upn = ReadString(ref reader, pool);
                            break;
                        case Field.GroupType:
                            groupType = ReadString(ref reader, pool);
                            break;
                        case Field.ModifiedProperties:
                            modified = ModifiedProperties(ref reader, pool);
                            break;
                        default:
                            Skip(ref reader);
                            break;
                    }
                }
                targets.Add(
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

        private static ModifiedProperty[]? ModifiedProperties(ref Utf8JsonReader reader, StringPool pool)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                Skip(ref reader);
                return null;
            }
            var list = Scratch<ModifiedProperty>.Empty();
            while (true)
            {
                Read(ref reader);
                if (reader.TokenType == JsonTokenType.EndArray)
                    return Scratch<ModifiedProperty>.Drain(list);
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    Skip(ref reader);
                    continue;
                }
                string? displayName = null,
                    oldValue = null,
                    newValue = null;
                while (NextProperty(ref reader, out var field))
                {
                    switch (field)
                    {
                        case Field.DisplayName:
                            displayName = ReadString(ref reader, pool);
                            break;
                        case Field.OldValue:
                            oldValue = ReadString(ref reader, pool);
                            break;
                        case Field.NewValue:
                            newValue = ReadString(ref reader, pool);
                            break;
                        default:
                            Skip(ref reader);
                            break;
                    }
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
            var reader = new Utf8JsonReader(json.Span);
            Read(ref reader);
            return Details(ref reader, StringPool.OfThisThread);
        }

        /// <summary>The details of the value at the reader, which is left on the value's last token.</summary>
        public static AdditionalDetail[] Details(ref Utf8JsonReader reader, StringPool pool)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                Skip(ref reader);
                return Array.Empty<AdditionalDetail>();
            }
            var details = Scratch<AdditionalDetail>.Empty();
            while (true)
            {
                Read(ref reader);
                if (reader.TokenType == JsonTokenType.EndArray)
                    return Scratch<AdditionalDetail>.Drain(details);
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    Skip(ref reader);
                    continue;
                }
                string? key = null,
                    value = null;
                while (NextProperty(ref reader, out var field))
                {
                    switch (field)
                    {
                        case Field.Key:
                            key = ReadString(ref reader, pool);
                            break;
                        case Field.Value:
                            value = ReadString(ref reader, pool);
                            break;
                        default:
                            Skip(ref reader);
                            break;
                    }
                }
                details.Add(new AdditionalDetail(key, value));
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

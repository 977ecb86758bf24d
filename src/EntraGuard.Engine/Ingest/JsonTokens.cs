using System;
using System.Globalization;
using System.Text.Json;

namespace EntraGuard.Ingest
{
    /// <summary>
    /// The token steps the streaming parser and the lazy nested-array builder share. Running out of data is never an
    /// error here: it throws <see cref="NeedMoreData"/>, which the parser answers by refilling and parsing the record
    /// again from its start.
    /// </summary>
    internal static class JsonTokens
    {
        /// <summary>Thrown when the buffer ends inside the unit being parsed; allocated once.</summary>
        public sealed class NeedMoreData : Exception { }

        private static readonly NeedMoreData NeedMore = new();

        public static void Read(ref Utf8JsonReader reader)
        {
            if (!reader.Read())
                throw NeedMore;
        }

        public static void Skip(ref Utf8JsonReader reader)
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                throw NeedMore;
        }

        /// <summary>Steps to the next property of the object being read and onto its value; false at the object's
        /// end.</summary>
        public static bool NextProperty(ref Utf8JsonReader reader, out Field field)
        {
            Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                field = Field.Unknown;
                return false;
            }
            field = FieldNames.Lookup(PropertyName(ref reader));
            Read(ref reader);
            return true;
        }

        public static ReadOnlySpan<byte> PropertyName(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
                throw new JsonException($"expected a property name, found {Describe(reader.TokenType)}");
            if (!reader.ValueIsEscaped && !reader.HasValueSequence)
                return reader.ValueSpan;
            return System.Text.Encoding.UTF8.GetBytes(GetStringOrNull(ref reader) ?? "");
        }

        /// <summary>A string value (through <paramref name="pool"/>); numbers and booleans are kept as their JSON text,
        /// objects and arrays skipped.</summary>
        public static string? ReadString(ref Utf8JsonReader reader, StringPool pool)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    if (reader.ValueIsEscaped || reader.HasValueSequence)
                        return GetStringOrNull(ref reader);
                    return pool.Get(reader.ValueSpan);
                case JsonTokenType.Number:
                case JsonTokenType.True:
                case JsonTokenType.False:
                    return pool.Get(reader.ValueSpan);
                case JsonTokenType.Null:
                    return null;
                default:
                    Skip(ref reader);
                    return null;
            }
        }

        /// <summary>
        /// The string at the reader, or null when its escapes do not make text (a lone surrogate): the parser checks
        /// each record's text once it has walked it and names the bad escape then, with its position.
        /// </summary>
        public static string? GetStringOrNull(ref Utf8JsonReader reader)
        {
            try
            {
                return reader.GetString();
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        /// <summary>
        /// Whether a record has a non-empty id once the id value at the reader is taken into account: the decoders
        /// take the last one that is not null, an object or an array.
        /// </summary>
        public static bool HasIdAfter(ref Utf8JsonReader reader, bool hadId) =>
            reader.TokenType switch
            {
                JsonTokenType.String => reader.ValueIsEscaped || reader.ValueSpan.Length > 0,
                JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => true,
                _ => hadId,
            };

        /// <summary>
        /// A date and time; null (with <paramref name="bad"/> saying what was there) when the value is not one, or
        /// is null.
        /// </summary>
        public static DateTimeOffset? ParseTime(ref Utf8JsonReader reader, out string? bad)
        {
            bad = null;
            if (reader.TokenType != JsonTokenType.String)
            {
                if (reader.TokenType != JsonTokenType.Null)
                    bad = Describe(reader.TokenType);
                Skip(ref reader);
                return null;
            }
            if (!reader.ValueIsEscaped && !reader.HasValueSequence && reader.TryGetDateTimeOffset(out var value))
            {
                // A timestamp without a zone is UTC in Entra's exports; the reader would have assumed local time.
                return HasZone(reader.ValueSpan)
                    ? value
                    : new DateTimeOffset(DateTime.SpecifyKind(value.DateTime, DateTimeKind.Unspecified), TimeSpan.Zero);
            }
            var text = GetStringOrNull(ref reader) ?? "";
            if (
                DateTimeOffset.TryParse(
                    text,
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces,
                    out value
                )
            )
                return value;
            bad = text;
            return null;
        }

        private static bool HasZone(ReadOnlySpan<byte> text)
        {
            if (text.Length == 0)
                return false;
            var last = text[text.Length - 1];
            if (last == (byte)'Z' || last == (byte)'z')
                return true;
            // An offset: '+' or '-' after the time of day (past "yyyy-MM-ddTHH:mm").
            for (var i = text.Length - 1; i > 16; i--)
            {
                if (text[i] == (byte)'+' || text[i] == (byte)'-')
                    return true;
            }
            return false;
        }

        public static string Describe(JsonTokenType token) =>
            token switch
            {
                JsonTokenType.StartObject => "an object",
                JsonTokenType.StartArray => "an array",
                JsonTokenType.String => "a string",
                JsonTokenType.Number => "a number",
                JsonTokenType.True or JsonTokenType.False => "a boolean",
                JsonTokenType.Null => "null",
                _ => token.ToString(),
            };
    }
}

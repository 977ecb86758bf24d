using System;
using System.Text;
using System.Text.Json;
using static EntraGuard.Ingest.CompactJson;

namespace EntraGuard.Ingest
{
    /// <summary>
    /// Steps through JSON the reader has already accepted (a record kept when it was read), for the decoders that
    /// build its fields on first use: <see cref="CompactJson"/>'s fast steps, and the JSON reader for the little they
    /// do not take (escaped text, nesting deeper than they go). On such data it never fails, and it decodes a value as
    /// <see cref="JsonTokens.ReadString"/> does.
    /// </summary>
    internal static class ValidatedJson
    {
        /// <summary>Past the value at <paramref name="i"/>.</summary>
        public static int Skip(ReadOnlySpan<byte> data, int i)
        {
            var end = SkipValue(data, i);
            return end != GiveUp ? end : i + ReaderLength(data.Slice(i));
        }

        private static int ReaderLength(ReadOnlySpan<byte> value)
        {
            var reader = new Utf8JsonReader(value);
            reader.Read();
            reader.Skip();
            return (int)reader.BytesConsumed;
        }

        /// <summary>
        /// From an object's opening brace (<paramref name="first"/>) or the end of one of its values: on the next
        /// property's value, with the field its name is; or, at the object's end, past its closing brace with
        /// <paramref name="ended"/> set.
        /// </summary>
        public static int NextProperty(ReadOnlySpan<byte> data, int i, bool first, out Field field, out bool ended)
        {
            var at = CompactJson.NextProperty(data, i, first, out var name, out ended);
            if (at != GiveUp)
            {
                field = ended ? Field.Unknown : FieldNames.Lookup(name);
                return at;
            }
            // The fast step gives up only on a name with an escape here.
            i = NextMember(data, i, first, (byte)'}', out ended);
            var end = SkipString(data, i, out _);
            field = FieldNames.Lookup(Encoding.UTF8.GetBytes(Unescaped(data.Slice(i, end - i)) ?? ""));
            return AfterColon(data, end);
        }

        /// <summary>
        /// The value at <paramref name="i"/> as text: a string (<paramref name="pooled"/> through
        /// <paramref name="pool"/> when it has no escape), a number or a boolean as written (pooled), null for
        /// anything else or for escapes that make no text.
        /// </summary>
        public static int Text(ReadOnlySpan<byte> data, int i, StringPool pool, bool pooled, out string? value)
        {
            switch (data[i])
            {
                case (byte)'"':
                    var end = SkipString(data, i, out var escaped);
                    var content = data.Slice(i + 1, end - i - 2);
                    value =
                        escaped ? Unescaped(data.Slice(i, end - i))
                        : pooled ? pool.Get(content)
                        : StringPool.Decode(content);
                    return end;
                case (byte)'{' or (byte)'[' or (byte)'n':
                    value = null;
                    return Skip(data, i);
                default:
                    var scalarEnd = Skip(data, i);
                    value = pool.Get(data.Slice(i, scalarEnd - i));
                    return scalarEnd;
            }
        }

        /// <summary>
        /// A quoted string with escapes, decoded as the reader decodes it: the two-character escapes (<c>\"</c>,
        /// <c>\\</c>, <c>\/</c>, <c>\b</c>, <c>\f</c>, <c>\n</c>, <c>\r</c>, <c>\t</c>) undone here, a string with a
        /// <c>\u</c> escape left to the reader; null when escapes make no text (a lone surrogate).
        /// </summary>
        private static string? Unescaped(ReadOnlySpan<byte> quoted)
        {
            // Credential descriptions and other JSON held as text are full of \" escapes: a reader for each such
            // value was 1.4 % of a scan's samples, this is 0.8 %.
            var content = quoted.Slice(1, quoted.Length - 2);
            Span<byte> text = content.Length <= 512 ? stackalloc byte[content.Length] : new byte[content.Length];
            var length = 0;
            for (int backslash; (backslash = content.IndexOf((byte)'\\')) >= 0; content = content.Slice(backslash + 2))
            {
                var escape = content[backslash + 1];
                if (escape == (byte)'u')
                    return ByReader(quoted); // surrogate pairs and lone halves are the reader's to judge
                content.Slice(0, backslash).CopyTo(text.Slice(length));
                length += backslash;
                text[length++] = escape switch
                {
                    (byte)'b' => (byte)'\b',
                    (byte)'f' => (byte)'\f',
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'t' => (byte)'\t',
                    _ => escape, // " \ /
                };
            }
            content.CopyTo(text.Slice(length));
            return StringPool.Decode(text.Slice(0, length + content.Length));
        }

        private static string? ByReader(ReadOnlySpan<byte> quoted)
        {
            var reader = new Utf8JsonReader(quoted);
            reader.Read();
            return JsonTokens.GetStringOrNull(ref reader);
        }
    }
}

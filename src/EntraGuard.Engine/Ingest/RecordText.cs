using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace EntraGuard.Ingest
{
    /// <summary>
    /// Checks that a record's well-formed JSON is also valid text: the JSON reader leaves string contents to whoever
    /// decodes them, and a decoder either throws there (a lone surrogate escape) or turns a bad byte into U+FFFD
    /// silently (an activity name that then matches no rule). Checked once when the record is read, so decoding later
    /// cannot fail and nothing is altered.
    /// </summary>
    internal static class RecordText
    {
        private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

        /// <summary>
        /// The index (from <paramref name="start"/>) of the first invalid UTF-8 byte or unpaired surrogate escape in a
        /// span of well-formed JSON, with what is wrong there; -1 when the text is valid.
        /// </summary>
        public static int FindInvalid(byte[] buffer, int start, int length, out string problem)
        {
            problem = "";
            var json = new ReadOnlySpan<byte>(buffer, start, length);
            var plain = PlainPrefix(json);
            if (plain == length)
                return -1;
            try
            {
                // The runtime's validator from the first block that needs it: a few bytes, or none, past the prefix.
                StrictUtf8.GetCharCount(buffer, start + plain, length - plain);
            }
            catch (DecoderFallbackException ex)
            {
                var at = plain + (ex.Index < 0 ? 0 : ex.Index);
                var bytes = ex.BytesUnknown ?? Array.Empty<byte>();
                problem = $"the text is not valid UTF-8 (byte{(bytes.Length == 1 ? "" : "s")} {Hex(bytes)})";
                return at;
            }
            return FindLoneSurrogateEscape(json, plain, out problem);
        }

        /// <summary>
        /// How many bytes from the start are ASCII without a "\u", in blocks of a vector: text nothing else needs to
        /// look at. One pass that tests both at once, where checking the encoding and then searching for escapes walked
        /// every record twice, with a call's fixed cost each (which weighs on small records such as sign-ins).
        /// </summary>
        private static int PlainPrefix(ReadOnlySpan<byte> json)
        {
            var width = Vector<byte>.Count;
            if (!Vector.IsHardwareAccelerated || json.Length <= width)
                return 0;
            // Each block is tested with the bytes one further on, so a "\u" across two blocks is found in the first;
            // the last block overlaps the one before it rather than leaving a tail.
            ref var first = ref MemoryMarshal.GetReference(json);
            var last = json.Length - width - 1;
            var i = 0;
            for (; i < last; i += width)
            {
                if (!IsPlainBlock(ref Unsafe.Add(ref first, i)))
                    return i;
            }
            return IsPlainBlock(ref Unsafe.Add(ref first, last)) ? json.Length : i;
        }

        /// <summary>Whether the vector of bytes at <paramref name="at"/> (which has one more byte after it) holds
        /// ASCII only and starts no "\u".</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool IsPlainBlock(ref byte at)
        {
            var block = Unsafe.ReadUnaligned<Vector<byte>>(ref at);
            // Most blocks hold no backslash: ASCII is then all there is to know (one read and two tests). The byte
            // after the span's last block, its last byte, ends a JSON value (a brace, bracket, quote, digit or letter
            // of a literal): ASCII.
            var backslashes = Vector.Equals(block, Backslash);
            if (Vector.EqualsAll(backslashes, Vector<byte>.Zero))
                return Vector.EqualsAll(Vector.GreaterThan(block, HighestAscii), Vector<byte>.Zero);
            var next = Unsafe.ReadUnaligned<Vector<byte>>(ref Unsafe.Add(ref at, 1));
            var escape = Vector.BitwiseAnd(backslashes, Vector.Equals(next, LetterU));
            // Byte vectors compare unsigned: above 0x7F is not ASCII (both vectors tested, to reach the last byte).
            var notAscii = Vector.GreaterThan(Vector.BitwiseOr(block, next), HighestAscii);
            return Vector.EqualsAll(Vector.BitwiseOr(escape, notAscii), Vector<byte>.Zero);
        }

        private static readonly Vector<byte> Backslash = new((byte)'\\');
        private static readonly Vector<byte> LetterU = new((byte)'u');
        private static readonly Vector<byte> HighestAscii = new(0x7F);

        // In well-formed JSON a backslash only ever stands in a string, where a run of them is escaped backslashes
        // and, when the run is odd, an escape after them: a "\u" is a \u escape exactly when the run of backslashes
        // ending at its backslash is odd. Looking for "\u" alone passes records whose escapes are all \" or \\ (the
        // common case: JSON in modified properties) in one vectorized search.
        private static readonly byte[] UnicodeEscape = { (byte)'\\', (byte)'u' };

        private static int FindLoneSurrogateEscape(ReadOnlySpan<byte> json, int from, out string problem)
        {
            problem = "";
            var i = from;
            while (true)
            {
                var next = json.Slice(i).IndexOf(UnicodeEscape);
                if (next < 0)
                    return -1;
                i += next;
                var run = 1;
                while (i - run >= 0 && json[i - run] == (byte)'\\')
                    run++;
                if (run % 2 == 0)
                {
                    i += 2; // an escaped backslash, then the letter u
                    continue;
                }
                var unit = HexValue(json.Slice(i + 2, 4));
                if (unit >= 0xD800 && unit <= 0xDBFF)
                {
                    var pairs = i + 12 <= json.Length && json[i + 6] == (byte)'\\' && json[i + 7] == (byte)'u';
                    var low = pairs ? HexValue(json.Slice(i + 8, 4)) : -1;
                    if (low >= 0xDC00 && low <= 0xDFFF)
                    {
                        i += 12;
                        continue;
                    }
                }
                else if (unit < 0xDC00 || unit > 0xDFFF)
                {
                    i += 6;
                    continue;
                }
                problem = $"the escape \\u{unit:X4} is half of a surrogate pair without its other half (not text)";
                return i;
            }
        }

        private static int HexValue(ReadOnlySpan<byte> digits)
        {
            var value = 0;
            foreach (var d in digits)
            {
                var digit = d <= '9' ? d - '0' : (d | 0x20) - 'a' + 10;
                value = (value << 4) | digit;
            }
            return value;
        }

        private static string Hex(byte[] bytes)
        {
            var text = new StringBuilder();
            foreach (var b in bytes)
            {
                text.Append(text.Length == 0 ? "0x" : " 0x")
                    .Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            return text.ToString();
        }
    }
}

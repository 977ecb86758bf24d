using System.Globalization;
using System.Text;

namespace EntraGuard
{
    /// <summary>
    /// Puts text that came from input (a file, a server's answer, a file name) into a message safely: control and
    /// line-breaking characters escaped, so one message stays one line and cannot forge another or drive a terminal,
    /// and long text cut, so one bad value cannot flood a log.
    /// </summary>
    public static class InputText
    {
        /// <summary>How much of a value a message quotes.</summary>
        public const int QuotedLength = 120;

        /// <summary>How much of a longer text (a server's message) a message carries.</summary>
        public const int MessageLength = 400;

        /// <summary>A value from input as <c>'value'</c>: escaped (quotes and backslashes too) and cut.</summary>
        public static string Quote(string? text, int maxLength = QuotedLength) =>
            "'" + Escape(text, maxLength, quoted: true) + "'";

        /// <summary>
        /// Text that may hold input, kept as written but for control and line-breaking characters (escaped) and its
        /// length (cut to <paramref name="maxLength"/>). Backslashes stay as they are: Windows paths hold them.
        /// </summary>
        public static string OneLine(string? text, int maxLength = int.MaxValue) =>
            Escape(text, maxLength, quoted: false);

        private static string Escape(string? text, int maxLength, bool quoted)
        {
            if (string.IsNullOrEmpty(text))
                return "";
            var value = text!;
            var cut = value.Length > maxLength ? maxLength : value.Length;
            if (cut < value.Length && char.IsHighSurrogate(value[cut - 1]))
                cut--;
            if (cut == value.Length && !NeedsEscaping(value, quoted))
                return value;

            var result = new StringBuilder(cut + 16);
            for (var i = 0; i < cut; i++)
            {
                var c = value[i];
                switch (c)
                {
                    case '\n':
                        result.Append("\\n");
                        break;
                    case '\r':
                        result.Append("\\r");
                        break;
                    case '\t':
                        result.Append("\\t");
                        break;
                    case '\\' when quoted:
                        result.Append("\\\\");
                        break;
                    case '\'' when quoted:
                        result.Append("\\'");
                        break;
                    default:
                        if (!IsUnsafe(value, i))
                            result.Append(c);
                        else
                            result.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        break;
                }
            }
            if (cut < value.Length)
            {
                var length = value.Length.ToString("N0", CultureInfo.InvariantCulture);
                result.Append("… (").Append(length).Append(" characters)");
            }
            return result.ToString();
        }

        private static bool NeedsEscaping(string text, bool quoted)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (IsUnsafe(text, i) || (quoted && text[i] is '\\' or '\''))
                    return true;
            }
            return false;
        }

        // Control characters (C0, DEL, C1), line and paragraph separators, bidirectional overrides that reorder what a
        // terminal shows, and halves of surrogate pairs that have no other half.
        private static bool IsUnsafe(string text, int i)
        {
            var c = text[i];
            if (c < ' ' || (c >= '\u007F' && c <= '\u009F'))
                return true;
            if (c is '\u2028' or '\u2029')
                return true;
            if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069'))
                return true;
            if (char.IsHighSurrogate(c))
                return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
            if (char.IsLowSurrogate(c))
                return i == 0 || !char.IsHighSurrogate(text[i - 1]);
            return false;
        }
    }
}

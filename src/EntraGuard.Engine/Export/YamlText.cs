using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace EntraGuard.Export
{
    /// <summary>
    /// A small YAML writer for the exported rules: the platforms read block style (literal <c>|</c> blocks for
    /// queries), which a general serializer does not produce on demand. Every scalar is double-quoted unless it is a
    /// plain word, so nothing is read back as another type.
    /// </summary>
    internal sealed class YamlText
    {
        private readonly StringBuilder _text = new();

        public YamlText Comment(string comment)
        {
            foreach (var line in comment.Split('\n'))
                _text.Append("# ").Append(line).Append('\n');
            return this;
        }

        public YamlText Scalar(int indent, string key, string value)
        {
            Pad(indent).Append(key).Append(": ").Append(Quote(value)).Append('\n');
            return this;
        }

        /// <summary>A value written as is (a boolean or number the reader must see as such).</summary>
        public YamlText Raw(int indent, string key, string value)
        {
            Pad(indent).Append(key).Append(": ").Append(value).Append('\n');
            return this;
        }

        public YamlText Number(int indent, string key, int value)
        {
            Pad(indent).Append(key).Append(": ").Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            return this;
        }

        /// <summary>A literal block (<c>|</c>): the text as is, each line indented.</summary>
        public YamlText Block(int indent, string key, string value)
        {
            Pad(indent).Append(key).Append(": |\n");
            foreach (var line in value.TrimEnd('\n').Split('\n'))
            {
                if (line.Length > 0)
                    Pad(indent + 2).Append(line);
                _text.Append('\n');
            }
            return this;
        }

        public YamlText Key(int indent, string key)
        {
            Pad(indent).Append(key).Append(":\n");
            return this;
        }

        public YamlText List(int indent, string key, IEnumerable<string> values)
        {
            Key(indent, key);
            foreach (var value in values)
                Item(indent + 2, value);
            return this;
        }

        public YamlText Item(int indent, string value)
        {
            Pad(indent).Append("- ").Append(Quote(value)).Append('\n');
            return this;
        }

        /// <summary>Starts a list item that is a mapping: <c>- key: value</c>.</summary>
        public YamlText ItemScalar(int indent, string key, string value)
        {
            Pad(indent).Append("- ").Append(key).Append(": ").Append(Quote(value)).Append('\n');
            return this;
        }

        public override string ToString() => _text.ToString();

        private StringBuilder Pad(int indent) => _text.Append(' ', indent);

        /// <summary>Plain for simple words and identifiers; otherwise a double-quoted, JSON-style escaped
        /// string.</summary>
        public static string Quote(string value)
        {
            // YAML's double-quoted style takes the same escapes as a Kusto string literal.
            return IsPlain(value) ? value : KqlText.String(value);
        }

        private static readonly System.Text.RegularExpressions.Regex PlainText = new(
            @"^(?:[A-Za-z][A-Za-z0-9_.\-]*(?: [A-Za-z0-9_.\-()']+)*|\d+[smhd]|\d+\.\d+\.\d+)$",
            System.Text.RegularExpressions.RegexOptions.CultureInvariant
        );

        // Words, simple phrases, durations (1h) and versions (1.0.0) read back as strings without quotes.
        private static bool IsPlain(string value)
        {
            if (!PlainText.IsMatch(value))
                return false;
            var lower = value.ToLowerInvariant();
            return lower is not ("true" or "false" or "yes" or "no" or "on" or "off" or "null" or "y" or "n");
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace EntraGuard.Tests
{
    /// <summary>
    /// The hand-kept CSV tables of docs/ (peer detections, peer posture controls), read by their header row.
    /// </summary>
    internal static class CsvTable
    {
        /// <summary>
        /// Each row after the header as column name → field; a row with more or fewer fields than the header (an
        /// unquoted comma) is an error naming its line, so a typo cannot shift a reason into the wrong column.
        /// </summary>
        public static List<Dictionary<string, string>> Read(string path)
        {
            var lines = File.ReadAllLines(path);
            var header = Fields(lines[0]);
            var rows = new List<Dictionary<string, string>>();
            for (var i = 1; i < lines.Length; i++)
            {
                if (lines[i].Length == 0)
                    continue;
                var fields = Fields(lines[i]);
                if (fields.Length != header.Length)
                {
                    var name = Path.GetFileName(path);
                    throw new InvalidDataException(
                        $"{name} line {i + 1}: {fields.Length} fields where the header has {header.Length}"
                    );
                }
                rows.Add(
                    header.Zip(fields, (column, field) => (column, field)).ToDictionary(p => p.column, p => p.field)
                );
            }
            return rows;
        }

        /// <summary>One CSV line's fields (RFC 4180 quoting; the tables have no line breaks inside fields).</summary>
        private static string[] Fields(string line)
        {
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    field.Append(line[++i]);
                else if (c == '"')
                    quoted = !quoted;
                else if (c == ',' && !quoted)
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else
                    field.Append(c);
            }
            fields.Add(field.ToString());
            return fields.ToArray();
        }
    }
}

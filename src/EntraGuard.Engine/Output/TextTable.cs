using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace EntraGuard.Output
{
    /// <summary>Rows as an aligned text table, as the command line prints findings, rules and the journal.</summary>
    public static class TextTable
    {
        /// <summary>Columns padded to their widest cell, a rule under the header, the last column unpadded.</summary>
        public static void Write(string[] header, IReadOnlyList<string[]> rows, TextWriter output)
        {
            var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
            void Line(string[] cells) =>
                output.WriteLine(
                    string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i])))
                        .TrimEnd()
                );
            Line(header);
            Line(widths.Select(w => new string('-', w)).ToArray());
            foreach (var row in rows)
                Line(row);
        }
    }
}

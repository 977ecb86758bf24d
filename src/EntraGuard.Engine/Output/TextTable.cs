using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace EntraGuard.Output
{
    /// <summary>Rows as an aligned text table, as the command line prints findings, rules and the journal.</summary>
    public static class TextTable
    {
        private const string Gap = "  ";
        private const char Ellipsis = '…';

        // A column is not shortened below its header or this many characters, whichever is more; a column whose
        // cells (two or more) are all as long (times, ids) holds fixed-format values, which are never cut.
        private const int NarrowestColumn = 6;

        /// <summary>
        /// Columns padded to their widest cell, a rule under the header, the last column unpadded. With a
        /// <paramref name="width"/> (a terminal's), the widest columns are shortened first, their cells cut with an
        /// ellipsis, until a line fits; a table that cannot fit even so keeps its narrowest form. The full values
        /// are in the JSON and CSV output.
        /// </summary>
        public static void Write(string[] header, IReadOnlyList<string[]> rows, TextWriter output, int? width = null)
        {
            var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
            if (width is { } limit)
                Fit(widths, header, rows, limit);
            void Line(string[] cells) =>
                output.WriteLine(
                    string.Join(
                            Gap,
                            cells.Select(
                                (c, i) =>
                                {
                                    var cell = Cut(c, widths[i]);
                                    return i == cells.Length - 1 ? cell : cell.PadRight(widths[i]);
                                }
                            )
                        )
                        .TrimEnd()
                );
            Line(header);
            Line(widths.Select(w => new string('-', w)).ToArray());
            foreach (var row in rows)
                Line(row);
        }

        /// <summary>Narrows the widest column by one until the line fits or no column can narrow.</summary>
        private static void Fit(int[] widths, string[] header, IReadOnlyList<string[]> rows, int limit)
        {
            var floor = header
                .Select(
                    (h, i) =>
                        rows.Count > 1 && rows.Select(r => r[i].Length).Distinct().Count() == 1
                            ? widths[i]
                            : Math.Max(h.Length, NarrowestColumn)
                )
                .ToArray();
            var excess = widths.Sum() + Gap.Length * (widths.Length - 1) - limit;
            while (excess > 0)
            {
                var widest = -1;
                for (var i = 0; i < widths.Length; i++)
                {
                    if (widths[i] > floor[i] && (widest < 0 || widths[i] > widths[widest]))
                        widest = i;
                }
                if (widest < 0)
                    return;
                widths[widest]--;
                excess--;
            }
        }

        private static string Cut(string cell, int width) =>
            cell.Length <= width ? cell : cell.Substring(0, width - 1) + Ellipsis;
    }
}

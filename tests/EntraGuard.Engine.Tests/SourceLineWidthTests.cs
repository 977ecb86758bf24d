using System;
using System.IO;
using System.Linq;

namespace EntraGuard.Tests
{
    /// <summary>
    /// Every C# line of the repository fits in 120 columns (the width in .editorconfig). The formatter lays out code to
    /// it; comments and string literals it cannot break, so this test holds them. Lines inside a multi-line raw string
    /// literal are data (a JSON record, a YAML rule) and stay as written.
    /// </summary>
    public sealed class SourceLineWidthTests
    {
        private const int Width = 120;

        [Fact]
        public void No_line_of_code_or_comment_runs_past_120_columns()
        {
            var tooLong = new[] { "src", "tests", "bench", "tools" }
                .SelectMany(folder =>
                    Directory.EnumerateFiles(
                        Path.Combine(TestFiles.RepositoryRoot, folder),
                        "*.cs",
                        SearchOption.AllDirectories
                    )
                )
                .Where(file => !IsBuildOutput(file))
                .SelectMany(file => LongLines(file).Select(line => $"{Relative(file)}:{line}"))
                .ToList();

            Assert.True(tooLong.Count == 0, "Lines over 120 columns:\n" + string.Join("\n", tooLong.Take(30)));
        }

        [Fact]
        public void Lines_of_a_raw_string_literal_are_data_and_exempt_but_the_code_around_them_is_not()
        {
            var path = Path.Combine(Path.GetTempPath(), $"width-{Guid.NewGuid():N}.cs");
            var longData = new string('x', Width + 1);
            var longCode = "var y = 1; // " + new string('y', Width);
            File.WriteAllText(path, $"var x = \"\"\"\n{longData}\n\"\"\";\n{longCode}\n");
            try
            {
                Assert.Equal(new[] { 4 }, LongLines(path));
            }
            finally
            {
                File.Delete(path);
            }
        }

        private static int[] LongLines(string file)
        {
            var lines = File.ReadAllLines(file);
            var result = new System.Collections.Generic.List<int>();
            var insideRaw = false;
            for (var i = 0; i < lines.Length; i++)
            {
                var quotes = CountRawQuotes(lines[i]);
                var data = insideRaw || quotes > 0;
                if (quotes % 2 == 1)
                    insideRaw = !insideRaw;
                if (
                    lines[i].Length > Width
                    && !(data && !lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                )
                    result.Add(i + 1);
            }
            return result.ToArray();
        }

        private static int CountRawQuotes(string line)
        {
            var count = 0;
            for (var at = line.IndexOf("\"\"\"", StringComparison.Ordinal); at >= 0; )
            {
                count++;
                at = line.IndexOf("\"\"\"", at + 3, StringComparison.Ordinal);
            }
            return count;
        }

        private static bool IsBuildOutput(string file) =>
            file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            || file.Contains(
                $"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}",
                StringComparison.Ordinal
            );

        private static string Relative(string file) => Path.GetRelativePath(TestFiles.RepositoryRoot, file);
    }
}

using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using EntraGuard.Detection;

namespace EntraGuard.Tests.Detection
{
    /// <summary>docs/coverage.md maps peer rules to ours: the mapping must name only rules that exist, and every rule
    /// added for parity (EG0014 on) must appear in it.</summary>
    public class CoverageDocTests
    {
        [Fact]
        public void Coverage_names_only_catalog_rules_and_every_parity_rule()
        {
            var text = File.ReadAllText(Path.Combine(TestFiles.RepositoryRoot, "docs", "coverage.md"));
            var named = Regex.Matches(text, @"\bEG(\d{4}|[BT]\d{3})\b").Select(m => m.Value).ToHashSet();
            var optional = Path.Combine(TestFiles.RepositoryRoot, "rules", "optional");
            var catalog = RuleCatalog.Load(new[] { optional }).Rules.Select(r => r.Id).ToHashSet();
            var unknown = named.Except(catalog).ToList();
            Assert.True(
                unknown.Count == 0,
                "docs/coverage.md names rules the catalog lacks: " + string.Join(", ", unknown)
            );
            var unmapped = catalog
                .Where(id => string.CompareOrdinal(id, "EG0014") >= 0 && !named.Contains(id))
                .ToList();
            Assert.True(unmapped.Count == 0, "not in docs/coverage.md: " + string.Join(", ", unmapped));
        }

        private const string Verdict = "(COVERED|PARTIAL|MISSING|OUT OF SCOPE)";

        [Fact]
        public void The_summary_tables_count_the_rows()
        {
            var text = File.ReadAllText(Path.Combine(TestFiles.RepositoryRoot, "docs", "coverage.md"));
            var rows = Regex
                .Matches(text, $@"^\| (\w+) \| .+? \| {Verdict} \| {Verdict} \|", RegexOptions.Multiline)
                .Select(m => (Peer: m.Groups[1].Value, Was: m.Groups[2].Value, Now: m.Groups[3].Value))
                .ToList();
            string Counts(System.Collections.Generic.IEnumerable<string> verdicts)
            {
                var list = verdicts.ToList();
                return string.Join(
                    " | ",
                    new[] { "COVERED", "PARTIAL", "MISSING", "OUT OF SCOPE" }.Select(v => list.Count(x => x == v))
                );
            }

            Assert.Equal(168, rows.Count);
            Assert.Contains($"| before | {Counts(rows.Select(r => r.Was))} |", text);
            Assert.Contains($"| now | {Counts(rows.Select(r => r.Now))} |", text);
            foreach (var peer in rows.Select(r => r.Peer).Distinct())
                Assert.Contains($"| {peer} | {Counts(rows.Where(r => r.Peer == peer).Select(r => r.Now))} |", text);
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using EntraGuard.Detection;

namespace EntraGuard.Tests.Detection
{
    /// <summary>
    /// docs/coverage.md below its marker is rendered from the peer table (docs/peer-detections.csv) and the rules'
    /// <c>peers</c> fields, so its verdicts and counts are the catalog's own; a peer name no row holds, a row nobody
    /// covers without a reason, or a stale page fails here.
    /// </summary>
    public class CoverageDocTests
    {
        private static readonly string PagePath = Path.Combine(TestFiles.RepositoryRoot, "docs", "coverage.md");
        private static readonly string TablePath = Path.Combine(
            TestFiles.RepositoryRoot,
            "docs",
            "peer-detections.csv"
        );

        private const string Marker =
            "<!-- generated from docs/peer-detections.csv and the rules' peers: edit above only -->\n";
        private static readonly string[] Verdicts = { "COVERED", "PARTIAL", "MISSING", "OUT OF SCOPE" };

        private sealed record PeerRow(string Peer, string Name, string Was, string NotCoveredBecause);

        private static IReadOnlyList<Rule> Catalog() =>
            RuleCatalog.Load(new[] { Path.Combine(TestFiles.RepositoryRoot, "rules", "optional") }).Rules;

        private static List<PeerRow> PeerTable() =>
            CsvTable
                .Read(TablePath)
                .Select(f => new PeerRow(f["peer"], f["rule"], f["verdict"], f["not_covered_because"]))
                .ToList();

        /// <summary>A row's verdict now and the rules and notes behind it.</summary>
        private static (string Verdict, List<Rule> Rules, string Note) Judge(PeerRow row, IReadOnlyList<Rule> catalog)
        {
            var claims = catalog
                .SelectMany(rule =>
                    rule.Peers.Where(p => p.Peer == row.Peer && p.Name == row.Name).Select(p => (rule, p))
                )
                .OrderBy(c => c.rule.Id, StringComparer.Ordinal)
                .ToList();
            if (claims.Count == 0)
            {
                var outOfScope = row.NotCoveredBecause.StartsWith("out of scope: ", StringComparison.Ordinal);
                var reason = outOfScope
                    ? row.NotCoveredBecause.Substring("out of scope: ".Length)
                    : row.NotCoveredBecause;
                return (outOfScope ? "OUT OF SCOPE" : "MISSING", new List<Rule>(), reason);
            }
            var verdict = claims.Any(c => c.p.PartialBecause is null) ? "COVERED" : "PARTIAL";
            var notes = claims
                .Select(c => verdict == "PARTIAL" ? c.p.PartialBecause : c.p.Note)
                .Where(n => !string.IsNullOrEmpty(n))
                .Distinct();
            return (verdict, claims.Select(c => c.rule).ToList(), string.Join("; ", notes));
        }

        internal static string Render()
        {
            var catalog = Catalog();
            var rows = PeerTable().Select(row => (Row: row, Now: Judge(row, catalog))).ToList();
            string Counts(IEnumerable<string> verdicts)
            {
                var list = verdicts.ToList();
                return string.Join(" | ", Verdicts.Select(v => list.Count(x => x == v)));
            }
            var inScope = rows.Count(r => r.Now.Verdict != "OUT OF SCOPE");
            var covered = rows.Count(r => r.Now.Verdict == "COVERED");
            var text = new StringBuilder();
            text.Append("\n| | covered | partial | missing | out of scope |\n|---|---|---|---|---|\n");
            text.Append($"| before | {Counts(rows.Select(r => r.Row.Was))} |\n");
            text.Append($"| now | {Counts(rows.Select(r => r.Now.Verdict))} |\n");
            text.Append(
                $"\nCovered: {covered} of {inScope} in-scope peer rules ({covered * 1000 / inScope / 10.0:0.0} %).\n"
            );
            text.Append("\n| peer | covered | partial | missing | out of scope |\n|---|---|---|---|---|\n");
            foreach (var peer in rows.Select(r => r.Row.Peer).Distinct())
                text.Append($"| {peer} | {Counts(rows.Where(r => r.Row.Peer == peer).Select(r => r.Now.Verdict))} |\n");
            text.Append("\n## Rules\n\n| peer | rule | was | now | EntraGuard | note |\n|---|---|---|---|---|---|\n");
            foreach (var (row, now) in rows)
            {
                var ours = string.Join(", ", now.Rules.Select(r => r.Id));
                text.Append($"| {row.Peer} | {row.Name} | {row.Was} | {now.Verdict} | {ours} | {now.Note} |\n");
            }
            return text.ToString();
        }

        [Fact]
        public void Every_peer_a_rule_names_is_a_row_of_the_peer_table()
        {
            var rows = PeerTable().Select(r => (r.Peer, r.Name)).ToHashSet();
            var broken = Catalog()
                .SelectMany(rule =>
                    rule.Peers.Where(p => !rows.Contains((p.Peer, p.Name))).Select(p => $"{rule.Id}: {p.Peer}/{p.Name}")
                )
                .ToList();
            Assert.True(broken.Count == 0, "peers not in docs/peer-detections.csv: " + string.Join("; ", broken));
        }

        [Fact]
        public void Every_parity_and_opt_in_rule_names_its_peers_and_every_uncovered_row_says_why()
        {
            var unmapped = Catalog()
                .Where(r =>
                    (string.CompareOrdinal(r.Id, "EG0014") >= 0 || !r.Id.StartsWith("EG0", StringComparison.Ordinal))
                    && r.Peers.Count == 0
                )
                .Select(r => r.Id)
                .ToList();
            Assert.True(unmapped.Count == 0, "rules without peers: " + string.Join(", ", unmapped));
            var catalog = Catalog();
            var silent = PeerTable()
                .Where(row => !catalog.Any(rule => rule.Peers.Any(p => p.Peer == row.Peer && p.Name == row.Name)))
                .Where(row => row.NotCoveredBecause.Length == 0)
                .Select(row => row.Name)
                .ToList();
            Assert.True(silent.Count == 0, "uncovered rows without not_covered_because: " + string.Join(", ", silent));
        }

        [Fact]
        public void The_coverage_page_is_rendered_from_the_rules()
        {
            GeneratedPage.AssertCurrent(PagePath, Marker, Render(), "the rules' peers");
        }

        [Fact]
        public void A_peer_entry_must_name_a_known_peer()
        {
            var yaml = File.ReadAllText(
                    Path.Combine(TestFiles.RepositoryRoot, "src", "EntraGuard.Engine", "Rules", "EG0073.yaml")
                )
                .Replace("rule: 'sigma/azure_user_password_change'", "rule: 'splunk/password_change'");
            var error = Assert.Throws<RuleFormatException>(() => RuleCatalog.Parse(yaml, "EG0073.yaml"));
            Assert.Contains("'splunk/password_change' is not peer/name", error.Message);
        }
    }
}

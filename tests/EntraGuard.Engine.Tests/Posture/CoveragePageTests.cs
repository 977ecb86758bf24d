using System;
using System.IO;
using System.Linq;
using System.Text;
using EntraGuard.Posture;

namespace EntraGuard.Tests.Posture
{
    /// <summary>
    /// docs/posture-coverage.md below its marker is rendered from the catalog's framework ids, so the counts it gives
    /// are the catalog's own and cannot drift from it.
    /// </summary>
    public sealed class CoveragePageTests
    {
        private static readonly string PagePath = Path.Combine(TestFiles.RepositoryRoot, "docs", "posture-coverage.md");

        private const string Marker = "<!-- generated from the check catalog: edit above this line only -->\n";

        /// <summary>Each framework family: how its ids start, its name, how many controls the peer states.</summary>
        private static readonly (string Prefix, string Name, int Total)[] Families =
        {
            ("MS.AAD.", "CISA SCuBA MS.AAD policies (ScubaGear)", 34),
            ("MT.", "Maester's own Entra tests (MT.*)", 70),
            ("EIDSCA.", "EIDSCA tests (in Maester)", 44),
            ("CIS.M365.", "CIS Microsoft 365, Entra part (in Maester)", 12),
        };

        internal static string Render()
        {
            var text = new StringBuilder();
            text.Append("\n| framework | controls | satisfied in full | share |\n|---|---|---|---|\n");
            foreach (var (prefix, name, total) in Families)
            {
                var covered = Ids(prefix).Length;
                text.Append($"| {name} | {total} | {covered} | {covered * 100 / total} % |\n");
            }
            text.Append("\n## By control\n\n| control | checks |\n|---|---|\n");
            foreach (var (prefix, _, _) in Families)
            {
                foreach (var id in Ids(prefix))
                {
                    var checks = PostureCatalog.All.Where(c => c.Frameworks.Contains(id)).Select(c => c.Id);
                    text.Append($"| {id} | {string.Join(", ", checks)} |\n");
                }
            }
            text.Append("\n## By check\n\n| check | title | licence | controls |\n|---|---|---|---|\n");
            foreach (var check in PostureCatalog.All)
            {
                var controls = check.Frameworks.Count == 0 ? "none" : string.Join(", ", check.Frameworks);
                text.Append($"| {check.Id} | {check.Title} | {check.Licence} | {controls} |\n");
            }
            return text.ToString();
        }

        private static string[] Ids(string prefix) =>
            PostureCatalog
                .All.SelectMany(c => c.Frameworks)
                .Where(id => id.StartsWith(prefix, StringComparison.Ordinal))
                .Distinct()
                .OrderBy(id => id, StringComparer.Ordinal)
                .ToArray();

        [Fact]
        public void The_coverage_page_is_rendered_from_the_catalog()
        {
            GeneratedPage.AssertCurrent(PagePath, Marker, Render(), "the catalog");
        }
    }
}

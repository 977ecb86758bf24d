using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using EntraGuard.Posture;

namespace EntraGuard.Tests.Posture
{
    /// <summary>
    /// docs/posture/ holds one page per check and an index, rendered from the check's metadata (title, severity,
    /// licence, the Graph requests and permissions it needs, why, how to fix, framework ids, Pester tags): a page
    /// that differs, is missing, or names no check fails the test.
    /// </summary>
    public sealed class CheckPageTests
    {
        private static readonly string Folder = Path.Combine(TestFiles.RepositoryRoot, "docs", "posture");

        /// <summary>Set to 1 to write the pages instead of failing on a difference.</summary>
        private const string WritePages = "ENTRAGUARD_WRITE_DOCS";

        private const string IndexName = "README.md";

        internal static string RenderPage(PostureCheck check)
        {
            var text = new StringBuilder();
            text.Append($"# {check.Id}: {check.Title}\n\n");
            text.Append("<!-- generated from the check catalog (CheckPageTests): do not edit -->\n\n");
            text.Append("| | |\n|---|---|\n");
            text.Append($"| Severity | {check.Severity} (a `posture.severityOverrides` entry can change it) |\n");
            text.Append($"| Category | {check.Category} |\n");
            var licence =
                check.Licence == PostureLicence.None
                    ? "none: applies to every tenant"
                    : $"{PostureEvaluator.LicenceName(check.Licence)}; without it the check is NotApplicable";
            text.Append($"| Licence | {licence} |\n");
            var frameworks = check.Frameworks.Count == 0 ? "none" : string.Join(", ", check.Frameworks);
            text.Append($"| Frameworks satisfied in full | {frameworks} |\n");
            text.Append($"| Pester tags | {string.Join(", ", check.Tags.Select(t => $"`{t}`"))} |\n");
            text.Append($"\n## Why it matters\n\n{check.Rationale}\n");
            text.Append("\n## What it reads\n\n| request | permission | note |\n|---|---|---|\n");
            foreach (var source in check.Sources)
                text.Append($"| `{source}` | {source.Permission} | {source.Note ?? ""} |\n");
            text.Append(
                $"\nLeast-privileged permissions: {string.Join(", ", check.Permissions)}. A request that fails "
                    + "makes the check Skipped, with the reason; it never passes on what it could not read.\n"
            );
            text.Append($"\n## How to fix\n\n{check.Remediation}\n");
            text.Append("\n## Run it alone\n\n");
            text.Append($"    entraguard posture --check {check.Id}\n");
            text.Append($"    Test-EntraGuardPosture -CheckId {check.Id}\n");
            text.Append($"    ./tests/checks/Invoke-EntraGuardChecks.ps1 -Tag {check.Id}\n");
            text.Append("\nAll checks: [the index](README.md).\n");
            return text.ToString();
        }

        internal static string RenderIndex()
        {
            var text = new StringBuilder();
            text.Append("# Posture checks\n\n");
            text.Append("<!-- generated from the check catalog (CheckPageTests): do not edit -->\n\n");
            text.Append(
                "One page per check: what it reads, why it matters, how to fix it, the framework ids it satisfies "
                    + "and its Pester tags. How the checks run and are configured: "
                    + "[about_EntraGuard_Posture](../about_EntraGuard_Posture.md); which framework controls they "
                    + "cover: [posture-coverage](../posture-coverage.md).\n\n"
            );
            text.Append("| check | title | severity | licence | frameworks |\n|---|---|---|---|---|\n");
            foreach (var check in PostureCatalog.All)
            {
                var frameworks = check.Frameworks.Count == 0 ? "" : string.Join(", ", check.Frameworks);
                text.Append(
                    $"| [{check.Id}]({check.Id}.md) | {check.Title} | {check.Severity} | {check.Licence} | "
                        + $"{frameworks} |\n"
                );
            }
            return text.ToString();
        }

        private static Dictionary<string, string> Rendered()
        {
            var pages = PostureCatalog.All.ToDictionary(c => c.Id + ".md", RenderPage, StringComparer.Ordinal);
            pages[IndexName] = RenderIndex();
            return pages;
        }

        [Fact]
        public void Every_check_has_its_page_rendered_from_its_metadata_and_no_page_is_left_over()
        {
            var rendered = Rendered();
            var write = Environment.GetEnvironmentVariable(WritePages) == "1";
            if (write)
            {
                Directory.CreateDirectory(Folder);
                foreach (var stale in Directory.EnumerateFiles(Folder, "*.md"))
                {
                    if (!rendered.ContainsKey(Path.GetFileName(stale)))
                        File.Delete(stale);
                }
            }
            var problems = new List<string>();
            foreach (var page in rendered)
            {
                var path = Path.Combine(Folder, page.Key);
                var current = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : null;
                if (current == page.Value)
                    continue;
                if (write)
                    File.WriteAllText(path, page.Value);
                else
                    problems.Add(current is null ? $"{page.Key} is missing" : $"{page.Key} differs");
            }
            var extra = Directory.Exists(Folder)
                ? Directory
                    .EnumerateFiles(Folder, "*.md")
                    .Select(Path.GetFileName)
                    .Where(name => !rendered.ContainsKey(name!))
                    .Select(name => $"{name} names no check")
                : Enumerable.Empty<string>();
            problems.AddRange(extra);
            Assert.True(
                problems.Count == 0,
                $"docs/posture/ differs from the catalog ({string.Join("; ", problems)}); run this test with "
                    + $"{WritePages}=1 to rewrite it"
            );
        }

        [Fact]
        public void A_page_says_what_the_check_reads_with_which_permission_and_how_to_select_it()
        {
            var page = RenderPage(PostureCatalog.Find("EGP033")!);

            Assert.StartsWith("# EGP033: Sign-in by device code is blocked\n", page);
            Assert.Contains(
                "| `GET identity/conditionalAccess/policies?$select=id,displayName,state,conditions,grantControls,"
                    + "sessionControls` | Policy.Read.All |",
                page
            );
            Assert.Contains("| Frameworks satisfied in full | MS.AAD.3.9, MT.1052 |", page);
            Assert.Contains("`Licence:EntraIdP1`", page);
            Assert.Contains("Microsoft Entra ID P1; without it the check is NotApplicable", page);
            Assert.Contains("    ./tests/checks/Invoke-EntraGuardChecks.ps1 -Tag EGP033\n", page);
        }
    }
}

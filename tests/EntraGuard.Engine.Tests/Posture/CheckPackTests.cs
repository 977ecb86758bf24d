using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using EntraGuard.Posture;

namespace EntraGuard.Tests.Posture
{
    /// <summary>
    /// The Pester check pack, read as text (there is no PowerShell here): its tests are rendered from the catalog, so
    /// the catalog is the one source of each check's title, category and tags.
    /// </summary>
    public sealed class CheckPackTests
    {
        private static readonly string Folder = Path.Combine(TestFiles.RepositoryRoot, "tests", "checks");

        private static string PackPath => Path.Combine(Folder, "EntraGuard.Posture.Tests.ps1");

        /// <summary>Set to 1 to write the rendered tests into the pack instead of failing on a difference.</summary>
        private const string WritePack = "ENTRAGUARD_WRITE_PACK";

        private const string FirstDescribe = "\nDescribe 'EntraGuard/";

        /// <summary>
        /// The pack's tests as the catalog says they are: one Describe per category, in the order categories first
        /// appear, with one It per check titled by it, tagged with its <see cref="PostureCheck.Tags"/>, asserting it.
        /// </summary>
        internal static string RenderTests()
        {
            static string Quoted(string text) => "'" + text.Replace("'", "''") + "'";
            var text = new StringBuilder();
            foreach (var category in PostureCatalog.All.GroupBy(check => check.Category))
            {
                text.Append($"\nDescribe {Quoted("EntraGuard/" + category.Key)} -Tag 'EntraGuard', 'Posture' {{\n");
                text.Append(
                    string.Join(
                        "\n",
                        category.Select(check =>
                            $"    It {Quoted($"{check.Id}: {check.Title}")} -Tag @(\n"
                            + $"        {string.Join(", ", check.Tags.Select(Quoted))}\n"
                            + "    ) {\n"
                            + $"        Assert-EntraGuardPostureCheck -CheckId {Quoted(check.Id)}\n"
                            + "    }\n"
                        )
                    )
                );
                text.Append("}\n");
            }
            return text.ToString();
        }

        [Fact]
        public void The_packs_tests_are_rendered_from_the_catalog()
        {
            var pack = File.ReadAllText(PackPath).Replace("\r\n", "\n");
            var start = pack.IndexOf(FirstDescribe, StringComparison.Ordinal);
            Assert.True(start > 0, "the pack has no Describe 'EntraGuard/…' block");
            var rendered = RenderTests();
            if (Environment.GetEnvironmentVariable(WritePack) == "1" && pack.Substring(start) != rendered)
            {
                File.WriteAllText(PackPath, pack.Substring(0, start) + rendered);
                return;
            }
            Assert.True(
                pack.Substring(start) == rendered,
                $"the pack's tests differ from the catalog; run this test with {WritePack}=1 to rewrite them"
            );
        }

        [Fact]
        public void Every_check_is_tagged_with_its_id_severity_licence_and_framework_ids()
        {
            var check = PostureCatalog.Find("EGP008")!;

            var expected = new[]
            {
                "EGP008",
                "Severity:Medium",
                "Licence:None",
                "MS.AAD.5.1",
                "EIDSCA.AP10",
                "CIS.M365.5.1.2.2",
            };
            Assert.Equal(expected, check.Tags);
            Assert.All(
                PostureCatalog.All.SelectMany(c => c.Frameworks),
                id => Assert.Matches(@"^(MS\.AAD\.\d+\.\d+|EIDSCA\.[A-Z]{2}\d{2}|CIS\.M365\.[\d.]+\d|MT\.\d{4})$", id)
            );
        }

        [Fact]
        public void The_assertion_skips_with_the_reason_and_calls_the_cmdlet_once()
        {
            var text = File.ReadAllText(Path.Combine(Folder, "EntraGuard.Posture.Tests.ps1"));

            Assert.Single(Regex.Matches(text, @"\bTest-EntraGuardPosture\s+@parameters"));
            Assert.Matches(@"'NotApplicable', 'Skipped'\)\s*\{\s*Set-ItResult -Skipped -Because \$check\.Reason", text);
            Assert.Contains("Should -Be 'Passed' -Because", text);
        }

        [Fact]
        public void The_runner_writes_junit_or_nunit_through_a_pester_configuration()
        {
            var runner = File.ReadAllText(Path.Combine(Folder, "Invoke-EntraGuardChecks.ps1"));

            Assert.Contains("New-PesterConfiguration", runner);
            Assert.Contains("$configuration.TestResult.OutputFormat = $OutputFormat", runner);
            Assert.Contains("[ValidateSet('JUnitXml', 'NUnitXml', 'NUnit2.5', 'NUnit3')]", runner);
            Assert.Contains("'EntraGuard.Posture.Tests.ps1'", runner);
        }

        [Fact]
        public void The_example_settings_file_loads()
        {
            var settings = EntraGuardSettings.Load(Path.Combine(Folder, "entraguard.example.yaml")).Posture;

            Assert.Equal(3, settings.BreakGlassAccounts.Count);
            Assert.Equal("bg-emergency-03@contoso.onmicrosoft.com", settings.BreakGlassAccounts[2].UserPrincipalName);
            Assert.Equal(new[] { "EGP002", "EGP010" }, settings.AcceptedDeviations.Select(d => d.CheckId));
        }

        [Fact]
        public void The_about_topic_describes_every_check_and_every_request()
        {
            var about = File.ReadAllText(Path.Combine(TestFiles.RepositoryRoot, "docs", "about_EntraGuard_Posture.md"));

            foreach (var check in PostureCatalog.All)
            {
                Assert.Contains(
                    $"### {check.Id}: {check.Title}\n{check.Severity}. {check.Category}.",
                    about.Replace("\r\n", "\n")
                );
                var frameworks = check.Frameworks.Count == 0 ? "none" : string.Join(", ", check.Frameworks);
                Assert.Contains($"**Frameworks.** {frameworks}.", about);
            }
            foreach (var source in PostureDataSource.All)
            {
                Assert.Contains(
                    source.Method == "GET" ? $"`{source.Path}?" : $"`{source.Method} {source.Path}`",
                    about
                );
                Assert.Contains(source.Permission, about);
            }
        }
    }
}

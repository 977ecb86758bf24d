using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using EntraGuard.Posture;

namespace EntraGuard.Tests.Posture
{
    /// <summary>
    /// The Pester check pack, read as text (there is no PowerShell here): one It per catalog check, tagged with its id
    /// and severity, titled as the catalog titles it, in a Describe named after its category and tagged EntraGuard.
    /// </summary>
    public sealed class CheckPackTests
    {
        private static readonly string Folder = Path.Combine(TestFiles.RepositoryRoot, "tests", "checks");

        private static readonly Regex DescribeLine = new(@"^Describe\s+'(?<name>[^']+)'\s+-Tag\s+(?<tags>.+?)\s*\{\s*$", RegexOptions.Multiline);
        private static readonly Regex ItLine = new(@"^\s+It\s+'(?<id>[^:']+):\s(?<title>[^']+)'\s+-Tag\s+(?<tags>.+?)\s*\{\s*$", RegexOptions.Multiline);
        private static readonly Regex AnyIt = new(@"^\s*It\s", RegexOptions.Multiline);
        private static readonly Regex Assertion = new(@"Assert-EntraGuardPostureCheck\s+-CheckId\s+'(?<id>[^']+)'");

        private sealed record PackTest(string Describe, string DescribeTags, string Id, string Title, IReadOnlyList<string> Tags, string Body);

        private static IReadOnlyList<PackTest> ReadPack()
        {
            var text = File.ReadAllText(Path.Combine(Folder, "EntraGuard.Posture.Tests.ps1")).Replace("\r\n", "\n");
            var describes = DescribeLine.Matches(text).Cast<Match>().ToArray();
            var its = ItLine.Matches(text).Cast<Match>().ToArray();
            Assert.Equal(AnyIt.Matches(text).Count, its.Length);
            return its.Select((it, index) =>
            {
                var describe = describes.Last(d => d.Index < it.Index);
                var end = index + 1 < its.Length ? its[index + 1].Index : text.Length;
                return new PackTest(describe.Groups["name"].Value, describe.Groups["tags"].Value, it.Groups["id"].Value, it.Groups["title"].Value,
                    Tags(it.Groups["tags"].Value), text.Substring(it.Index + it.Length, end - it.Index - it.Length));
            }).ToArray();
        }

        private static IReadOnlyList<string> Tags(string list) => Regex.Matches(list, "'([^']*)'").Cast<Match>().Select(m => m.Groups[1].Value).ToArray();

        [Fact]
        public void The_pack_has_exactly_one_test_per_catalog_check_in_catalog_order()
        {
            Assert.Equal(PostureCatalog.Ids, ReadPack().Select(t => t.Id));
        }

        [Fact]
        public void Each_test_is_tagged_titled_and_grouped_as_the_catalog_says()
        {
            foreach (var test in ReadPack())
            {
                var check = PostureCatalog.Find(test.Id)!;
                Assert.Equal(check.Title, test.Title);
                Assert.Equal(new[] { check.Id, $"Severity:{check.Severity}" }, test.Tags);
                Assert.Equal($"EntraGuard/{check.Category}", test.Describe);
                Assert.Contains("EntraGuard", Tags(test.DescribeTags));
            }
        }

        [Fact]
        public void Each_test_asserts_its_own_check()
        {
            foreach (var test in ReadPack())
            {
                var asserted = Assertion.Matches(test.Body).Cast<Match>().Select(m => m.Groups["id"].Value);
                Assert.Equal(new[] { test.Id }, asserted);
            }
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

            Assert.Equal(2, settings.BreakGlassAccounts.Count);
            Assert.Equal(new[] { "EGP002", "EGP010" }, settings.AcceptedDeviations.Select(d => d.CheckId));
        }

        [Fact]
        public void The_about_topic_describes_every_check_and_every_request()
        {
            var about = File.ReadAllText(Path.Combine(TestFiles.RepositoryRoot, "docs", "about_EntraGuard_Posture.md"));

            foreach (var check in PostureCatalog.All)
            {
                Assert.Contains($"### {check.Id}: {check.Title}\n{check.Severity}. {check.Category}.", about.Replace("\r\n", "\n"));
            }
            foreach (var source in PostureDataSource.All)
            {
                Assert.Contains($"`{source.Path}?", about);
                Assert.Contains(source.Permission, about);
            }
        }
    }
}

using System;
using System.IO;
using EntraGuard.Tests;
using static EntraGuard.Cli.Tests.Entraguard;

namespace EntraGuard.Cli.Tests
{
    /// <summary>
    /// A dry run of <c>respond</c> without any sign-in plans from the findings alone. It needs the process's
    /// ENTRAGUARD_ACCESS_TOKEN unset, so it runs in the collection of the tests that set it, never beside them.
    /// </summary>
    [Collection(CliEnvironment.Collection)]
    public sealed class OfflineDryRunTests : IDisposable
    {
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        private string Findings()
        {
            var samples = Path.Combine(TestFiles.RepositoryRoot, "samples");
            var (_, findings, _) = Run(
                "scan",
                Path.Combine(samples, "graph"),
                "--settings",
                Path.Combine(samples, "settings.yaml"),
                "--format",
                "json",
                "--rule",
                "EG0001"
            );
            return _files.Write("findings.jsonl", findings);
        }

        [Fact]
        public void Without_a_sign_in_a_dry_run_plans_from_the_findings_and_says_it_was_not_checked()
        {
            Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ENTRAGUARD_ACCESS_TOKEN")));

            var (exit, output, error) = Run("respond", "revoke-credential", "--from", Findings());

            Assert.Equal(0, exit);
            Assert.Contains("RevokeCredential: remove credential ", output);
            Assert.Contains("(not checked against the tenant)", output);
            Assert.Contains("  read:  GET /servicePrincipals/", output);
            Assert.Contains("entraguard: dry run without a sign-in: ", error);
        }

        [Fact]
        public void Applying_still_needs_a_sign_in()
        {
            var (exit, output, error) = Run("respond", "revoke-credential", "--from", Findings(), "--apply");

            Assert.Equal(2, exit);
            Assert.Equal("", output);
            Assert.Contains("Choose how to sign in to Graph", error);
        }
    }
}

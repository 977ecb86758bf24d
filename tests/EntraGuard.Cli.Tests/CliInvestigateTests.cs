using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using EntraGuard.SampleData;
using EntraGuard.Tests;
using static EntraGuard.Cli.Tests.Entraguard;

namespace EntraGuard.Cli.Tests
{
    /// <summary><c>entraguard investigate</c> over the sample tenant's audit and sign-in logs.</summary>
    public sealed class CliInvestigateTests
    {
        private static readonly string Samples = Path.Combine(TestFiles.RepositoryRoot, "samples");
        private static readonly string[] GraphPaths =
        {
            Path.Combine(Samples, "graph"),
            Path.Combine(Samples, "signins", "graph"),
        };

        /// <summary>Scans and investigates the sample paths, returning the planted finding's context.</summary>
        private static JsonElement PlantedContext(params string[] options)
        {
            var (exit, output, error) = Run(
                new[]
                {
                    "investigate",
                    GraphPaths[0],
                    GraphPaths[1],
                    "--settings",
                    Path.Combine(Samples, "settings.yaml"),
                    "--format",
                    "json",
                }
                    .Concat(options)
                    .ToArray()
            );
            Assert.True(exit == 0, error);
            return output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement)
                .Single(c =>
                    c.GetProperty("RuleId").GetString() == "EG0001"
                    && c.GetProperty("TargetName").GetString() == "Payroll-Sync"
                );
        }

        [Fact]
        public void Cli_investigate_scans_the_paths_and_writes_the_planted_context_as_json()
        {
            var planted = PlantedContext("--window", "24h");

            Assert.True(planted.GetProperty("CredentialUsed").GetBoolean());
            Assert.Equal(6, planted.GetProperty("CredentialSignInCount").GetInt32());
            Assert.Equal(SyntheticTenant.AttackerIp, planted.GetProperty("CredentialIpAddresses")[0].GetString());
            Assert.Equal(SyntheticTenant.AttackerIp, planted.GetProperty("ActorNewIpAddresses")[0].GetString());
            Assert.True(planted.GetProperty("RelatedEventIds").GetArrayLength() >= 10);
            Assert.Equal(JsonValueKind.Null, planted.GetProperty("ReachDirectoryRoles").ValueKind);
        }

        [Fact]
        public void Cli_investigate_reads_risk_events_from_json_lines()
        {
            using var files = new TestFiles();
            var scan = Run(
                "scan",
                GraphPaths[0],
                "--settings",
                Path.Combine(Samples, "settings.yaml"),
                "--format",
                "json",
                "--rule",
                "EG0001"
            );
            var findings = files.Write("findings.jsonl", scan.Out);

            var (exit, output, _) = Run(
                "investigate",
                GraphPaths[0],
                GraphPaths[1],
                "--from",
                findings,
                "--format",
                "markdown"
            );

            Assert.Equal(0, exit);
            Assert.Contains("| Credential used | yes (6 sign-ins", output);
            Assert.Contains("| New addresses | 203.0.113.77 |", output);
            Assert.Contains("| Valid until | unknown |", output);
        }

        [Fact]
        public void Cli_investigate_history_sets_how_far_back_an_address_counts_as_known()
        {
            string[] NewAddresses(params string[] options) =>
                PlantedContext(options)
                    .GetProperty("ActorNewIpAddresses")
                    .EnumerateArray()
                    .Select(a => a.GetString()!)
                    .ToArray();

            // The actor's office address is used every day: known with the default four days, new with one minute.
            Assert.Equal(new[] { SyntheticTenant.AttackerIp }, NewAddresses());
            Assert.Contains("10.20.32.12", NewAddresses("--history", "1m"));
            var bad = Run("investigate", GraphPaths[0], "--history", "soon");
            Assert.NotEqual(0, bad.Exit);
            Assert.Contains("--history: 'soon' is not a duration", bad.Err);
        }
    }
}

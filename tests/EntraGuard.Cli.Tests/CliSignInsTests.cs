using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using EntraGuard.Graph.Tests;
using EntraGuard.Graph.Tests.StandIn;
using EntraGuard.Ingest;
using EntraGuard.SampleData;
using EntraGuard.Tests;
using static EntraGuard.Cli.Tests.Entraguard;

namespace EntraGuard.Cli.Tests
{
    /// <summary><c>entraguard signins</c> over the sample tenant's sign-in exports and against the Graph
    /// stand-in.</summary>
    [Collection(CliEnvironment.Collection)]
    public sealed class CliSignInsTests : CliGraphTest
    {
        private static readonly string Samples = Path.Combine(TestFiles.RepositoryRoot, "samples");
        private static readonly string SignIns = Path.Combine(Samples, "signins");

        public CliSignInsTests()
            : base("CLI-SIGNIN-TOKEN") { }

        [Fact]
        public void Json_output_reads_back_as_the_same_sign_ins()
        {
            using var files = new TestFiles();
            var graphPages = Path.Combine(SignIns, "graph");

            var (exit, output, error) = Run("signins", graphPages, "--format", "json");

            Assert.True(exit == 0, error);
            var original = SignInEventReader.ReadPaths(new[] { graphPages }).ToList();
            var copy = SignInEventReader.ReadPaths(new[] { files.Write("signins.jsonl", output) }).ToList();
            Assert.Equal(original.Count, copy.Count);
            Assert.True(original.Count > 1000);
            Assert.Equal(
                original.Select(s => (s.Id, s.CreatedDateTime, s.Kind, s.UserId, s.IpAddress, s.ErrorCode)),
                copy.Select(s => (s.Id, s.CreatedDateTime, s.Kind, s.UserId, s.IpAddress, s.ErrorCode))
            );
            Assert.Equal(
                original.Select(s => (s.ServicePrincipalId, s.ServicePrincipalCredentialKeyId, s.UserAgent)),
                copy.Select(s => (s.ServicePrincipalId, s.ServicePrincipalCredentialKeyId, s.UserAgent))
            );
            Assert.Contains($"{original.Count:N0} of {original.Count:N0} sign-in(s) in 3 file(s) matched", error);
        }

        [Fact]
        public void Filters_apply_to_files_and_csv_has_one_row_a_sign_in()
        {
            // Both wire formats of the sample: the rogue secret's six uses each (13 and 14 November), from the
            // attacker's address.
            var (exit, output, error) = Run(
                "signins",
                SignIns,
                "--event-type",
                "ServicePrincipal",
                "--since",
                "2026-11-13T00:00:00Z",
                "--format",
                "csv"
            );

            Assert.True(exit == 0, error);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
            Assert.StartsWith("CreatedDateTime,Log,Who,App,IpAddress,Result,CredentialKeyId,UserAgent,Id", lines[0]);
            Assert.All(lines.Skip(1), l => Assert.Equal("servicePrincipal", l.Split(',')[1]));
            Assert.All(lines.Skip(1), l => Assert.True(string.CompareOrdinal(l, "2026-11-13") > 0, l));
            Assert.Equal(12, lines.Count(l => l.Contains("," + SyntheticTenant.AttackerIp + ",")));
        }

        [Fact]
        public void A_user_and_a_service_principal_together_are_a_usage_error()
        {
            var (exit, _, error) = Run("signins", SignIns, "--user", "a@b.example", "--service-principal", "x");

            Assert.Equal(2, exit);
            Assert.Contains("not both", error);
        }

        [Fact]
        public void Files_without_sign_ins_are_an_error_unless_allowed()
        {
            var audits = Path.Combine(Samples, "graph");

            var (exit, _, error) = Run("signins", audits);
            var allowed = Run("signins", audits, "--allow-empty");

            Assert.Equal(2, exit);
            Assert.Contains("no sign-ins in", error);
            Assert.Contains("--allow-empty", error);
            Assert.Equal(0, allowed.Exit);
            Assert.Contains("No sign-ins.", allowed.Out);
        }

        [Fact]
        public void From_Graph_a_service_principal_reads_only_the_workload_logs_with_the_filter_pushed_down()
        {
            var now = DateTimeOffset.UtcNow;
            const string sp = "3f0c9a51-6c1e-4d2b-9a7e-5b1c2d3e4f50";
            var feed = new SignInFeed(
                StandIn,
                Enumerable
                    .Range(0, 5)
                    .Select(i =>
                        FeedSignIn.Workload($"spn-{i}", now.AddMinutes(-10 * i - 1), sp, "app", "key", "10.1.1.1")
                    )
                    .Append(FeedSignIn.User("usr-0", now.AddMinutes(-3), "u", "u@fabrikam.example", "10.2.2.2"))
            );

            var (exit, output, error) = Run(
                "signins",
                "--graph",
                "--graph-base-url",
                StandIn.BaseUrl,
                "--since",
                "2h",
                "--service-principal",
                sp,
                "--format",
                "json"
            );

            Assert.True(exit == 0, error);
            Assert.Equal(
                Enumerable.Range(0, 5).Select(i => $"spn-{i}"),
                output
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                    .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString())
            );
            Assert.Equal(2, feed.Requests.Count); // servicePrincipal and managedIdentity, nothing of the user logs
            Assert.All(feed.Requests, r => Assert.StartsWith(GraphStandIn.Beta, r.Path));
            Assert.All(feed.Requests, r => Assert.Contains($"servicePrincipalId eq '{sp}'", r.Query["$filter"]));
            Assert.Contains("5 sign-in(s) from Microsoft Graph", error);
            Assert.DoesNotContain("CLI-SIGNIN-TOKEN", output + error);
        }
    }
}

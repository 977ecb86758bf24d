using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using EntraGuard.Graph.Tests;
using EntraGuard.Graph.Tests.Response;
using EntraGuard.Graph.Tests.StandIn;
using EntraGuard.Tests;
using static EntraGuard.Cli.Tests.Entraguard;

namespace EntraGuard.Cli.Tests
{
    /// <summary><c>entraguard posture</c> against the stand-in, signed in with a token from
    /// ENTRAGUARD_ACCESS_TOKEN.</summary>
    [Collection(CliEnvironment.Collection)]
    public sealed class CliPostureGraphTests : IAsyncLifetime, IDisposable
    {
        private GraphStandIn _standIn = null!;
        private readonly string _token = TestConnections.FakeToken(marker: "CLI-POSTURE-TOKEN");
        private readonly string _folder = Path.Combine(
            Path.GetTempPath(),
            "entraguard-posture-cli",
            Guid.NewGuid().ToString("N")
        );

        public async Task InitializeAsync()
        {
            _standIn = await GraphStandIn.StartAsync();
            new PostureTenant(_standIn).ServeFabrikam();
            Directory.CreateDirectory(_folder);
            Environment.SetEnvironmentVariable(GraphConnectionCliOptions.AccessTokenVariable, _token);
        }

        public async Task DisposeAsync()
        {
            Environment.SetEnvironmentVariable(GraphConnectionCliOptions.AccessTokenVariable, null);
            await _standIn.DisposeAsync();
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public void Posture_reads_the_tenant_from_graph_and_fails_on_high()
        {
            var settings = Path.Combine(_folder, "entraguard.yaml");
            File.WriteAllText(
                settings,
                "posture:\n  breakGlassAccounts:\n    - 3f0c8a52-6f1e-4c8e-9a57-1d2b3c4d5e01\n    - "
                    + "3f0c8a52-6f1e-4c8e-9a57-1d2b3c4d5e02\n"
            );

            var (exit, output, error) = Run(
                "posture",
                "--graph-base-url",
                _standIn.BaseUrl,
                "--settings",
                settings,
                "--fail-on",
                "high"
            );

            Assert.Equal(1, exit);
            Assert.Equal("", error);
            Assert.Contains(
                "EGP001  Critical  Failed         Administrators must use multifactor authentication",
                output
            );
            Assert.Contains("EGP003  High      Passed         Legacy authentication is blocked", output);
            Assert.Contains(
                "107 check(s): 29 passed, 76 failed, 1 skipped, 1 not applicable "
                    + "(tenant 5b7c1e2a-8d3f-4a6b-9c0e-1f2a3b4c5d6e)",
                output
            );
            // 35 on Graph v1.0 and 4 on beta (EGP068, EGP069, EGP107, EGP108).
            Assert.Equal(39, _standIn.Requests.Count);
            Assert.DoesNotContain("CLI-POSTURE-TOKEN", output + error);
        }

        [Fact]
        public void Posture_json_of_one_check_is_one_request()
        {
            var (exit, output, _) = Run(
                "posture",
                "--graph-base-url",
                _standIn.BaseUrl,
                "--check",
                "EGP009",
                "--format",
                "json"
            );

            Assert.Equal(0, exit);
            using var json = JsonDocument.Parse(output);
            Assert.Equal("Passed", json.RootElement.GetProperty("results")[0].GetProperty("result").GetString());
            Assert.Equal("/v1.0/policies/authorizationPolicy", Assert.Single(_standIn.Requests).Path);
        }

        [Fact]
        public void Posture_without_a_way_to_sign_in_exits_2()
        {
            Environment.SetEnvironmentVariable(GraphConnectionCliOptions.AccessTokenVariable, null);

            var (exit, _, error) = Run("posture", "--graph-base-url", _standIn.BaseUrl);

            Assert.Equal(2, exit);
            Assert.StartsWith("entraguard: Choose how to sign in to Graph:", error);
            Assert.Empty(_standIn.Requests);
        }
    }
}

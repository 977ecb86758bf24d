using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using EntraGuard.Graph.Tests;
using EntraGuard.Graph.Tests.StandIn;
using EntraGuard.Tests;
using static EntraGuard.Cli.Tests.Entraguard;

namespace EntraGuard.Cli.Tests
{
    /// <summary><c>entraguard investigate --graph</c> against the Graph stand-in's planted intrusion.</summary>
    [Collection(CliEnvironment.Collection)]
    public sealed class CliInvestigateGraphTests : CliGraphTest
    {
        public CliInvestigateGraphTests()
            : base("CLI-INVESTIGATE-TOKEN") { }

        [Fact]
        public void Investigate_from_graph_answers_credential_use_and_reach_of_the_planted_finding()
        {
            InvestigationTenant.Plant(StandIn);
            using var files = new TestFiles();
            var findings = files.Write("findings.jsonl", InvestigationTenant.RiskEventJson() + "\n");

            var (exit, output, error) = Run(
                "investigate",
                "--graph",
                "--graph-base-url",
                StandIn.BaseUrl,
                "--from",
                findings,
                "--until",
                InvestigationTenant.Added.AddDays(3).ToString("o"),
                "--format",
                "json"
            );

            Assert.True(exit == 0, error);
            var context = JsonDocument.Parse(output.Trim()).RootElement;
            Assert.True(context.GetProperty("CredentialUsed").GetBoolean());
            Assert.Equal(3, context.GetProperty("CredentialSignInCount").GetInt32());
            Assert.Equal(730, context.GetProperty("CredentialLifetimeDays").GetInt32());
            Assert.True(context.GetProperty("CredentialLongLived").GetBoolean());
            Assert.Equal(
                "Privileged Role Administrator (via Tier0-Automation)",
                context.GetProperty("TargetRolesViaGroups")[0].GetString()
            );
            Assert.Equal("Application Administrator", context.GetProperty("TargetEligibleRoles")[0].GetString());
            Assert.Equal(InvestigationTenant.NewAddress, context.GetProperty("ActorNewIpAddresses")[0].GetString());
            Assert.True(context.GetProperty("TargetPrivileged").GetBoolean());
            Assert.Equal(
                "Microsoft Graph: Application.ReadWrite.All",
                context.GetProperty("ReachHighImpact")[0].GetString()
            );
            Assert.Equal(InvestigationTenant.PlantedCaseRequests, StandIn.Requests.Count);
            Assert.Contains("1 risk event(s) investigated over 6 sign-in(s) and 3 audit event(s)", error);
            Assert.DoesNotContain("CLI-INVESTIGATE-TOKEN", output + error);
        }

        [Fact]
        public void Graph_needs_the_risk_events_and_takes_no_paths()
        {
            var withoutFrom = Run("investigate", "--graph");
            var withPaths = Run("investigate", "--graph", "--from", "-", "some-folder");
            var graphOptionWithoutGraph = Run("investigate", "some-folder", "--graph-base-url", StandIn.BaseUrl);

            Assert.NotEqual(0, withoutFrom.Exit);
            Assert.Contains("--graph investigates the risk events of --from", withoutFrom.Err);
            Assert.NotEqual(0, withPaths.Exit);
            Assert.Contains("not both", withPaths.Err);
            Assert.NotEqual(0, graphOptionWithoutGraph.Exit);
            Assert.Contains("need --graph", graphOptionWithoutGraph.Err);
            Assert.Empty(StandIn.Requests);
        }
    }
}

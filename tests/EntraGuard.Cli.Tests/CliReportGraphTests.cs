using System;
using System.IO;
using System.Threading.Tasks;
using EntraGuard.Graph.Tests;
using EntraGuard.Graph.Tests.StandIn;
using EntraGuard.Tests;
using static EntraGuard.Cli.Tests.Entraguard;

namespace EntraGuard.Cli.Tests
{
    /// <summary><c>entraguard report --graph --investigate</c> against the stand-in's planted intrusion.</summary>
    [Collection(CliEnvironment.Collection)]
    public sealed class CliReportGraphTests : CliGraphTest
    {
        public CliReportGraphTests()
            : base("CLI-REPORT-TOKEN") { }

        [Fact]
        public void Investigate_with_graph_shows_the_planted_credentials_use_and_reach()
        {
            InvestigationTenant.Plant(StandIn);
            using var files = new TestFiles();
            var target = Path.Combine(files.Root, "report.html");
            var day = InvestigationTenant.Added;

            var (exit, _, error) = Run(
                "report",
                "--graph",
                "--graph-base-url",
                StandIn.BaseUrl,
                "--since",
                day.AddDays(-1).ToString("o"),
                "--until",
                day.AddDays(1).ToString("o"),
                "--investigate",
                "--out",
                target
            );

            Assert.True(exit == 0, error);
            var html = File.ReadAllText(target);
            Assert.Contains("<dt>Credential used</dt><dd>yes</dd>", html);
            Assert.Contains("<dt>Target privileged</dt><dd>yes</dd>", html);
            Assert.Contains($"{InvestigationTenant.NewAddress} <span class=\"tag new\">new</span>", html);
            Assert.Contains("Microsoft Graph: Application.ReadWrite.All", html);
            Assert.Matches(@"entraguard: [\d,]+ risk event\(s\) investigated over [\d,]+ sign-in\(s\)", error);
            Assert.DoesNotContain("CLI-REPORT-TOKEN", html + error);
        }
    }
}

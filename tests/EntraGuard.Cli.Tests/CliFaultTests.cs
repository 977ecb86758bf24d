using System;
using System.IO;
using System.Threading.Tasks;
using EntraGuard.Graph.Tests;
using EntraGuard.Graph.Tests.StandIn;
using static EntraGuard.Cli.Tests.Entraguard;

namespace EntraGuard.Cli.Tests
{
    /// <summary>Graph faults as the command line reports them: a stalled request named, a resumed read called
    /// partial.</summary>
    [Collection(CliEnvironment.Collection)]
    public sealed class CliFaultTests : IAsyncLifetime
    {
        private GraphStandIn _standIn = null!;

        public async Task InitializeAsync() => _standIn = await GraphStandIn.StartAsync();

        public async Task DisposeAsync()
        {
            Environment.SetEnvironmentVariable(AuditSourceOptions.AccessTokenVariable, null);
            await _standIn.DisposeAsync();
        }

        private static Task Stall(Microsoft.AspNetCore.Http.HttpContext context) =>
            Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);

        [Fact]
        public void The_command_line_takes_a_request_timeout_and_names_the_stalled_request()
        {
            Environment.SetEnvironmentVariable(AuditSourceOptions.AccessTokenVariable, TestConnections.FakeToken());
            _standIn.On("GET", AuditFeed.Path, (context, _) => Stall(context));

            var (exit, _, error) = Run(
                "events",
                "--graph",
                "--since",
                "1h",
                "--graph-base-url",
                _standIn.BaseUrl,
                "--request-timeout",
                "0.5"
            );

            Assert.Equal(CliRunner.Failure, exit);
            // The 0.5 s proves the option reached the seam (the default is 60 s). How often a stall is asked is
            // FaultTests' business: on a loaded machine a request may time out before the stand-in has seen it.
            Assert.Contains(
                $"did not answer within 0.5 s while reading directory audits (GET {_standIn.BaseUrl}",
                error
            );
        }

        [Fact]
        public void An_interrupted_read_says_how_to_resume_in_the_command_lines_own_options()
        {
            Environment.SetEnvironmentVariable(AuditSourceOptions.AccessTokenVariable, TestConnections.FakeToken());
            var feed = new AuditFeed(_standIn, 30, DateTimeOffset.UtcNow.AddMinutes(-5), TimeSpan.FromMinutes(1), 10);
            feed.Faults[(1, 1)] = (context, request, _) => GraphStandIn.Status(403)(context, request);

            var (exit, _, error) = Run("events", "--graph", "--since", "1h", "--graph-base-url", _standIn.BaseUrl);

            Assert.Equal(CliRunner.Failure, exit);
            Assert.Contains("Collected 10 event(s) before the failure", error);
            Assert.Matches(@"run again with --resume-from '[^']+\$skiptoken=[^']+' --since \S+Z; ", error);
            Assert.DoesNotContain("-ResumeFrom", error);
            Assert.DoesNotContain("-Since", error);
        }

        [Fact]
        public void A_resumed_scan_says_on_stderr_and_in_its_summary_that_it_covers_part_of_the_window()
        {
            Environment.SetEnvironmentVariable(AuditSourceOptions.AccessTokenVariable, TestConnections.FakeToken());
            var feed = new AuditFeed(
                _standIn,
                30,
                DateTimeOffset.UtcNow.AddMinutes(-5),
                TimeSpan.FromMinutes(1),
                pageSize: 10
            );
            var link = _standIn.Url($"{AuditFeed.Path}?$top=10&$skiptoken=20");

            var (exit, _, error) = Run(
                "scan",
                "--graph",
                "--since",
                "1h",
                "--graph-base-url",
                _standIn.BaseUrl,
                "--resume-from",
                link
            );

            Assert.True(exit == 0, error);
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            const string partial = AuditSourceOptions.PartialWindow;
            Assert.StartsWith($"entraguard: resuming an interrupted read: {partial}", lines[0]);
            Assert.Contains("10 event(s)", lines[^1]);
            Assert.EndsWith($"(resumed: {partial})", lines[^1].TrimEnd());
            Assert.Equal(30, feed.Events.Count);
        }
    }
}

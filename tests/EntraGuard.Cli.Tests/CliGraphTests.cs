using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EntraGuard.Graph.Tests;
using EntraGuard.Graph.Tests.Response;
using EntraGuard.Graph.Tests.StandIn;
using EntraGuard.Tests;
using static EntraGuard.Cli.Tests.Entraguard;

namespace EntraGuard.Cli.Tests
{
    /// <summary>
    /// <c>entraguard … --graph</c> end to end against the stand-in. The token comes from ENTRAGUARD_ACCESS_TOKEN, so
    /// these tests set the process's environment; they live in one class so they never run in parallel.
    /// </summary>
    [Collection(CliEnvironment.Collection)]
    public sealed class CliGraphTests : CliGraphTest
    {
        public CliGraphTests()
            : base("CLI-TOKEN-MARKER") { }

        [Fact]
        public void Events_from_Graph_over_the_last_nine_minutes_arrive_as_json_lines()
        {
            var newest = DateTimeOffset.UtcNow.AddMinutes(-1);
            var feed = new AuditFeed(StandIn, 5, newest, TimeSpan.FromMinutes(1));
            var before = DateTimeOffset.UtcNow;

            var (exit, output, error) = Run(
                "events",
                "--graph",
                "--since",
                "9m",
                "--graph-base-url",
                StandIn.BaseUrl,
                "--format",
                "json"
            );

            Assert.True(exit == 0, error);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(
                feed.Events.Select(e => e.Id),
                lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("id").GetString())
            );
            var request = Assert.Single(StandIn.RequestsTo(AuditFeed.Path));
            Assert.Equal("Bearer " + Token, request.Header("Authorization"));
            var (from, to) = AuditFeed.Bounds(request.Query["$filter"]);
            Assert.InRange(from!.Value, before.AddMinutes(-9).AddSeconds(-5), DateTimeOffset.UtcNow.AddMinutes(-9));
            Assert.InRange(to!.Value, before.AddSeconds(-5), DateTimeOffset.UtcNow);
            Assert.DoesNotContain("CLI-TOKEN-MARKER", output + error);
        }

        [Fact]
        public void The_summary_names_Graph_as_the_source_and_counts_the_events()
        {
            new AuditFeed(StandIn, 7, DateTimeOffset.UtcNow.AddHours(-1), TimeSpan.FromHours(1));

            var (exit, output, error) = Run(
                "events",
                "--graph",
                "--since",
                "10d",
                "--until",
                "1m",
                "--graph-base-url",
                StandIn.BaseUrl
            );

            Assert.True(exit == 0, error);
            Assert.Contains("Events:   7", output);
            Assert.Contains($"Sources:  Microsoft Graph ({StandIn.BaseUrl})", output);
            Assert.Equal(2, StandIn.RequestsTo(AuditFeed.Path).Count); // ten days in 7-day slices
        }

        [Fact]
        public void Progress_goes_to_stderr_when_asked_and_never_to_stdout()
        {
            new AuditFeed(StandIn, 7, DateTimeOffset.UtcNow.AddMinutes(-30), TimeSpan.FromMinutes(1), pageSize: 3);
            string[] Args(params string[] more) =>
                new[] { "events", "--graph", "--since", "1h", "--graph-base-url", StandIn.BaseUrl, "--format", "json" }
                    .Concat(more)
                    .ToArray();

            var (exit, output, error) = Run(Args("--progress"));
            var quiet = Run(Args());

            Assert.True(exit == 0, error);
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            // Into a log: the first page at once, then at most a line every few seconds, and the end.
            Assert.Matches(
                @"^entraguard: 3 event\(s\), 1 page\(s\), back to \d{4}-\d\d-\d\d \d\d:\d\d UTC: page 1$",
                lines[0]
            );
            Assert.Contains("entraguard: 7 event(s), 3 page(s), back to ", error);
            Assert.EndsWith(": done", lines.Last(l => l.Contains("page(s)")));
            Assert.Equal(7, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.DoesNotContain("page(s)", output);
            // Not a terminal, not asked: quiet.
            Assert.True(quiet.Exit == 0, quiet.Err);
            Assert.DoesNotContain("page(s)", quiet.Err);
        }

        [Fact]
        public void Scan_reads_from_Graph_through_the_same_source_options()
        {
            new AuditFeed(StandIn, 1, DateTimeOffset.UtcNow.AddMinutes(-5), TimeSpan.FromMinutes(1));

            var (exit, output, error) = Run(
                "scan",
                "--graph",
                "--since",
                "1h",
                "--graph-base-url",
                StandIn.BaseUrl,
                "--format",
                "json"
            );

            Assert.True(exit == 0, error);
            Assert.Contains("\"RuleId\":\"EG0001\"", output.Replace(" ", ""));
            Assert.Single(StandIn.RequestsTo(AuditFeed.Path));
        }

        [Fact]
        public void A_refused_token_is_one_clear_line_and_exit_code_3()
        {
            StandIn.On(
                "GET",
                AuditFeed.Path,
                (context, _) =>
                    GraphStandIn.Error(
                        context,
                        401,
                        "InvalidAuthenticationToken",
                        "Access token has expired or is not yet valid."
                    )
            );

            var (exit, _, error) = Run("events", "--graph", "--graph-base-url", StandIn.BaseUrl);

            Assert.Equal(CliRunner.Failure, exit);
            Assert.StartsWith("entraguard: Graph refused the access token", error);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        [Theory]
        [InlineData("Give audit files or folders to read, or --graph", "events")]
        [InlineData("not both", "events", "some.json", "--graph")]
        [InlineData("need --graph", "events", "some.json", "--since", "9m")]
        public void Source_options_that_do_not_fit_together_are_usage_errors(string message, params string[] args)
        {
            var (exit, _, error) = Run(args);
            Assert.Equal(CliRunner.BadInputOrUsage, exit);
            Assert.Contains(message, error);
        }

        [Theory]
        [InlineData("is neither a duration", "--since", "yesterday")]
        [InlineData("plain http", "--graph-base-url", "http://proxy.contoso.example/v1.0")]
        [InlineData("Choose one way to sign in", "--managed-identity", "--device-code")]
        [InlineData(
            "is not set or empty",
            "--client-secret-env",
            "ENTRAGUARD_TEST_UNSET_VARIABLE",
            "--tenant",
            "t",
            "--client-id",
            "c"
        )]
        public void Bad_Graph_options_are_usage_errors_that_say_why(string message, params string[] options)
        {
            var (exit, _, error) = Run(new[] { "events", "--graph" }.Concat(options).ToArray());
            Assert.Equal(CliRunner.BadInputOrUsage, exit);
            Assert.Contains(message, error);
            Assert.Empty(StandIn.Requests);
        }
    }
}

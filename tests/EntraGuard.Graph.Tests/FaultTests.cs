using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using EntraGuard.Cli;
using EntraGuard.Collection;
using EntraGuard.Graph.Tests.StandIn;

namespace EntraGuard.Graph.Tests
{
    /// <summary>
    /// Graph faults the seam answers: tokens it obtained never printed (opaque ones too), short secrets masked only as
    /// whole words, a stalled request named and not retried for minutes, a resumed read that says it is partial.
    /// </summary>
    [Collection(Response.CliEnvironment.Collection)]
    public sealed class FaultTests : IAsyncLifetime
    {
        private GraphStandIn _standIn = null!;

        public async Task InitializeAsync() => _standIn = await GraphStandIn.StartAsync();

        public async Task DisposeAsync()
        {
            Environment.SetEnvironmentVariable(AuditSourceOptions.AccessTokenVariable, null);
            await _standIn.DisposeAsync();
        }

        private static AuditQuery LastHour() =>
            new() { Since = DateTimeOffset.UtcNow.AddHours(-1), Until = DateTimeOffset.UtcNow };

        private static Task Stall(Microsoft.AspNetCore.Http.HttpContext context) =>
            Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);

        [Fact]
        public async Task An_opaque_token_the_session_obtained_is_masked_wherever_Graph_echoes_it()
        {
            const string opaque = "0paque.Access_Token-issued~by-a-client-secret-sign-in";
            _standIn.On("GET", AuditFeed.Path, (context, request) =>
                GraphStandIn.Error(context, 400, "BadRequest",
                    $"token {request.Header("Authorization")!.Substring("Bearer ".Length)} is not accepted here"));
            var options = new GraphConnectionOptions
            {
                AuthMethod = GraphAuthMethod.ClientSecret,
                TenantId = TestConnections.TenantId,
                ClientId = TestConnections.AppId,
                ClientSecret = SecretText.FromPlainText("the-client-secret"), GraphBaseUrl = _standIn.BaseUrl,
            };
            using var session = GraphSession.Create(options, TestConnections.Fast(maxRetries: 0),
                new FixedCredential(opaque));

            var error = await Assert.ThrowsAsync<CollectionInterruptedException>(() =>
                new GraphAuditCollector(session).CollectAsync(LastHour(), _ => { }));

            Assert.DoesNotContain(opaque, error.ToString());
            Assert.Contains($"token {SecretText.Mask} is not accepted here", error.Message);
        }

        [Fact]
        public async Task A_one_character_token_masks_itself_as_a_word_not_the_letters_of_other_words()
        {
            _standIn.On("GET", AuditFeed.Path, (context, _) =>
                GraphStandIn.Error(context, 400, "BadRequest", "Graph rejected a token: a"));
            using var session = GraphSession.Create(TestConnections.AccessToken(_standIn.BaseUrl, "a"),
                TestConnections.Fast(maxRetries: 0));

            var error = await Assert.ThrowsAsync<CollectionInterruptedException>(() =>
                new GraphAuditCollector(session).CollectAsync(LastHour(), _ => { }));

            Assert.Contains($"Graph rejected {SecretText.Mask} token: {SecretText.Mask}", error.Message);
        }

        [Fact]
        public async Task A_stalled_request_is_asked_once_more_then_named_with_the_time_it_was_given()
        {
            _standIn.On("GET", AuditFeed.Path, (context, _) => Stall(context));
            var settings = new GraphClientSettings
            {
                Clock = new ManualWaitClock(), RetryDelay = TimeSpan.Zero, MaxRetries = 0,
                RequestTimeout = TimeSpan.FromSeconds(0.5),
            };
            var options = TestConnections.AccessToken(_standIn.BaseUrl, TestConnections.FakeToken());
            using var session = GraphSession.Create(options, settings);

            var error = await Assert.ThrowsAsync<CollectionInterruptedException>(() =>
                new GraphAuditCollector(session).CollectAsync(LastHour(), _ => { }));

            Assert.Equal(2, _standIn.RequestsTo(AuditFeed.Path).Count);
            Assert.Contains("Graph did not answer within 0.5 s while reading directory audits " +
                            $"(GET {_standIn.BaseUrl}{AuditFeed.Path}", error.Message);
        }

        [Fact]
        public void The_request_timeout_is_a_connection_option_that_overrides_the_default()
        {
            GraphConnectionOptions Options(TimeSpan? timeout) => new()
            {
                AuthMethod = GraphAuthMethod.AccessToken,
                AccessToken = SecretText.FromPlainText(TestConnections.FakeToken()),
                GraphBaseUrl = _standIn.BaseUrl, RequestTimeout = timeout,
            };
            using var session = GraphSession.Create(Options(TimeSpan.FromSeconds(7)), TestConnections.Fast());
            using var byDefault = GraphSession.Create(Options(null));

            Assert.Equal(TimeSpan.FromSeconds(7), session.RequestTimeout);
            Assert.Equal(TimeSpan.FromSeconds(60), byDefault.RequestTimeout);
            Assert.Throws<ArgumentException>(() => GraphSession.Create(Options(TimeSpan.Zero)));
        }

        [Fact]
        public void The_command_line_takes_a_request_timeout_and_names_the_stalled_request()
        {
            Environment.SetEnvironmentVariable(AuditSourceOptions.AccessTokenVariable, TestConnections.FakeToken());
            _standIn.On("GET", AuditFeed.Path, (context, _) => Stall(context));

            var (exit, _, error) = Run("events", "--graph", "--since", "1h", "--graph-base-url", _standIn.BaseUrl,
                "--request-timeout", "0.5");

            Assert.Equal(CliRunner.Failure, exit);
            Assert.Contains("did not answer within 0.5 s", error);
            Assert.Equal(2, _standIn.RequestsTo(AuditFeed.Path).Count);
        }

        [Fact]
        public void A_resumed_scan_says_on_stderr_and_in_its_summary_that_it_covers_part_of_the_window()
        {
            Environment.SetEnvironmentVariable(AuditSourceOptions.AccessTokenVariable, TestConnections.FakeToken());
            var feed = new AuditFeed(_standIn, 30, DateTimeOffset.UtcNow.AddMinutes(-5), TimeSpan.FromMinutes(1),
                pageSize: 10);
            var link = _standIn.Url($"{AuditFeed.Path}?$top=10&$skiptoken=20");

            var (exit, _, error) = Run("scan", "--graph", "--since", "1h", "--graph-base-url", _standIn.BaseUrl,
                "--resume-from", link);

            Assert.True(exit == 0, error);
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            const string partial = AuditSourceOptions.PartialWindow;
            Assert.StartsWith($"entraguard: resuming an interrupted read: {partial}", lines[0]);
            Assert.Contains("10 event(s)", lines[^1]);
            Assert.EndsWith($"(resumed: {partial})", lines[^1].TrimEnd());
            Assert.Equal(30, feed.Events.Count);
        }

        private static (int Exit, string Out, string Err) Run(params string[] args)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = Program.Run(args, output, error);
            return (exit, output.ToString(), error.ToString());
        }

        /// <summary>Hands out one fixed token, as a client-secret sign-in may (opaque, not a JWT).</summary>
        private sealed class FixedCredential : TokenCredential
        {
            private readonly string _token;

            public FixedCredential(string token) => _token = token;

            public override AccessToken GetToken(TokenRequestContext requestContext,
                CancellationToken cancellationToken) => new(_token, DateTimeOffset.UtcNow.AddHours(1));

            public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext,
                CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
        }
    }
}

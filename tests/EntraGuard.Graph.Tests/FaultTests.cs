using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using EntraGuard.Collection;
using EntraGuard.Graph.Tests.StandIn;

namespace EntraGuard.Graph.Tests
{
    /// <summary>
    /// Graph faults the seam answers: tokens it obtained never printed (opaque ones too), short secrets masked only as
    /// whole words, a stalled request named and not retried for minutes. (What the command line says of them is in
    /// EntraGuard.Cli.Tests.)
    /// </summary>
    public sealed class FaultTests : IAsyncLifetime
    {
        private GraphStandIn _standIn = null!;

        public async Task InitializeAsync() => _standIn = await GraphStandIn.StartAsync();

        public async Task DisposeAsync() => await _standIn.DisposeAsync();

        private static AuditQuery LastHour() =>
            new() { Since = DateTimeOffset.UtcNow.AddHours(-1), Until = DateTimeOffset.UtcNow };

        private static Task Stall(Microsoft.AspNetCore.Http.HttpContext context) =>
            Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);

        [Fact]
        public async Task An_opaque_token_the_session_obtained_is_masked_wherever_Graph_echoes_it()
        {
            const string opaque = "0paque.Access_Token-issued~by-a-client-secret-sign-in";
            _standIn.On(
                "GET",
                AuditFeed.Path,
                (context, request) =>
                    GraphStandIn.Error(
                        context,
                        400,
                        "BadRequest",
                        $"token {request.Header("Authorization")!.Substring("Bearer ".Length)} is not accepted here"
                    )
            );
            var options = new GraphConnectionOptions
            {
                AuthMethod = GraphAuthMethod.ClientSecret,
                TenantId = TestConnections.TenantId,
                ClientId = TestConnections.AppId,
                ClientSecret = SecretText.FromPlainText("the-client-secret"),
                GraphBaseUrl = _standIn.BaseUrl,
            };
            using var session = GraphSession.Create(
                options,
                TestConnections.Fast(maxRetries: 0),
                new FixedCredential(opaque)
            );

            var error = await Assert.ThrowsAsync<CollectionInterruptedException>(() =>
                new GraphAuditCollector(session).CollectAsync(LastHour(), _ => { })
            );

            Assert.DoesNotContain(opaque, error.ToString());
            Assert.Contains($"token {SecretText.Mask} is not accepted here", error.Message);
        }

        [Fact]
        public async Task A_one_character_token_masks_itself_as_a_word_not_the_letters_of_other_words()
        {
            _standIn.On(
                "GET",
                AuditFeed.Path,
                (context, _) => GraphStandIn.Error(context, 400, "BadRequest", "Graph rejected a token: a")
            );
            using var session = GraphSession.Create(
                TestConnections.AccessToken(_standIn.BaseUrl, "a"),
                TestConnections.Fast(maxRetries: 0)
            );

            var error = await Assert.ThrowsAsync<CollectionInterruptedException>(() =>
                new GraphAuditCollector(session).CollectAsync(LastHour(), _ => { })
            );

            Assert.Contains($"Graph rejected {SecretText.Mask} token: {SecretText.Mask}", error.Message);
        }

        [Fact]
        public async Task A_stalled_request_is_asked_once_more_then_named_with_the_time_it_was_given()
        {
            _standIn.On("GET", AuditFeed.Path, (context, _) => Stall(context));
            var settings = new GraphClientSettings
            {
                Clock = new ManualWaitClock(),
                RetryDelay = TimeSpan.Zero,
                MaxRetries = 0,
                RequestTimeout = TimeSpan.FromSeconds(0.5),
            };
            var options = TestConnections.AccessToken(_standIn.BaseUrl, TestConnections.FakeToken());
            using var session = GraphSession.Create(options, settings);

            var error = await Assert.ThrowsAsync<CollectionInterruptedException>(() =>
                new GraphAuditCollector(session).CollectAsync(LastHour(), _ => { })
            );

            Assert.Equal(2, _standIn.RequestsTo(AuditFeed.Path).Count);
            Assert.Contains(
                "Graph did not answer within 0.5 s while reading directory audits "
                    + $"(GET {_standIn.BaseUrl}{AuditFeed.Path}",
                error.Message
            );
        }

        [Fact]
        public void The_request_timeout_is_a_connection_option_that_overrides_the_default()
        {
            GraphConnectionOptions Options(TimeSpan? timeout) =>
                new()
                {
                    AuthMethod = GraphAuthMethod.AccessToken,
                    AccessToken = SecretText.FromPlainText(TestConnections.FakeToken()),
                    GraphBaseUrl = _standIn.BaseUrl,
                    RequestTimeout = timeout,
                };
            using var session = GraphSession.Create(Options(TimeSpan.FromSeconds(7)), TestConnections.Fast());
            using var byDefault = GraphSession.Create(Options(null));

            Assert.Equal(TimeSpan.FromSeconds(7), session.RequestTimeout);
            Assert.Equal(TimeSpan.FromSeconds(60), byDefault.RequestTimeout);
            Assert.Throws<ArgumentException>(() => GraphSession.Create(Options(TimeSpan.Zero)));
        }

        /// <summary>Hands out one fixed token, as a client-secret sign-in may (opaque, not a JWT).</summary>
        private sealed class FixedCredential : TokenCredential
        {
            private readonly string _token;

            public FixedCredential(string token) => _token = token;

            public override AccessToken GetToken(
                TokenRequestContext requestContext,
                CancellationToken cancellationToken
            ) => new(_token, DateTimeOffset.UtcNow.AddHours(1));

            public override ValueTask<AccessToken> GetTokenAsync(
                TokenRequestContext requestContext,
                CancellationToken cancellationToken
            ) => new(GetToken(requestContext, cancellationToken));
        }
    }
}

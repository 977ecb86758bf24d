using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Graph.Tests.StandIn;

namespace EntraGuard.Graph.Tests
{
    /// <summary>The sign-in collector through the real GraphServiceClient against the loopback stand-in.</summary>
    public sealed class SignInCollectorTests : IAsyncLifetime
    {
        private static readonly DateTimeOffset Newest = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        private const string UserId = "6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";
        private const string Upn = "megan.bowen@fabrikam.example";
        private const string SpId = "3f0c9a51-6c1e-4d2b-9a7e-5b1c2d3e4f50";
        private const string AppId = "c2a4e6f8-1b3d-4f5a-8c7e-9d0b1a2c3e4f";
        private const string KeyId = "e3b9f0a2-5d6c-4b7a-8e9f-0a1b2c3d4e5f";
        private GraphStandIn _standIn = null!;
        private readonly string _token = TestConnections.FakeToken();

        public async Task InitializeAsync() => _standIn = await GraphStandIn.StartAsync();

        public async Task DisposeAsync() => await _standIn.DisposeAsync();

        private GraphSession Connect(GraphClientSettings? settings = null) =>
            GraphSession.Create(
                TestConnections.AccessToken(_standIn.BaseUrl, _token),
                settings ?? TestConnections.Fast()
            );

        private static SignInQuery LastDay() => new() { Since = Newest.AddDays(-1), Until = Newest };

        /// <summary>Every log: interactive and non-interactive user sign-ins, a workload, a managed identity.</summary>
        private static IEnumerable<FeedSignIn> Tenant(int perLog)
        {
            for (var i = 0; i < perLog; i++)
            {
                var time = Newest.AddMinutes(-10 * i - 1);
                yield return FeedSignIn.User($"int-{i:D3}", time, UserId, Upn, "10.0.0.1");
                yield return FeedSignIn.User($"non-{i:D3}", time.AddSeconds(-1), UserId, Upn, "10.0.0.2", false);
                yield return FeedSignIn.Workload($"spn-{i:D3}", time.AddSeconds(-2), SpId, AppId, KeyId, "10.0.0.3");
                yield return FeedSignIn.Workload(
                    $"msi-{i:D3}",
                    time.AddSeconds(-3),
                    "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
                    "aaaaaaaa-0000-4000-8000-000000000001",
                    "",
                    "10.0.0.4",
                    FeedLog.ManagedIdentity
                );
            }
        }

        private static async Task<List<SignInEvent>> CollectAsync(
            GraphSession session,
            SignInQuery query,
            string? resumeFrom = null
        )
        {
            var signIns = new List<SignInEvent>();
            await new GraphSignInCollector(session).CollectAsync(query, signIns.Add, null, resumeFrom);
            return signIns;
        }

        [Fact]
        public async Task Each_log_is_read_from_its_endpoint_paged_and_mapped_to_the_sign_ins_files_yield()
        {
            var feed = new SignInFeed(_standIn, Tenant(25), pageSize: 10);
            using var session = Connect();

            var signIns = await CollectAsync(session, LastDay());

            Assert.Equal(feed.SignIns.Count, signIns.Count);
            Assert.Equal(
                feed.SignIns.OrderBy(s => s.Id).Select(s => (s.Id, s.Kind.ToString())),
                signIns.OrderBy(s => s.Id).Select(s => (s.Id, s.Kind.ToString()))
            );
            // Interactive from v1.0, the others from beta: 3 pages of 10 each, 12 requests in all.
            Assert.Equal(3, _standIn.RequestsTo(SignInFeed.Path).Count);
            Assert.Equal(9, _standIn.RequestsTo(SignInFeed.Path, GraphStandIn.Beta).Count);
            Assert.Equal(12, feed.Requests.Count);
            Assert.All(feed.Requests, r => Assert.Equal("Bearer " + _token, r.Header("Authorization")));
            var used = signIns.First(s => s.Id == "spn-000");
            Assert.Equal(KeyId, used.ServicePrincipalCredentialKeyId);
            Assert.Equal(SpId, used.ServicePrincipalId);
            Assert.Equal("python-requests/2.31.0", used.UserAgent);
            Assert.Equal("10.0.0.3", used.IpAddress);
            Assert.Equal("graph", used.Source);
            var interactive = signIns.First(s => s.Id == "int-000");
            Assert.Equal(Upn, interactive.UserPrincipalName);
            Assert.Equal(Newest.AddMinutes(-1), interactive.CreatedDateTime);
        }

        [Fact]
        public async Task Every_condition_is_pushed_into_the_filter_and_logs_that_cannot_match_are_not_asked()
        {
            new SignInFeed(_standIn, Tenant(3));
            using var session = Connect();
            var window = new SignInQuery
            {
                Since = new DateTimeOffset(2026, 4, 30, 12, 0, 0, TimeSpan.Zero),
                Until = new DateTimeOffset(2026, 5, 1, 14, 0, 0, TimeSpan.FromHours(2)),
            };

            var byService = await CollectAsync(session, window with { ServicePrincipalId = SpId, AppId = AppId });

            Assert.Empty(_standIn.RequestsTo(SignInFeed.Path)); // no user log asked for a service principal
            var filters = _standIn.RequestsTo(SignInFeed.Path, GraphStandIn.Beta).Select(r => r.Query["$filter"]);
            const string time =
                "createdDateTime ge 2026-04-30T12:00:00.0000000Z and createdDateTime le 2026-05-01T12:00:00.0000000Z";
            Assert.Equal(
                new[]
                {
                    $"{time} and signInEventTypes/any(t: t eq 'servicePrincipal') and servicePrincipalId eq '{SpId}'"
                        + $" and appId eq '{AppId}'",
                    $"{time} and signInEventTypes/any(t: t eq 'managedIdentity') and servicePrincipalId eq '{SpId}'"
                        + $" and appId eq '{AppId}'",
                },
                filters
            );
            Assert.Equal(new[] { "spn-000", "spn-001", "spn-002" }, byService.Select(s => s.Id));

            var before = _standIn.Requests.Count;
            var byUser = await CollectAsync(
                session,
                window with
                {
                    User = "o'brien@fabrikam.example",
                    Kinds = new[] { SignInKind.InteractiveUser },
                }
            );
            var userRequest = Assert.Single(_standIn.Requests.Skip(before));
            Assert.Equal(GraphStandIn.Version + SignInFeed.Path, userRequest.Path);
            Assert.Equal($"{time} and userPrincipalName eq 'o''brien@fabrikam.example'", userRequest.Query["$filter"]);
            Assert.Equal("999", userRequest.Query["$top"]);
            Assert.Empty(byUser);
        }

        [Fact]
        public async Task A_user_id_is_filtered_by_userId_in_both_user_logs()
        {
            new SignInFeed(_standIn, Tenant(2));
            using var session = Connect();

            var signIns = await CollectAsync(session, LastDay() with { User = UserId });

            Assert.Equal(new[] { "int-000", "int-001", "non-000", "non-001" }, signIns.Select(s => s.Id));
            Assert.Equal(2, _standIn.Requests.Count);
            Assert.All(_standIn.Requests, r => Assert.Contains($"userId eq '{UserId}'", r.Query["$filter"]));
        }

        [Fact]
        public async Task A_429_with_Retry_After_is_waited_out_under_the_reports_limit_and_nothing_is_lost()
        {
            var clock = new ManualWaitClock();
            var feed = new SignInFeed(_standIn, Tenant(30), pageSize: 10);
            feed.Faults[(FeedLog.ServicePrincipal, 1, 1)] = GraphStandIn.Status(429, "1");
            var settings = new GraphClientSettings
            {
                Clock = clock,
                RetryDelay = TimeSpan.Zero,
                PageRetryDelay = TimeSpan.FromMilliseconds(10),
            };
            using var session = Connect(settings);

            var signIns = await CollectAsync(session, LastDay());

            Assert.Equal(feed.SignIns.Select(s => s.Id).OrderBy(i => i), signIns.Select(s => s.Id).OrderBy(i => i));
            Assert.Equal(13, feed.Requests.Count); // 12 pages and the one Graph throttled
            var retried = feed.Requests.Where(r => r.RawQuery.Contains("skiptoken=10") && r.Path.StartsWith("/beta"));
            Assert.Equal(4, retried.Count()); // three logs' second pages, the service principals' twice
            // The reports limit: 13 requests need two waits of the limiter's window.
            Assert.True(clock.Waits.Count(w => w > TimeSpan.FromSeconds(1)) >= 2, string.Join(", ", clock.Waits));
        }

        [Fact]
        public async Task A_page_that_keeps_failing_stops_the_read_with_a_link_that_resumes_it_exactly()
        {
            var feed = new SignInFeed(_standIn, Tenant(25), pageSize: 10);
            for (var attempt = 1; attempt <= 4; attempt++)
            {
                feed.Faults[(FeedLog.ServicePrincipal, 2, attempt)] = (context, _) =>
                    GraphStandIn.Error(context, 500, "InternalServerError", "Scripted failure.");
            }
            using var session = Connect();
            var delivered = new List<SignInEvent>();

            var error = await Assert.ThrowsAsync<CollectionInterruptedException>(() =>
                new GraphSignInCollector(session).CollectAsync(LastDay(), delivered.Add)
            );

            // The user logs and two pages of the service principals' were delivered; managed identities not yet.
            Assert.Equal(25 + 25 + 20, delivered.Count);
            Assert.Equal(delivered.Count, error.EventsCollected);
            Assert.Null(error.CompleteFrom);
            Assert.Equal(Newest, error.ResumeUntil);
            Assert.Contains("$skiptoken=20", error.ResumeLink);
            Assert.Contains(
                "-ResumeFrom '" + error.ResumeLink + "'",
                error.ResumeHint("-Since", "-Until", "-ResumeFrom")
            );

            feed.Faults.Clear();
            var rest = await CollectAsync(session, LastDay(), error.ResumeLink);

            Assert.Equal(5 + 25, rest.Count);
            Assert.Equal(
                feed.SignIns.Select(s => s.Id).OrderBy(i => i),
                delivered.Concat(rest).Select(s => s.Id).OrderBy(i => i)
            );
        }

        [Theory]
        [InlineData("https://evil.example/beta/auditLogs/signIns?$skiptoken=1", "not at this connection's Graph")]
        [InlineData("auditLogs/signIns", "not an absolute URL")]
        public async Task A_resume_link_elsewhere_is_refused_before_any_request(string link, string message)
        {
            using var session = Connect();
            var error = await Assert.ThrowsAsync<ArgumentException>(() => CollectAsync(session, LastDay(), link));
            Assert.Contains(message, error.Message);
            Assert.Empty(_standIn.Requests);
        }

        [Fact]
        public async Task A_resume_link_of_a_log_the_query_does_not_read_is_refused()
        {
            using var session = Connect();
            var link =
                _standIn.Root
                + "beta/auditLogs/signIns?$filter="
                + Uri.EscapeDataString("signInEventTypes/any(t: t eq 'managedIdentity')")
                + "&$skiptoken=10";

            var error = await Assert.ThrowsAsync<ArgumentException>(() =>
                CollectAsync(session, LastDay() with { User = UserId }, link)
            );

            Assert.Contains("managedIdentity sign-in log, which this query does not", error.Message);
            Assert.Empty(_standIn.Requests);
        }

        [Fact]
        public void Contradictory_queries_are_refused_naming_what_contradicts()
        {
            var both = Assert.Throws<ArgumentException>(() =>
                (LastDay() with { User = UserId, ServicePrincipalId = SpId }).Validate()
            );
            Assert.Contains("not both", both.Message);
            var none = Assert.Throws<ArgumentException>(() =>
                (LastDay() with { User = UserId, Kinds = new[] { SignInKind.ManagedIdentity } }).Validate()
            );
            Assert.Contains("never signs in as ManagedIdentity", none.Message);
        }
    }
}

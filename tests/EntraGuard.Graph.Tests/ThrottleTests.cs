using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Graph.Tests.StandIn;

namespace EntraGuard.Graph.Tests
{
    /// <summary>The reports limit (5 requests per 10 s) holds for every request that reaches the network, retries
    /// included.</summary>
    public sealed class ThrottleTests : IAsyncLifetime
    {
        private static readonly DateTimeOffset Newest = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        private GraphStandIn _standIn = null!;

        public async Task InitializeAsync() => _standIn = await GraphStandIn.StartAsync();

        public async Task DisposeAsync() => await _standIn.DisposeAsync();

        private static void AssertAtMost(int permits, TimeSpan window, IReadOnlyList<TimeSpan> times)
        {
            for (var i = permits; i < times.Count; i++)
            {
                Assert.True(
                    times[i] - times[i - permits] >= window,
                    $"requests {i - permits + 1} and {i + 1} were "
                        + $"{(times[i] - times[i - permits]).TotalMilliseconds} ms apart: more than {permits} in a "
                        + $"window of {window.TotalMilliseconds} ms"
                );
            }
        }

        [Fact]
        public async Task No_more_than_five_requests_reach_Graph_in_any_ten_seconds_of_virtual_time_retries_included()
        {
            var clock = new ManualWaitClock();
            var feed = new AuditFeed(_standIn, 120, Newest, TimeSpan.FromMinutes(1), pageSize: 10);
            feed.Faults[(3, 1)] = (context, request, _) => GraphStandIn.Status(503, "0")(context, request);
            feed.Faults[(7, 1)] = (context, _, json) => GraphStandIn.CutConnection(context, json);
            var arrivals = new List<TimeSpan>();
            feed.BeforePage = _ =>
            {
                lock (arrivals)
                    arrivals.Add(clock.Now);
                return Task.CompletedTask;
            };
            var settings = new GraphClientSettings
            {
                Clock = clock,
                RetryDelay = TimeSpan.Zero,
                PageRetryDelay = TimeSpan.FromMilliseconds(10),
            };
            using var session = GraphSession.Create(
                TestConnections.AccessToken(_standIn.BaseUrl, TestConnections.FakeToken()),
                settings
            );

            var events = new List<AuditEvent>();
            await new GraphAuditCollector(session).CollectAsync(
                new AuditQuery { Since = Newest.AddDays(-1), Until = Newest },
                events.Add
            );

            Assert.Equal(feed.Events.Select(e => e.Id), events.Select(e => e.Id));
            Assert.Equal(14, arrivals.Count); // 12 pages, one SDK retry, one page read again
            AssertAtMost(5, settings.ReportsWindow, arrivals);
            Assert.True(arrivals.Last() >= TimeSpan.FromSeconds(20)); // 14 requests need two full waits
        }

        [Fact]
        public async Task The_limiter_holds_in_real_time_with_a_short_window()
        {
            var feed = new AuditFeed(_standIn, 60, Newest, TimeSpan.FromMinutes(1), pageSize: 10);
            var window = TimeSpan.FromMilliseconds(300);
            var settings = new GraphClientSettings
            {
                ReportsRequestsPerWindow = 2,
                ReportsWindow = window,
                RetryDelay = TimeSpan.Zero,
            };
            using var session = GraphSession.Create(
                TestConnections.AccessToken(_standIn.BaseUrl, TestConnections.FakeToken()),
                settings
            );

            var events = new List<AuditEvent>();
            await new GraphAuditCollector(session).CollectAsync(
                new AuditQuery { Since = Newest.AddDays(-1), Until = Newest },
                events.Add
            );

            Assert.Equal(60, events.Count);
            var times = _standIn
                .RequestsTo(AuditFeed.Path)
                .Select(r => r.ReceivedAt - DateTimeOffset.UnixEpoch)
                .ToList();
            Assert.Equal(6, times.Count);
            AssertAtMost(2, window, times); // counted from responses, the spacing holds at the server too
        }

        [Fact]
        public async Task Identity_Protection_and_other_APIs_are_not_held_by_the_reports_limit()
        {
            var clock = new ManualWaitClock();
            var settings = new GraphClientSettings { Clock = clock };
            using var session = GraphSession.Create(
                TestConnections.AccessToken(_standIn.BaseUrl, TestConnections.FakeToken()),
                settings
            );
            var handler = new ThrottlingHandler(session.ReportsLimiter, session.IdentityProtectionLimiter);

            Assert.Same(
                session.ReportsLimiter,
                handler.LimiterFor(new Uri(_standIn.Url("/auditLogs/directoryAudits?$top=1")))
            );
            Assert.Same(
                session.IdentityProtectionLimiter,
                handler.LimiterFor(new Uri(_standIn.Url("/identityProtection/riskDetections")))
            );
            Assert.Null(handler.LimiterFor(new Uri(_standIn.Url("/servicePrincipals/1/removePassword"))));
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Detection;
using EntraGuard.Graph.Tests.StandIn;

namespace EntraGuard.Graph.Tests
{
    /// <summary>
    /// What Test-RareCredentialActor does against Graph: the 9-minute window and its 10-day history in one query
    /// filtered to the rule's activity, fed through the detection engine.
    /// </summary>
    public sealed class ScheduledCheckTests : IAsyncLifetime
    {
        private GraphStandIn _standIn = null!;

        public async Task InitializeAsync() => _standIn = await GraphStandIn.StartAsync();

        public async Task DisposeAsync() => await _standIn.DisposeAsync();

        private async Task<(ScanResult Result, int Requests)> RunCheckAsync(int events)
        {
            var now = DateTimeOffset.UtcNow;
            new AuditFeed(_standIn, events, now.AddMinutes(-1), TimeSpan.FromHours(1));
            var engine = DetectionEngine.Create(new EntraGuardSettings(), ruleIds: new[] { "EG0001" });
            var windowStart = now.AddMinutes(-9);
            var query = engine.GraphQuery(windowStart, now, historyDays: 10);
            using var session = GraphSession.Create(
                TestConnections.AccessToken(_standIn.BaseUrl, TestConnections.FakeToken()),
                TestConnections.Fast()
            );

            var scan = engine.BeginScan(
                new ScanOptions
                {
                    Since = windowStart,
                    Until = now,
                    HistoryDays = 10,
                }
            );
            await new GraphAuditCollector(session).CollectAsync(query, scan.Add);
            return (scan.Complete(), _standIn.RequestsTo(AuditFeed.Path).Count);
        }

        [Fact]
        public async Task A_quiet_run_costs_two_requests_filtered_to_the_rules_activity()
        {
            // ten days of the same actor adding to the same principal
            var (result, requests) = await RunCheckAsync(events: 240);

            Assert.Empty(result.Findings);
            Assert.Equal(2, requests); // ten days and nine minutes in 7-day slices
            Assert.All(
                _standIn.RequestsTo(AuditFeed.Path),
                r => Assert.Contains("activityDisplayName eq 'Add service principal credentials'", r.Query["$filter"])
            );
            Assert.Equal(60, result.EventsSeen); // every fourth event of the feed is a credential add
        }

        [Fact]
        public async Task An_add_with_no_earlier_one_in_the_history_is_a_finding()
        {
            var (result, _) = await RunCheckAsync(events: 1);

            var finding = Assert.Single(result.Findings);
            Assert.Equal("EG0001", finding.RuleId);
            Assert.Equal(new[] { "evt-000000" }, finding.EventIds);
        }
    }
}

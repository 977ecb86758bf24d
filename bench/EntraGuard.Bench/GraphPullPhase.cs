using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Detection;
using EntraGuard.Graph;
using EntraGuard.Graph.Tests.StandIn;
using EntraGuard.Investigation;
using EntraGuard.Output;

namespace EntraGuard.Bench
{
    /// <summary>
    /// Graph pull over loopback: the same directoryAudit pages (999 events each) served by the tests' Kestrel stand-in
    /// and pulled through one GraphServiceClient, deserialized by Kiota into DirectoryAuditCollectionResponse (the
    /// SDK's typed path) and streamed through EntraGuard's reader (the collector's path). The reports limiter is lifted
    /// for those two, so the figures are the client's own cost; then a real-time run under 5 requests / 10 s (2 s in
    /// --quick), and the request count of a quiet scheduled rare-actor run.
    /// </summary>
    internal static class GraphPullPhase
    {
        public static async Task RunAsync(bool quick, Action<string, object> print)
        {
            var pages = quick ? 6 : 40; // at least the pages of the limited run below
            await using var standIn = await GraphStandIn.StartAsync();
            var feed = new AuditFeed(
                standIn,
                pages * 999,
                DateTimeOffset.UtcNow.AddMinutes(-1),
                TimeSpan.FromMilliseconds(500)
            );
            var until = feed.Events[0].Time;
            var query = new AuditQuery { Since = feed.Events[^1].Time, Until = until };
            var unlimited = new GraphClientSettings
            {
                ReportsRequestsPerWindow = 1_000_000,
                ReportsWindow = TimeSpan.FromMilliseconds(1),
                SliceLength = TimeSpan.FromDays(30),
            };
            var options = new GraphConnectionOptions
            {
                AuthMethod = GraphAuthMethod.AccessToken,
                AccessToken = SecretText.FromPlainText("bench-token"),
                GraphBaseUrl = standIn.BaseUrl,
            };
            using var session = GraphSession.Create(options, unlimited);

            print("pull.pages", pages);
            print("pull.events", feed.Events.Count);
            for (var round = 0; round < 2; round++) // the first round warms the JIT and the connection
            {
                var kiota = await Measure(() => KiotaTypedAsync(session, query));
                var ours = await Measure(() => OursAsync(session, query));
                if (round == 0)
                    continue;
                print("pull.kiota_typed.events_per_s", Math.Round(kiota));
                print("pull.entraguard.events_per_s", Math.Round(ours));
                print("pull.ratio.entraguard_kiota", ours / kiota);
            }

            // Pages under the real limit: 5 at once, then 5 a window. The floor is the windows the limit imposes;
            // efficiency = floor / actual, so 1 means the client adds nothing to the wait. --quick waits for one
            // window of the same limiter shortened to 2 s instead of Graph's 10 s (printed as pull.limited.window_s).
            var settings = new GraphClientSettings
            {
                SliceLength = TimeSpan.FromDays(30),
                ReportsWindow = quick ? TimeSpan.FromSeconds(2) : GraphClientSettings.Default.ReportsWindow,
            };
            using (var limited = GraphSession.Create(options, settings))
            {
                var pagesUnderLimit = quick ? 6 : 11;
                var limitedQuery = new AuditQuery
                {
                    Since = feed.Events[pagesUnderLimit * 999 - 1].Time,
                    Until = until,
                };
                var watch = Stopwatch.StartNew();
                var events = await OursAsync(limited, limitedQuery);
                var floor = TimeSpan.FromTicks(
                    settings.ReportsWindow.Ticks * ((pagesUnderLimit - 1) / settings.ReportsRequestsPerWindow)
                );
                print("pull.limited.requests", pagesUnderLimit);
                print("pull.limited.requests_per_window", settings.ReportsRequestsPerWindow);
                print("pull.limited.window_s", settings.ReportsWindow.TotalSeconds);
                print("pull.limited.seconds", watch.Elapsed.TotalSeconds);
                print("pull.limited.events_per_s", events / watch.Elapsed.TotalSeconds);
                print(
                    "pull.limited.ceiling_events_per_s",
                    999.0 * settings.ReportsRequestsPerWindow / settings.ReportsWindow.TotalSeconds
                );
                print("pull.limited.efficiency", floor.TotalSeconds / watch.Elapsed.TotalSeconds);
            }

            // A quiet scheduled run: EG0001 over the last 9 minutes with its 10 days of history (an add an hour, by the
            // same actor), in one filtered query, against a stand-in of its own so only its requests are counted.
            await using var quietStandIn = await GraphStandIn.StartAsync();
            var now = DateTimeOffset.UtcNow;
            _ = new AuditFeed(quietStandIn, 240, now, TimeSpan.FromHours(1));
            var rare = DetectionEngine.Create(new EntraGuardSettings());
            var scheduled = rare.GraphQuery(now.AddMinutes(-9), now, EntraGuardSettings.DefaultHistoryDays);
            using (var scheduledSession = Connect(quietStandIn.BaseUrl))
            {
                await new GraphAuditCollector(scheduledSession).CollectAsync(scheduled, _ => { });
            }
            print("scheduled_rare_actor_run.graph_requests", quietStandIn.RequestsTo(AuditFeed.Path).Count);

            // The planted intrusion investigated from Graph: sign-ins, audit events and the target's reach.
            await using var investigationStandIn = await GraphStandIn.StartAsync();
            InvestigationTenant.Plant(investigationStandIn);
            using (var investigationSession = Connect(investigationStandIn.BaseUrl))
            {
                var findings = RiskEventJsonReader.ReadJsonLines(
                    new StringReader(InvestigationTenant.RiskEventJson()),
                    "planted finding"
                );
                // Read up to three days after the add, as an analyst would a few days on (the clock is far later).
                InvestigationSession.Investigate(
                    findings,
                    new GraphInvestigationSource(investigationSession),
                    new InvestigationOptions { Now = InvestigationTenant.Added.AddDays(3) }
                );
            }
            print("investigation.planted_case.graph_requests", investigationStandIn.Requests.Count);
        }

        /// <summary>A session on a stand-in with the real (unhurried) settings, so the limits are the
        /// product's.</summary>
        private static GraphSession Connect(string baseUrl) =>
            GraphSession.Create(
                new GraphConnectionOptions
                {
                    AuthMethod = GraphAuthMethod.AccessToken,
                    AccessToken = SecretText.FromPlainText("bench-token"),
                    GraphBaseUrl = baseUrl,
                },
                new GraphClientSettings()
            );

        private static async Task<double> Measure(Func<Task<long>> run)
        {
            GC.Collect();
            var watch = Stopwatch.StartNew();
            var events = await run();
            return events / watch.Elapsed.TotalSeconds;
        }

        /// <summary>The SDK's own way: typed pages, following OdataNextLink.</summary>
        private static async Task<long> KiotaTypedAsync(GraphSession session, AuditQuery query)
        {
            var builder = session.Client.AuditLogs.DirectoryAudits;
            var page = await builder.GetAsync(request =>
            {
                request.QueryParameters.Filter = query.BuildFilter(new TimeSlice(query.Since, query.Until));
                request.QueryParameters.Top = 999;
            });
            long events = 0;
            while (page != null)
            {
                events += page.Value?.Count ?? 0;
                if (page.OdataNextLink is null)
                    break;
                page = await builder.WithUrl(page.OdataNextLink).GetAsync();
            }
            return events;
        }

        private static async Task<long> OursAsync(GraphSession session, AuditQuery query)
        {
            long events = 0;
            await new GraphAuditCollector(session).CollectAsync(query, _ => events++);
            return events;
        }
    }
}

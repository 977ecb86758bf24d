using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Graph;
using EntraGuard.Graph.Tests.StandIn;

namespace EntraGuard.GraphPull.Bench
{
    /// <summary>
    /// Pulls the same directoryAudit pages (999 events each) from a loopback stand-in through one GraphServiceClient,
    /// twice: deserialized by Kiota into DirectoryAuditCollectionResponse (the SDK's typed path), and streamed through
    /// EntraGuard's reader into AuditEvents (the path the collector uses). The reports limiter is lifted for these two,
    /// so the figures are the client's own cost; --with-limiter adds a real-time run under 5 requests / 10 s.
    /// Prints name=value lines.
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            var pages = args.Contains("--quick") ? 10 : 40;
            await using var standIn = await GraphStandIn.StartAsync();
            var feed = new AuditFeed(standIn, pages * 999, DateTimeOffset.UtcNow.AddMinutes(-1), TimeSpan.FromMilliseconds(500));
            var since = feed.Events[^1].Time;
            var until = feed.Events[0].Time;
            var query = new AuditQuery { Since = since, Until = until };
            var unlimited = new GraphClientSettings { ReportsRequestsPerWindow = 1_000_000, ReportsWindow = TimeSpan.FromMilliseconds(1), SliceLength = TimeSpan.FromDays(30) };
            var options = new GraphConnectionOptions
            {
                AuthMethod = GraphAuthMethod.AccessToken, AccessToken = SecretText.FromPlainText("bench-token"), GraphBaseUrl = standIn.BaseUrl,
            };
            using var session = GraphSession.Create(options, unlimited);

            Print("pull.pages", pages);
            Print("pull.events", feed.Events.Count);
            for (var round = 0; round < 2; round++) // the first round warms the JIT and the connection
            {
                var kiota = await Measure(() => KiotaTypedAsync(session, query));
                var ours = await Measure(() => OursAsync(session, query));
                if (round == 0) continue;
                Print("pull.kiota_typed.events_per_s", kiota);
                Print("pull.entraguard.events_per_s", ours);
                Print("pull.ratio.entraguard_kiota", ours / kiota);
            }

            if (args.Contains("--with-limiter"))
            {
                // 11 pages under the real limit: 5 at once, 5 after one window, 1 after two. The floor is two windows;
                // efficiency = floor / actual, so 1 means the client adds nothing to the wait the limit imposes.
                var settings = new GraphClientSettings { SliceLength = TimeSpan.FromDays(30) };
                using var limited = GraphSession.Create(options, settings);
                var pagesUnderLimit = Math.Min(pages, 11);
                var limitedQuery = new AuditQuery { Since = feed.Events[pagesUnderLimit * 999 - 1].Time, Until = until };
                var watch = Stopwatch.StartNew();
                var events = await OursAsync(limited, limitedQuery);
                var floor = TimeSpan.FromTicks(settings.ReportsWindow.Ticks * ((pagesUnderLimit - 1) / settings.ReportsRequestsPerWindow));
                Print("pull.limited.requests", pagesUnderLimit);
                Print("pull.limited.seconds", watch.Elapsed.TotalSeconds);
                Print("pull.limited.events_per_s", events / watch.Elapsed.TotalSeconds);
                Print("pull.limited.ceiling_events_per_s", 999.0 * settings.ReportsRequestsPerWindow / settings.ReportsWindow.TotalSeconds);
                Print("pull.limited.efficiency", floor.TotalSeconds / watch.Elapsed.TotalSeconds);
            }
            return 0;
        }

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
                if (page.OdataNextLink is null) break;
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

        private static void Print(string name, double value) => Console.WriteLine($"{name}={value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}");
    }
}

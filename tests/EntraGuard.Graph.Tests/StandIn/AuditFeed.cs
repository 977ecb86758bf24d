using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace EntraGuard.Graph.Tests.StandIn
{
    /// <summary>
    /// Serves a deterministic set of directory audits at /auditLogs/directoryAudits the way Graph does: newest first,
    /// filtered by the activityDateTime bounds of $filter, paged by $top with a nextLink that carries the filter and a
    /// $skiptoken. Faults can be scripted per (page, attempt).
    /// </summary>
    public sealed class AuditFeed
    {
        public const string Path = "/auditLogs/directoryAudits";
        private static readonly string[] Activities =
        {
            "Add service principal credentials",
            "Update application \u2013 Certificates and secrets management ",
            "Add member to group",
            "User deleted security info",
        };

        private readonly GraphStandIn _standIn;
        private readonly ConcurrentDictionary<int, int> _attempts = new();

        public AuditFeed(GraphStandIn standIn, int count, DateTimeOffset newest, TimeSpan spacing, int pageSize = 0)
        {
            _standIn = standIn;
            PageSize = pageSize;
            Events = Enumerable
                .Range(0, count)
                .Select(i => new FeedEvent(
                    $"evt-{i:D6}",
                    newest - TimeSpan.FromTicks(spacing.Ticks * i),
                    Activities[i % Activities.Length]
                ))
                .ToList();
            standIn.On("GET", Path, ServeAsync);
        }

        /// <summary>Page size the feed uses; 0 means "as $top asks" (Graph's default of 100 without $top).</summary>
        public int PageSize { get; }

        public IReadOnlyList<FeedEvent> Events { get; }

        /// <summary>Faults by (0-based page, 1-based attempt at that page); they replace the page's answer.</summary>
        public Dictionary<(int Page, int Attempt), Func<HttpContext, RecordedRequest, string, Task>> Faults { get; } =
            new();

        /// <summary>Runs before a page is served (a gate a test opens later).</summary>
        public Func<int, Task>? BeforePage { get; set; }

        /// <summary>Overrides the nextLink a page carries (to script a loop); null keeps the normal one.</summary>
        public Func<int, string?, string?>? RewriteNextLink { get; set; }

        public static string EventJson(FeedEvent e) =>
            "{"
            + $"\"id\":\"{e.Id}\",\"category\":\"ApplicationManagement\",\"correlationId\":\"{Guid.Empty}\","
            + $"\"result\":\"success\",\"resultReason\":\"\","
            + $"\"activityDisplayName\":{JsonSerializer.Serialize(e.Activity)},"
            + $"\"activityDateTime\":\"{e.Time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'}\","
            + "\"loggedByService\":\"Core Directory\",\"operationType\":\"Update\","
            + "\"initiatedBy\":{\"app\":null,\"user\":{\"id\":\"11111111-1111-1111-1111-111111111111\","
            + "\"displayName\":null,\"userPrincipalName\":\"admin@contoso.example\",\"ipAddress\":\"203.0.113.7\"}},"
            + "\"targetResources\":[{\"id\":\"22222222-2222-2222-2222-222222222222\",\"displayName\":\"Payroll\","
            + "\"type\":\"ServicePrincipal\",\"userPrincipalName\":null,"
            + "\"modifiedProperties\":[{\"displayName\":\"KeyDescription\",\"oldValue\":\"[]\","
            + "\"newValue\":\"[\\\"[KeyIdentifier=33333333-3333-3333-3333-333333333333,KeyType=Password,KeyUsage="
            + "Verify,DisplayName=x]\\\"]\"}]}],"
            + "\"additionalDetails\":[{\"key\":\"User-Agent\",\"value\":\"Mozilla/5.0\"}]"
            + "}";

        /// <summary>A Graph page body.</summary>
        public static string PageJson(IEnumerable<FeedEvent> events, string? nextLink)
        {
            var builder = new StringBuilder(
                "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits\","
            );
            if (nextLink != null)
                builder.Append("\"@odata.nextLink\":").Append(JsonSerializer.Serialize(nextLink)).Append(',');
            builder.Append("\"value\":[").Append(string.Join(",", events.Select(EventJson))).Append("]}");
            return builder.ToString();
        }

        private async Task ServeAsync(HttpContext context, RecordedRequest request)
        {
            request.Query.TryGetValue("$filter", out var filter);
            var (from, to) = Bounds(filter);
            var selected = Events.Where(e => (from is null || e.Time >= from) && (to is null || e.Time <= to)).ToList();
            var size =
                PageSize > 0 ? PageSize
                : request.Query.TryGetValue("$top", out var top) ? int.Parse(top, CultureInfo.InvariantCulture)
                : 100;
            var offset = request.Query.TryGetValue("$skiptoken", out var token)
                ? int.Parse(token, CultureInfo.InvariantCulture)
                : 0;
            var page = offset / size;
            var attempt = _attempts.AddOrUpdate(page, 1, (_, n) => n + 1);
            if (BeforePage != null)
                await BeforePage(page);

            var pageEvents = selected.Skip(offset).Take(size).ToList();
            string? next =
                offset + size < selected.Count
                    ? _standIn.Url(
                        $"{Path}?$filter={Uri.EscapeDataString(filter ?? "")}&$top={size}&$skiptoken={offset + size}"
                    )
                    : null;
            if (RewriteNextLink != null)
                next = RewriteNextLink(page, next);
            var json = PageJson(pageEvents, next);
            if (Faults.TryGetValue((page, attempt), out var fault))
                await fault(context, request, json);
            else
                await GraphStandIn.Json(context, json);
        }

        /// <summary>The activityDateTime ge/le bounds in a $filter.</summary>
        public static (DateTimeOffset? From, DateTimeOffset? To) Bounds(string? filter)
        {
            DateTimeOffset? Find(string op)
            {
                var marker = $"activityDateTime {op} ";
                var at = filter?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
                if (at < 0)
                    return null;
                var text = new string(
                    filter!.Substring(at + marker.Length).TakeWhile(c => c != ' ' && c != ')').ToArray()
                );
                return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            }
            return (Find("ge"), Find("le"));
        }
    }

    public sealed record FeedEvent(string Id, DateTimeOffset Time, string Activity);
}

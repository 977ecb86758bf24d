using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace EntraGuard.Graph.Tests.StandIn
{
    /// <summary>
    /// Serves sign-ins at /auditLogs/signIns the way Graph does: v1.0 returns interactive user sign-ins only, beta the
    /// log its <c>signInEventTypes/any(…)</c> clause names (interactive without one); newest first; filtered by the
    /// createdDateTime bounds and the userId, userPrincipalName, servicePrincipalId and appId clauses of $filter; paged
    /// by $top with a nextLink carrying the filter and a $skiptoken. Faults can be scripted per (log, page, attempt).
    /// </summary>
    public sealed class SignInFeed
    {
        public const string Path = "/auditLogs/signIns";
        private static readonly Regex EventType = new(@"signInEventTypes/any\(t: t eq '(\w+)'\)");
        private static readonly Regex EqualsClause = new(@"(\w+) eq '((?:[^']|'')*)'");

        private readonly GraphStandIn _standIn;
        private readonly ConcurrentDictionary<(FeedLog, int), int> _attempts = new();

        public SignInFeed(GraphStandIn standIn, IEnumerable<FeedSignIn> signIns, int pageSize = 0)
        {
            _standIn = standIn;
            PageSize = pageSize;
            SignIns = signIns.OrderByDescending(s => s.Time).ToList();
            standIn.On("GET", Path, (c, r) => ServeAsync(c, r, GraphStandIn.Version));
            standIn.On("GET", Path, (c, r) => ServeAsync(c, r, GraphStandIn.Beta), GraphStandIn.Beta);
        }

        /// <summary>Page size the feed uses; 0 means "as $top asks".</summary>
        public int PageSize { get; }

        /// <summary>Every sign-in the feed holds, newest first.</summary>
        public IReadOnlyList<FeedSignIn> SignIns { get; }

        /// <summary>Faults by (log, 0-based page, 1-based attempt at it); they replace the page's answer.</summary>
        public Dictionary<
            (FeedLog Log, int Page, int Attempt),
            Func<HttpContext, RecordedRequest, Task>
        > Faults { get; } = new();

        /// <summary>Every request for sign-ins, both versions, in order.</summary>
        public IReadOnlyList<RecordedRequest> Requests =>
            _standIn
                .Requests.Where(r => r.Path == GraphStandIn.Version + Path || r.Path == GraphStandIn.Beta + Path)
                .ToArray();

        public static string SignInJson(FeedSignIn s, bool beta)
        {
            var fields = new Dictionary<string, object?>
            {
                ["id"] = s.Id,
                ["createdDateTime"] = s.Time.UtcDateTime.ToString(
                    "yyyy-MM-dd'T'HH:mm:ss'Z'",
                    CultureInfo.InvariantCulture
                ),
                ["userId"] = s.UserId ?? "",
                ["userPrincipalName"] = s.UserPrincipalName,
                ["userDisplayName"] = s.UserPrincipalName?.Split('@')[0],
                ["appId"] = s.AppId,
                ["appDisplayName"] = s.AppName,
                ["ipAddress"] = s.IpAddress,
                ["clientAppUsed"] = "Browser",
                ["isInteractive"] = s.Kind == FeedLog.InteractiveUser,
                ["resourceDisplayName"] = "Microsoft Graph",
                ["correlationId"] = Guid.Empty.ToString(),
                ["status"] = new Dictionary<string, object?>
                {
                    ["errorCode"] = s.ErrorCode,
                    ["failureReason"] = s.ErrorCode == 0 ? "Other." : "Invalid username or password.",
                },
            };
            if (beta)
            {
                fields["signInEventTypes"] = new[] { EventTypeName(s.Kind) };
                fields["servicePrincipalId"] = s.ServicePrincipalId ?? "";
                fields["servicePrincipalName"] = s.ServicePrincipalId is null ? "" : s.AppName;
                fields["servicePrincipalCredentialKeyId"] = s.KeyId ?? "";
                fields["userAgent"] = s.UserAgent ?? "";
            }
            return JsonSerializer.Serialize(fields);
        }

        public static string EventTypeName(FeedLog kind) =>
            kind switch
            {
                FeedLog.InteractiveUser => "interactiveUser",
                FeedLog.NonInteractiveUser => "nonInteractiveUser",
                FeedLog.ServicePrincipal => "servicePrincipal",
                _ => "managedIdentity",
            };

        private async Task ServeAsync(HttpContext context, RecordedRequest request, string version)
        {
            request.Query.TryGetValue("$filter", out var filter);
            filter ??= "";
            var log = FeedLog.InteractiveUser;
            var type = EventType.Match(filter);
            if (version == GraphStandIn.Beta && type.Success)
                log = Enum.GetValues<FeedLog>().Single(k => EventTypeName(k) == type.Groups[1].Value);
            var (from, to) = Bounds(filter);
            var equals = EqualsClause
                .Matches(EventType.Replace(filter, ""))
                .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Replace("''", "'"));
            bool Holds(string property, string? value) =>
                !equals.TryGetValue(property, out var wanted)
                || string.Equals(wanted, value, StringComparison.OrdinalIgnoreCase);
            var selected = SignIns
                .Where(s =>
                    s.Kind == log
                    && (from is null || s.Time >= from)
                    && (to is null || s.Time <= to)
                    && Holds("userId", s.UserId)
                    && Holds("userPrincipalName", s.UserPrincipalName)
                    && Holds("servicePrincipalId", s.ServicePrincipalId)
                    && Holds("appId", s.AppId)
                )
                .ToList();
            var size =
                PageSize > 0 ? PageSize
                : request.Query.TryGetValue("$top", out var top) ? int.Parse(top, CultureInfo.InvariantCulture)
                : 1000;
            var offset = request.Query.TryGetValue("$skiptoken", out var token)
                ? int.Parse(token, CultureInfo.InvariantCulture)
                : 0;
            var page = offset / size;
            var attempt = _attempts.AddOrUpdate((log, page), 1, (_, n) => n + 1);
            if (Faults.TryGetValue((log, page, attempt), out var fault))
            {
                await fault(context, request);
                return;
            }
            var next =
                offset + size < selected.Count
                    ? _standIn.Root.ToString().TrimEnd('/')
                        + $"{version}{Path}?$filter={Uri.EscapeDataString(filter)}&$top={size}"
                        + $"&$skiptoken={offset + size}"
                    : null;
            var builder = new StringBuilder(
                "{\"@odata.context\":\"https://graph.microsoft.com/beta/$metadata#auditLogs/signIns\","
            );
            if (next != null)
                builder.Append("\"@odata.nextLink\":").Append(JsonSerializer.Serialize(next)).Append(',');
            builder
                .Append("\"value\":[")
                .Append(
                    string.Join(
                        ",",
                        selected.Skip(offset).Take(size).Select(s => SignInJson(s, version == GraphStandIn.Beta))
                    )
                )
                .Append("]}");
            await GraphStandIn.Json(context, builder.ToString());
        }

        /// <summary>The createdDateTime ge/le bounds in a $filter.</summary>
        public static (DateTimeOffset? From, DateTimeOffset? To) Bounds(string? filter)
        {
            DateTimeOffset? Find(string op)
            {
                var marker = $"createdDateTime {op} ";
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

    /// <summary>The sign-in logs Graph keeps apart (EntraGuard's SignInKind; the stand-ins use no EntraGuard
    /// type).</summary>
    public enum FeedLog
    {
        InteractiveUser,
        NonInteractiveUser,
        ServicePrincipal,
        ManagedIdentity,
    }

    /// <summary>One sign-in the feed serves.</summary>
    public sealed record FeedSignIn(
        string Id,
        DateTimeOffset Time,
        FeedLog Kind,
        string? UserId = null,
        string? UserPrincipalName = null,
        string? ServicePrincipalId = null,
        string? AppId = null,
        string? AppName = null,
        string? KeyId = null,
        string? IpAddress = null,
        string? UserAgent = null,
        int ErrorCode = 0
    )
    {
        /// <summary>A user's sign-in to an app.</summary>
        public static FeedSignIn User(
            string id,
            DateTimeOffset time,
            string userId,
            string upn,
            string ip,
            bool interactive = true,
            int errorCode = 0,
            string userAgent = "Mozilla/5.0"
        ) =>
            new(
                id,
                time,
                interactive ? FeedLog.InteractiveUser : FeedLog.NonInteractiveUser,
                userId,
                upn,
                AppId: "00000003-0000-0000-c000-000000000000",
                AppName: "Microsoft Graph Explorer",
                IpAddress: ip,
                UserAgent: userAgent,
                ErrorCode: errorCode
            );

        /// <summary>A service principal signing in with a key.</summary>
        public static FeedSignIn Workload(
            string id,
            DateTimeOffset time,
            string servicePrincipalId,
            string appId,
            string keyId,
            string ip,
            FeedLog kind = FeedLog.ServicePrincipal
        ) =>
            new(
                id,
                time,
                kind,
                ServicePrincipalId: servicePrincipalId,
                AppId: appId,
                AppName: "Payroll-Sync",
                KeyId: keyId,
                IpAddress: ip,
                UserAgent: "python-requests/2.31.0"
            );
    }
}

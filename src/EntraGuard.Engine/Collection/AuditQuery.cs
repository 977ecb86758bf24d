using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Collection
{
    /// <summary>
    /// Which directory audits to collect. Every condition Graph can evaluate goes into <c>$filter</c>
    /// (<see cref="BuildFilter"/>); <see cref="Matches"/> applies all of them again to each event, because Graph
    /// compares activity names exactly while EntraGuard compares them normalized (dash variants, trailing spaces).
    /// </summary>
    public sealed class AuditQuery : ILogQuery<AuditEvent>
    {
        /// <summary>How far back a collection reaches when no start is given.</summary>
        public static readonly TimeSpan DefaultLookBack = TimeSpan.FromHours(24);

        public DateTimeOffset Since { get; init; }
        public DateTimeOffset Until { get; init; }

        /// <summary>Activity names, compared normalized (see <see cref="ActivityName"/>).</summary>
        public IReadOnlyList<string> Activities { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> Categories { get; init; } = Array.Empty<string>();

        /// <summary>The initiating user: an object id, a user principal name (with '@'), or a display name.</summary>
        public string? InitiatedByUser { get; init; }

        /// <summary>The initiating application: an application (client) id, or a display name.</summary>
        public string? InitiatedByApp { get; init; }

        /// <summary>The object id of a target resource.</summary>
        public string? TargetId { get; init; }

        /// <summary>success, failure or timeout.</summary>
        public IReadOnlyList<string> Results { get; init; } = Array.Empty<string>();

        /// <summary>The range a collection covers: the given ends, defaulting to the last 24 hours up to now.</summary>
        public static (DateTimeOffset Since, DateTimeOffset Until) ResolveRange(
            DateTimeOffset? since,
            DateTimeOffset? until,
            DateTimeOffset now
        )
        {
            var end = until ?? now;
            var start = since ?? end - DefaultLookBack;
            if (start > end)
                throw new ArgumentException(
                    $"The start of the range ({start:o}) is after its end ({end:o}).",
                    nameof(since)
                );
            return (start, end);
        }

        /// <summary>
        /// One line saying what a collection of this query returned: the window and the count. A window with no event
        /// is normal (a quiet 9 minutes), so this is information, never an error.
        /// </summary>
        public string DescribeWindow(long events) =>
            $"{events:N0} audit event(s) from Microsoft Graph between {Since.UtcDateTime:u} and {Until.UtcDateTime:u}"
            + (
                events == 0
                    ? " (a quiet window: an identity without AuditLog.Read.All is refused, not answered empty)"
                    : ""
            );

        /// <summary>Checks the query before any request: a range that ends before it starts, an unknown
        /// result.</summary>
        public void Validate()
        {
            if (Since > Until)
                throw new ArgumentException(
                    $"The start of the range ({Since:o}) is after its end ({Until:o}).",
                    nameof(Since)
                );
            foreach (var result in Results)
            {
                if (!KnownResults.Contains(result, StringComparer.OrdinalIgnoreCase))
                {
                    throw new ArgumentException(
                        $"Unknown result '{result}': use {string.Join(", ", KnownResults)}.",
                        nameof(Results)
                    );
                }
            }
        }

        private static readonly string[] KnownResults = { "success", "failure", "timeout" };

        /// <summary>The <c>$filter</c> for one time slice of this query.</summary>
        public string BuildFilter(TimeSlice slice)
        {
            return ODataFilter.AllOf(
                new[]
                {
                    $"activityDateTime ge {ODataFilter.Time(slice.From)}",
                    $"activityDateTime le {ODataFilter.Time(slice.To)}",
                    ODataFilter.AnyOf(Activities.SelectMany(ActivityClauses)),
                    ODataFilter.AnyOf(Categories.Select(c => ODataFilter.Eq("category", c))),
                    InitiatedByUser is null ? null : UserClause(InitiatedByUser),
                    InitiatedByApp is null ? null : AppClause(InitiatedByApp),
                    TargetId is null ? null : $"targetResources/any(t:t/id eq {ODataFilter.Quote(TargetId)})",
                    ODataFilter.AnyOf(Results.Select(r => ODataFilter.Eq("result", r.ToLowerInvariant()))),
                }
            );
        }

        /// <summary>Whether an event satisfies every condition of the query.</summary>
        public bool Matches(AuditEvent auditEvent)
        {
            if (auditEvent.ActivityDateTime < Since || auditEvent.ActivityDateTime > Until)
                return false;
            if (Activities.Count > 0 && !Activities.Any(a => ActivityName.AreSame(a, auditEvent.ActivityDisplayName)))
                return false;
            if (Categories.Count > 0 && !Categories.Any(c => Same(c, auditEvent.Category)))
                return false;
            if (Results.Count > 0 && !Results.Any(r => Same(r, auditEvent.Result)))
                return false;
            // Each condition touches the event only when set: a read event decodes its fields on first use.
            if (
                InitiatedByUser != null
                && !(
                    Same(InitiatedByUser, auditEvent.InitiatedBy.UserId)
                    || Same(InitiatedByUser, auditEvent.InitiatedBy.UserPrincipalName)
                    || Same(InitiatedByUser, auditEvent.InitiatedBy.UserDisplayName)
                )
            )
                return false;
            if (
                InitiatedByApp != null
                && !(
                    Same(InitiatedByApp, auditEvent.InitiatedBy.AppId)
                    || Same(InitiatedByApp, auditEvent.InitiatedBy.AppDisplayName)
                )
            )
                return false;
            if (TargetId != null && !auditEvent.TargetResources.Any(t => Same(TargetId, t.Id)))
                return false;
            return true;
        }

        /// <summary>
        /// Graph's <c>eq</c> needs the stored string exactly. Names with a dash are stored with a hyphen or an en dash
        /// and sometimes a trailing space, so those are asked for with <c>startswith</c> in both spellings.
        /// </summary>
        private static IEnumerable<string> ActivityClauses(string activity)
        {
            var normalized = ActivityName.Normalize(activity);
            if (!normalized.Contains(" - "))
                return new[] { ODataFilter.Eq("activityDisplayName", normalized) };
            return new[]
            {
                ODataFilter.StartsWith("activityDisplayName", normalized),
                ODataFilter.StartsWith("activityDisplayName", normalized.Replace(" - ", " \u2013 ")),
            };
        }

        private static string UserClause(string user) =>
            Guid.TryParse(user, out _) ? ODataFilter.Eq("initiatedBy/user/id", user)
            : user.Contains("@") ? ODataFilter.Eq("initiatedBy/user/userPrincipalName", user)
            : ODataFilter.Eq("initiatedBy/user/displayName", user);

        private static string AppClause(string app) =>
            Guid.TryParse(app, out _)
                ? ODataFilter.Eq("initiatedBy/app/appId", app)
                : ODataFilter.Eq("initiatedBy/app/displayName", app);

        private static bool Same(string expected, string? actual) =>
            string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Collection
{
    /// <summary>
    /// Which sign-ins to read, from Graph or from files. Graph keeps each sign-in log apart: v1.0
    /// <c>auditLogs/signIns</c> returns interactive user sign-ins only, the beta endpoint returns the others when
    /// asked by <c>signInEventTypes</c>. So a query is read as one request chain per log (<see cref="LogsToRead"/>),
    /// each with its conditions in <c>$filter</c> (<see cref="BuildFilter"/>); <see cref="Matches"/> applies them all
    /// again to each sign-in, for files and for a server that filters loosely.
    /// </summary>
    public sealed record SignInQuery : ILogQuery<SignInEvent>
    {
        private static readonly SignInKind[] AllKinds =
        {
            SignInKind.InteractiveUser,
            SignInKind.NonInteractiveUser,
            SignInKind.ServicePrincipal,
            SignInKind.ManagedIdentity,
        };

        public DateTimeOffset Since { get; init; }
        public DateTimeOffset Until { get; init; }

        /// <summary>The user: an object id, or a user principal name (with '@').</summary>
        public string? User { get; init; }

        /// <summary>The object id of the service principal signing in (workload logs).</summary>
        public string? ServicePrincipalId { get; init; }

        /// <summary>The application (client) id: the app signed in to (users) or signing in (workloads).</summary>
        public string? AppId { get; init; }

        /// <summary>The logs to read; empty reads every log the other conditions allow.</summary>
        public IReadOnlyList<SignInKind> Kinds { get; init; } = Array.Empty<SignInKind>();

        /// <summary>
        /// The logs a read needs, in a fixed order: those asked for, less those no sign-in of which can match (a user
        /// is never in the workload logs, a service principal never in the user logs), so no request is wasted.
        /// </summary>
        public IReadOnlyList<SignInKind> LogsToRead() =>
            AllKinds
                .Where(kind => Kinds.Count == 0 || Kinds.Contains(kind))
                .Where(kind => User is null || IsUserLog(kind))
                .Where(kind => ServicePrincipalId is null || !IsUserLog(kind))
                .ToArray();

        /// <summary>Checks the query before any request: a range ending before it starts, contradictions.</summary>
        public void Validate()
        {
            if (Since > Until)
                throw new ArgumentException(
                    $"The start of the range ({Since:o}) is after its end ({Until:o}).",
                    nameof(Since)
                );
            if (User != null && ServicePrincipalId != null)
                throw new ArgumentException(
                    "A sign-in is either a user's or a service principal's: give the user or the service principal, "
                        + "not both.",
                    nameof(User)
                );
            if (LogsToRead().Count == 0)
                throw new ArgumentException(
                    $"No sign-in log can match: {(User != null ? "a user" : "a service principal")} never signs in "
                        + $"as {string.Join(", ", Kinds)}.",
                    nameof(Kinds)
                );
        }

        /// <summary>Whether a log is read from Graph's beta endpoint (all but interactive user sign-ins).</summary>
        public static bool IsBetaLog(SignInKind kind) => kind != SignInKind.InteractiveUser;

        /// <summary>The name Graph's <c>signInEventTypes</c> gives a log.</summary>
        public static string EventTypeName(SignInKind kind) =>
            kind switch
            {
                SignInKind.InteractiveUser => "interactiveUser",
                SignInKind.NonInteractiveUser => "nonInteractiveUser",
                SignInKind.ServicePrincipal => "servicePrincipal",
                _ => "managedIdentity",
            };

        /// <summary>The <c>$filter</c> for one log and one time slice of this query.</summary>
        public string BuildFilter(SignInKind kind, TimeSlice slice) =>
            ODataFilter.AllOf(
                new[]
                {
                    $"createdDateTime ge {ODataFilter.Time(slice.From)}",
                    $"createdDateTime le {ODataFilter.Time(slice.To)}",
                    IsBetaLog(kind) ? $"signInEventTypes/any(t: t eq {ODataFilter.Quote(EventTypeName(kind))})" : null,
                    User is null ? null
                    : Guid.TryParse(User, out _) ? ODataFilter.Eq("userId", User)
                    : ODataFilter.Eq("userPrincipalName", User),
                    ServicePrincipalId is null ? null : ODataFilter.Eq("servicePrincipalId", ServicePrincipalId),
                    AppId is null ? null : ODataFilter.Eq("appId", AppId),
                }
            );

        /// <summary>Whether a sign-in satisfies every condition of the query.</summary>
        public bool Matches(SignInEvent signIn)
        {
            if (signIn.CreatedDateTime < Since || signIn.CreatedDateTime > Until)
                return false;
            if (Kinds.Count > 0 && !Kinds.Contains(signIn.Kind))
                return false;
            if (User != null && !signIn.IsBy(User))
                return false;
            if (ServicePrincipalId != null && !Same(ServicePrincipalId, signIn.ServicePrincipalId))
                return false;
            return AppId is null || Same(AppId, signIn.AppId);
        }

        /// <summary>One line saying what a read of this query returned from Graph: window, logs, count.</summary>
        public string DescribeWindow(long signIns) =>
            $"{signIns:N0} sign-in(s) from Microsoft Graph between {Since.UtcDateTime:u} and {Until.UtcDateTime:u} "
            + $"({string.Join(", ", LogsToRead().Select(EventTypeName))})";

        private static bool IsUserLog(SignInKind kind) =>
            kind is SignInKind.InteractiveUser or SignInKind.NonInteractiveUser;

        private static bool Same(string expected, string? actual) =>
            string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase);
    }
}

using System;
using System.Collections.Generic;

namespace EntraGuard.Response
{
    /// <summary>
    /// One remediation as the journal tells it: who acted, when, on which tenant and object, the calls made, the state
    /// read before them (never a secret) and how it ended. A run that stopped between the call and its outcome leaves
    /// the record <see cref="ActionStatus.Pending"/>.
    /// </summary>
    public sealed record JournalRecord
    {
        public string JournalId { get; init; } = "";

        /// <summary>When the action was journaled as started (or decided, when no call was needed).</summary>
        public DateTimeOffset Time { get; init; }

        /// <summary>When its outcome was journaled; null while pending.</summary>
        public DateTimeOffset? CompletedTime { get; init; }

        public ActionStatus Status { get; init; }
        public ResponseAction Action { get; init; }
        public string? TenantId { get; init; }

        /// <summary>The identity EntraGuard was connected to Graph as (account, or app id).</summary>
        public string? ConnectedAs { get; init; }

        /// <summary>The local account and machine that ran EntraGuard.</summary>
        public string? Operator { get; init; }

        /// <summary>servicePrincipal, application, user or group.</summary>
        public string TargetType { get; init; } = "";

        public string TargetId { get; init; } = "";
        public string? TargetName { get; init; }

        /// <summary>The write calls, each as <c>METHOD /path body</c> (bodies without secret values).</summary>
        public IReadOnlyList<string> Calls { get; init; } = Array.Empty<string>();

        /// <summary>The state read before acting, as compact JSON without secret values.</summary>
        public string? PriorState { get; init; }

        public string? Detail { get; init; }

        /// <summary>Why it failed, in Graph terms (PermissionDenied, NotFound, Throttled…), when it failed.</summary>
        public string? ErrorKind { get; init; }

        /// <summary>Sent to Graph as client-request-id, so Graph's own logs can be matched to this record.</summary>
        public string? CorrelationId { get; init; }

        /// <summary>The risk event that prompted the action, when one did.</summary>
        public string? RiskEventId { get; init; }

        /// <summary>Pending records of earlier runs that this action's outcome settles.</summary>
        public IReadOnlyList<string> Settles { get; init; } = Array.Empty<string>();

        /// <summary>For a record left pending by a stopped run: the later record that settled it.</summary>
        public string? SettledBy { get; init; }

        public override string ToString() =>
            $"{Time.UtcDateTime:u} {Status} {Action} {TargetType} {TargetName ?? TargetId}"
            + (Detail is null ? "" : $": {Detail}");
    }
}

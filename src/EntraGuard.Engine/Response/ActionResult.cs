using System;
using System.Collections.Generic;
using EntraGuard.Collection;

namespace EntraGuard.Response
{
    /// <summary>How one remediation of one target ended: what the cmdlets write, one per target.</summary>
    public sealed class ActionResult
    {
        public ResponseAction Action { get; init; }

        /// <summary>The target's name and id.</summary>
        public string Target { get; init; } = "";

        public DirectoryObjectType TargetType { get; init; }
        public string TargetId { get; init; } = "";
        public ActionStatus Status { get; init; }

        /// <summary>What was done, or why nothing was (never a secret).</summary>
        public string Detail { get; init; } = "";

        /// <summary>The journal record of this action (Get-EntraGuardJournal -JournalId …).</summary>
        public string? JournalId { get; init; }

        /// <summary>For a failure: Authentication, PermissionDenied, NotFound, Throttled, …</summary>
        public GraphErrorKind? ErrorKind => Error?.Kind;

        /// <summary>The Graph error behind a failure.</summary>
        public GraphRequestException? Error { get; init; }

        /// <summary>The pass issued (New-EntraTemporaryAccessPass only); its code is a SecureString.</summary>
        public IssuedTemporaryAccessPass? TemporaryAccessPass { get; init; }

        public string? RiskEventId { get; init; }

        /// <summary>Journal records an earlier, stopped run left pending that this outcome settled.</summary>
        public IReadOnlyList<string> SettledJournalIds { get; init; } = Array.Empty<string>();

        /// <summary>The plan that was carried out.</summary>
        public ResponsePlan Plan { get; init; } = null!;

        /// <summary>Done and AlreadyDone are successes.</summary>
        public bool Succeeded => Status is ActionStatus.Done or ActionStatus.AlreadyDone;

        public override string ToString() => $"{Status} {Action} {Target}: {Detail}";
    }
}

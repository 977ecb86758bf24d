using System;
using System.Collections.Generic;

namespace EntraGuard.Investigation
{
    /// <summary>
    /// What the data says around one risk event, as flat facts a runbook can branch on. A fact the data cannot answer
    /// is null, never false or zero, and <see cref="Summary"/> says why ("unknown is not no").
    /// </summary>
    public sealed class RiskEventContext
    {
        public string RiskEventId { get; init; } = "";
        public string RuleId { get; init; } = "";
        public string? RuleName { get; init; }
        public DateTimeOffset TimeGenerated { get; init; }
        public string? ActorName { get; init; }
        public string? TargetName { get; init; }
        public IReadOnlyList<string> EventIds { get; init; } = Array.Empty<string>();

        /// <summary>One sentence a human reads first: the credential's use, the actor's addresses, the trail, and what
        /// is unknown.</summary>
        public string Summary { get; init; } = "";

        // Credential facts: for findings about a credential added; null for other findings.
        public string? CredentialKeyId { get; init; }
        public string? CredentialType { get; init; }

        /// <summary>When the credential expires: audit records do not say, so only a directory read fills it (null
        /// from files, or when the credential is gone from the principal; the summary says which).</summary>
        public DateTimeOffset? CredentialEndDateTime { get; init; }

        /// <summary>Days from the credential's start to its end, as the directory states them.</summary>
        public int? CredentialLifetimeDays { get; init; }

        /// <summary>Whether that lifetime exceeds <see cref="InvestigationOptions.MaxCredentialLifetime"/>: a
        /// persistence secret is usually made to last.</summary>
        public bool? CredentialLongLived { get; init; }

        /// <summary>True when a service-principal sign-in used the key; false when sign-ins after the add were read and
        /// none did; null otherwise.</summary>
        public bool? CredentialUsed { get; init; }

        public int? CredentialSignInCount { get; init; }
        public DateTimeOffset? CredentialFirstUsed { get; init; }
        public DateTimeOffset? CredentialLastUsed { get; init; }
        public IReadOnlyList<string>? CredentialIpAddresses { get; init; }

        // Actor facts: from the actor's sign-ins inside the window; null when no sign-ins cover the window.
        public int? ActorSignInCount { get; init; }
        public IReadOnlyList<string>? ActorIpAddresses { get; init; }

        /// <summary>Addresses of the actor's sign-ins (failed ones too) inside the window that the actor never used
        /// before it.</summary>
        public IReadOnlyList<string>? ActorNewIpAddresses { get; init; }

        /// <summary>User agents of the actor's sign-ins inside the window, and of the finding's own request.</summary>
        public IReadOnlyList<string>? ActorUserAgents { get; init; }

        /// <summary>Whether one of those user agents is a scripting client (python-requests, curl, Go, PowerShell,
        /// Azure CLI, …).</summary>
        public bool? ActorScriptingClient { get; init; }

        public int? ActorFailedSignIns { get; init; }

        /// <summary>How often the actor did the finding's activity before it, in the audit events read.</summary>
        public int? ActorPriorSameActivityCount { get; init; }

        /// <summary>
        /// The actor's other audit events inside the window and other changes to the same target, in time order: at
        /// most <see cref="InvestigationOptions.MaxRelatedEventIds"/>, those nearest the risk event.
        /// </summary>
        public IReadOnlyList<string> RelatedEventIds { get; init; } = Array.Empty<string>();

        /// <summary>Related events beyond those listed in <see cref="RelatedEventIds"/> (0 when all are).</summary>
        public int RelatedEventIdsNotListed { get; init; }

        // Reach: what the target principal holds (the target service principal, or a target user's roles). Only a
        // directory read answers it (Graph); null = unknown (files, or a list Graph would not give).
        public IReadOnlyList<string>? ReachApplicationPermissions { get; init; }
        public IReadOnlyList<string>? ReachDelegatedGrants { get; init; }
        public IReadOnlyList<string>? ReachDirectoryRoles { get; init; }

        /// <summary>Directory roles held as a member of a role-assignable group, as "role (via group)".</summary>
        public IReadOnlyList<string>? TargetRolesViaGroups { get; init; }

        /// <summary>Directory roles the target may activate through PIM (eligible, not active); null when unread,
        /// e.g. without an Entra ID P2 licence.</summary>
        public IReadOnlyList<string>? TargetEligibleRoles { get; init; }

        /// <summary>
        /// Whether the target holds a high-impact permission or a privileged directory role (see
        /// <see cref="PrivilegedReach"/>); null when its reach is unknown.
        /// </summary>
        public bool? TargetPrivileged { get; init; }

        /// <summary>The held permissions and roles that make the target privileged; null when unknown.</summary>
        public IReadOnlyList<string>? ReachHighImpact { get; init; }

        public override string ToString() => $"{RuleId} {RiskEventId}: {Summary}";
    }
}

using System;
using System.Collections.Generic;

namespace EntraGuard.Posture
{
    /// <summary>
    /// The parts of a Conditional Access policy (<c>identity/conditionalAccess/policies</c>) that the posture checks
    /// judge. Values keep Graph's spelling (<c>All</c>, <c>mfa</c>, <c>exchangeActiveSync</c>, …); comparisons are
    /// case-insensitive.
    /// </summary>
    public sealed class ConditionalAccessPolicy
    {
        public string Id { get; init; } = "";
        public string DisplayName { get; init; } = "";

        /// <summary>enabled, disabled or enabledForReportingButNotEnforced (report-only).</summary>
        public string State { get; init; } = "";

        public bool IsEnabled => string.Equals(State, "enabled", StringComparison.OrdinalIgnoreCase);
        public bool IsReportOnly =>
            string.Equals(State, "enabledForReportingButNotEnforced", StringComparison.OrdinalIgnoreCase);

        // conditions.users
        public IReadOnlyList<string> IncludeUsers { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> ExcludeUsers { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> IncludeGroups { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> ExcludeGroups { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> IncludeRoles { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> ExcludeRoles { get; init; } = Array.Empty<string>();

        /// <summary>The guest or external user kinds excluded (<c>excludeGuestsOrExternalUsers.guestOrExternalUserTypes</c>), or null.</summary>
        public string? ExcludeGuestsOrExternalUsers { get; init; }

        /// <summary>True when the policy targets workload identities (<c>conditions.clientApplications</c>) rather than users.</summary>
        public bool TargetsWorkloadIdentities { get; init; }

        // conditions.applications
        public IReadOnlyList<string> IncludeApplications { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> ExcludeApplications { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> IncludeUserActions { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> IncludeAuthenticationContexts { get; init; } = Array.Empty<string>();
        public bool HasApplicationFilter { get; init; }

        // other conditions: any of these makes the policy apply only some of the time
        public IReadOnlyList<string> ClientAppTypes { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> SignInRiskLevels { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> UserRiskLevels { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> IncludePlatforms { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> ExcludePlatforms { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> IncludeLocations { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> ExcludeLocations { get; init; } = Array.Empty<string>();
        public bool HasDeviceFilter { get; init; }
        public bool HasAuthenticationFlows { get; init; }
        public bool HasInsiderRiskLevels { get; init; }

        // grantControls
        /// <summary>AND or OR; how several grant controls combine.</summary>
        public string GrantOperator { get; init; } = "OR";

        public IReadOnlyList<string> BuiltInControls { get; init; } = Array.Empty<string>();

        /// <summary>The authentication strength the policy demands (its display name or id), or null.</summary>
        public string? AuthenticationStrength { get; init; }

        public IReadOnlyList<string> CustomAuthenticationFactors { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> TermsOfUse { get; init; } = Array.Empty<string>();

        public override string ToString() => $"'{DisplayName}' ({State})";
    }
}

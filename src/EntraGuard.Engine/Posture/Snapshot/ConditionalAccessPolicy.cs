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

        /// <summary>
        /// The guest or external user kinds excluded (<c>excludeGuestsOrExternalUsers.guestOrExternalUserTypes</c>), or
        /// null.
        /// </summary>
        public string? ExcludeGuestsOrExternalUsers { get; init; }

        /// <summary>
        /// True when the policy targets workload identities (<c>conditions.clientApplications</c>) rather than users.
        /// </summary>
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

        /// <summary><c>conditions.devices.deviceFilter</c>, parsed; null when the policy has none.</summary>
        public ConditionalAccess.DeviceFilter? DeviceFilter { get; init; }

        public bool HasDeviceFilter => DeviceFilter is not null;

        /// <summary>
        /// <c>conditions.authenticationFlows.transferMethods</c>: deviceCodeFlow, authenticationTransfer, or both.
        /// </summary>
        public string? TransferMethods { get; init; }

        public bool HasAuthenticationFlows => TransferMethods is { Length: > 0 };
        public bool HasInsiderRiskLevels { get; init; }

        /// <summary>
        /// Who among guests and external users the policy includes (<c>includeGuestsOrExternalUsers</c>), or null.
        /// </summary>
        public string? IncludeGuestsOrExternalUsers { get; init; }

        // grantControls
        /// <summary>AND or OR; how several grant controls combine.</summary>
        public string GrantOperator { get; init; } = "OR";

        public IReadOnlyList<string> BuiltInControls { get; init; } = Array.Empty<string>();

        /// <summary>The authentication strength the policy demands (its display name or id), or null.</summary>
        public string? AuthenticationStrength { get; init; }

        /// <summary>
        /// The authentication strength's id (built-in ones are 00000000-0000-0000-0000-00000000000n).
        /// </summary>
        public string? AuthenticationStrengthId { get; init; }

        /// <summary>The method combinations the strength allows (<c>allowedCombinations</c>: fido2, …).</summary>
        public IReadOnlyList<string> AuthenticationStrengthCombinations { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> CustomAuthenticationFactors { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> TermsOfUse { get; init; } = Array.Empty<string>();

        /// <summary>The session controls (<c>sessionControls</c>) that are enabled; empty when none are.</summary>
        public SessionControls Session { get; init; } = SessionControls.None;

        // Graph beta only (v1.0 leaves these out): the agent identities a policy covers and their risk.
        /// <summary><c>conditions.agentIdRiskLevels</c>: low, medium, high.</summary>
        public IReadOnlyList<string> AgentIdRiskLevels { get; init; } = Array.Empty<string>();

        /// <summary><c>conditions.clientApplications.includeAgentIdServicePrincipals</c>: All or agent ids.</summary>
        public IReadOnlyList<string> IncludeAgentIdServicePrincipals { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> ExcludeAgentIdServicePrincipals { get; init; } = Array.Empty<string>();

        /// <summary>True when <c>agentIdServicePrincipalFilter</c> narrows the agents by their attributes.</summary>
        public bool HasAgentIdServicePrincipalFilter { get; init; }

        public override string ToString() => $"'{DisplayName}' ({State})";
    }

    /// <summary>A policy's enabled session controls, as far as the checks read them.</summary>
    public sealed class SessionControls
    {
        public static SessionControls None { get; } = new();

        /// <summary>
        /// <c>signInFrequency</c>: "everyTime", or a period such as "4 hours" / "7 days"; null when not enabled.
        /// </summary>
        public string? SignInFrequency { get; init; }

        /// <summary>
        /// The sign-in frequency as a period, for comparing; zero for every time, null when not enabled.
        /// </summary>
        public TimeSpan? SignInFrequencyPeriod { get; init; }

        /// <summary><c>persistentBrowser.mode</c> (always or never) when enabled, else null.</summary>
        public string? PersistentBrowser { get; init; }

        public bool ApplicationEnforcedRestrictions { get; init; }

        /// <summary><c>cloudAppSecurity.cloudAppSecurityType</c> when enabled, else null.</summary>
        public string? CloudAppSecurity { get; init; }

        public bool IsEmpty =>
            SignInFrequency is null
            && PersistentBrowser is null
            && !ApplicationEnforcedRestrictions
            && CloudAppSecurity is null;

        public override string ToString()
        {
            var parts = new List<string>();
            if (SignInFrequency is { } frequency)
                parts.Add($"sign-in frequency {frequency}");
            if (PersistentBrowser is { } browser)
                parts.Add($"persistent browser {browser}");
            if (ApplicationEnforcedRestrictions)
                parts.Add("app-enforced restrictions");
            if (CloudAppSecurity is { } cloud)
                parts.Add($"Defender for Cloud Apps {cloud}");
            return parts.Count == 0 ? "no session controls" : string.Join(", ", parts);
        }
    }
}

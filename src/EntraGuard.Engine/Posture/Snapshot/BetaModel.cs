namespace EntraGuard.Posture
{
    /// <summary>
    /// Whether users may report an MFA prompt they did not start, and who may (beta
    /// <c>authenticationMethodsPolicy.reportSuspiciousActivitySettings</c>; v1.0 does not return it).
    /// </summary>
    public sealed class SuspiciousActivityReporting
    {
        /// <summary>enabled, disabled or default (Microsoft-managed); null when not returned.</summary>
        public string? State { get; init; }

        /// <summary>The users it covers: all_users or a group's id; null when not returned.</summary>
        public string? IncludeTargetId { get; init; }
    }

    /// <summary>
    /// Entra ID P1 and P2 licences held against the users of the features that need them (beta
    /// <c>reports/azureADPremiumLicenseInsight</c>). A count Graph did not return is null.
    /// </summary>
    public sealed class PremiumLicenseInsight
    {
        public long? EntitledP1LicenseCount { get; init; }
        public long? EntitledP2LicenseCount { get; init; }

        /// <summary>Member users under Conditional Access (a P1 feature).</summary>
        public long? ConditionalAccessUsers { get; init; }

        public long? ConditionalAccessGuestUsers { get; init; }

        /// <summary>Member users under risk-based Conditional Access (a P2 feature).</summary>
        public long? RiskBasedConditionalAccessUsers { get; init; }

        public long? RiskBasedConditionalAccessGuestUsers { get; init; }
    }
}

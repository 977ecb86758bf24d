using System;
using System.Collections.Generic;

namespace EntraGuard.Posture
{
    /// <summary>The tenant's default app management policy (<c>policies/defaultAppManagementPolicy</c>).</summary>
    public sealed class AppManagementSettings
    {
        public bool IsEnabled { get; init; }

        /// <summary>The restrictions on application registrations' credentials.</summary>
        public IReadOnlyList<CredentialRestriction> ApplicationRestrictions { get; init; } =
            Array.Empty<CredentialRestriction>();

        /// <summary>The restrictions on service principals' credentials.</summary>
        public IReadOnlyList<CredentialRestriction> ServicePrincipalRestrictions { get; init; } =
            Array.Empty<CredentialRestriction>();
    }

    /// <summary>One restriction of an <c>appManagementConfiguration</c>: a <c>passwordCredentialConfiguration</c> or
    /// a <c>keyCredentialConfiguration</c>.</summary>
    public sealed class CredentialRestriction
    {
        /// <summary>passwordAddition, passwordLifetime, customPasswordAddition, symmetricKeyAddition,
        /// symmetricKeyLifetime, asymmetricKeyLifetime, trustedCertificateAuthority, …</summary>
        public string RestrictionType { get; init; } = "";

        /// <summary>True for a restriction on secrets (<c>passwordCredentials</c>), false for one on
        /// keys.</summary>
        public bool OnSecrets { get; init; }

        /// <summary>enabled or disabled; null where Graph did not say (a restriction is enforced unless
        /// disabled).</summary>
        public string? State { get; init; }

        /// <summary>The longest lifetime allowed, as an ISO 8601 duration (P90D), for the lifetime
        /// restrictions.</summary>
        public string? MaxLifetime { get; init; }

        /// <summary>The restriction applies to the applications created after this moment only.</summary>
        public DateTimeOffset? RestrictForAppsCreatedAfter { get; init; }

        public bool IsDisabled => string.Equals(State, "disabled", StringComparison.OrdinalIgnoreCase);

        public override string ToString() =>
            RestrictionType
            + (MaxLifetime is null ? "" : $" (at most {MaxLifetime})")
            + (RestrictForAppsCreatedAfter is { } after ? $", for apps created after {after:yyyy-MM-dd}" : "")
            + (IsDisabled ? ", disabled" : "");
    }
}

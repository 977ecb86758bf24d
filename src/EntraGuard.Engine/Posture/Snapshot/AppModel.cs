using System;
using System.Collections.Generic;

namespace EntraGuard.Posture
{
    public enum AppCredentialType
    {
        /// <summary>A client secret (<c>passwordCredentials</c>).</summary>
        Secret = 0,

        /// <summary>A certificate or other key (<c>keyCredentials</c>).</summary>
        Certificate = 1,
    }

    /// <summary>A secret or certificate on an application or service principal. Never holds the secret
    /// itself.</summary>
    public sealed class AppCredential
    {
        public string KeyId { get; init; } = "";
        public string? DisplayName { get; init; }
        public AppCredentialType Type { get; init; }

        /// <summary>For certificates: Verify (used to sign in) or Sign (used to sign tokens, e.g. SAML).</summary>
        public string? Usage { get; init; }

        public DateTimeOffset? StartDateTime { get; init; }
        public DateTimeOffset? EndDateTime { get; init; }

        public TimeSpan? Lifetime => StartDateTime is { } start && EndDateTime is { } end ? end - start : null;

        public bool IsExpiredAt(DateTimeOffset now) => EndDateTime is { } end && end < now;

        public override string ToString() =>
            DisplayName is { Length: > 0 } name ? $"{Type} '{name}' ({KeyId})" : $"{Type} {KeyId}";
    }

    /// <summary>An application registration (<c>applications</c>) in this tenant.</summary>
    public sealed class ApplicationObject
    {
        public string Id { get; init; } = "";
        public string AppId { get; init; } = "";
        public string DisplayName { get; init; } = "";

        /// <summary>AzureADMyOrg, AzureADMultipleOrgs, AzureADandPersonalMicrosoftAccount or
        /// PersonalMicrosoftAccount.</summary>
        public string? SignInAudience { get; init; }

        public IReadOnlyList<AppCredential> Credentials { get; init; } = Array.Empty<AppCredential>();

        /// <summary>The registration's owners (Graph expands up to 20 of them); null when Graph left them
        /// out.</summary>
        public IReadOnlyList<DirectoryOwner>? Owners { get; init; }

        public override string ToString() => $"application '{DisplayName}' ({AppId})";

        /// <summary>A finding about this registration.</summary>
        internal PostureFinding Finding(string detail) =>
            new()
            {
                TargetId = Id,
                TargetName = DisplayName,
                TargetType = "application",
                AppId = AppId,
                Detail = detail,
            };
    }

    /// <summary>A service principal (<c>servicePrincipals</c>): an application's presence in this tenant.</summary>
    public sealed class ServicePrincipalObject
    {
        public string Id { get; init; } = "";
        public string AppId { get; init; } = "";
        public string DisplayName { get; init; } = "";

        /// <summary>The tenant where the application is registered; null for managed identities and legacy
        /// principals.</summary>
        public string? AppOwnerOrganizationId { get; init; }

        /// <summary>Application, ManagedIdentity, Legacy or SocialIdp.</summary>
        public string? ServicePrincipalType { get; init; }

        /// <summary>saml, password, oidc, notSupported or null.</summary>
        public string? PreferredSingleSignOnMode { get; init; }

        public IReadOnlyList<AppCredential> Credentials { get; init; } = Array.Empty<AppCredential>();

        /// <summary><c>appRoleAssignmentRequired</c>: may only assigned users and groups sign in? Null when Graph
        /// left it out.</summary>
        public bool? AppRoleAssignmentRequired { get; init; }

        /// <summary><c>accountEnabled</c>: can the service principal be signed in to? Null when Graph left it
        /// out.</summary>
        public bool? AccountEnabled { get; init; }

        public bool IsManagedIdentity =>
            string.Equals(ServicePrincipalType, "ManagedIdentity", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// SAML single sign-on keeps its token-signing certificate (and that certificate's password) on the service
        /// principal; those credentials sign tokens rather than let anyone sign in.
        /// </summary>
        public bool UsesSamlSignOn =>
            string.Equals(PreferredSingleSignOnMode, "saml", StringComparison.OrdinalIgnoreCase);

        public override string ToString() => $"service principal '{DisplayName}' ({AppId})";
    }

    /// <summary>A Microsoft Graph permission a service principal holds: an application permission (an app role
    /// assignment) or a delegated one (an OAuth2 grant).</summary>
    public sealed class GraphPermissionGrant
    {
        /// <summary>The object id of the service principal holding the permission.</summary>
        public string ClientId { get; init; } = "";

        /// <summary>The holder's name when Graph gave it.</summary>
        public string? ClientDisplayName { get; init; }

        /// <summary>The permission's value (<c>RoleManagement.ReadWrite.Directory</c>); the app role id when the
        /// resource did not name it.</summary>
        public string Permission { get; init; } = "";

        /// <summary>True for a delegated grant, false for an application permission.</summary>
        public bool Delegated { get; init; }

        /// <summary>For a delegated grant: AllPrincipals (admin consent for everyone) or Principal (one
        /// user).</summary>
        public string? ConsentType { get; init; }

        public string Kind =>
            !Delegated ? "application"
            : string.Equals(ConsentType, "AllPrincipals", StringComparison.OrdinalIgnoreCase)
                ? "delegated, for all users"
            : "delegated, for one user";
    }
}

using System;

namespace EntraGuard
{
    /// <summary>Which sign-in log a sign-in comes from (Graph's <c>signInEventTypes</c>, Azure Monitor's
    /// category).</summary>
    public enum SignInKind
    {
        InteractiveUser,
        NonInteractiveUser,
        ServicePrincipal,
        ManagedIdentity,
    }

    /// <summary>
    /// One Entra ID sign-in, faithful to Graph's <c>signIn</c> (v1.0 and beta) whatever source it came from (Graph
    /// pages, exported JSON, Azure Monitor diagnostic records of the four sign-in categories). Immutable once read.
    /// </summary>
    public sealed class SignInEvent
    {
        public string Id { get; init; } = "";

        /// <summary>When the sign-in happened, always with an offset (UTC when the source gave no zone).</summary>
        public DateTimeOffset CreatedDateTime { get; init; }

        public SignInKind Kind { get; init; }
        public string? UserId { get; init; }
        public string? UserPrincipalName { get; init; }
        public string? UserDisplayName { get; init; }

        /// <summary>The application signed in to (users) or signing in (workloads).</summary>
        public string? AppId { get; init; }

        public string? AppDisplayName { get; init; }

        /// <summary>The workload's service principal (service-principal and managed-identity sign-ins).</summary>
        public string? ServicePrincipalId { get; init; }

        public string? ServicePrincipalName { get; init; }

        /// <summary>The key id of the secret or certificate the service principal signed in with.</summary>
        public string? ServicePrincipalCredentialKeyId { get; init; }

        public string? ServicePrincipalCredentialThumbprint { get; init; }
        public string? IpAddress { get; init; }
        public string? UserAgent { get; init; }
        public string? ClientAppUsed { get; init; }
        public string? ResourceDisplayName { get; init; }
        public string? CorrelationId { get; init; }

        /// <summary>0 for a successful sign-in, else Entra's error code (50126: wrong password, …).</summary>
        public int ErrorCode { get; init; }

        public string? FailureReason { get; init; }

        /// <summary>Where the sign-in was read from: a file path, or <c>graph</c>.</summary>
        public string? Source { get; init; }

        public bool IsSuccess => ErrorCode == 0;
        public bool IsUser => Kind is SignInKind.InteractiveUser or SignInKind.NonInteractiveUser;

        /// <summary>Whether the sign-in is this user's, by object id or user principal name
        /// (case-insensitive).</summary>
        public bool IsBy(string? userIdOrName) =>
            IsUser
            && !string.IsNullOrEmpty(userIdOrName)
            && (
                string.Equals(UserId, userIdOrName, StringComparison.OrdinalIgnoreCase)
                || string.Equals(UserPrincipalName, userIdOrName, StringComparison.OrdinalIgnoreCase)
            );

        public override string ToString() =>
            $"{CreatedDateTime:u} {Kind} {UserPrincipalName ?? ServicePrincipalName ?? AppDisplayName ?? "(unknown)"} "
            + $"from {IpAddress ?? "(no address)"} ({Id})";

        /// <summary>The kind a <c>signInEventTypes</c> value or diagnostic category names, or null for another
        /// word.</summary>
        internal static SignInKind? KindNamed(string? name) =>
            name?.ToLowerInvariant() switch
            {
                "interactiveuser" or "signinlogs" => SignInKind.InteractiveUser,
                "noninteractiveuser" or "noninteractiveusersigninlogs" => SignInKind.NonInteractiveUser,
                "serviceprincipal" or "serviceprincipalsigninlogs" => SignInKind.ServicePrincipal,
                "managedidentity" or "managedidentitysigninlogs" => SignInKind.ManagedIdentity,
                _ => null,
            };
    }
}

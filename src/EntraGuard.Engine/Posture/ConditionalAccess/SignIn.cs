using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.ConditionalAccess
{
    /// <summary>
    /// A sign-in described for <see cref="ConditionalAccessEvaluator"/>: who, to what, with which client, from which
    /// platform and location, at which risk. Ids are compared case-insensitively; values keep Graph's spelling.
    /// Group memberships are not looked up: the description lists the groups the user is in.
    /// </summary>
    public sealed class SignIn
    {
        /// <summary>The user's object id.</summary>
        public string UserId { get; init; } = "";

        /// <summary>The groups the user belongs to (object ids), as the caller knows them.</summary>
        public IReadOnlyList<string> GroupIds { get; init; } = Array.Empty<string>();

        /// <summary>The directory roles the user holds (template ids).</summary>
        public IReadOnlyList<string> RoleIds { get; init; } = Array.Empty<string>();

        /// <summary>
        /// For a guest or external user, its kind as Graph names it (b2bCollaborationGuest, internalGuest, …);
        /// null for a member of the tenant.
        /// </summary>
        public string? GuestOrExternalUserType { get; init; }

        /// <summary>
        /// The application (resource) signed in to: an app id; null for an application no policy names, so that only
        /// policies for all apps reach it. Ignored for a <see cref="UserAction"/>.
        /// </summary>
        public string? Application { get; init; }

        /// <summary>
        /// The app groups the application belongs to, as policies name them: Office365, MicrosoftAdminPortals.
        /// </summary>
        public IReadOnlyList<string> ApplicationGroups { get; init; } = Array.Empty<string>();

        /// <summary>
        /// A user action instead of an application: urn:user:registersecurityinfo or urn:user:registerdevice.
        /// </summary>
        public string? UserAction { get; init; }

        /// <summary>An authentication context the resource asks for (c1 … c99), if any.</summary>
        public string? AuthenticationContext { get; init; }

        /// <summary>browser, mobileAppsAndDesktopClients, exchangeActiveSync or other (legacy clients).</summary>
        public string ClientAppType { get; init; } = "browser";

        /// <summary>android, iOS, windows, macOS, linux, windowsPhone; null when the platform is not told.</summary>
        public string? Platform { get; init; }

        /// <summary>The named locations (ids) the sign-in's address falls in.</summary>
        public IReadOnlyList<string> LocationIds { get; init; } = Array.Empty<string>();

        /// <summary>True when one of those locations is marked trusted.</summary>
        public bool IsTrustedLocation { get; init; }

        /// <summary>none, low, medium or high.</summary>
        public string SignInRisk { get; init; } = "none";

        /// <summary>none, low, medium or high.</summary>
        public string UserRisk { get; init; } = "none";

        /// <summary>deviceCodeFlow or authenticationTransfer when the sign-in uses one; else null.</summary>
        public string? AuthenticationFlow { get; init; }

        /// <summary>The device signed in from, for device filters; null when not told (a policy with a device
        /// filter is then undecided).</summary>
        public SignInDevice? Device { get; init; }

        public override string ToString()
        {
            var who =
                RoleIds.Count > 0 ? string.Join(", ", RoleIds.Select(PrivilegedRoles.NameOf))
                : GuestOrExternalUserType is { } guest ? $"guest ({guest})"
                : UserId.Length == 0 ? "a member"
                : $"user {UserId}";
            var to =
                UserAction
                ?? (
                    Application is { } app ? $"app {app}"
                    : ApplicationGroups.Count > 0 ? $"app group {string.Join(", ", ApplicationGroups)}"
                    : "any app"
                );
            var from =
                IsTrustedLocation ? "a trusted location"
                : LocationIds.Count > 0 ? $"location {string.Join(", ", LocationIds)}"
                : "outside the named locations";
            var extra = new List<string>();
            if (Device is { } device)
                extra.Add($"from {device}");
            if (AuthenticationFlow is { } flow)
                extra.Add($"by {flow}");
            if (!string.Equals(SignInRisk, "none", StringComparison.OrdinalIgnoreCase))
                extra.Add($"sign-in risk {SignInRisk}");
            if (!string.Equals(UserRisk, "none", StringComparison.OrdinalIgnoreCase))
                extra.Add($"user risk {UserRisk}");
            return $"{who} to {to} from {ClientAppType} on {Platform ?? "an untold platform"}, {from}"
                + (extra.Count == 0 ? "" : ", " + string.Join(", ", extra));
        }
    }
}

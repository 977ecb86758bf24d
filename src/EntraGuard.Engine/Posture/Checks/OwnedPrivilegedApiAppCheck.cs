using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Investigation;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// Maester judges API permissions by the EntraOps classification in Defender XDR (Control and Management Plane of
    /// any API); EntraGuard judges, from Graph alone, the Microsoft Graph permissions with a direct or indirect path
    /// to Global Administrator (the lists of EGP076 and EGP077), application and delegated alike: an owner who adds
    /// a redirect URI to a delegated app collects its users' tokens.
    /// </summary>
    internal sealed class OwnedPrivilegedApiAppCheck : OwnedPrivilegedAppCheck
    {
        public OwnedPrivilegedApiAppCheck()
            : base(
                "EGP083",
                "No app registration holding a Graph permission that leads to Global Administrator has owners",
                PostureData.GraphPermissions,
                "An owner of an app registration may add a client secret or a redirect URI to it, then sign in as the "
                    + "application with every permission it holds. When the app holds a Graph permission that leads to "
                    + "Global Administrator, each owner — often a developer account without MFA hardening or "
                    + "privileged-role protections — is a step away from the tenant.",
                "MT.1077"
            ) { }

        protected override string GrantKind => "Graph permissions that lead to Global Administrator";

        protected override IEnumerable<(string PrincipalId, string Grant)> PrivilegedGrants(PostureContext context) =>
            context
                .Require(context.Snapshot.GraphPermissions, PostureData.GraphPermissions)
                .Where(g =>
                    PrivilegedReach.HighImpactPermissions.Contains(g.Permission, StringComparer.OrdinalIgnoreCase)
                )
                .Select(g => (g.ClientId, $"{g.Permission} ({g.Kind})"));

        protected override string GrantEvidence(PostureContext context, int holders) =>
            $"{context.Snapshot.SourceOf(PostureData.GraphPermissions)}: {holders} service principal(s) hold "
            + $"{string.Join(", ", PrivilegedReach.HighImpactPermissions)} on Microsoft Graph";
    }
}

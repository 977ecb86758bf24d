using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// No service principal holds one of these Microsoft Graph permissions, as an application permission or as a
    /// delegated grant: one finding per holder, naming each permission and how it was given.
    /// </summary>
    internal abstract class GraphPermissionCheck : PostureCheck
    {
        private readonly IReadOnlyList<string> _permissions;
        private readonly string _path;

        protected GraphPermissionCheck(
            string id,
            string title,
            IReadOnlyList<string> permissions,
            string path,
            string rationale,
            string framework
        )
            : base(
                id,
                title,
                Severity.High,
                "Application permissions",
                PostureData.ServicePrincipals | PostureData.GraphPermissions,
                PostureLicence.None,
                rationale,
                "Take the permission away where the app can do without it (Entra admin center → Enterprise "
                    + "applications → the app → Permissions → Review permissions / Revoke; for an application "
                    + "permission DELETE /servicePrincipals/{id}/appRoleAssignedTo/{assignment id}, for a delegated "
                    + "grant PATCH or DELETE /oauth2PermissionGrants/{id}), or replace it with a narrower one "
                    + "(a .Read. permission, or a write permission on one kind of object). Protect what must keep it "
                    + "as you protect a Global Administrator: a certificate or managed identity, owners you trust, "
                    + "and an accepted deviation that says why."
            )
        {
            _permissions = permissions;
            _path = path;
            Frameworks = new[] { framework };
        }

        internal sealed override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var grants = context.Require(snapshot.GraphPermissions, PostureData.GraphPermissions);
            var names = context.Require(snapshot.ServicePrincipals, PostureData.ServicePrincipals).ById(sp => sp.Id);
            var risky = grants
                .Where(g => _permissions.Contains(g.Permission, StringComparer.OrdinalIgnoreCase))
                .ToArray();
            var evidence = new List<string>
            {
                $"{snapshot.SourceOf(PostureData.GraphPermissions)}: {grants.Count(g => !g.Delegated)} application "
                    + $"permission(s) and {grants.Count(g => g.Delegated)} delegated scope(s) granted on Microsoft "
                    + $"Graph",
                $"permissions with {_path} path to Global Administrator: {string.Join(", ", _permissions)}",
            };
            var findings = risky
                .GroupBy(g => g.ClientId, StringComparer.OrdinalIgnoreCase)
                .Select(holder =>
                {
                    names.TryGetValue(holder.Key, out var principal);
                    var name = principal?.DisplayName ?? holder.First().ClientDisplayName;
                    var held = string.Join(
                        ", ",
                        holder.Select(g => $"{g.Permission} ({g.Kind})").Distinct(StringComparer.Ordinal)
                    );
                    return new PostureFinding
                    {
                        TargetId = holder.Key,
                        TargetName = name,
                        TargetType = "servicePrincipal",
                        AppId = principal?.AppId,
                        Detail =
                            (principal?.ToString() ?? $"service principal '{name}' ({holder.Key})")
                            + $" holds {held} on Microsoft Graph",
                    };
                })
                .ToList();
            return CheckOutcome.FromFindings(
                findings,
                $"applications hold Graph permissions with {_path} path to Global Administrator",
                $"no service principal holds a Graph permission with {_path} path to Global Administrator",
                evidence
            );
        }
    }
}

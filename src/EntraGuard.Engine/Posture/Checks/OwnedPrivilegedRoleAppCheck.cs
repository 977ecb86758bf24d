using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// Maester names the highly privileged roles by the EntraOps classification in Defender XDR; EntraGuard uses its
    /// privileged roles (the posture settings' list), active and, where PIM is read, eligible.
    /// </summary>
    internal sealed class OwnedPrivilegedRoleAppCheck : OwnedPrivilegedAppCheck
    {
        public OwnedPrivilegedRoleAppCheck()
            : base(
                "EGP084",
                "No app registration whose service principal holds a privileged role has owners",
                PostureData.ActiveRoleAssignments | PostureData.EligibleRoleAssignments,
                "An owner of an app registration may add a client secret to it and sign in as its service principal. "
                    + "When that service principal holds a privileged directory role, the owner holds the role in "
                    + "all but name — with no PIM activation, no MFA and no role-assignment alert to betray it.",
                "MT.1078"
            ) { }

        protected override string GrantKind => "privileged directory roles";

        internal override IReadOnlyList<string> RolesRead(PostureSettings settings) => settings.PrivilegedRoleIds;

        protected override IEnumerable<(string PrincipalId, string Grant)> PrivilegedGrants(PostureContext context) =>
            PrivilegedAssignments(context)
                .Select(a =>
                    (
                        a.PrincipalId,
                        PrivilegedRoles.NameOf(a.RoleDefinitionId)
                            + (a.Kind == RoleAssignmentKind.Eligible ? " (eligible)" : "")
                    )
                );

        protected override string GrantEvidence(PostureContext context, int holders) =>
            $"{context.Snapshot.SourceOf(PostureData.ActiveRoleAssignments)}: {holders} service principal(s) hold "
            + "privileged roles"
            + (
                context.Snapshot.EligibleRoleAssignments is null
                    ? $" (eligible assignments not read: {context.ProblemWith(PostureData.EligibleRoleAssignments)})"
                    : ", active or eligible"
            );

        // Unknown licences may hide PIM, and with it eligible holders.
        protected override string? Incomplete(PostureContext context) =>
            context.Snapshot.EligibleRoleAssignments is null && (context.Licences.Pim || !context.Licences.IsKnown)
                ? "eligible role holders could not be read, so the active ones are not all of them"
                : null;

        private static IEnumerable<DirectoryRoleAssignment> PrivilegedAssignments(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var roles = new HashSet<string>(context.Settings.PrivilegedRoleIds, StringComparer.OrdinalIgnoreCase);
            return context
                .Require(snapshot.ActiveRoleAssignments, PostureData.ActiveRoleAssignments)
                .Concat(snapshot.EligibleRoleAssignments ?? Array.Empty<DirectoryRoleAssignment>())
                .Where(a => roles.Contains(a.RoleDefinitionId) && a.PrincipalType == "servicePrincipal");
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class StandingPrivilegedAccessCheck : PostureCheck
    {
        public StandingPrivilegedAccessCheck()
            : base(
                "EGP006",
                "Privileged roles are held through PIM, not permanently",
                Severity.High,
                "Privileged roles",
                PostureData.ActiveRoleAssignments | PostureData.EligibleRoleAssignments | PostureData.SubscribedSkus,
                PostureLicence.Pim,
                "A role held permanently is a role an attacker inherits the moment they take the account, at any hour "
                    + "and without anyone being asked. With eligible assignments in Privileged Identity Management the "
                    + "account holds no power until it activates the role — for a limited time, with MFA, a "
                    + "justification and, where configured, an approval — and every activation is logged.",
                "In Privileged Identity Management convert each permanent active assignment of a privileged role into "
                    + "an eligible one (Roles → the role → Assignments → Update, or remove and add it as Eligible), "
                    + "with activation requiring MFA and a justification. Keep permanent assignments only for your "
                    + "emergency-access accounts and list them under posture.breakGlassAccounts. A service principal "
                    + "cannot activate a role: give it the narrowest Graph application permission instead, or record "
                    + "an accepted deviation with the reason."
            )
        {
            Frameworks = new[] { "MS.AAD.7.4", "MT.1031" };
        }

        internal override IReadOnlyList<string> RolesRead(PostureSettings settings) => settings.PrivilegedRoleIds;

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var settings = context.Settings;
            var roles = new HashSet<string>(settings.PrivilegedRoleIds, StringComparer.OrdinalIgnoreCase);
            var active = context
                .Require(snapshot.ActiveRoleAssignments, PostureData.ActiveRoleAssignments)
                .Where(a => roles.Contains(a.RoleDefinitionId))
                .ToArray();
            var eligible = snapshot.EligibleRoleAssignments?.Where(a => roles.Contains(a.RoleDefinitionId)).ToArray();
            var standing = active.Where(a => a.IsPermanent && !a.IsActivation).ToArray();

            var evidence = new List<string>
            {
                $"{snapshot.SourceOf(PostureData.ActiveRoleAssignments)}: {active.Length} active assignment(s) of "
                    + $"privileged roles, "
                    + $"{standing.Length} permanent, {active.Count(a => a.IsActivation)} from PIM activations, "
                    + $"{active.Count(a => !a.IsPermanent && !a.IsActivation)} time-bound",
                eligible is null
                    ? $"{snapshot.SourceOf(PostureData.EligibleRoleAssignments)}: not read "
                        + $"({context.ProblemWith(PostureData.EligibleRoleAssignments)})"
                    : $"{snapshot.SourceOf(PostureData.EligibleRoleAssignments)}: {eligible.Length} eligible "
                        + $"assignment(s) of privileged roles",
            };
            var breakGlass = standing.Where(a => settings.IsBreakGlass(a.PrincipalId)).ToArray();
            if (breakGlass.Length > 0)
            {
                var held = breakGlass.Select(a => $"{a} as {PrivilegedRoles.NameOf(a.RoleDefinitionId)}");
                evidence.Add(
                    $"settings: permanent assignments of break-glass accounts are expected: {string.Join(", ", held)}"
                );
            }

            var findings = standing
                .Where(a => !settings.IsBreakGlass(a.PrincipalId))
                .GroupBy(a => a.PrincipalId, StringComparer.OrdinalIgnoreCase)
                .Select(holder =>
                {
                    var first = holder.First();
                    var held = string.Join(
                        ", ",
                        holder.Select(a =>
                            PrivilegedRoles.NameOf(a.RoleDefinitionId)
                            + (a.DirectoryScopeId == "/" ? "" : $" (scope {a.DirectoryScopeId})")
                        )
                    );
                    var servicePrincipal = string.Equals(
                        first.PrincipalType,
                        "servicePrincipal",
                        StringComparison.OrdinalIgnoreCase
                    );
                    return new PostureFinding
                    {
                        TargetId = first.PrincipalId,
                        TargetName = first.PrincipalDisplayName,
                        TargetType = first.PrincipalType ?? "principal",
                        Detail =
                            $"{first} holds {held} permanently"
                            + (
                                servicePrincipal
                                    ? " (a service principal cannot activate through PIM)"
                                    : ", where an eligible assignment would do"
                            ),
                    };
                })
                .ToList();
            return CheckOutcome.FromFindings(
                findings,
                "privileged roles are held permanently outside break-glass accounts",
                $"no privileged role is held permanently outside break-glass accounts; {eligible?.Length ?? 0} "
                    + $"eligible assignment(s) go through PIM",
                evidence
            );
        }
    }
}

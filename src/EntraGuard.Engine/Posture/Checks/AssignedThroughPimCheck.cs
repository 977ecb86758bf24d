using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class AssignedThroughPimCheck : PostureCheck
    {
        public AssignedThroughPimCheck()
            : base(
                "EGP075",
                "Privileged roles are assigned through PIM",
                Severity.Medium,
                "Privileged roles",
                PostureData.ActiveRoleAssignments | PostureData.SubscribedSkus,
                PostureLicence.Pim,
                "An assignment made around Privileged Identity Management — with the role assignments API, an old "
                    + "script or a tool that writes roles directly — skips PIM's rules: no approval, no justification, "
                    + "no notification to the role's reviewers, no end date. Such an assignment is how an attacker "
                    + "who gained a role-writing permission leaves a quiet back door.",
                "Make every privileged assignment in PIM (Entra admin center → Identity Governance → Privileged "
                    + "Identity Management → Microsoft Entra roles → Assignments → Add assignments; or POST "
                    + "/roleManagement/directory/roleEligibilityScheduleRequests and roleAssignmentScheduleRequests). "
                    + "Remove each assignment listed here and assign it again through PIM, and find who made it in the "
                    + "audit log (Add member to role outside of PIM). EntraGuard decides as ScubaGear does: an active "
                    + "assignment whose PIM schedule has no start was made outside PIM."
            )
        {
            Frameworks = new[] { "MS.AAD.7.5" };
        }

        internal override IReadOnlyList<string> RolesRead(PostureSettings settings) => settings.PrivilegedRoleIds;

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var roles = new HashSet<string>(context.Settings.PrivilegedRoleIds, StringComparer.OrdinalIgnoreCase);
            var active = context
                .Require(snapshot.ActiveRoleAssignments, PostureData.ActiveRoleAssignments)
                .Where(a => roles.Contains(a.RoleDefinitionId))
                .ToArray();
            var source = snapshot.SourceOf(PostureData.ActiveRoleAssignments);
            var evidence = new List<string> { $"{source}: {active.Length} active assignment(s) of privileged roles" };
            // Only PIM's schedules carry a start; assignments read role by role (no PIM) never do.
            if (source != PostureDataSource.RoleAssignmentSchedules.Path)
            {
                return CheckOutcome.Skip(
                    "skipped: the assignments were not read from PIM's schedules, so how they were made is unknown",
                    evidence
                );
            }
            var outside = active.Where(a => !a.IsActivation && a.StartDateTime is null).ToArray();
            var findings = outside
                .GroupBy(a => a.PrincipalId, StringComparer.OrdinalIgnoreCase)
                .Select(holder =>
                {
                    var first = holder.First();
                    var held = string.Join(
                        ", ",
                        holder.Select(a => PrivilegedRoles.NameOf(a.RoleDefinitionId)).Distinct(StringComparer.Ordinal)
                    );
                    return new PostureFinding
                    {
                        TargetId = first.PrincipalId,
                        TargetName = first.PrincipalDisplayName,
                        TargetType = first.PrincipalType ?? "principal",
                        Detail = $"{first} was assigned {held} outside PIM (its schedule has no start)",
                    };
                })
                .ToList();
            return CheckOutcome.FromFindings(
                findings,
                "privileged roles were assigned outside PIM",
                $"all {active.Length} active privileged assignment(s) were made through PIM",
                evidence
            );
        }
    }
}

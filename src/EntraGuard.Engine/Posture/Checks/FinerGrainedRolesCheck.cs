using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class FinerGrainedRolesCheck : PostureCheck
    {
        public FinerGrainedRolesCheck()
            : base(
                "EGP074",
                "Most administrators hold narrower roles than Global Administrator",
                Severity.Medium,
                "Privileged roles",
                PostureData.ActiveRoleAssignments | PostureData.EligibleRoleAssignments | PostureData.SubscribedSkus,
                PostureLicence.None,
                "Global Administrator can do everything, including granting itself whatever else it lacks. When "
                    + "Global Administrators outnumber the administrators with narrower roles, everyday work is being "
                    + "done with the one role whose compromise costs the whole tenant, where User, Authentication, "
                    + "Application or Exchange Administrator would have done.",
                "Keep Global Administrator within posture.minGlobalAdministrators–posture.maxGlobalAdministrators "
                    + "holders and give every other administrator the narrowest built-in role that covers their work "
                    + "(Entra admin center → Identity → Roles & admins → the role → Add assignments; POST "
                    + "/roleManagement/directory/roleAssignments or, with PIM, roleEligibilityScheduleRequests), then "
                    + "remove their Global Administrator assignment. The check passes when Global Administrators are "
                    + "no more than the users holding only narrower privileged roles (ScubaGear's least-privilege "
                    + "score of 1 or less)."
            )
        {
            Frameworks = new[] { "MS.AAD.7.2" };
        }

        internal override IReadOnlyList<string> RolesRead(PostureSettings settings) => settings.PrivilegedRoleIds;

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var settings = context.Settings;
            var (active, eligible) = PrivilegedUserCheck.UserAssignments(context);
            var byUser = active
                .Concat(eligible ?? Array.Empty<DirectoryRoleAssignment>())
                .GroupBy(a => a.PrincipalId, StringComparer.OrdinalIgnoreCase)
                .ToArray();
            var global = byUser
                .Where(user =>
                    user.Any(a =>
                        string.Equals(
                            a.RoleDefinitionId,
                            PrivilegedRoles.GlobalAdministrator,
                            StringComparison.OrdinalIgnoreCase
                        )
                    )
                )
                .Select(user => user.First())
                .ToArray();
            var narrower = byUser.Length - global.Length;

            var evidence = new List<string>(PrivilegedUserCheck.AssignmentEvidence(context, active, eligible))
            {
                $"{global.Length} user(s) hold Global Administrator, {narrower} only narrower privileged roles",
                $"settings: between {settings.MinGlobalAdministrators} and {settings.MaxGlobalAdministrators} "
                    + $"Global Administrators allowed",
            };
            if (eligible is null && (context.Licences.Pim || !context.Licences.IsKnown))
            {
                return CheckOutcome.Skip(
                    "skipped: eligible role holders could not be read, so neither side of the ratio is complete",
                    evidence
                );
            }

            var findings = new List<PostureFinding>();
            var withinBounds =
                global.Length >= settings.MinGlobalAdministrators && global.Length <= settings.MaxGlobalAdministrators;
            if (!withinBounds || global.Length > narrower)
            {
                findings.Add(
                    new PostureFinding
                    {
                        TargetId = PrivilegedRoles.GlobalAdministrator,
                        TargetName = "Global Administrator",
                        TargetType = "role",
                        Detail = !withinBounds
                            ? $"{global.Length} user(s) hold Global Administrator, outside the "
                                + $"{settings.MinGlobalAdministrators}–{settings.MaxGlobalAdministrators} allowed, "
                                + $"so the ratio is not judged (see EGP007)"
                            : $"{global.Length} user(s) hold Global Administrator and only {narrower} hold narrower "
                                + $"privileged roles: {string.Join(", ", global.Select(a => a.ToString()))}",
                    }
                );
            }
            return CheckOutcome.FromFindings(
                findings,
                "Global Administrator is used where narrower roles would do",
                $"{global.Length} Global Administrator(s) against {narrower} user(s) with narrower privileged roles",
                evidence
            );
        }
    }
}

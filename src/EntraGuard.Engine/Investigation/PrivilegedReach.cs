using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture;

namespace EntraGuard.Investigation
{
    /// <summary>
    /// Which held permissions and roles let a principal take over the tenant or much of it: the app and role
    /// permissions that grant themselves more, and the directory roles EntraGuard treats as privileged, whether held
    /// directly, through a group or eligible through PIM.
    /// </summary>
    public static class PrivilegedReach
    {
        /// <summary>Permission values (application or delegated) that hand out or bypass every other control.</summary>
        public static IReadOnlyList<string> HighImpactPermissions { get; } =
            new[]
            {
                "Application.ReadWrite.All",
                "AppRoleAssignment.ReadWrite.All",
                "RoleManagement.ReadWrite.Directory",
                "RoleAssignmentSchedule.ReadWrite.Directory",
                "Directory.ReadWrite.All",
                "Domain.ReadWrite.All",
                "Policy.ReadWrite.ConditionalAccess",
                "UserAuthenticationMethod.ReadWrite.All",
            };

        /// <summary>The held items that make the principal highly privileged, as listed; empty when none.</summary>
        public static IReadOnlyList<string> Reasons(TargetReach reach)
        {
            var reasons = new List<string>();
            foreach (
                var held in (reach.ApplicationPermissions ?? Array.Empty<string>()).Concat(
                    reach.DelegatedGrants ?? Array.Empty<string>()
                )
            )
            {
                var value = held.Substring(held.LastIndexOf(':') + 1).Trim();
                if (HighImpactPermissions.Contains(value, StringComparer.OrdinalIgnoreCase))
                    reasons.Add(held);
            }
            foreach (var role in reach.DirectoryRoles ?? Array.Empty<HeldRole>())
            {
                if (PrivilegedRoles.IsKnown(role.RoleDefinitionId))
                    reasons.Add($"Directory role: {role.DisplayName}");
            }
            foreach (var held in reach.RolesViaGroups ?? Array.Empty<GroupRole>())
            {
                if (PrivilegedRoles.IsKnown(held.Role.RoleDefinitionId))
                    reasons.Add($"Directory role via {held.GroupName}: {held.Role.DisplayName}");
            }
            // Eligible is one activation away: whoever controls the principal can turn it on.
            foreach (var role in reach.EligibleRoles ?? Array.Empty<HeldRole>())
            {
                if (PrivilegedRoles.IsKnown(role.RoleDefinitionId))
                    reasons.Add($"Eligible directory role: {role.DisplayName}");
            }
            return reasons;
        }
    }
}

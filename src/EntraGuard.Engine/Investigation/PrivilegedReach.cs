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
        /// <summary>
        /// Microsoft Graph permissions (application or delegated) whose holder can make itself or anyone Global
        /// Administrator in one step: write role assignments or PIM group assignments, reset any authentication
        /// method, switch Conditional Access off, delete or re-enable administrators. The tiering is the public
        /// Azure tiering research Maester's MT.1050 and MT.1051 also follow.
        /// </summary>
        public static IReadOnlyList<string> DirectPathPermissions { get; } =
            new[]
            {
                "RoleManagement.ReadWrite.Directory",
                "RoleAssignmentSchedule.ReadWrite.Directory",
                "PrivilegedAccess.ReadWrite.AzureADGroup",
                "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup",
                "UserAuthenticationMethod.ReadWrite.All",
                "Policy.ReadWrite.ConditionalAccess",
                "User.DeleteRestore.All",
                "User.EnableDisableAccount.All",
            };

        /// <summary>
        /// Graph permissions that reach Global Administrator in more than one step: take over an application or a
        /// group that holds more, grant permissions or eligibilities, change passwords, domains or device
        /// management.
        /// </summary>
        public static IReadOnlyList<string> IndirectPathPermissions { get; } =
            new[]
            {
                "Application.ReadWrite.All",
                "Application.ReadWrite.OwnedBy",
                "AppRoleAssignment.ReadWrite.All",
                "Directory.ReadWrite.All",
                "Domain.ReadWrite.All",
                "Organization.ReadWrite.All",
                "AdministrativeUnit.ReadWrite.All",
                "Group.ReadWrite.All",
                "GroupMember.ReadWrite.All",
                "User.ReadWrite.All",
                "User-PasswordProfile.ReadWrite.All",
                "EntitlementManagement.ReadWrite.All",
                "RoleEligibilitySchedule.ReadWrite.Directory",
                "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup",
                "RoleManagementPolicy.ReadWrite.Directory",
                "RoleManagementPolicy.ReadWrite.AzureADGroup",
                "Policy.ReadWrite.AuthenticationMethod",
                "Policy.ReadWrite.PermissionGrant",
                "DeviceManagementConfiguration.ReadWrite.All",
                "DeviceManagementRBAC.ReadWrite.All",
            };

        /// <summary>Permission values that hand out or bypass every other control: both tiers.</summary>
        public static IReadOnlyList<string> HighImpactPermissions { get; } =
            DirectPathPermissions.Concat(IndirectPathPermissions).ToArray();

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

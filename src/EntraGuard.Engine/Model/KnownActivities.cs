using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard
{
    /// <summary>An Entra ID directory audit activity as the audit log names it, with where it is logged.</summary>
    public sealed class KnownActivity
    {
        public KnownActivity(string name, string category, string loggedByService)
        {
            Name = name;
            Category = category;
            LoggedByService = loggedByService;
        }

        /// <summary>The activity display name exactly as Entra writes it (en dash included where Entra uses
        /// one).</summary>
        public string Name { get; }

        /// <summary>The audit category (ApplicationManagement, GroupManagement, UserManagement, …).</summary>
        public string Category { get; }

        /// <summary>The service that logs it (Core Directory, Authentication Methods, …).</summary>
        public string LoggedByService { get; }

        /// <summary>The name in the form rules match on (<see cref="ActivityName.Normalize"/>).</summary>
        public string NormalizedName => ActivityName.Normalize(Name);

        public override string ToString() => Name;
    }

    /// <summary>
    /// The directory audit activities EntraGuard knows by name: the ones its detections watch and the ones an analyst
    /// filters on next to them. Detection rules and the PowerShell argument completers both read this list, so a name
    /// is spelled once. An activity missing here can still be read, filtered and matched; the list only guides.
    /// </summary>
    public static class KnownActivities
    {
        private const string Core = "Core Directory";
        private const string AuthenticationMethods = "Authentication Methods";
        private const string ConditionalAccess = "Conditional Access";
        private const string Pim = "PIM";
        private const string Devices = "Device Registration Service";
        private const string Invited = "Invited Users";

        public static IReadOnlyList<KnownActivity> All { get; } =
            new[]
            {
                // Applications and service principals: credentials, owners, consent and permissions.
                new KnownActivity("Add application", "ApplicationManagement", Core),
                new KnownActivity("Update application", "ApplicationManagement", Core),
                new KnownActivity("Delete application", "ApplicationManagement", Core),
                new KnownActivity(
                    "Update application \u2013 Certificates and secrets management",
                    "ApplicationManagement",
                    Core
                ),
                new KnownActivity("Add owner to application", "ApplicationManagement", Core),
                new KnownActivity("Remove owner from application", "ApplicationManagement", Core),
                new KnownActivity("Add service principal", "ApplicationManagement", Core),
                new KnownActivity("Update service principal", "ApplicationManagement", Core),
                new KnownActivity("Remove service principal", "ApplicationManagement", Core),
                new KnownActivity("Add service principal credentials", "ApplicationManagement", Core),
                new KnownActivity("Remove service principal credentials", "ApplicationManagement", Core),
                new KnownActivity("Add owner to service principal", "ApplicationManagement", Core),
                new KnownActivity("Remove owner from service principal", "ApplicationManagement", Core),
                new KnownActivity("Consent to application", "ApplicationManagement", Core),
                new KnownActivity("Add delegated permission grant", "ApplicationManagement", Core),
                new KnownActivity("Add app role assignment to service principal", "ApplicationManagement", Core),
                new KnownActivity("Hard Delete application", "ApplicationManagement", Core),
                // Groups and directory roles.
                new KnownActivity("Add member to group", "GroupManagement", Core),
                new KnownActivity("Update group", "GroupManagement", Core),
                new KnownActivity("Remove member from group", "GroupManagement", Core),
                new KnownActivity("Add owner to group", "GroupManagement", Core),
                new KnownActivity("Add member to role", "RoleManagement", Core),
                new KnownActivity("Remove member from role", "RoleManagement", Core),
                new KnownActivity("Remove eligible member from role", "RoleManagement", Core),
                new KnownActivity("Add eligible member to role", "RoleManagement", Core),
                new KnownActivity("Add scoped member to role", "RoleManagement", Core),
                new KnownActivity("Add member to role outside of PIM", "RoleManagement", Pim),
                new KnownActivity("Add member to role in PIM completed (permanent)", "RoleManagement", Pim),
                new KnownActivity("Add member to role in PIM completed (timebound)", "RoleManagement", Pim),
                new KnownActivity("Add eligible member to role in PIM completed (permanent)", "RoleManagement", Pim),
                new KnownActivity("Add eligible member to role in PIM completed (timebound)", "RoleManagement", Pim),
                new KnownActivity("Add member to role completed (PIM activation)", "RoleManagement", Pim),
                new KnownActivity("Add member to role request denied (PIM activation)", "RoleManagement", Pim),
                new KnownActivity("Update role setting in PIM", "RoleManagement", Pim),
                new KnownActivity("Disable PIM Alert", "RoleManagement", Pim),
                new KnownActivity(
                    "User has elevated their access to User Access Administrator for their Azure Resources",
                    "AzureRBACRoleManagementElevateAccess",
                    Core
                ),
                new KnownActivity(
                    "Assigns the caller to user access admin",
                    "AzureRBACRoleManagementElevateAccess",
                    Core
                ),
                // Users and their authentication methods.
                new KnownActivity("Add user", "UserManagement", Core),
                new KnownActivity("Update user", "UserManagement", Core),
                new KnownActivity("Delete user", "UserManagement", Core),
                new KnownActivity("Disable account", "UserManagement", Core),
                new KnownActivity("Reset user password", "UserManagement", Core),
                new KnownActivity("Reset password (by admin)", "UserManagement", Core),
                new KnownActivity("Disable Strong Authentication", "UserManagement", Core),
                new KnownActivity("User registered security info", "UserManagement", AuthenticationMethods),
                new KnownActivity("User deleted security info", "UserManagement", AuthenticationMethods),
                new KnownActivity("User updated security info", "UserManagement", AuthenticationMethods),
                new KnownActivity("User changed default security info", "UserManagement", AuthenticationMethods),
                new KnownActivity("Admin registered security info", "UserManagement", AuthenticationMethods),
                new KnownActivity("Admin deleted security info", "UserManagement", AuthenticationMethods),
                new KnownActivity(
                    "Create Temporary Access Pass method for user",
                    "UserManagement",
                    AuthenticationMethods
                ),
                new KnownActivity("Suspicious activity reported", "UserManagement", AuthenticationMethods),
                new KnownActivity("Invite external user", "UserManagement", Invited),
                // Devices and the secrets kept for them.
                new KnownActivity("Add device", "Device", Core),
                new KnownActivity("Update device", "Device", Core),
                new KnownActivity("Register device", "Device", Devices),
                new KnownActivity("Add registered users to device", "Device", Core),
                new KnownActivity("Add registered owner to device", "Device", Core),
                new KnownActivity("Device no longer compliant", "Device", Core),
                new KnownActivity("Device no longer managed", "Device", Core),
                new KnownActivity("Read BitLocker key", "KeyManagement", Core),
                new KnownActivity("Recover device local administrator password", "Device", Core),
                // Tenant-wide settings an attacker changes to stay in.
                new KnownActivity("Add conditional access policy", "Policy", ConditionalAccess),
                new KnownActivity("Update conditional access policy", "Policy", ConditionalAccess),
                new KnownActivity("Delete conditional access policy", "Policy", ConditionalAccess),
                new KnownActivity("Set domain authentication", "DirectoryManagement", Core),
                new KnownActivity("Set federation settings on domain", "DirectoryManagement", Core),
                new KnownActivity("Add unverified domain", "DirectoryManagement", Core),
                new KnownActivity("Add verified domain", "DirectoryManagement", Core),
                new KnownActivity("Verify domain", "DirectoryManagement", Core),
                new KnownActivity("Set Company Information", "DirectoryManagement", Core),
                new KnownActivity("Set device registration policies", "Policy", Core),
                new KnownActivity("Authentication Methods Policy Update", "Policy", AuthenticationMethods),
                new KnownActivity("Update User Risk and MFA Registration Policy", "Policy", "Identity Protection"),
                new KnownActivity("Add a partner to cross-tenant access setting", "CrossTenantAccessSettings", Core),
                new KnownActivity("Update a partner cross-tenant access setting", "CrossTenantAccessSettings", Core),
                new KnownActivity(
                    "Delete partner specific cross-tenant access setting",
                    "CrossTenantAccessSettings",
                    Core
                ),
            };

        private static readonly Dictionary<string, KnownActivity> ByNormalizedName = All.ToDictionary(
            a => a.NormalizedName,
            ActivityName.Comparer
        );

        /// <summary>The known activity with this name in any spelling Entra uses (dash, spacing, case), or
        /// null.</summary>
        public static KnownActivity? Find(string? name) =>
            name != null && ByNormalizedName.TryGetValue(ActivityName.Normalize(name), out var activity)
                ? activity
                : null;

        /// <summary>The names alone, in the list's order.</summary>
        public static IReadOnlyList<string> Names { get; } = All.Select(a => a.Name).ToArray();
    }
}

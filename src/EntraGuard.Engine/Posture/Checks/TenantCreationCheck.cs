using System.Collections.Generic;

namespace EntraGuard.Posture.Checks
{
    internal sealed class TenantCreationCheck : SettingCheck
    {
        public TenantCreationCheck()
            : base(
                "EGP015",
                "Users cannot create tenants",
                Severity.Medium,
                UserSettings,
                PostureData.AuthorizationPolicy,
                "defaultUserRolePermissions.allowedToCreateTenants",
                context => SettingCheck.Text(Authorization(context).AllowedToCreateTenants),
                Off("only administrators may create tenants"),
                On("every user may create a new Entra tenant, and becomes its Global Administrator"),
                "A user who creates a tenant becomes its Global Administrator, outside every control of this one: an "
                    + "attacker holding an ordinary account can build a look-alike tenant for phishing or move data "
                    + "into a directory nobody here governs, and the organization has no record of who owns it.",
                "Set 'Restrict non-admin users from creating tenants' to Yes (Entra admin center → Identity → Users → "
                    + "User settings), or PATCH /policies/authorizationPolicy with "
                    + "defaultUserRolePermissions.allowedToCreateTenants = false. Give the Tenant Creator role to the "
                    + "few who need it.",
                "CIS.M365.5.1.2.3",
                "MT.1068"
            ) { }
    }
}

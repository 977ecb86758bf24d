using System.Collections.Generic;

namespace EntraGuard.Posture.Checks
{
    internal sealed class SecurityGroupCreationCheck : SettingCheck
    {
        public SecurityGroupCreationCheck()
            : base(
                "EGP016",
                "Users cannot create security groups",
                Severity.Low,
                UserSettings,
                PostureData.AuthorizationPolicy,
                "defaultUserRolePermissions.allowedToCreateSecurityGroups",
                context => SettingCheck.Text(Authorization(context).AllowedToCreateSecurityGroups),
                Off("only administrators and group owners' delegates may create security groups"),
                On("every user may create security groups"),
                "Security groups grant access to applications, files and, when role-assignable or used in Conditional "
                    + "Access exclusions, to the tenant's defences. Groups that anyone may create multiply without "
                    + "owners or reviews, and a group a user creates and controls is a quiet way to collect access.",
                "Set 'Users can create security groups in Azure portals, API or PowerShell' to No (Entra admin center "
                    + "→ Groups → General), or PATCH /policies/authorizationPolicy with "
                    + "defaultUserRolePermissions.allowedToCreateSecurityGroups = false.",
                "MT.1069"
            ) { }
    }
}

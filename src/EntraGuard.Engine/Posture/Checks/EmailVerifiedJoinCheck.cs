using System.Collections.Generic;

namespace EntraGuard.Posture.Checks
{
    internal sealed class EmailVerifiedJoinCheck : SettingCheck
    {
        public EmailVerifiedJoinCheck()
            : base(
                "EGP026",
                "Outsiders cannot join the tenant by verifying an email address",
                Severity.Medium,
                UserSettings,
                PostureData.AuthorizationPolicy,
                "allowEmailVerifiedUsersToJoinOrganization",
                context => SettingCheck.Text(Authorization(context).AllowEmailVerifiedUsersToJoinOrganization),
                Off("nobody joins the tenant by email verification alone"),
                On("anyone who can read mail at one of the tenant's domains may create a user in the tenant"),
                "Email-verified (viral) join creates member users from nothing more than a working mailbox at one of "
                    + "the tenant's domains: no invitation, no owner, no lifecycle, and an easy foothold for whoever "
                    + "controls a forwarded or shared mailbox.",
                "PATCH /policies/authorizationPolicy with allowEmailVerifiedUsersToJoinOrganization = false "
                    + "(Update-MgPolicyAuthorizationPolicy -AllowEmailVerifiedUsersToJoinOrganization:$false); there "
                    + "is no admin-center switch.",
                "EIDSCA.AP06"
            ) { }
    }
}

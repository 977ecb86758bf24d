using System.Collections.Generic;

namespace EntraGuard.Posture.Checks
{
    internal sealed class GuestInvitationsCheck : SettingCheck
    {
        public GuestInvitationsCheck()
            : base(
                "EGP019",
                "Only administrators and Guest Inviters may invite guests",
                Severity.Medium,
                UserSettings,
                PostureData.AuthorizationPolicy,
                "allowInvitesFrom",
                context => Authorization(context).AllowInvitesFrom,
                new Dictionary<string, string>
                {
                    ["none"] = "nobody may invite guests",
                    ["adminsAndGuestInviters"] = "only administrators and Guest Inviters may invite guests",
                },
                new Dictionary<string, string>
                {
                    ["adminsGuestInvitersAndAllMembers"] = "every member user may invite guests",
                    ["everyone"] = "every user, guests included, may invite guests",
                },
                "Each guest is an account whose password, MFA and offboarding another organization controls. When any "
                    + "user may invite, a compromised account can bring in accounts the attacker owns and keep access "
                    + "after it is cleaned up.",
                "Set 'Guest invite settings' to 'Only users assigned to specific admin roles can invite guest users' "
                    + "(Entra admin center → External Identities → External collaboration settings), or PATCH "
                    + "/policies/authorizationPolicy with allowInvitesFrom = adminsAndGuestInviters.",
                "MS.AAD.8.2",
                "EIDSCA.AP04"
            ) { }
    }
}

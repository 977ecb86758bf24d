using System.Collections.Generic;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// The strict form of EGP018: EIDSCA asks for the most restricted guest role, where CISA and CIS (and EGP018)
    /// accept the limited one too. Kept apart and Low so a tenant that chose limited access fails only the hardening.
    /// </summary>
    internal sealed class GuestAccessRestrictedCheck : SettingCheck
    {
        private const string GuestsAsMembers = "a0b1b346-4d3e-4e8b-98f8-753987be4970";
        private const string GuestsLimited = "10dae51f-b6af-4016-8d66-8c2a99b929b3";
        private const string GuestsRestricted = "2af84b1e-32c8-42b7-82bc-daa82404023b";

        public GuestAccessRestrictedCheck()
            : base(
                "EGP103",
                "Guests see only their own directory objects",
                Severity.Low,
                UserSettings,
                PostureData.AuthorizationPolicy,
                "guestUserRoleId",
                context => Authorization(context).GuestUserRoleId,
                new Dictionary<string, string> { [GuestsRestricted] = "guests see only their own directory objects" },
                new Dictionary<string, string>
                {
                    [GuestsLimited] =
                        "guests can list the groups they belong to and read properties of the users in them",
                    [GuestsAsMembers] = "guests may read the directory as members do",
                },
                "Limited guest access (which EGP018 accepts, as CISA and CIS do) still lets a guest walk from its "
                    + "groups to their members' names, titles and mail addresses: a phone book for phishing, held by "
                    + "an account whose sign-in another organization secures. The restricted role leaves a guest "
                    + "only its own objects; Teams, SharePoint and group sharing keep working. Low severity: a "
                    + "hardening beyond the baseline that EGP018 holds.",
                "Set 'Guest user access' to 'Guest user access is restricted to properties and memberships of their "
                    + "own directory objects' (Entra admin center → External Identities → External collaboration "
                    + "settings), or PATCH /policies/authorizationPolicy with guestUserRoleId = "
                    + GuestsRestricted
                    + ".",
                "EIDSCA.AP07"
            ) { }
    }
}

using System.Collections.Generic;

namespace EntraGuard.Posture.Checks
{
    internal sealed class GuestAccessCheck : SettingCheck
    {
        // The built-in role templates guestUserRoleId may name.
        private const string GuestsAsMembers = "a0b1b346-4d3e-4e8b-98f8-753987be4970";
        private const string GuestsLimited = "10dae51f-b6af-4016-8d66-8c2a99b929b3";
        private const string GuestsRestricted = "2af84b1e-32c8-42b7-82bc-daa82404023b";

        public GuestAccessCheck()
            : base(
                "EGP018",
                "Guests have limited or restricted access to the directory",
                Severity.Medium,
                UserSettings,
                PostureData.AuthorizationPolicy,
                "guestUserRoleId",
                context => Authorization(context).GuestUserRoleId,
                new Dictionary<string, string>
                {
                    [GuestsRestricted] = "guests see only their own directory objects",
                    [GuestsLimited] = "guests see the groups they belong to and limited properties of users",
                },
                new Dictionary<string, string> { [GuestsAsMembers] = "guests may read the directory as members do" },
                "With member-level access a guest account — often protected only by another organization's policies — "
                    + "can enumerate every user, group and application, which is the reconnaissance a phishing or "
                    + "consent campaign starts from. Limited access passes here, as CISA and CIS accept it; EGP103 "
                    + "asks for the restricted role alone, as EIDSCA does.",
                "Set 'Guest user access' to 'Guest user access is restricted to properties and memberships of their "
                    + "own directory objects' (Entra admin center → External Identities → External collaboration "
                    + "settings), or PATCH /policies/authorizationPolicy with guestUserRoleId = "
                    + GuestsRestricted
                    + ".",
                "MS.AAD.8.1",
                "CIS.M365.5.1.6.2"
            ) { }
    }
}

namespace EntraGuard.Posture.Checks
{
    internal sealed class GuestGroupOwnersCheck : GroupSettingsCheck
    {
        public GuestGroupOwnersCheck()
            : base(
                "EGP050",
                "Guests cannot own Microsoft 365 groups",
                Severity.Low,
                "User and guest settings",
                PostureLicence.None,
                "A group's owner decides who joins it and so who reads its mail, files and Teams channels. A guest "
                    + "owner, whose account another organization controls, can add further outsiders to internal "
                    + "content without anyone here approving.",
                "PATCH the 'Group.Unified' object under /groupSettings with AllowGuestsToBeGroupOwner = false "
                    + "(Microsoft Graph PowerShell: Update-MgGroupSetting), or delete the value to return to the "
                    + "default, false.",
                GroupSettingTemplate.Groups,
                "guests may own Microsoft 365 groups",
                "guests cannot own Microsoft 365 groups",
                new[] { RequiredValue.False("AllowGuestsToBeGroupOwner", "guests may own Microsoft 365 groups") },
                "EIDSCA.ST08"
            ) { }
    }
}

namespace EntraGuard.Posture.Checks
{
    internal sealed class GroupCreationRestrictedCheck : GroupSettingsCheck
    {
        public GroupCreationRestrictedCheck()
            : base(
                "EGP090",
                "Only approved users create Microsoft 365 groups",
                Severity.Medium,
                "User and guest settings",
                PostureLicence.None,
                "Every Microsoft 365 group (and every team) gets a mailbox, a SharePoint site and an owner who decides "
                    + "who joins. When anyone may create one, groups multiply without owners trained to govern them, "
                    + "guests end up in places nobody reviews, and an attacker with one account can stand up a "
                    + "trusted-looking team to share lures from.",
                "PATCH the 'Group.Unified' object under /groupSettings with EnableGroupCreation = false and "
                    + "GroupCreationAllowedGroupId = the id of the group whose members may create groups (create the "
                    + "object from template 62375ab9-6b52-47ed-826b-58e47e0e304b first if the tenant has none; "
                    + "Microsoft Graph PowerShell: New-MgGroupSetting / Update-MgGroupSetting). Administrators keep "
                    + "the right either way.",
                GroupSettingTemplate.Groups,
                "every user may create Microsoft 365 groups",
                "only administrators and the approved group create Microsoft 365 groups",
                new[] { RequiredValue.False("EnableGroupCreation", "every user may create Microsoft 365 groups") },
                "MT.1055"
            ) { }
    }
}

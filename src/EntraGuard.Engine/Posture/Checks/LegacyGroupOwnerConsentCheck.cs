namespace EntraGuard.Posture.Checks
{
    internal sealed class LegacyGroupOwnerConsentCheck : GroupSettingsCheck
    {
        public LegacyGroupOwnerConsentCheck()
            : base(
                "EGP104",
                "Group and team owners cannot consent to applications (legacy consent settings)",
                Severity.Medium,
                "Applications",
                PostureLicence.None,
                "With group-specific consent on, the owner of any group or team — an ordinary user — can let a "
                    + "third-party app read everything in that group: its mail, files and Teams messages. EGP079 "
                    + "judges the owners' consent through the app consent policies the authorization policy assigns; "
                    + "this switch, kept in the legacy 'Consent Policy Settings' object and set by the admin center's "
                    + "'Group owner consent for apps accessing data', decides the owners' consent on top of it. "
                    + "Microsoft documents no default for it: a tenant without the object is skipped, not guessed; "
                    + "group owner consent there follows the app consent policies the authorization policy assigns.",
                "Set 'Group owner consent for apps accessing data' to 'Do not allow group owner consent' (Entra admin "
                    + "center → Enterprise apps → Consent and permissions → User consent settings), or PATCH the "
                    + "'Consent Policy Settings' object under /groupSettings with EnableGroupSpecificConsent = false "
                    + "(Microsoft Graph PowerShell: Update-MgGroupSetting).",
                GroupSettingTemplate.ConsentPolicy,
                "group owners may consent to applications for their groups",
                "group owners cannot consent to applications for their groups",
                new[]
                {
                    RequiredValue.False(
                        "EnableGroupSpecificConsent",
                        "group and team owners may let applications read their groups' data"
                    ),
                },
                "EIDSCA.CP01"
            ) { }
    }
}

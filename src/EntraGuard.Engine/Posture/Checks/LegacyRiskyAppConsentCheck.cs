namespace EntraGuard.Posture.Checks
{
    internal sealed class LegacyRiskyAppConsentCheck : GroupSettingsCheck
    {
        public LegacyRiskyAppConsentCheck()
            : base(
                "EGP105",
                "Risk-based step-up consent is on (legacy consent settings)",
                Severity.Medium,
                "Applications",
                PostureLicence.None,
                "Risk-based step-up consent turns a user's consent to an app Microsoft flags as risky (a new "
                    + "multi-tenant app from an unverified publisher asking for more than basic permissions) into a "
                    + "request for an administrator. Microsoft's page on the feature still switches it through "
                    + "BlockUserConsentForRiskyApps in the legacy 'Consent Policy Settings' object, while EGP027 reads "
                    + "allowUserConsentForRiskyApps in the authorization policy. EntraGuard holds both, each in its "
                    + "own check. The feature is on by default (documented), so a tenant without the object "
                    + "passes, and the evidence says the default was judged.",
                "PATCH the 'Consent Policy Settings' object under /groupSettings with BlockUserConsentForRiskyApps = "
                    + "true (Microsoft Graph PowerShell: Update-MgGroupSetting), or delete the value so the default "
                    + "applies; there is no admin-center switch for it.",
                GroupSettingTemplate.ConsentPolicy,
                "users may consent to applications flagged as risky",
                "consent to applications flagged as risky steps up to an administrator",
                new[]
                {
                    RequiredValue.True(
                        "BlockUserConsentForRiskyApps",
                        "users may consent to applications Microsoft flags as risky"
                    ),
                },
                "EIDSCA.CP03"
            ) { }
    }
}

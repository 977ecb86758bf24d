namespace EntraGuard.Posture.Checks
{
    internal sealed class LegacyAdminConsentRequestsCheck : GroupSettingsCheck
    {
        public LegacyAdminConsentRequestsCheck()
            : base(
                "EGP106",
                "Users can ask for admin consent (legacy consent settings)",
                Severity.Low,
                "Applications",
                PostureLicence.None,
                "Users who cannot consent to an app need a way to ask; without one they pressure an administrator or "
                    + "go around the restriction. EnableAdminConsentRequests in the legacy 'Consent Policy Settings' "
                    + "object is the older switch for that request; EGP023 judges the admin consent workflow where "
                    + "Entra keeps it now (/policies/adminConsentRequestPolicy: on, with reviewers). Microsoft does "
                    + "not document which one wins when they disagree, so EntraGuard holds both. It documents no "
                    + "default for the legacy value either: a tenant without the object is skipped, and EGP023 "
                    + "decides.",
                "PATCH the 'Consent Policy Settings' object under /groupSettings with EnableAdminConsentRequests = "
                    + "true, and turn on the admin consent workflow with reviewers (Entra admin center → Enterprise "
                    + "apps → Consent and permissions → Admin consent settings; see EGP023).",
                GroupSettingTemplate.ConsentPolicy,
                "the legacy consent settings turn admin consent requests off",
                "the legacy consent settings let users ask for admin consent",
                new[]
                {
                    RequiredValue.True(
                        "EnableAdminConsentRequests",
                        "users cannot ask an administrator to consent for them"
                    ),
                },
                "EIDSCA.CP04"
            ) { }
    }
}

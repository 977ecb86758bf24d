namespace EntraGuard.Posture.Checks
{
    internal sealed class FidoKeysCheck : MethodSettingsCheck
    {
        public FidoKeysCheck()
            : base(
                "EGP040",
                "Users can register FIDO2 security keys and passkeys",
                Severity.Medium,
                "Passkeys and FIDO2 security keys are the phishing-resistant methods every user can have: the key "
                    + "signs only for the real sign-in page, so a relayed password and approval are worth nothing. "
                    + "With the method off, or users unable to register a key themselves, the tenant stays on "
                    + "methods a phishing kit can relay.",
                "Enable 'Passkey (FIDO2)' for All users with 'Allow self-service set up' = Yes (Entra admin center → "
                    + "Protection → Authentication methods → Policies → Passkey (FIDO2)), or PATCH "
                    + "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/Fido2 with "
                    + "state = enabled and isSelfServiceRegistrationAllowed = true.",
                "Fido2",
                passesWhenOff: false,
                "FIDO2 security keys cannot be used or registered",
                "FIDO2 security keys and passkeys are on, and users can register them",
                new[]
                {
                    RequiredValue.OneOf("state", new[] { "enabled" }, new[] { "disabled" }, "FIDO2 keys are off"),
                    RequiredValue.True("isSelfServiceRegistrationAllowed", "users cannot register a key themselves"),
                },
                "EIDSCA.AF01",
                "EIDSCA.AF02"
            ) { }
    }
}

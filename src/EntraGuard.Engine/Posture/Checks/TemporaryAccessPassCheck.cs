namespace EntraGuard.Posture.Checks
{
    internal sealed class TemporaryAccessPassCheck : MethodSettingsCheck
    {
        public TemporaryAccessPassCheck()
            : base(
                "EGP042",
                "Temporary Access Pass is available and works only once",
                Severity.Low,
                "A Temporary Access Pass lets a new or locked-out user register a passkey or Authenticator without "
                    + "ever having a password, and lets the help desk recover an account without falling back to "
                    + "SMS. A pass that can be used again and again for its whole lifetime is a second password an "
                    + "attacker who sees it can reuse.",
                "Enable Temporary Access Pass with 'One-time' = Yes (Entra admin center → Protection → "
                    + "Authentication methods → Policies → Temporary Access Pass), or PATCH "
                    + "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass "
                    + "with state = enabled and isUsableOnce = true.",
                "TemporaryAccessPass",
                passesWhenOff: false,
                "Temporary Access Pass is off or reusable",
                "Temporary Access Pass is on, and each pass works once",
                new[]
                {
                    RequiredValue.OneOf(
                        "state",
                        new[] { "enabled" },
                        new[] { "disabled" },
                        "users cannot be onboarded or recovered with a pass"
                    ),
                    RequiredValue.True("isUsableOnce", "a pass can be used again until it expires"),
                },
                "EIDSCA.AT01",
                "EIDSCA.AT02"
            ) { }
    }
}

namespace EntraGuard.Posture.Checks
{
    internal sealed class AuthenticatorCodesCheck : MethodSettingsCheck
    {
        public AuthenticatorCodesCheck()
            : base(
                "EGP043",
                "Microsoft Authenticator is on, without its one-time codes",
                Severity.Medium,
                "Microsoft Authenticator's push approvals, with number matching and context, and its passkeys are the "
                    + "everyday strong methods; without it users fall back on SMS and voice. Its six-digit codes, on "
                    + "the other hand, are typed into whatever page asks, so a phishing page relays them as easily "
                    + "as a password.",
                "Enable Microsoft Authenticator for All users and set 'Allow use of Microsoft Authenticator OTP' = No "
                    + "(Entra admin center → Protection → Authentication methods → Policies → Microsoft "
                    + "Authenticator), or PATCH /policies/authenticationMethodsPolicy/"
                    + "authenticationMethodConfigurations/MicrosoftAuthenticator with state = enabled and "
                    + "isSoftwareOathEnabled = false.",
                "MicrosoftAuthenticator",
                passesWhenOff: false,
                "Microsoft Authenticator is off or offers one-time codes",
                "Microsoft Authenticator is on, for approvals and passkeys only",
                new[]
                {
                    RequiredValue.OneOf(
                        "state",
                        new[] { "enabled" },
                        new[] { "disabled" },
                        "users cannot use Microsoft Authenticator"
                    ),
                    RequiredValue.False("isSoftwareOathEnabled", "Authenticator's phishable one-time codes are on"),
                },
                "EIDSCA.AM01",
                "EIDSCA.AM02"
            ) { }
    }
}

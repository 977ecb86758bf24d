namespace EntraGuard.Posture.Checks
{
    internal sealed class AuthenticatorContextCheck : MethodSettingsCheck
    {
        private const string App = "featureSettings.displayAppInformationRequiredState";
        private const string Location = "featureSettings.displayLocationInformationRequiredState";

        public AuthenticatorContextCheck()
            : base(
                "EGP022",
                "Microsoft Authenticator shows the app and location it approves",
                Severity.Medium,
                "MFA fatigue works because a push notification says nothing about who is asking: a tired user approves "
                    + "the attacker's sign-in. Showing the application and the sign-in's location in every "
                    + "notification, to every user, lets the user see that the request is not theirs.",
                "In the Microsoft Authenticator settings set 'Show application name in push and passwordless "
                    + "notifications' and 'Show geographic location in push and passwordless notifications' to "
                    + "Enabled, targeting All users (Entra admin center → Protection → Authentication methods → "
                    + "Microsoft Authenticator → Configure), or PATCH its authenticationMethodConfigurations entry "
                    + "with featureSettings.displayAppInformationRequiredState and "
                    + "displayLocationInformationRequiredState state = enabled, includeTarget id = all_users.",
                "MicrosoftAuthenticator",
                passesWhenOff: true,
                "Microsoft Authenticator approves without context",
                "Microsoft Authenticator notifications show every user the application and the location",
                new[]
                {
                    Shown(App + ".state", "notifications do not show the application name"),
                    Shown(Location + ".state", "notifications do not show the geographic location"),
                    RequiredValue.Exactly(App + ".includeTarget.id", "all_users", "only some users see the app name"),
                    RequiredValue.Exactly(
                        Location + ".includeTarget.id",
                        "all_users",
                        "only some users see the location"
                    ),
                },
                "MS.AAD.3.3",
                "EIDSCA.AM06",
                "EIDSCA.AM07",
                "EIDSCA.AM09",
                "EIDSCA.AM10"
            ) { }

        private static RequiredValue Shown(string property, string problem) =>
            RequiredValue.OneOf(property, new[] { "enabled" }, new[] { "disabled", "default" }, problem);
    }
}

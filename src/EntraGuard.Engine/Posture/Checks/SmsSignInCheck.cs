namespace EntraGuard.Posture.Checks
{
    internal sealed class SmsSignInCheck : MethodSettingsCheck
    {
        public SmsSignInCheck()
            : base(
                "EGP044",
                "A text message cannot replace the password at sign-in",
                Severity.Medium,
                "SMS sign-in makes a phone number and a texted code the whole credential: whoever takes over the "
                    + "number by SIM swapping or port-out fraud signs in as the user, with no password and no second "
                    + "factor.",
                "In the SMS method's targets set 'Use for sign-in' = No (Entra admin center → Protection → "
                    + "Authentication methods → Policies → SMS), or PATCH "
                    + "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/Sms with each "
                    + "includeTargets entry's isUsableForSignIn = false. Turning SMS off (EGP020) settles it too.",
                "Sms",
                passesWhenOff: true,
                "a texted code alone signs users in",
                "SMS is not a sign-in method for any target",
                new[]
                {
                    RequiredValue.False(
                        "includeTargets.isUsableForSignIn",
                        "users in an SMS target sign in with a texted code instead of a password"
                    ),
                },
                "EIDSCA.AS04"
            ) { }
    }
}

namespace EntraGuard.Posture.Checks
{
    internal sealed class SmartLockoutCheck : GroupSettingsCheck
    {
        public SmartLockoutCheck()
            : base(
                "EGP047",
                "Smart lockout stops password guessing after at most 10 failures",
                Severity.Medium,
                "Passwords",
                PostureLicence.None,
                "Smart lockout is what makes password spraying and brute force slow: after a few wrong passwords from "
                    + "an unfamiliar place the account stops answering for a while. A high threshold or a short "
                    + "lockout gives an attacker many more guesses per account per hour.",
                "Set 'Lockout threshold' to 10 or less and 'Lockout duration in seconds' to 60 or more (Entra admin "
                    + "center → Protection → Authentication methods → Password protection), or PATCH the 'Password "
                    + "Rule Settings' object under /groupSettings with LockoutThreshold and LockoutDurationInSeconds.",
                GroupSettingTemplate.PasswordRules,
                "smart lockout allows too many guesses",
                "smart lockout locks an account after at most 10 failures, for at least a minute",
                new[]
                {
                    RequiredValue.AtMost("LockoutThreshold", 10, "more than 10 failed sign-ins before a lockout"),
                    RequiredValue.AtLeast("LockoutDurationInSeconds", 60, "a lockout lasts less than a minute"),
                },
                "EIDSCA.PR05",
                "EIDSCA.PR06"
            ) { }
    }
}

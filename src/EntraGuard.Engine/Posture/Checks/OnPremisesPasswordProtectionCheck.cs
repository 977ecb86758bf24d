namespace EntraGuard.Posture.Checks
{
    internal sealed class OnPremisesPasswordProtectionCheck : GroupSettingsCheck
    {
        public OnPremisesPasswordProtectionCheck()
            : base(
                "EGP049",
                "Password protection is enforced on Windows Server Active Directory",
                Severity.Low,
                "Passwords",
                PostureLicence.EntraIdP1,
                "In a hybrid tenant most passwords are set on premises and synchronized up: the cloud's banned lists "
                    + "never see them unless the domain controllers' password protection agent enforces the same "
                    + "lists. In Audit mode weak passwords are only logged, and still accepted.",
                "Set 'Enable password protection on Windows Server Active Directory' = Yes and 'Mode' = Enforced "
                    + "(Entra admin center → Protection → Authentication methods → Password protection) once the "
                    + "agent runs on the domain controllers, or set EnableBannedPasswordCheckOnPremises = True and "
                    + "BannedPasswordCheckOnPremisesMode = Enforce in the 'Password Rule Settings' object under "
                    + "/groupSettings.",
                GroupSettingTemplate.PasswordRules,
                "on-premises passwords are not checked against the banned lists",
                "domain controllers refuse banned passwords",
                new[]
                {
                    RequiredValue.True("EnableBannedPasswordCheckOnPremises", "password protection is off on premises"),
                    RequiredValue.OneOf(
                        "BannedPasswordCheckOnPremisesMode",
                        new[] { "Enforce", "Enforced" },
                        new[] { "Audit" },
                        "banned passwords are only logged on premises, not refused"
                    ),
                },
                "EIDSCA.PR01",
                "EIDSCA.PR02"
            ) { }
    }
}

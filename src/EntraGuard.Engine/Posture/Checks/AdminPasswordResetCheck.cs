namespace EntraGuard.Posture.Checks
{
    internal sealed class AdminPasswordResetCheck : SettingCheck
    {
        public AdminPasswordResetCheck()
            : base(
                "EGP046",
                "Administrators cannot reset their own passwords by self-service",
                Severity.Medium,
                UserSettings,
                PostureData.AuthorizationPolicy,
                "allowedToUseSSPR",
                context => SettingCheck.Text(Authorization(context).AllowedToUseSspr),
                Off("administrators reset their passwords through another administrator"),
                On("administrators may reset their own passwords by self-service"),
                "Self-service reset proves identity with the methods an administrator registered, often a phone "
                    + "number or a mailbox; whoever takes over one of them can reset the password of an account "
                    + "that runs the directory. Administrator resets should go through a second administrator.",
                "PATCH /policies/authorizationPolicy with allowedToUseSSPR = false "
                    + "(Update-MgPolicyAuthorizationPolicy -AllowedToUseSspr:$false); this is the administrators' "
                    + "self-service reset switch, separate from the users' policy in Entra admin center → Protection "
                    + "→ Password reset.",
                "EIDSCA.AP01"
            ) { }
    }
}

using System.Collections.Generic;

namespace EntraGuard.Posture.Checks
{
    internal sealed class RiskyAppConsentCheck : SettingCheck
    {
        public RiskyAppConsentCheck()
            : base(
                "EGP027",
                "Users cannot consent to applications Microsoft flags as risky",
                Severity.High,
                "Applications",
                PostureData.AuthorizationPolicy,
                "allowUserConsentForRiskyApps",
                context => SettingCheck.Text(Authorization(context).AllowUserConsentForRiskyApps),
                Off("consent to applications flagged as risky needs an administrator"),
                On("users may consent to applications that Microsoft flags as risky"),
                "Microsoft flags applications whose publisher or behaviour looks like consent phishing; letting users "
                    + "consent to them anyway removes the one warning that stops an illicit grant before it happens. "
                    + "The older switch for the same protection, in the legacy 'Consent Policy Settings' object, is "
                    + "EGP105's.",
                "PATCH /policies/authorizationPolicy with allowUserConsentForRiskyApps = false "
                    + "(Update-MgPolicyAuthorizationPolicy -AllowUserConsentForRiskyApps:$false), and route such "
                    + "requests through the admin consent workflow (EGP023).",
                "EIDSCA.AP09"
            ) { }
    }
}

using System.Collections.Generic;

namespace EntraGuard.Posture.Checks
{
    internal sealed class SelfServiceSubscriptionsCheck : SettingCheck
    {
        public SelfServiceSubscriptionsCheck()
            : base(
                "EGP025",
                "Users cannot sign up for self-service subscriptions",
                Severity.Low,
                UserSettings,
                PostureData.AuthorizationPolicy,
                "allowedToSignUpEmailBasedSubscriptions",
                context => SettingCheck.Text(Authorization(context).AllowedToSignUpEmailBasedSubscriptions),
                Off("users cannot sign up for email-based subscriptions themselves"),
                On("every user may sign up for email-based subscriptions (self-service trials and free licences)"),
                "Self-service sign-up brings services into the tenant that nobody reviewed, licensed or configured, "
                    + "each a new place for the organization's data and a new set of defaults an attacker can use.",
                "PATCH /policies/authorizationPolicy with allowedToSignUpEmailBasedSubscriptions = false "
                    + "(Update-MgPolicyAuthorizationPolicy -AllowedToSignUpEmailBasedSubscriptions:$false); there is "
                    + "no admin-center switch.",
                "EIDSCA.AP05"
            ) { }
    }
}

using System.Collections.Generic;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    internal sealed class PhishingResistantAdminsCheck : SignInRequirementCheck
    {
        public PhishingResistantAdminsCheck()
            : base(
                "EGP031",
                "Every administrator sign-in needs phishing-resistant MFA",
                Severity.High,
                PostureLicence.EntraIdP1,
                "Adversary-in-the-middle kits relay a password and a push, code or call approval as easily as a "
                    + "password alone, and take the session cookie with them. Only methods bound to the site and the "
                    + "device — FIDO2 security keys, Windows Hello for Business, certificate-based MFA — defeat the "
                    + "relay, and an administrator's session is the one an attacker wants most. Every way an "
                    + "administrator can sign in has to demand them, or be blocked.",
                "Have an enabled Conditional Access policy that includes the privileged directory roles, targets All "
                    + "resources, has no client-app, platform or location condition, and grants access only with the "
                    + "'Phishing-resistant MFA' authentication strength (grantControls.authenticationStrength id "
                    + "00000000-0000-0000-0000-000000000004); block legacy clients for them, which cannot meet it. "
                    + "Leave out only your emergency-access accounts.",
                SignInPopulation.Administrators
            )
        {
            Frameworks = new[] { "MS.AAD.3.6" };
        }

        protected override string Requirement => "needs phishing-resistant MFA";

        protected override string FailHeadline => "administrator sign-ins are possible without phishing-resistant MFA";

        protected override IReadOnlyList<ConditionalAccessPolicy> MetBy(SignInEvaluation evaluation) =>
            evaluation.PhishingResistantMfaRequiredBy;
    }
}

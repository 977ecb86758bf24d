using System.Collections.Generic;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    internal sealed class PhishingResistantEveryoneCheck : SignInRequirementCheck
    {
        public PhishingResistantEveryoneCheck()
            : base(
                "EGP038",
                "Every user sign-in needs phishing-resistant MFA",
                Severity.Medium,
                PostureLicence.EntraIdP1,
                "Phishing kits that sit between the user and the sign-in page pass on a password and any code, push "
                    + "or call approval, and keep the session they obtain. Ordinary accounts are how most intrusions "
                    + "start, so the same site-bound methods that protect administrators — FIDO2 security keys, "
                    + "Windows Hello for Business, passkeys in Authenticator, certificate-based MFA — are the end "
                    + "state for everyone.",
                "Once users have registered a phishing-resistant method, have an enabled Conditional Access policy "
                    + "for All users and All resources, without client-app, platform or location conditions, that "
                    + "grants access only with the 'Phishing-resistant MFA' authentication strength "
                    + "(grantControls.authenticationStrength id 00000000-0000-0000-0000-000000000004), and block "
                    + "legacy clients. Entra admin center → Protection → Conditional Access → New policy, or POST "
                    + "/identity/conditionalAccess/policies. Leave out only your emergency-access accounts.",
                SignInPopulation.Everyone
            )
        {
            Frameworks = new[] { "MS.AAD.3.1" };
        }

        protected override string Requirement => "needs phishing-resistant MFA";

        protected override string FailHeadline => "users can sign in without phishing-resistant MFA";

        protected override IReadOnlyList<ConditionalAccessPolicy> MetBy(SignInEvaluation evaluation) =>
            evaluation.PhishingResistantMfaRequiredBy;
    }
}

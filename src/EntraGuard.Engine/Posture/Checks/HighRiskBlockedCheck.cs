using System.Collections.Generic;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    internal sealed class HighRiskBlockedCheck : SignInRequirementCheck
    {
        public HighRiskBlockedCheck()
            : base(
                "EGP039",
                "High-risk users and high-risk sign-ins are blocked",
                Severity.High,
                PostureLicence.EntraIdP2,
                "Identity Protection rates a sign-in high-risk when it looks like a token replay, a password spray "
                    + "hit or an anonymizing network, and a user high-risk when their credentials were leaked or "
                    + "used by someone else. An MFA challenge or password change can be completed by an attacker "
                    + "who already holds the account's factors; blocking until an administrator has looked cannot.",
                "Have enabled Conditional Access policies for All users and All resources that block access when "
                    + "the user risk is high (conditions.userRiskLevels high) and when the sign-in risk is high "
                    + "(conditions.signInRiskLevels high), Entra admin center → Protection → Conditional Access. "
                    + "Leave out only your emergency-access accounts, and review risky users daily.",
                SignInPopulation.Everyone,
                "Identity Protection"
            )
        {
            Frameworks = new[] { "MS.AAD.2.1", "MS.AAD.2.3" };
        }

        protected override string? Requirement => null;

        protected override string FailHeadline => "high-risk users or sign-ins are not blocked";

        protected override IEnumerable<SignIn> Shapes(SignIn person) =>
            new[] { Like(person, userRisk: "high"), Like(person, signInRisk: "high") };
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using static EntraGuard.Posture.Checks.ConditionalAccessAnalysis;

namespace EntraGuard.Posture.Checks
{
    internal sealed class SignInRiskPolicyCheck : RiskPolicyCheck
    {
        public SignInRiskPolicyCheck()
            : base(
                "EGP004",
                "Risky sign-ins must be challenged",
                "Identity Protection scores every sign-in for signs that someone other than the user is behind it: "
                    + "anonymous or malicious IP addresses, impossible travel, unfamiliar properties, password spray, "
                    + "token anomalies. The score helps only if a policy acts on it; otherwise the attacker's sign-in "
                    + "is flagged and let in.",
                "Have an enabled Conditional Access policy for All users and All resources with a sign-in risk "
                    + "condition of High and Medium (posture.signInRiskLevels sets the levels), granting access only "
                    + "with multifactor authentication or an authentication strength — or blocking. Setting sign-in "
                    + "frequency to 'Every time' in the same policy makes the challenge happen on each risky sign-in. "
                    + "Leave out only your emergency-access accounts."
            )
        {
            Frameworks = new[] { "MT.1012" };
        }

        protected override string RiskKind => "sign-in";
        protected override AllowedConditions RiskCondition => AllowedConditions.SignInRisk;
        protected override string ExpectedAnswer => "require MFA or block";

        protected override IReadOnlyList<string> LevelsOf(ConditionalAccessPolicy policy) => policy.SignInRiskLevels;

        protected override IReadOnlyList<string> RequiredLevels(PostureSettings settings) => settings.SignInRiskLevels;

        protected override bool AnswersRisk(ConditionalAccessPolicy policy) => RequiresMfa(policy) || Blocks(policy);
    }
}

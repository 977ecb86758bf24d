using System;
using System.Collections.Generic;
using System.Linq;
using static EntraGuard.Posture.Checks.ConditionalAccessAnalysis;

namespace EntraGuard.Posture.Checks
{
    internal sealed class UserRiskPolicyCheck : RiskPolicyCheck
    {
        public UserRiskPolicyCheck()
            : base(
                "EGP005",
                "Users at high risk must change their password",
                "User risk says an account is probably compromised: its password leaked, or its sign-ins kept looking "
                    + "like someone else's. Until the password changes, the attacker holds a working credential; "
                    + "requiring a secure password change (after MFA) takes it away and clears the risk, without "
                    + "waiting for a help desk.",
                "Have an enabled Conditional Access policy for All users and All resources with a user risk condition "
                    + "of High (posture.userRiskLevels sets the levels) that grants access only with 'Require password "
                    + "change' together with multifactor authentication (or 'Require risk remediation' with an "
                    + "authentication strength) — or blocks. Leave out only your emergency-access accounts."
            )
        {
            Frameworks = new[] { "MT.1013" };
        }

        protected override string RiskKind => "user";
        protected override AllowedConditions RiskCondition => AllowedConditions.UserRisk;
        protected override string ExpectedAnswer => "require a password change or risk remediation, or block";

        protected override IReadOnlyList<string> LevelsOf(ConditionalAccessPolicy policy) => policy.UserRiskLevels;

        protected override IReadOnlyList<string> RequiredLevels(PostureSettings settings) => settings.UserRiskLevels;

        protected override bool AnswersRisk(ConditionalAccessPolicy policy) =>
            Blocks(policy)
            || (
                string.Equals(policy.GrantOperator, "AND", StringComparison.OrdinalIgnoreCase)
                || policy.BuiltInControls.Count == 1
            ) && (Has(policy.BuiltInControls, "passwordChange") || Has(policy.BuiltInControls, "riskRemediation"));
    }
}

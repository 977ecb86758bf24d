namespace EntraGuard.Posture.Checks
{
    internal sealed class RiskConditionsSeparateCheck : PolicyShapeCheck
    {
        public RiskConditionsSeparateCheck()
            : base(
                "EGP059",
                "User risk and sign-in risk are answered by separate policies",
                Severity.High,
                PostureLicence.EntraIdP2,
                "A policy's conditions must all hold for it to apply. A policy with both a user-risk and a "
                    + "sign-in-risk condition acts only on a risky sign-in by a user who is already risky — a "
                    + "fresh token theft from a clean account, or a leaked password used from a normal-looking "
                    + "sign-in, passes it untouched.",
                "Split each policy that sets both conditions.userRiskLevels and conditions.signInRiskLevels into two: "
                    + "one on user risk (require a secure password change, or block) and one on sign-in risk "
                    + "(require MFA, or block). Entra admin center → Protection → Conditional Access → the policy → "
                    + "Conditions; or PATCH /identity/conditionalAccess/policies/{id} clearing one of the two lists."
            )
        {
            Frameworks = new[] { "MT.1049" };
        }

        protected override string FailHeadline =>
            "a policy acts only when user risk and sign-in risk meet in the same sign-in";

        protected override string PassReason(int enabled) =>
            $"none of the {enabled} enabled policy(ies) sets both a user-risk and a sign-in-risk condition";

        protected override string? Problem(ConditionalAccessPolicy policy) =>
            policy.UserRiskLevels.Count > 0 && policy.SignInRiskLevels.Count > 0
                ? $"applies only when the user risk is {string.Join(", ", policy.UserRiskLevels)} and the sign-in "
                    + $"risk is {string.Join(", ", policy.SignInRiskLevels)} at once"
                : null;
    }
}

namespace EntraGuard.Posture.Checks
{
    internal sealed class ApprovedClientAppGrantCheck : PolicyShapeCheck
    {
        public ApprovedClientAppGrantCheck()
            : base(
                "EGP061",
                "No policy relies on the retired 'approved client app' grant",
                Severity.High,
                PostureLicence.EntraIdP1,
                "Microsoft stopped enforcing the grant 'Require approved client app' (builtInControls "
                    + "approvedApplication) in March 2026: a policy that still lists it behaves as if it were not "
                    + "selected. Where it was the only control, the policy now lets every client through; with OR, "
                    + "the other controls still apply but the policy no longer says what it does.",
                "Replace 'Require approved client app' with 'Require app protection policy' (builtInControls "
                    + "compliantApplication) in each listed policy, Entra admin center → Protection → Conditional "
                    + "Access → the policy → Grant; or PATCH /identity/conditionalAccess/policies/{id} with the new "
                    + "grantControls.builtInControls."
            )
        {
            Frameworks = new[] { "MT.1072" };
        }

        protected override string FailHeadline => "enabled policies rely on the retired approved-client-app grant";

        protected override string PassReason(int enabled) =>
            $"none of the {enabled} enabled policy(ies) grants access by 'approved client app'";

        protected override string? Problem(ConditionalAccessPolicy policy) =>
            ConditionalAccessAnalysis.Has(policy.BuiltInControls, "approvedApplication")
                ? $"grants {ConditionalAccessAnalysis.DescribeGrant(policy)}; approvedApplication is no longer enforced"
                : null;
    }
}

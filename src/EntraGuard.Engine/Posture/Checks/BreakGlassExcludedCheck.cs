using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    internal sealed class BreakGlassExcludedCheck : BreakGlassCheck
    {
        public BreakGlassExcludedCheck()
            : base(
                "EGP030",
                "Break-glass accounts are excluded from every policy that can lock them out",
                "Emergency-access accounts exist for the day Conditional Access itself goes wrong: a policy that "
                    + "blocks every administrator, an MFA service outage, a federation or device-compliance failure. "
                    + "A policy that reaches them — by all users, by their role or by name — can lock the tenant's "
                    + "last way in at exactly that moment.",
                "Exclude each emergency-access account (or the group holding them) from every enabled Conditional "
                    + "Access policy that blocks or demands a grant control (Entra admin center → Protection → "
                    + "Conditional Access → the policy → Users → Exclude), or PATCH "
                    + "/identity/conditionalAccess/policies/{id} with the account in conditions.users.excludeUsers. "
                    + "List the accounts (object id or userPrincipalName) under posture.breakGlassAccounts so "
                    + "EntraGuard knows them, and watch their sign-ins instead."
            )
        {
            Frameworks = new[] { "MT.1005" };
        }

        protected override string FailHeadline =>
            "break-glass accounts are missing or not excluded from every policy that can lock them out";

        private static ConditionalAccessPolicy[] Gating(IReadOnlyList<ConditionalAccessPolicy> policies) =>
            policies
                .Where(p => p.IsEnabled && (p.BuiltInControls.Count > 0 || p.AuthenticationStrength is not null))
                .ToArray();

        protected override (string PassReason, string Evidence) Summary(
            IReadOnlyList<ConditionalAccessPolicy> policies,
            string source
        )
        {
            var gating = Gating(policies);
            return (
                $"every break-glass account is excluded from all {gating.Length} enabled policy(ies) that block or "
                    + "demand a grant control",
                $"{source}: {gating.Length} enabled policy(ies) block or demand a grant control: "
                    + SignInEvaluation.Names(gating)
            );
        }

        protected override string? Judge(IReadOnlyList<ConditionalAccessPolicy> policies, SignIn account)
        {
            var reaching = Gating(policies)
                .Where(p => ConditionalAccessEvaluator.UsersLeaveOut(p, account) is null)
                .Select(p => $"'{p.DisplayName}' ({ConditionalAccessAnalysis.DescribeGrant(p)})")
                .ToArray();
            return reaching.Length == 0 ? null : $"is reached by {string.Join(", ", reaching)}";
        }
    }
}

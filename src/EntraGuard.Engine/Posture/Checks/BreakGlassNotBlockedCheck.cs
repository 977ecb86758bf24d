using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    internal sealed class BreakGlassNotBlockedCheck : BreakGlassCheck
    {
        public BreakGlassNotBlockedCheck()
            : base(
                "EGP057",
                "No enforced policy applies to any sign-in of a break-glass account",
                "EGP030 proves that no policy demanding a grant names a break-glass account. This check asks more: "
                    + "on every sign-in the policies can tell apart — each app, platform, location and client type, "
                    + "Exchange ActiveSync included — no enforced policy applies at all, not even one with only "
                    + "session controls or a device filter. An emergency account that some policy still reaches "
                    + "can be signed out or refused on the day it is needed.",
                "Exclude each emergency-access account (or the group holding them) from every enabled Conditional "
                    + "Access policy, session-only and device-filtered ones included (Entra admin center → "
                    + "Protection → Conditional Access → the policy → Users → Exclude), or PATCH "
                    + "/identity/conditionalAccess/policies/{id} adding it to conditions.users.excludeUsers. List "
                    + "the accounts under posture.breakGlassAccounts."
            )
        {
            Frameworks = new[] { "MT.1034" };
        }

        protected override string FailHeadline => "an enforced policy applies to a break-glass account";

        protected override (string PassReason, string Evidence) Summary(
            IReadOnlyList<ConditionalAccessPolicy> policies,
            string source
        )
        {
            var enabled = policies.Where(p => p.IsEnabled).ToArray();
            return (
                $"none of the {enabled.Length} enabled policy(ies) applies to any sign-in of a break-glass account "
                    + "(every app, platform, location and client type a policy names)",
                $"{source}: {enabled.Length} enabled policy(ies): {SignInEvaluation.Names(enabled)}"
            );
        }

        protected override string? Judge(IReadOnlyList<ConditionalAccessPolicy> policies, SignIn account)
        {
            // A policy whose device filter or other undecidable condition is all that stands between it and the
            // account does reach the account on some devices, which is what this claim rules out.
            var reaching = new SortedSet<string>();
            SignIn? example = null;
            foreach (var signIn in SignInScenarios.For(policies, account))
            {
                var result = ConditionalAccessEvaluator.Evaluate(policies, signIn);
                var applying = result.Applying.Concat(result.Undecided).ToArray();
                if (applying.Length == 0)
                    continue;
                example ??= signIn;
                foreach (var policy in applying)
                    reaching.Add($"'{policy.DisplayName}'");
            }
            return example is null
                ? null
                : $"is reached by {string.Join(", ", reaching)}, e.g. signing in as {example}";
        }
    }
}

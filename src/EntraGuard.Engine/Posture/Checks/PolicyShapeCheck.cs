using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// A rule every enabled Conditional Access policy must keep on its own (no grant Microsoft stopped enforcing,
    /// no risk conditions that only ever meet together): one finding per policy that breaks it.
    /// </summary>
    internal abstract class PolicyShapeCheck : PostureCheck
    {
        protected PolicyShapeCheck(
            string id,
            string title,
            Severity severity,
            PostureLicence licence,
            string rationale,
            string remediation
        )
            : base(
                id,
                title,
                severity,
                "Conditional Access",
                PostureData.ConditionalAccessPolicies | PostureData.SubscribedSkus,
                licence,
                rationale,
                remediation
            ) { }

        /// <summary>What is wrong with the policy, or null when it keeps the rule.</summary>
        protected abstract string? Problem(ConditionalAccessPolicy policy);

        protected abstract string FailHeadline { get; }

        /// <summary>The pass reason, given the number of enabled policies judged.</summary>
        protected abstract string PassReason(int enabled);

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var source = context.Snapshot.SourceOf(PostureData.ConditionalAccessPolicies);
            var enabled = context.ConditionalAccessPolicies().Where(p => p.IsEnabled).ToArray();
            var findings = new List<PostureFinding>();
            foreach (var policy in enabled)
            {
                if (Problem(policy) is not { } problem)
                    continue;
                findings.Add(
                    new PostureFinding
                    {
                        TargetId = policy.Id,
                        TargetName = policy.DisplayName,
                        TargetType = "conditionalAccessPolicy",
                        Detail = $"'{policy.DisplayName}' {problem}",
                    }
                );
            }
            var evidence = new[]
            {
                $"{source}: {enabled.Length} enabled policy(ies): {SignInEvaluation.Names(enabled)}",
            };
            return CheckOutcome.FromFindings(findings, FailHeadline, PassReason(enabled.Length), evidence);
        }
    }
}

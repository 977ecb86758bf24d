using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class HighRiskAgentsBlockedCheck : PostureCheck
    {
        public HighRiskAgentsBlockedCheck()
            : base(
                "EGP068",
                "Agent identities at high risk are blocked",
                Severity.High,
                "Conditional Access",
                PostureData.AgentConditionalAccessPolicies,
                PostureLicence.EntraIdP2,
                "An AI agent signs in as its own identity and acts with the permissions it was granted, with no "
                    + "person at the keyboard to notice a prompt. When Identity Protection rates an agent high-risk "
                    + "(its credentials leaked, or it behaves unlike itself), only a Conditional Access policy keeps "
                    + "it from getting new tokens. Graph returns the agent risk condition in beta only, so this check "
                    + "reads the policies from beta — one request, made only when this check runs, and a refusal "
                    + "skips this check alone. Beyond Maester, which accepts any enabled policy with high agent risk "
                    + "and block, the policy must cover every agent identity and every resource: a policy for some "
                    + "agents leaves the rest open.",
                "Create an enabled Conditional Access policy (Entra admin center → Protection → Conditional Access) "
                    + "for All agent identities and All resources, with the condition Agent risk = High and the grant "
                    + "Block access; or POST /beta/identity/conditionalAccess/policies with "
                    + "conditions.clientApplications.includeAgentIdServicePrincipals = [\"All\"], "
                    + "conditions.applications.includeApplications = [\"All\"], conditions.agentIdRiskLevels = high "
                    + "and grantControls.builtInControls = [\"block\"]."
            )
        {
            Frameworks = new[] { "MT.1181" };
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var policies = context.Require(
                context.Snapshot.AgentConditionalAccessPolicies,
                PostureData.AgentConditionalAccessPolicies
            );
            var source = context.Snapshot.SourceOf(PostureData.AgentConditionalAccessPolicies);
            var blocking = policies
                .Where(policy => Has(policy.AgentIdRiskLevels, "high") && Has(policy.BuiltInControls, "block"))
                .ToArray();
            var evidence = blocking.Select(policy => $"{source}: {policy} {Scope(policy)}").ToList();
            if (blocking.Length == 0)
                evidence.Add($"{source}: no policy blocks agent risk high ({policies.Count} policies read)");

            var enabled = blocking.Where(policy => policy.IsEnabled).ToArray();
            if (enabled.Any(policy => Narrowing(policy).Count == 0))
                return CheckOutcome.Pass("an enabled policy blocks every agent identity at high risk", evidence);

            var findings = enabled
                .Select(policy => new PostureFinding
                {
                    TargetId = policy.Id,
                    TargetName = policy.DisplayName,
                    TargetType = "conditionalAccessPolicy",
                    Detail = $"{policy} blocks high-risk agents but {string.Join(" and ", Narrowing(policy))}",
                })
                .ToList();
            if (findings.Count == 0)
                findings.Add(
                    new PostureFinding
                    {
                        TargetId = "conditionalAccessPolicies",
                        TargetName = "Conditional Access",
                        TargetType = "tenant",
                        Detail =
                            blocking.Length == 0
                                ? "no Conditional Access policy blocks agent identities at high risk"
                                : "the policies that block high-risk agents are not enabled (off or report-only)",
                    }
                );
            return CheckOutcome.FromFindings(
                findings,
                "agent identities at high risk can still get tokens",
                "an enabled policy blocks every agent identity at high risk",
                evidence
            );
        }

        /// <summary>What keeps a high-risk blocking policy from covering every agent and resource; empty when
        /// nothing does.</summary>
        private static IReadOnlyList<string> Narrowing(ConditionalAccessPolicy policy)
        {
            var narrowing = new List<string>();
            if (!Has(policy.IncludeAgentIdServicePrincipals, "All"))
                narrowing.Add("names only some agent identities");
            if (policy.ExcludeAgentIdServicePrincipals.Count > 0 || policy.HasAgentIdServicePrincipalFilter)
                narrowing.Add("leaves agent identities out");
            if (!Has(policy.IncludeApplications, "All") || policy.ExcludeApplications.Count > 0)
                narrowing.Add("does not cover every resource");
            return narrowing;
        }

        private static string Scope(ConditionalAccessPolicy policy) =>
            $"agentIdRiskLevels = {string.Join(",", policy.AgentIdRiskLevels)}; "
            + $"agents = [{string.Join(", ", policy.IncludeAgentIdServicePrincipals)}]"
            + (
                policy.ExcludeAgentIdServicePrincipals.Count > 0
                    ? $" except [{string.Join(", ", policy.ExcludeAgentIdServicePrincipals)}]"
                    : ""
            )
            + (policy.HasAgentIdServicePrincipalFilter ? " (filtered)" : "")
            + $"; resources = [{string.Join(", ", policy.IncludeApplications)}]"
            + (
                policy.ExcludeApplications.Count > 0 ? $" except [{string.Join(", ", policy.ExcludeApplications)}]" : ""
            );

        private static bool Has(IReadOnlyList<string> values, string value) =>
            values.Contains(value, StringComparer.OrdinalIgnoreCase);
    }
}

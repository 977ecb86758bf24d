using System;
using System.Collections.Generic;
using System.Linq;
using static EntraGuard.Posture.Checks.ConditionalAccessAnalysis;

namespace EntraGuard.Posture.Checks
{
    /// <summary>Identity Protection risk answered by Conditional Access: one policy (or several) per required risk
    /// level.</summary>
    internal abstract class RiskPolicyCheck : PostureCheck
    {
        protected RiskPolicyCheck(string id, string title, string rationale, string remediation)
            : base(
                id,
                title,
                Severity.High,
                "Identity Protection",
                PostureData.ConditionalAccessPolicies | PostureData.SubscribedSkus,
                PostureLicence.EntraIdP2,
                rationale,
                remediation
            ) { }

        internal override string LicenceReason =>
            "not applicable: no Microsoft Entra ID P2 licence, which risk-based Conditional Access needs";

        protected abstract string RiskKind { get; }
        protected abstract AllowedConditions RiskCondition { get; }
        protected abstract IReadOnlyList<string> LevelsOf(ConditionalAccessPolicy policy);
        protected abstract IReadOnlyList<string> RequiredLevels(PostureSettings settings);
        protected abstract bool AnswersRisk(ConditionalAccessPolicy policy);
        protected abstract string ExpectedAnswer { get; }

        internal sealed override CheckOutcome Evaluate(PostureContext context)
        {
            var settings = context.Settings;
            var source = context.Snapshot.SourceOf(PostureData.ConditionalAccessPolicies);
            var policies = context.Require(
                context.Snapshot.ConditionalAccessPolicies,
                PostureData.ConditionalAccessPolicies
            );
            var evidence = new List<string>
            {
                $"{context.Snapshot.SourceOf(PostureData.SubscribedSkus)}: licences {context.Licences}",
            };

            string? WhyNot(ConditionalAccessPolicy policy)
            {
                if (!policy.IsEnabled)
                    return policy.IsReportOnly ? "report-only, not enforced" : $"state {policy.State}";
                if (!IncludesAllUsers(policy))
                    return "does not target all users";
                if (!IncludesAllApps(policy))
                    return "does not target all apps";
                if (!AnswersRisk(policy))
                    return $"its grant does not {ExpectedAnswer}";
                var limits = Limits(policy, RiskCondition);
                return limits.Count == 0 ? null : string.Join("; ", limits);
            }

            var riskPolicies = policies.Where(policy => LevelsOf(policy).Count > 0).ToArray();
            foreach (var policy in riskPolicies)
            {
                var problem = WhyNot(policy);
                evidence.Add(
                    Describe(
                        policy,
                        source,
                        $"{RiskKind} risk {string.Join(", ", LevelsOf(policy))}; "
                            + (problem is null ? "counts" : $"does not count: {problem}")
                    )
                );
            }
            var qualifying = riskPolicies.Where(policy => WhyNot(policy) is null).ToArray();
            var required = RequiredLevels(settings);
            evidence.Add($"settings: {RiskKind} risk levels to answer: {string.Join(", ", required)}");

            var coverage = Coverage(
                required,
                level => qualifying.Where(policy => Has(LevelsOf(policy), level)).ToArray(),
                withRoles: true,
                settings
            );
            var findings = coverage.ToFindings(
                "riskLevel",
                level => $"{RiskKind} risk {level}",
                $"no enabled policy for all users and all apps answers it ({ExpectedAnswer})",
                levels => $"answers {RiskKind} risk {string.Join(", ", levels)}",
                settings
            );
            if (findings.Count > 0)
            {
                evidence.Add(
                    $"Legacy Identity Protection {RiskKind}-risk policies cannot be read through Microsoft Graph "
                        + $"and are being retired; "
                        + "a tenant that still relies on one should move it to Conditional Access (or record an "
                        + "accepted deviation)."
                );
            }
            return CheckOutcome.FromFindings(
                findings,
                $"{RiskKind} risk is not answered at every required level",
                $"enabled Conditional Access answers {RiskKind} risk {string.Join(", ", required)} for all users "
                    + $"on all apps",
                evidence
            );
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using static EntraGuard.Posture.Checks.ConditionalAccessAnalysis;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// A control that security defaults provide on their own and Conditional Access provides otherwise: passes when
    /// security defaults are on, else judges the policies.
    /// </summary>
    internal abstract class SecurityDefaultsOrPolicyCheck : PostureCheck
    {
        protected const PostureData Reads =
            PostureData.SecurityDefaults | PostureData.ConditionalAccessPolicies | PostureData.SubscribedSkus;

        protected SecurityDefaultsOrPolicyCheck(
            string id,
            string title,
            Severity severity,
            string rationale,
            string remediation
        )
            : base(id, title, severity, "Conditional Access", Reads, PostureLicence.None, rationale, remediation) { }

        /// <summary>Why security defaults alone satisfy the check.</summary>
        protected abstract string SecurityDefaultsReason { get; }

        protected abstract CheckOutcome EvaluatePolicies(
            PostureContext context,
            IReadOnlyList<ConditionalAccessPolicy> policies,
            List<string> evidence
        );

        internal sealed override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var defaultsSource = snapshot.SourceOf(PostureData.SecurityDefaults);
            var defaults = snapshot.SecurityDefaultsEnabled;
            var evidence = new List<string>
            {
                defaults is { } on
                    ? $"{defaultsSource}: isEnabled = {(on ? "true" : "false")}"
                    : $"{defaultsSource}: not read ({context.ProblemWith(PostureData.SecurityDefaults)})",
            };
            if (defaults == true)
                return CheckOutcome.Pass(SecurityDefaultsReason, evidence);

            evidence.Add($"{snapshot.SourceOf(PostureData.SubscribedSkus)}: licences {context.Licences}");
            if (defaults == false && context.Licences.IsKnown && !context.Licences.EntraIdP1)
            {
                var finding = new PostureFinding
                {
                    TargetId = "securityDefaults",
                    TargetName = "Security defaults",
                    TargetType = "setting",
                    Detail =
                        "security defaults are off and without a Microsoft Entra ID P1 licence no Conditional "
                        + "Access policy can take their place",
                };
                return CheckOutcome.FromFindings(
                    new[] { finding },
                    $"{Title.TrimEnd('.')} is not enforced",
                    "",
                    evidence
                );
            }

            var policies = context.Require(snapshot.ConditionalAccessPolicies, PostureData.ConditionalAccessPolicies);
            var outcome = EvaluatePolicies(context, policies, evidence);
            if (outcome.Status == PostureStatus.Failed && defaults is null)
            {
                return CheckOutcome.Skip(
                    $"skipped: no Conditional Access policy is enough, and whether security defaults are on is "
                        + $"unknown ({context.ProblemWith(PostureData.SecurityDefaults)})",
                    evidence
                );
            }
            return outcome;
        }

        /// <summary>
        /// The candidates that count (<paramref name="whyNot"/> finds nothing against them), with an evidence line for
        /// every candidate saying why it counts or not, and one naming the break-glass accounts.
        /// </summary>
        protected static ConditionalAccessPolicy[] Qualifying(
            PostureContext context,
            IEnumerable<ConditionalAccessPolicy> candidates,
            Func<ConditionalAccessPolicy, string?> whyNot,
            List<string> evidence
        )
        {
            var source = context.Snapshot.SourceOf(PostureData.ConditionalAccessPolicies);
            var qualifying = new List<ConditionalAccessPolicy>();
            foreach (var policy in candidates)
            {
                var problem = whyNot(policy);
                evidence.Add(Describe(policy, source, problem is null ? "counts" : $"does not count: {problem}"));
                if (problem is null)
                    qualifying.Add(policy);
            }
            evidence.Add(BreakGlassEvidence(context));
            return qualifying.ToArray();
        }

        /// <summary>Why a policy is not an always-on requirement for all apps, or null when it is.</summary>
        protected static string? NotAlwaysOn(
            ConditionalAccessPolicy policy,
            AllowedConditions allowed = AllowedConditions.None
        )
        {
            if (!policy.IsEnabled)
                return policy.IsReportOnly ? "report-only, not enforced" : $"state {policy.State}";
            if (!IncludesAllApps(policy))
                return "does not target all apps";
            var limits = Limits(policy, allowed);
            return limits.Count == 0 ? null : string.Join("; ", limits);
        }

        /// <summary>The configured break-glass accounts, for evidence.</summary>
        protected static string BreakGlassEvidence(PostureContext context) =>
            context.Settings.BreakGlassAccounts.Count == 0
                ? "settings: no break-glass accounts configured (posture.breakGlassAccounts), so every exclusion "
                    + "counts as a gap"
                : $"settings: break-glass accounts {string.Join(", ", context.Settings.BreakGlassAccounts)} may be "
                    + $"excluded";
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture.Checks;

namespace EntraGuard.Posture.ConditionalAccess
{
    /// <summary>
    /// What Conditional Access does with one described sign-in: the enforced policies that apply (every one of them
    /// must be satisfied), the report-only ones that would, the ones that cannot be decided, and what they require
    /// together — each answer naming the policies that decide it.
    /// </summary>
    public sealed class SignInEvaluation
    {
        internal SignInEvaluation(SignIn signIn, IReadOnlyList<PolicyVerdict> verdicts)
        {
            SignIn = signIn;
            Verdicts = verdicts;
            Applying = Enforced(PolicyApplicability.Applies);
            Undecided = Enforced(PolicyApplicability.Unknown);
            ReportOnly = verdicts
                .Where(v => v.Policy.IsReportOnly && v.Applicability == PolicyApplicability.Applies)
                .Select(v => v.Policy)
                .ToArray();
            BlockedBy = Applying.Where(ConditionalAccessAnalysis.Blocks).ToArray();
            MfaRequiredBy = Applying.Where(ConditionalAccessAnalysis.RequiresMfa).ToArray();
            PhishingResistantMfaRequiredBy = Applying
                .Where(ConditionalAccessEvaluator.RequiresPhishingResistantMfa)
                .ToArray();
            ManagedDeviceRequiredBy = Applying.Where(ConditionalAccessEvaluator.RequiresManagedDevice).ToArray();
        }

        public SignIn SignIn { get; }

        /// <summary>Every enabled and report-only policy, judged.</summary>
        public IReadOnlyList<PolicyVerdict> Verdicts { get; }

        /// <summary>The enabled policies that apply: the sign-in must satisfy all of them.</summary>
        public IReadOnlyList<ConditionalAccessPolicy> Applying { get; }

        /// <summary>Enabled policies whose conditions a description cannot decide; none of them is counted.</summary>
        public IReadOnlyList<ConditionalAccessPolicy> Undecided { get; }

        /// <summary>Report-only policies that would apply: logged, not enforced.</summary>
        public IReadOnlyList<ConditionalAccessPolicy> ReportOnly { get; }

        /// <summary>The applying policies that block access.</summary>
        public IReadOnlyList<ConditionalAccessPolicy> BlockedBy { get; }

        public bool IsBlocked => BlockedBy.Count > 0;

        /// <summary>The applying policies that cannot be satisfied without multifactor authentication.</summary>
        public IReadOnlyList<ConditionalAccessPolicy> MfaRequiredBy { get; }

        public bool RequiresMfa => MfaRequiredBy.Count > 0;

        /// <summary>
        /// The applying policies that demand a phishing-resistant authentication strength, with no way around.
        /// </summary>
        public IReadOnlyList<ConditionalAccessPolicy> PhishingResistantMfaRequiredBy { get; }

        public bool RequiresPhishingResistantMfa => PhishingResistantMfaRequiredBy.Count > 0;

        /// <summary>The applying policies that cannot be satisfied without a compliant or hybrid-joined
        /// device.</summary>
        public IReadOnlyList<ConditionalAccessPolicy> ManagedDeviceRequiredBy { get; }

        /// <summary>The applying policies that keep the browser session from persisting (persistent browser
        /// never).</summary>
        public IReadOnlyList<ConditionalAccessPolicy> NonPersistentBrowserBy =>
            Applying
                .Where(p => string.Equals(p.Session.PersistentBrowser, "never", StringComparison.OrdinalIgnoreCase))
                .ToArray();

        /// <summary>Every grant the applying policies demand, one entry per policy (all must be met).</summary>
        public IReadOnlyList<string> Grants =>
            Applying
                .Where(p =>
                    p.BuiltInControls.Count > 0 || p.AuthenticationStrength is not null || p.TermsOfUse.Count > 0
                )
                .Select(p => $"'{p.DisplayName}': {ConditionalAccessAnalysis.DescribeGrant(p)}")
                .ToArray();

        /// <summary>The session controls of the applying policies, one entry per policy that sets any.</summary>
        public IReadOnlyList<string> Sessions =>
            Applying.Where(p => !p.Session.IsEmpty).Select(p => $"'{p.DisplayName}': {p.Session}").ToArray();

        /// <summary>The shortest sign-in frequency an applying policy sets (zero: every time), or null.</summary>
        public TimeSpan? SignInFrequency =>
            Applying.Select(p => p.Session.SignInFrequencyPeriod).Where(p => p is not null).Min();

        /// <summary>The result in a line: blocked, or what is required, naming the deciding policies.</summary>
        public string Summary
        {
            get
            {
                if (IsBlocked)
                    return $"blocked by {Names(BlockedBy)}";
                if (Applying.Count == 0)
                    return "no enforced policy applies";
                var grants = Grants;
                return grants.Count == 0 ? $"only session controls from {Names(Applying)}" : string.Join("; ", grants);
            }
        }

        internal static string Names(IEnumerable<ConditionalAccessPolicy> policies) =>
            string.Join(", ", policies.Select(p => $"'{p.DisplayName}'"));

        private ConditionalAccessPolicy[] Enforced(PolicyApplicability applicability) =>
            Verdicts.Where(v => v.Policy.IsEnabled && v.Applicability == applicability).Select(v => v.Policy).ToArray();

        public override string ToString() => $"{SignIn}: {Summary}";
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture.ConditionalAccess;
using static EntraGuard.Posture.Checks.ConditionalAccessAnalysis;

namespace EntraGuard.Posture.Checks
{
    internal sealed class DirectorySyncExcludedCheck : SynchronizedTenantCheck
    {
        /// <summary>The built-in role Entra Connect gives its synchronization account.</summary>
        public const string DirectorySyncRole = "d29b2b05-8046-44ba-8758-1e26182fcf32";

        private const string ModernClient = "mobileAppsAndDesktopClients";

        public DirectorySyncExcludedCheck()
            : base(
                "EGP066",
                "Conditional Access leaves the directory synchronization accounts out",
                Severity.Medium,
                PostureData.ConditionalAccessPolicies | PostureData.SubscribedSkus,
                "The account Entra Connect signs in with cannot answer an MFA prompt, enrol a device or accept "
                    + "terms of use: a policy that reaches it stops synchronization, and the usual hurried fix is to "
                    + "switch the policy off for everyone. Excluding the Directory Synchronization Accounts role "
                    + "(which holds nothing but that account) from the policies keeps both. Judged like Maester "
                    + "(MT.1020) over enabled policies for all resources that would block it or demand a grant, "
                    + "but with the Conditional Access evaluator: the account is a member holding the role who "
                    + "signs in from a modern client on Windows (where Entra Connect runs), so a policy limited to "
                    + "other platforms, locations it is never in or legacy clients does not count. A policy that "
                    + "names the role in its includes means to restrict it and is left alone. EntraGuard asks for "
                    + "the role's exclusion, not the account's: it follows a reinstalled account. Risk-based "
                    + "policies do not reach a plain sign-in, and rightly stop an account already judged risky. "
                    + "A tenant that synchronizes with application-based authentication (a service principal, not "
                    + "subject to Conditional Access) can accept the finding as a deviation.",
                "Exclude the role 'Directory Synchronization Accounts' (template "
                    + DirectorySyncRole
                    + ") from each listed policy: Entra admin center → Protection → Conditional Access → the policy "
                    + "→ Users → Exclude → Directory roles; or PATCH /identity/conditionalAccess/policies/{id} adding "
                    + "it to conditions.users.excludeRoles. Then restrict the role with a policy of its own that "
                    + "includes it and blocks sign-ins from outside your trusted locations.",
                PostureLicence.EntraIdP1,
                "Conditional Access"
            )
        {
            Frameworks = new[] { "MT.1020" };
        }

        protected override CheckOutcome EvaluateSynchronized(PostureContext context, List<string> evidence)
        {
            var policies = context.ConditionalAccessPolicies();
            var source = context.Snapshot.SourceOf(PostureData.ConditionalAccessPolicies);
            var reaching = new Dictionary<ConditionalAccessPolicy, SignIn>();
            var undecided = new SortedSet<string>();
            var considered = policies.Where(p => !Has(p.IncludeRoles, DirectorySyncRole)).ToArray();
            foreach (var signIn in SignIns(considered))
            {
                foreach (var verdict in ConditionalAccessEvaluator.Evaluate(considered, signIn).Verdicts)
                {
                    var policy = verdict.Policy;
                    if (!policy.IsEnabled || !Challenges(policy))
                        continue;
                    if (verdict.Applicability == PolicyApplicability.Applies && !reaching.ContainsKey(policy))
                        reaching[policy] = signIn;
                    else if (verdict.Applicability == PolicyApplicability.Unknown)
                        undecided.Add($"'{policy.DisplayName}' ({verdict.Reason})");
                }
            }
            var excluding = policies.Where(p => p.IsEnabled && Has(p.ExcludeRoles, DirectorySyncRole)).ToArray();
            evidence.Add(
                $"{source}: {policies.Count(p => p.IsEnabled)} enabled policy(ies); "
                    + $"{excluding.Length} exclude the Directory Synchronization Accounts role"
                    + (
                        excluding.Length == 0
                            ? ""
                            : $" ({string.Join(", ", excluding.Select(p => $"'{p.DisplayName}'"))})"
                    )
            );
            if (undecided.Count > 0)
                evidence.Add($"{source}: not counted, cannot be decided: {string.Join(", ", undecided)}");
            var findings = reaching
                .Select(pair => new PostureFinding
                {
                    TargetId = pair.Key.Id,
                    TargetName = pair.Key.DisplayName,
                    TargetType = "conditionalAccessPolicy",
                    Detail =
                        $"'{pair.Key.DisplayName}' ({DescribeGrant(pair.Key)}) reaches the directory synchronization "
                        + $"account without excluding its role, e.g. {pair.Value}",
                })
                .ToList();
            return CheckOutcome.FromFindings(
                findings,
                "Conditional Access policies reach the directory synchronization accounts",
                "no enabled policy that blocks or demands a grant reaches the directory synchronization accounts",
                evidence
            );
        }

        /// <summary>Would the policy stop a non-interactive account: a block, or any grant to satisfy?</summary>
        private static bool Challenges(ConditionalAccessPolicy policy) =>
            policy.BuiltInControls.Count > 0
            || policy.AuthenticationStrength is not null
            || policy.CustomAuthenticationFactors.Count + policy.TermsOfUse.Count > 0;

        /// <summary>
        /// The synchronization account's sign-ins: a member holding the role, from a modern client on Windows to an
        /// application no policy names (only policies for all resources reach it), from every location the policies
        /// tell apart. Windows stands for itself when a policy names it; else the untold platform behaves alike.
        /// </summary>
        private static IEnumerable<SignIn> SignIns(IReadOnlyList<ConditionalAccessPolicy> policies)
        {
            var windowsNamed = policies
                .Where(p => p.IsEnabled)
                .Any(p => Has(p.IncludePlatforms, "windows") || Has(p.ExcludePlatforms, "windows"));
            var account = new SignIn { RoleIds = new[] { DirectorySyncRole } };
            return SignInScenarios
                .For(policies, account)
                .Where(s =>
                    s.Application is null
                    && s.ApplicationGroups.Count == 0
                    && string.Equals(s.ClientAppType, ModernClient, StringComparison.Ordinal)
                    && (
                        windowsNamed
                            ? string.Equals(s.Platform, "windows", StringComparison.OrdinalIgnoreCase)
                            : s.Platform is null
                    )
                );
        }
    }
}

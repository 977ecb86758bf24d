using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture.ConditionalAccess;
using static EntraGuard.Posture.Checks.ConditionalAccessAnalysis;

namespace EntraGuard.Posture.Checks
{
    internal sealed class ExclusionFallbackCheck : PostureCheck
    {
        public ExclusionFallbackCheck()
            : base(
                "EGP058",
                "Everything a policy excludes is still reached by another enforced policy",
                Severity.Medium,
                "Conditional Access",
                PostureData.ConditionalAccessPolicies | PostureData.SubscribedSkus,
                PostureLicence.EntraIdP1,
                "Exclusions are where Conditional Access quietly stops: a pilot group left out of the MFA policy, "
                    + "an app excluded during a migration, a named location or device platform carved out for a "
                    + "workaround. An exclusion that no other enforced policy picks up leaves that user, group, "
                    + "role, app, location or platform with no policy at all. Configured break-glass accounts are "
                    + "meant to stay out and are not judged (EGP030 and EGP057 watch them).",
                "For each excluded object listed, include it in another enabled policy that fits it — by name, or "
                    + "by All users / All resources / any location / any platform without excluding it again — or "
                    + "remove the exclusion (Entra admin center → Protection → Conditional Access → the policy; or "
                    + "PATCH /identity/conditionalAccess/policies/{id} on conditions.users, conditions.applications, "
                    + "conditions.locations or conditions.platforms). Accept a deliberate gap here with its "
                    + "justification."
            )
        {
            Frameworks = new[] { "MT.1036" };
        }

        /// <summary>
        /// A condition list reaches a value when it names it or its "all" keyword, and the exclusions do not name it;
        /// an empty include list with <paramref name="emptyIsAll"/> is a condition not set, which reaches every value.
        /// </summary>
        private static bool Reaches(
            IReadOnlyList<string> include,
            IReadOnlyList<string> exclude,
            string value,
            string all,
            bool emptyIsAll = false
        ) => ((emptyIsAll && include.Count == 0) || Has(include, all) || Has(include, value)) && !Has(exclude, value);

        /// <summary>Each excludable kind: how a policy lists it, and whether a policy reaches a given one.</summary>
        private static readonly (
            string Name,
            Func<ConditionalAccessPolicy, IReadOnlyList<string>> Excluded,
            Func<ConditionalAccessPolicy, string, bool> Reaches
        )[] Kinds =
        {
            ("user", p => p.ExcludeUsers, (p, id) => Reaches(p.IncludeUsers, p.ExcludeUsers, id, "All")),
            (
                "group",
                p => p.ExcludeGroups,
                (p, id) => (IncludesAllUsers(p) || Has(p.IncludeGroups, id)) && !Has(p.ExcludeGroups, id)
            ),
            (
                "role",
                p => p.ExcludeRoles,
                (p, id) => (IncludesAllUsers(p) || Has(p.IncludeRoles, id)) && !Has(p.ExcludeRoles, id)
            ),
            (
                "application",
                p => p.ExcludeApplications,
                (p, id) => Reaches(p.IncludeApplications, p.ExcludeApplications, id, "All")
            ),
            (
                "location",
                p => p.ExcludeLocations,
                (p, id) => Reaches(p.IncludeLocations, p.ExcludeLocations, id, "All", emptyIsAll: true)
            ),
            (
                "platform",
                p => p.ExcludePlatforms,
                (p, id) => Reaches(p.IncludePlatforms, p.ExcludePlatforms, id, "all", emptyIsAll: true)
            ),
        };

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var settings = context.Settings;
            var source = context.Snapshot.SourceOf(PostureData.ConditionalAccessPolicies);
            // Workload-identity policies exclude service principals, which no user policy can pick up.
            var enabled = context
                .ConditionalAccessPolicies()
                .Where(p => p.IsEnabled && !p.TargetsWorkloadIdentities)
                .ToArray();
            var findings = new List<PostureFinding>();
            var judged = 0;
            foreach (var kind in Kinds)
            {
                var excluded = enabled
                    .SelectMany(p => kind.Excluded(p).Select(id => (Id: id, Policy: p)))
                    .Where(e => !(kind.Name is "user" or "group" && settings.IsBreakGlass(e.Id)))
                    .GroupBy(e => e.Id, StringComparer.OrdinalIgnoreCase);
                foreach (var exclusion in excluded)
                {
                    judged++;
                    if (enabled.Any(p => kind.Reaches(p, exclusion.Key)))
                        continue;
                    var target = new Exclusion(kind.Name, exclusion.Key);
                    findings.Add(
                        target.Finding(
                            settings,
                            $"is excluded by {SignInEvaluation.Names(exclusion.Select(e => e.Policy))} and "
                                + "reached by no other enabled policy"
                        )
                    );
                }
            }
            var evidence = new List<string>
            {
                $"{source}: {enabled.Length} enabled policy(ies) for users; {judged} excluded user(s), group(s), "
                    + "role(s), app(s), location(s) and platform(s) judged",
            };
            if (settings.BreakGlassAccounts.Count > 0)
            {
                evidence.Add(
                    $"settings: break-glass accounts {string.Join(", ", settings.BreakGlassAccounts)} are meant to "
                        + "stay excluded"
                );
            }
            return CheckOutcome.FromFindings(
                findings,
                "excluded objects are reached by no other enabled policy",
                judged == 0
                    ? "no enabled policy excludes anything but the break-glass accounts"
                    : $"each of the {judged} excluded object(s) is reached by another enabled policy",
                evidence
            );
        }
    }
}

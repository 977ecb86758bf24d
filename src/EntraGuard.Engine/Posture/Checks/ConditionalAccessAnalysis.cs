using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>Conditions a check allows a policy to carry without it counting as "only some of the time".</summary>
    [Flags]
    internal enum AllowedConditions
    {
        None = 0,
        ClientAppTypes = 1,
        SignInRisk = 2,
        UserRisk = 4,
    }

    /// <summary>Someone or something a policy leaves out.</summary>
    internal readonly struct Exclusion : IEquatable<Exclusion>
    {
        public Exclusion(string kind, string id)
        {
            Kind = kind;
            Id = id;
        }

        /// <summary>user, group, role, guestsOrExternalUsers or application.</summary>
        public string Kind { get; }

        public string Id { get; }

        public bool Equals(Exclusion other) =>
            string.Equals(Kind, other.Kind, StringComparison.Ordinal)
            && string.Equals(Id, other.Id, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => obj is Exclusion other && Equals(other);

        public override int GetHashCode() =>
            StringComparer.Ordinal.GetHashCode(Kind) * 31 + StringComparer.OrdinalIgnoreCase.GetHashCode(Id);

        /// <summary>A finding on this exclusion: its description followed by <paramref name="problem"/>.</summary>
        public PostureFinding Finding(PostureSettings settings, string problem) =>
            new()
            {
                TargetId = Id,
                TargetName = Describe(settings),
                TargetType = Kind,
                Detail = $"{Describe(settings)} {problem}",
            };

        public string Describe(PostureSettings settings) =>
            Kind switch
            {
                "role" => $"role {PrivilegedRoles.NameOf(Id)}",
                "guestsOrExternalUsers" => $"guests or external users ({Id})",
                "application" => $"application {Id}",
                _ => $"{Kind} {settings.Describe(Id)}",
            };
    }

    /// <summary>How Conditional Access policies are read by the checks: what they target, limit, require and leave
    /// out.</summary>
    internal static class ConditionalAccessAnalysis
    {
        public static bool Has(IReadOnlyList<string> values, string? value) =>
            value is not null && values.Any(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase));

        public static bool IncludesAllUsers(ConditionalAccessPolicy policy) => Has(policy.IncludeUsers, "All");

        public static bool IncludesAllApps(ConditionalAccessPolicy policy) => Has(policy.IncludeApplications, "All");

        /// <summary>Does the policy reach holders of this role (all users, or the role named), without excluding
        /// it?</summary>
        public static bool Covers(ConditionalAccessPolicy policy, string roleId) =>
            (IncludesAllUsers(policy) || Has(policy.IncludeRoles, roleId)) && !Has(policy.ExcludeRoles, roleId);

        /// <summary>
        /// What limits the policy to some of the sign-ins of the users and apps it targets (locations, platforms,
        /// client app types, risk, …). Empty when it applies to every one of them.
        /// </summary>
        public static IReadOnlyList<string> Limits(
            ConditionalAccessPolicy policy,
            AllowedConditions allowed = AllowedConditions.None
        )
        {
            var limits = new List<string>();
            if (policy.TargetsWorkloadIdentities)
                limits.Add("targets workload identities, not users");
            if (
                (allowed & AllowedConditions.ClientAppTypes) == 0
                && policy.ClientAppTypes.Count > 0
                && !Has(policy.ClientAppTypes, "all")
            )
                limits.Add($"only for client app types {string.Join(", ", policy.ClientAppTypes)}");
            if ((allowed & AllowedConditions.SignInRisk) == 0 && policy.SignInRiskLevels.Count > 0)
                limits.Add($"only at sign-in risk {string.Join(", ", policy.SignInRiskLevels)}");
            if ((allowed & AllowedConditions.UserRisk) == 0 && policy.UserRiskLevels.Count > 0)
                limits.Add($"only at user risk {string.Join(", ", policy.UserRiskLevels)}");
            if (
                (policy.IncludePlatforms.Count > 0 && !Has(policy.IncludePlatforms, "all"))
                || policy.ExcludePlatforms.Count > 0
            )
                limits.Add("only on some device platforms");
            if (
                (policy.IncludeLocations.Count > 0 && !Has(policy.IncludeLocations, "All"))
                || policy.ExcludeLocations.Count > 0
            )
                limits.Add("only from some locations");
            if (policy.HasDeviceFilter)
                limits.Add("only for devices matching a filter");
            if (policy.HasAuthenticationFlows)
                limits.Add("only for some authentication flows");
            if (policy.HasInsiderRiskLevels)
                limits.Add("only at some insider risk levels");
            if (policy.IncludeUserActions.Count > 0)
                limits.Add($"only for the user actions {string.Join(", ", policy.IncludeUserActions)}");
            if (policy.IncludeAuthenticationContexts.Count > 0)
                limits.Add("only for authentication contexts");
            if (policy.HasApplicationFilter)
                limits.Add("only for applications matching a filter");
            return limits;
        }

        /// <summary>True when every way to satisfy the grant includes multifactor authentication.</summary>
        public static bool RequiresMfa(ConditionalAccessPolicy policy)
        {
            var mfa = Has(policy.BuiltInControls, "mfa") || policy.AuthenticationStrength is not null;
            if (!mfa)
                return false;
            if (string.Equals(policy.GrantOperator, "AND", StringComparison.OrdinalIgnoreCase))
                return true;
            // With OR, any one control is enough: every control offered must itself be multifactor.
            var others =
                policy.BuiltInControls.Count(c => !string.Equals(c, "mfa", StringComparison.OrdinalIgnoreCase))
                + policy.CustomAuthenticationFactors.Count
                + policy.TermsOfUse.Count;
            return others == 0;
        }

        public static bool Blocks(ConditionalAccessPolicy policy) => Has(policy.BuiltInControls, "block");

        /// <summary>The grant in words, for evidence.</summary>
        public static string DescribeGrant(ConditionalAccessPolicy policy)
        {
            var controls = policy.BuiltInControls.ToList();
            if (policy.AuthenticationStrength is { } strength)
                controls.Add($"authentication strength '{strength}'");
            controls.AddRange(policy.CustomAuthenticationFactors.Select(c => $"custom control {c}"));
            controls.AddRange(policy.TermsOfUse.Select(t => $"terms of use {t}"));
            return controls.Count == 0
                ? "no grant controls"
                : string.Join($" {policy.GrantOperator.ToUpperInvariant()} ", controls);
        }

        /// <summary>Everyone and everything the policy leaves out. Role exclusions count only when <paramref
        /// name="withRoles"/>.</summary>
        public static IEnumerable<Exclusion> Exclusions(ConditionalAccessPolicy policy, bool withRoles)
        {
            foreach (var user in policy.ExcludeUsers)
            {
                yield return string.Equals(user, "GuestsOrExternalUsers", StringComparison.OrdinalIgnoreCase)
                    ? new Exclusion("guestsOrExternalUsers", "all")
                    : new Exclusion("user", user);
            }
            foreach (var group in policy.ExcludeGroups)
                yield return new Exclusion("group", group);
            if (withRoles)
                foreach (var role in policy.ExcludeRoles)
                    yield return new Exclusion("role", role);
            if (policy.ExcludeGuestsOrExternalUsers is { Length: > 0 } guests)
                yield return new Exclusion("guestsOrExternalUsers", guests);
            foreach (var app in policy.ExcludeApplications)
                yield return new Exclusion("application", app);
        }

        /// <summary>
        /// The exclusions that leave a scope (a role, or all users) open: those that every covering policy makes,
        /// since a person left out of one policy is still caught by another that does not leave them out. Configured
        /// break-glass accounts are expected to be left out and never count, nor does the Directory Synchronization
        /// Accounts role, which EGP066 asks every policy to exclude. (Group membership is not expanded.)
        /// </summary>
        public static IReadOnlyCollection<Exclusion> Gaps(
            IReadOnlyList<ConditionalAccessPolicy> covering,
            bool withRoles,
            PostureSettings settings
        )
        {
            HashSet<Exclusion>? common = null;
            foreach (var policy in covering)
            {
                var excluded = new HashSet<Exclusion>(
                    Exclusions(policy, withRoles)
                        .Where(e => !(e.Kind is "user" or "group" && settings.IsBreakGlass(e.Id)))
                        .Where(e => !IsDirectorySyncRole(e))
                );
                if (common is null)
                    common = excluded;
                else
                    common.IntersectWith(excluded);
            }
            return (IReadOnlyCollection<Exclusion>?)common ?? Array.Empty<Exclusion>();
        }

        private static bool IsDirectorySyncRole(Exclusion exclusion) =>
            exclusion.Kind == "role"
            && string.Equals(
                exclusion.Id,
                DirectorySyncExcludedCheck.DirectorySyncRole,
                StringComparison.OrdinalIgnoreCase
            );

        /// <summary>
        /// Which scopes (roles, risk levels, client app types, …) no covering policy reaches, and which exclusions
        /// leave covered scopes open, with the scopes each leaves open.
        /// </summary>
        public static CoverageResult Coverage(
            IReadOnlyList<string> scopes,
            Func<string, IReadOnlyList<ConditionalAccessPolicy>> coveringFor,
            bool withRoles,
            PostureSettings settings
        )
        {
            var result = new CoverageResult();
            foreach (var scope in scopes)
            {
                var covering = coveringFor(scope);
                if (covering.Count == 0)
                {
                    result.Uncovered.Add(scope);
                    continue;
                }
                foreach (var gap in Gaps(covering, withRoles, settings))
                {
                    if (!result.Gaps.TryGetValue(gap, out var open))
                        result.Gaps[gap] = open = new List<string>();
                    open.Add(scope);
                }
            }
            return result;
        }

        /// <summary>One evidence line describing a policy and what it does.</summary>
        public static string Describe(ConditionalAccessPolicy policy, string source, string? verdict = null)
        {
            var users =
                IncludesAllUsers(policy) ? "all users"
                : policy.IncludeRoles.Count > 0
                    ? $"roles {string.Join(", ", policy.IncludeRoles.Select(PrivilegedRoles.NameOf))}"
                : policy.IncludeGroups.Count > 0 ? $"{policy.IncludeGroups.Count} group(s)"
                : policy.IncludeUsers.Count > 0 ? $"users {string.Join(", ", policy.IncludeUsers)}"
                : "no users";
            var apps =
                IncludesAllApps(policy) ? "all apps"
                : policy.IncludeApplications.Count > 0 ? $"apps {string.Join(", ", policy.IncludeApplications)}"
                : "no apps";
            return $"{source}: {policy} targets {users}, {apps}; grant {DescribeGrant(policy)}"
                + (verdict is null ? "" : $" — {verdict}");
        }
    }

    internal sealed class CoverageResult
    {
        public List<string> Uncovered { get; } = new();
        public Dictionary<Exclusion, List<string>> Gaps { get; } = new();

        /// <summary>
        /// One finding per uncovered scope and one per gap, in the order they were found.
        /// <paramref name="policiesThat"/> says what the policies a gap escapes do ("requires MFA for …").
        /// </summary>
        public List<PostureFinding> ToFindings(
            string scopeType,
            Func<string, string> scopeName,
            string uncoveredDetail,
            Func<IReadOnlyList<string>, string> policiesThat,
            PostureSettings settings
        )
        {
            var findings = Uncovered
                .Select(scope => new PostureFinding
                {
                    TargetId = scope,
                    TargetName = scopeName(scope),
                    TargetType = scopeType,
                    Detail = $"{scopeName(scope)}: {uncoveredDetail}",
                })
                .ToList();
            findings.AddRange(
                Gaps.Select(gap =>
                    gap.Key.Finding(
                        settings,
                        $"is left out of every policy that {policiesThat(gap.Value)}, and is not a configured "
                            + "break-glass account"
                    )
                )
            );
            return findings;
        }
    }
}

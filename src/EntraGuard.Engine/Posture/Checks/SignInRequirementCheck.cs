using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    /// <summary>Whose sign-ins a <see cref="SignInRequirementCheck"/> proves a requirement for.</summary>
    internal enum SignInPopulation
    {
        /// <summary>Holders of each privileged role (the built-in list and the additional ones).</summary>
        Administrators = 0,

        /// <summary>Every member of the tenant and every kind of guest or external user.</summary>
        Everyone = 1,

        /// <summary>Every kind of guest or external user.</summary>
        Guests = 2,
    }

    /// <summary>
    /// A claim about every sign-in of a population, proven with the Conditional Access evaluator: each kind of
    /// sign-in the policies can tell apart (<see cref="SignInScenarios"/>) must be blocked or meet the requirement.
    /// Besides the plain holder of each role (or the plain member), every user and group an enabled policy excludes
    /// is judged as part of the population, so an exclusion that opens a way around is found; configured break-glass
    /// accounts are expected to stay out and are not judged. Undecidable policies never count.
    /// </summary>
    internal abstract class SignInRequirementCheck : PostureCheck
    {
        /// <summary>The kinds of guest and external user a policy can name, as Graph spells them.</summary>
        private static readonly string[] GuestKinds =
        {
            "internalGuest",
            "b2bCollaborationGuest",
            "b2bCollaborationMember",
            "b2bDirectConnectUser",
            "otherExternalUser",
            "serviceProvider",
        };

        protected const string RegisterSecurityInfo = "urn:user:registersecurityinfo";

        protected SignInRequirementCheck(
            string id,
            string title,
            Severity severity,
            PostureLicence licence,
            string rationale,
            string remediation,
            SignInPopulation population,
            string category = "Conditional Access"
        )
            : base(
                id,
                title,
                severity,
                category,
                PostureData.ConditionalAccessPolicies | PostureData.SubscribedSkus,
                licence,
                rationale,
                remediation
            ) => Population = population;

        public SignInPopulation Population { get; }

        /// <summary>What a sign-in that is not blocked must meet, in words ("needs phishing-resistant MFA"); null
        /// when only a block will do.</summary>
        protected abstract string? Requirement { get; }

        /// <summary>The failure headline.</summary>
        protected abstract string FailHeadline { get; }

        /// <summary>The applying policies that meet the requirement for this sign-in; none leaves it open.</summary>
        protected virtual IReadOnlyList<ConditionalAccessPolicy> MetBy(SignInEvaluation evaluation) =>
            new ConditionalAccessPolicy[0];

        /// <summary>The sign-ins of a person the claim is about (with a user action, a flow, a risk); by default
        /// the plain one.</summary>
        protected virtual IEnumerable<SignIn> Shapes(SignIn person) => new[] { person };

        /// <summary>Sign-ins the claim leaves out (from a trusted location, say).</summary>
        protected virtual bool Exempt(SignIn signIn) => false;

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var settings = context.Settings;
            var source = context.Snapshot.SourceOf(PostureData.ConditionalAccessPolicies);
            var policies = context.ConditionalAccessPolicies();
            var excluded = Excluded(policies, settings);
            var deciding = new SortedSet<string>();
            var findings = new List<PostureFinding>();
            var judged = 0;

            IReadOnlyList<SignInEvaluation> Open(SignIn person)
            {
                var open = new List<SignInEvaluation>();
                foreach (var signIn in Shapes(person).SelectMany(shape => SignInScenarios.For(policies, shape)))
                {
                    if (Exempt(signIn))
                        continue;
                    judged++;
                    var result = ConditionalAccessEvaluator.Evaluate(policies, signIn);
                    var decidedBy = result.IsBlocked ? result.BlockedBy : MetBy(result);
                    if (decidedBy.Count == 0)
                        open.Add(result);
                    foreach (var policy in decidedBy)
                        deciding.Add($"'{policy.DisplayName}'");
                }
                return open;
            }

            var openExclusions = new Dictionary<Exclusion, List<string>>();
            foreach (var (who, person) in Persons(settings))
            {
                var open = Open(person);
                if (open.Count > 0)
                {
                    findings.Add(Finding(person, who, open));
                    continue;
                }
                // The plain person is held; an exclusion can still open a way around for someone in it.
                foreach (var exclusion in excluded)
                {
                    var widened =
                        exclusion.Kind == "user"
                            ? Like(person, userId: exclusion.Id)
                            : Like(person, groupIds: new[] { exclusion.Id });
                    if (Open(widened).Count == 0)
                        continue;
                    if (!openExclusions.TryGetValue(exclusion, out var whom))
                        openExclusions[exclusion] = whom = new List<string>();
                    whom.Add(who);
                }
            }
            findings.AddRange(
                openExclusions.Select(gap =>
                    gap.Key.Finding(
                        settings,
                        $"is excluded where it matters: as one of {string.Join(", ", gap.Value.Take(3))}"
                            + $"{(gap.Value.Count > 3 ? ", …" : "")} its sign-ins {Unmet}, and it is not a "
                            + "configured break-glass account"
                    )
                )
            );

            var evidence = new List<string>
            {
                $"{source}: {policies.Count(p => p.IsEnabled)} enabled policy(ies); {judged} described sign-ins of "
                    + $"{Scope(settings)} judged (every app, platform and location a policy names, and every client "
                    + "app type)"
                    + (
                        excluded.Count == 0
                            ? ""
                            : $", also as each of the {excluded.Count} excluded user(s) and group(s)"
                    ),
                deciding.Count == 0
                    ? $"{source}: no enabled policy blocks them{(Requirement is null ? "" : $" or {Requirement}")}"
                    : $"{source}: {Decided} by {string.Join(", ", deciding)}",
            };
            if (settings.BreakGlassAccounts.Count > 0)
            {
                evidence.Add(
                    $"settings: break-glass accounts {string.Join(", ", settings.BreakGlassAccounts)} may be "
                        + "excluded"
                );
            }
            return CheckOutcome.FromFindings(
                findings,
                FailHeadline,
                $"every sign-in of {Scope(settings)} is {Decided} ({string.Join(", ", deciding)})",
                evidence
            );
        }

        private string Decided => Requirement is null ? "blocked" : $"blocked or {Requirement}";

        private string Unmet =>
            Requirement is null ? "are not blocked" : $"are neither blocked nor {Requirement.Replace("needs", "need")}";

        private string Scope(PostureSettings settings) =>
            Population switch
            {
                SignInPopulation.Administrators => $"the {settings.PrivilegedRoleIds.Count} privileged roles",
                SignInPopulation.Guests => "guests and external users",
                _ => "members and guests",
            };

        private PostureFinding Finding(SignIn person, string who, IReadOnlyList<SignInEvaluation> open) =>
            new()
            {
                TargetId = person.RoleIds.FirstOrDefault() ?? person.GuestOrExternalUserType ?? "members",
                TargetName = who,
                TargetType = person.RoleIds.Count > 0 ? "role" : "users",
                Detail = $"{who}: {open.Count} kind(s) of sign-in {Unmet}, e.g. {open[0]}",
            };

        /// <summary>The plain people of the population, each with the name a finding gives it.</summary>
        private IEnumerable<(string Who, SignIn Person)> Persons(PostureSettings settings)
        {
            if (Population == SignInPopulation.Administrators)
            {
                foreach (var role in settings.PrivilegedRoleIds)
                    yield return (PrivilegedRoles.NameOf(role), new SignIn { RoleIds = new[] { role } });
                yield break;
            }
            if (Population == SignInPopulation.Everyone)
                yield return ("members", new SignIn());
            foreach (var kind in GuestKinds)
                yield return ($"guests ({kind})", new SignIn { GuestOrExternalUserType = kind });
        }

        /// <summary>The users and groups enabled policies exclude, break-glass accounts left out.</summary>
        private static IReadOnlyList<Exclusion> Excluded(
            IReadOnlyList<ConditionalAccessPolicy> policies,
            PostureSettings settings
        ) =>
            policies
                .Where(p => p.IsEnabled)
                .SelectMany(p => ConditionalAccessAnalysis.Exclusions(p, withRoles: false))
                .Where(e => e.Kind is "user" or "group" && !settings.IsBreakGlass(e.Id))
                .Distinct()
                .ToArray();

        /// <summary>The person's sign-in with some parts replaced.</summary>
        protected static SignIn Like(
            SignIn person,
            string? userId = null,
            IReadOnlyList<string>? groupIds = null,
            string? userAction = null,
            string? authenticationFlow = null,
            string? signInRisk = null,
            string? userRisk = null,
            string? application = null,
            IReadOnlyList<string>? applicationGroups = null,
            SignInDevice? device = null
        ) =>
            new()
            {
                Application = application ?? person.Application,
                ApplicationGroups = applicationGroups ?? person.ApplicationGroups,
                UserId = userId ?? person.UserId,
                GroupIds = groupIds ?? person.GroupIds,
                RoleIds = person.RoleIds,
                GuestOrExternalUserType = person.GuestOrExternalUserType,
                UserAction = userAction ?? person.UserAction,
                AuthenticationFlow = authenticationFlow ?? person.AuthenticationFlow,
                SignInRisk = signInRisk ?? person.SignInRisk,
                UserRisk = userRisk ?? person.UserRisk,
                Device = device ?? person.Device,
            };
    }
}

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
                        "security defaults are off and without a Microsoft Entra ID P1 licence no Conditional Access policy can take their place",
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
                    $"skipped: no Conditional Access policy is enough, and whether security defaults are on is unknown ({context.ProblemWith(PostureData.SecurityDefaults)})",
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
                ? "settings: no break-glass accounts configured (posture.breakGlassAccounts), so every exclusion counts as a gap"
                : $"settings: break-glass accounts {string.Join(", ", context.Settings.BreakGlassAccounts)} may be excluded";
    }

    internal sealed class MfaForAdministratorsCheck : SecurityDefaultsOrPolicyCheck
    {
        public MfaForAdministratorsCheck()
            : base(
                "EGP001",
                "Administrators must use multifactor authentication",
                Severity.Critical,
                "Most tenant takeovers begin with a password that was phished, sprayed or reused, and an administrator's password "
                    + "opens the whole directory: its users, its applications and their credentials. A second factor on every sign-in "
                    + "of every privileged role makes a stolen password worthless on its own. Every incident in EntraGuard's catalog "
                    + "(credentials planted on service principals, security info deleted, members pushed out of groups) is easier "
                    + "when an administrator signs in with a password alone.",
                "Have an enabled Conditional Access policy that includes the privileged directory roles (or All users), targets "
                    + "All resources, carries no location, platform, device or client-app condition, and grants access only with "
                    + "multifactor authentication (or an authentication strength). Leave out only your emergency-access accounts and "
                    + "list them under posture.breakGlassAccounts so that EntraGuard knows the exclusion is deliberate. A tenant "
                    + "without Microsoft Entra ID P1 turns on security defaults instead."
            )
        {
            Frameworks = new[] { "MT.1006" };
        }

        protected override string SecurityDefaultsReason =>
            "security defaults are on: every administrator has to complete MFA";

        protected override CheckOutcome EvaluatePolicies(
            PostureContext context,
            IReadOnlyList<ConditionalAccessPolicy> policies,
            List<string> evidence
        )
        {
            var settings = context.Settings;
            var roles = settings.PrivilegedRoleIds;
            var qualifying = Qualifying(context, policies.Where(RequiresMfa), policy => NotAlwaysOn(policy), evidence);
            var coverage = Coverage(
                roles,
                role => qualifying.Where(policy => Covers(policy, role)).ToArray(),
                withRoles: false,
                settings
            );
            var findings = coverage.ToFindings(
                "role",
                PrivilegedRoles.NameOf,
                "no enabled policy requires MFA for this role on all apps",
                open =>
                    $"requires MFA for {(open.Count == roles.Count ? $"all {roles.Count} privileged roles" : string.Join(", ", open.Select(PrivilegedRoles.NameOf)))}",
                settings
            );
            return CheckOutcome.FromFindings(
                findings,
                "MFA is not required for every administrator",
                $"enabled Conditional Access requires MFA on all apps for all {roles.Count} privileged roles",
                evidence
            );
        }
    }

    internal sealed class MfaForAllUsersCheck : SecurityDefaultsOrPolicyCheck
    {
        private const string AllUsers = "All users";

        public MfaForAllUsersCheck()
            : base(
                "EGP002",
                "All users must use multifactor authentication",
                Severity.High,
                "An ordinary user's mailbox and files are enough for invoice fraud, internal phishing and consent attacks, and "
                    + "an ordinary user can often register applications, consent to them or reset their own security info. With MFA "
                    + "only for administrators, the attacker simply starts one step lower and climbs.",
                "Have an enabled Conditional Access policy for All users and All resources, without location, platform, device "
                    + "or client-app conditions, that grants access only with multifactor authentication (or an authentication "
                    + "strength). Exclude nobody but your emergency-access accounts (listed under posture.breakGlassAccounts); when "
                    + "a directory-synchronization or service account has to be excluded, record an accepted deviation for it with "
                    + "a justification and an expiry. A tenant without Microsoft Entra ID P1 turns on security defaults instead."
            )
        {
            Frameworks = new[] { "MS.AAD.3.2", "MT.1007" };
        }

        protected override string SecurityDefaultsReason =>
            "security defaults are on: every user has to register for and complete MFA";

        protected override CheckOutcome EvaluatePolicies(
            PostureContext context,
            IReadOnlyList<ConditionalAccessPolicy> policies,
            List<string> evidence
        )
        {
            var settings = context.Settings;
            string? WhyNot(ConditionalAccessPolicy policy) =>
                !IncludesAllUsers(policy) ? "does not target all users" : NotAlwaysOn(policy);
            var qualifying = Qualifying(context, policies.Where(RequiresMfa), WhyNot, evidence);
            var coverage = Coverage(new[] { AllUsers }, _ => qualifying, withRoles: true, settings);
            var findings = coverage.ToFindings(
                "scope",
                scope => scope,
                "no enabled policy requires MFA for all users on all apps",
                _ => "requires MFA for all users",
                settings
            );
            return CheckOutcome.FromFindings(
                findings,
                "MFA is not required for every user",
                $"enabled Conditional Access requires MFA for all users on all apps ({string.Join(", ", qualifying.Select(p => $"'{p.DisplayName}'"))})",
                evidence
            );
        }
    }

    internal sealed class LegacyAuthenticationBlockedCheck : SecurityDefaultsOrPolicyCheck
    {
        private static readonly string[] LegacyClients = { "exchangeActiveSync", "other" };

        public LegacyAuthenticationBlockedCheck()
            : base(
                "EGP003",
                "Legacy authentication is blocked",
                Severity.High,
                "Legacy protocols (POP, IMAP, SMTP AUTH, older Exchange ActiveSync and Office clients) cannot ask for a second "
                    + "factor, so they let a password through where MFA would have stopped it. Password-spraying campaigns aim at "
                    + "them for exactly that reason; an MFA policy is only as strong as the legacy door left beside it.",
                "Have an enabled Conditional Access policy for All users and All resources whose client-app condition selects "
                    + "'Exchange ActiveSync clients' and 'Other clients' and whose grant is Block access. Exclude only your "
                    + "emergency-access accounts. Security defaults block legacy authentication as well."
            )
        {
            Frameworks = new[] { "MS.AAD.1.1", "MT.1009", "MT.1010" };
        }

        protected override string SecurityDefaultsReason =>
            "security defaults are on: legacy authentication is blocked";

        protected override CheckOutcome EvaluatePolicies(
            PostureContext context,
            IReadOnlyList<ConditionalAccessPolicy> policies,
            List<string> evidence
        )
        {
            var settings = context.Settings;
            string? WhyNot(ConditionalAccessPolicy policy) =>
                !IncludesAllUsers(policy)
                    ? "does not target all users"
                    : NotAlwaysOn(policy, AllowedConditions.ClientAppTypes);
            var qualifying = Qualifying(
                context,
                policies.Where(policy => Blocks(policy) && LegacyClients.Any(client => Reaches(policy, client))),
                WhyNot,
                evidence
            );
            var coverage = Coverage(
                LegacyClients,
                client => qualifying.Where(policy => Reaches(policy, client)).ToArray(),
                withRoles: true,
                settings
            );
            var findings = coverage.ToFindings(
                "clientAppType",
                ClientName,
                "no enabled policy blocks it for all users",
                clients => $"blocks {string.Join(" and ", clients.Select(ClientName))}",
                settings
            );
            return CheckOutcome.FromFindings(
                findings,
                "legacy authentication is not blocked for everyone",
                "enabled Conditional Access blocks Exchange ActiveSync and other legacy clients for all users",
                evidence
            );
        }

        private static bool Reaches(ConditionalAccessPolicy policy, string client) =>
            Has(policy.ClientAppTypes, client)
            || (client == "exchangeActiveSync" && Has(policy.ClientAppTypes, "easSupported"));

        private static string ClientName(string client) =>
            client == "other" ? "other legacy clients" : "Exchange ActiveSync";
    }

    /// <summary>Identity Protection risk answered by Conditional Access: one policy (or several) per required risk level.</summary>
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
                    $"Legacy Identity Protection {RiskKind}-risk policies cannot be read through Microsoft Graph and are being retired; "
                        + "a tenant that still relies on one should move it to Conditional Access (or record an accepted deviation)."
                );
            }
            return CheckOutcome.FromFindings(
                findings,
                $"{RiskKind} risk is not answered at every required level",
                $"enabled Conditional Access answers {RiskKind} risk {string.Join(", ", required)} for all users on all apps",
                evidence
            );
        }
    }

    internal sealed class SignInRiskPolicyCheck : RiskPolicyCheck
    {
        public SignInRiskPolicyCheck()
            : base(
                "EGP004",
                "Risky sign-ins must be challenged",
                "Identity Protection scores every sign-in for signs that someone other than the user is behind it: anonymous or "
                    + "malicious IP addresses, impossible travel, unfamiliar properties, password spray, token anomalies. The score "
                    + "helps only if a policy acts on it; otherwise the attacker's sign-in is flagged and let in.",
                "Have an enabled Conditional Access policy for All users and All resources with a sign-in risk condition of "
                    + "High and Medium (posture.signInRiskLevels sets the levels), granting access only with multifactor "
                    + "authentication or an authentication strength — or blocking. Setting sign-in frequency to 'Every time' in the "
                    + "same policy makes the challenge happen on each risky sign-in. Leave out only your emergency-access accounts."
            )
        {
            Frameworks = new[] { "MT.1012" };
        }

        protected override string RiskKind => "sign-in";
        protected override AllowedConditions RiskCondition => AllowedConditions.SignInRisk;
        protected override string ExpectedAnswer => "require MFA or block";

        protected override IReadOnlyList<string> LevelsOf(ConditionalAccessPolicy policy) => policy.SignInRiskLevels;

        protected override IReadOnlyList<string> RequiredLevels(PostureSettings settings) => settings.SignInRiskLevels;

        protected override bool AnswersRisk(ConditionalAccessPolicy policy) => RequiresMfa(policy) || Blocks(policy);
    }

    internal sealed class UserRiskPolicyCheck : RiskPolicyCheck
    {
        public UserRiskPolicyCheck()
            : base(
                "EGP005",
                "Users at high risk must change their password",
                "User risk says an account is probably compromised: its password leaked, or its sign-ins kept looking like "
                    + "someone else's. Until the password changes, the attacker holds a working credential; requiring a secure "
                    + "password change (after MFA) takes it away and clears the risk, without waiting for a help desk.",
                "Have an enabled Conditional Access policy for All users and All resources with a user risk condition of High "
                    + "(posture.userRiskLevels sets the levels) that grants access only with 'Require password change' together with "
                    + "multifactor authentication (or 'Require risk remediation' with an authentication strength) — or blocks. "
                    + "Leave out only your emergency-access accounts."
            )
        {
            Frameworks = new[] { "MT.1013" };
        }

        protected override string RiskKind => "user";
        protected override AllowedConditions RiskCondition => AllowedConditions.UserRisk;
        protected override string ExpectedAnswer => "require a password change or risk remediation, or block";

        protected override IReadOnlyList<string> LevelsOf(ConditionalAccessPolicy policy) => policy.UserRiskLevels;

        protected override IReadOnlyList<string> RequiredLevels(PostureSettings settings) => settings.UserRiskLevels;

        protected override bool AnswersRisk(ConditionalAccessPolicy policy) =>
            Blocks(policy)
            || (
                string.Equals(policy.GrantOperator, "AND", StringComparison.OrdinalIgnoreCase)
                || policy.BuiltInControls.Count == 1
            ) && (Has(policy.BuiltInControls, "passwordChange") || Has(policy.BuiltInControls, "riskRemediation"));
    }
}

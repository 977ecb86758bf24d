using System.Linq;
using EntraGuard.Posture;
using EntraGuard.Posture.ConditionalAccess;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>The checks proven by the Conditional Access evaluator: EGP030 and EGP031.</summary>
    public sealed class EvaluatorCheckTests
    {
        private const string BreakGlassGroup = "b9a1c0de-0000-4000-8000-0000000000b2";

        private static ConditionalAccessPolicy PhishingResistantForAdmins(params string[] excludeApps) =>
            new()
            {
                Id = "ca-pr",
                DisplayName = "Admins: phishing-resistant MFA",
                State = "enabled",
                IncludeRoles = PostureSettings.Default.PrivilegedRoleIds,
                ExcludeUsers = new[] { BreakGlassUser },
                IncludeApplications = new[] { "All" },
                ExcludeApplications = excludeApps,
                ClientAppTypes = new[] { "all" },
                AuthenticationStrength = "Phishing-resistant MFA",
                AuthenticationStrengthId = ConditionalAccessEvaluator.PhishingResistantStrength,
            };

        private static ConditionalAccessPolicy BlockLegacy =>
            Policy(
                "Block legacy",
                controls: new[] { "block" },
                clientAppTypes: new[] { "exchangeActiveSync", "other" },
                excludeUsers: new[] { BreakGlassUser }
            );

        // EGP030

        [Fact]
        public void Break_glass_passes_when_excluded_by_id_or_group_from_every_gating_policy()
        {
            var settings = new PostureSettings
            {
                BreakGlassAccounts = new[]
                {
                    new BreakGlassAccount(BreakGlassUser, "Emergency 1"),
                    new BreakGlassAccount(BreakGlassGroup, "Emergency group"),
                },
            };
            var snapshot = WithPolicies(
                Policy("MFA for all", excludeUsers: new[] { BreakGlassUser }, excludeGroups: new[] { BreakGlassGroup }),
                Policy("Report-only block", state: "enabledForReportingButNotEnforced", controls: new[] { "block" }),
                Policy("MFA for Bob", users: new[] { Bob })
            );

            var result = Run(snapshot, "EGP030", settings);

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Equal(
                "every break-glass account is excluded from all 2 enabled policy(ies) that block or demand a grant "
                    + "control",
                result.Reason
            );
        }

        [Fact]
        public void Break_glass_fails_naming_the_policies_that_reach_the_account_by_role_or_all_users()
        {
            var snapshot = WithPolicies(
                Policy("MFA for all", excludeUsers: new[] { BreakGlassUser }),
                Policy(
                    "Admins on compliant devices",
                    roles: new[] { GlobalAdmin },
                    controls: new[] { "compliantDevice" }
                ),
                Policy("Block legacy for all", controls: new[] { "block" }, clientAppTypes: new[] { "other" })
            );

            var result = Run(snapshot, "EGP030", BreakGlass);

            Assert.Equal(PostureStatus.Failed, result.Result);
            var finding = Assert.Single(result.Findings);
            Assert.Equal(BreakGlassUser, finding.TargetId);
            Assert.Equal(
                $"break-glass account Emergency 1 ({BreakGlassUser}) is reached by 'Admins on compliant devices' "
                    + "(compliantDevice), 'Block legacy for all' (block)",
                finding.Detail
            );
        }

        [Fact]
        public void Break_glass_is_skipped_without_configured_accounts()
        {
            var result = Run(WithPolicies(Policy("MFA for all")), "EGP030");

            Assert.Equal(PostureStatus.Skipped, result.Result);
            Assert.StartsWith(
                "skipped: no break-glass accounts are configured (posture.breakGlassAccounts)",
                result.Reason
            );
        }

        // EGP031

        [Fact]
        public void Phishing_resistance_for_admins_passes_when_every_sign_in_is_blocked_or_needs_it()
        {
            var result = Run(
                WithPolicies(PhishingResistantForAdmins(), BlockLegacy, Policy("MFA for all")),
                "EGP031",
                BreakGlass
            );

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Equal(
                "every sign-in of the 15 privileged roles is blocked or needs phishing-resistant MFA "
                    + "('Admins: phishing-resistant MFA', 'Block legacy')",
                result.Reason
            );
        }

        [Fact]
        public void Phishing_resistance_for_admins_fails_on_plain_mfa_naming_what_applies()
        {
            var plain = Policy("MFA for admins", roles: PostureSettings.Default.PrivilegedRoleIds.ToArray());

            var result = Run(WithPolicies(plain, BlockLegacy, Policy("MFA for all")), "EGP031");

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal(15, result.Findings.Count);
            Assert.Equal(
                "Global Administrator: 4 kind(s) of sign-in are neither blocked nor need phishing-resistant MFA, e.g. "
                    + "Global Administrator to any app from browser on an untold platform, outside the named "
                    + "locations: 'MFA for admins': mfa; 'MFA for all': mfa",
                result.Findings[0].Detail
            );
        }

        [Fact]
        public void A_strength_legacy_clients_cannot_meet_shuts_them_out_as_a_block_would()
        {
            var result = Run(WithPolicies(PhishingResistantForAdmins(), Policy("MFA for all")), "EGP031", BreakGlass);

            Assert.Equal(PostureStatus.Passed, result.Result);
        }

        [Fact]
        public void Phishing_resistance_for_admins_fails_on_an_excluded_user_who_is_not_break_glass()
        {
            var result = Run(WithPolicies(PhishingResistantForAdmins(), BlockLegacy, Policy("MFA for all")), "EGP031");

            Assert.Equal(PostureStatus.Failed, result.Result);
            var finding = Assert.Single(result.Findings);
            Assert.Equal(BreakGlassUser, finding.TargetId);
            Assert.Equal(
                $"user {BreakGlassUser} is excluded where it matters: as one of Global Administrator, Privileged "
                    + "Role Administrator, Privileged Authentication Administrator, … its sign-ins are neither "
                    + "blocked nor need phishing-resistant MFA, and it is not a configured break-glass account",
                finding.Detail
            );
        }

        [Fact]
        public void Phishing_resistance_for_admins_finds_the_app_a_policy_leaves_out()
        {
            const string portal = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c"; // Azure portal
            var result = Run(
                WithPolicies(PhishingResistantForAdmins(portal), BlockLegacy, Policy("MFA for all")),
                "EGP031"
            );

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Contains($"Global Administrator to app {portal} from browser", result.Findings[0].Detail);
            Assert.StartsWith("Global Administrator: 4 kind(s)", result.Findings[0].Detail);
        }

        [Fact]
        public void Phishing_resistance_for_admins_does_not_apply_without_p1()
        {
            var snapshot = new TenantSnapshot
            {
                SubscribedSkus = Free,
                ConditionalAccessPolicies = new ConditionalAccessPolicy[0],
            };

            Assert.Equal(PostureStatus.NotApplicable, Run(snapshot, "EGP031").Result);
            Assert.Equal(PostureStatus.NotApplicable, Run(snapshot, "EGP030", BreakGlass).Result);
        }
    }
}

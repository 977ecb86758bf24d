using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    public sealed class ConditionalAccessCheckTests
    {
        // EGP001: MFA for administrators

        [Fact]
        public void Admin_mfa_passes_with_an_all_users_policy_excluding_only_break_glass()
        {
            var result = Run(
                WithPolicies(Policy("Require MFA", excludeUsers: new[] { BreakGlassUser })),
                "EGP001",
                BreakGlass
            );

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Equal(
                "enabled Conditional Access requires MFA on all apps for all 15 privileged roles",
                result.Reason
            );
            Assert.Contains(
                result.Evidence,
                line =>
                    line.StartsWith(
                        "identity/conditionalAccess/policies: 'Require MFA' (enabled) targets all users, all apps; "
                            + "grant mfa — counts"
                    )
            );
            Assert.Contains(
                "settings: break-glass accounts Emergency 1 (b9a1c0de-0000-4000-8000-00000000b001) may be excluded",
                result.Evidence
            );
        }

        [Fact]
        public void Admin_mfa_passes_when_security_defaults_are_on_without_reading_policies()
        {
            var snapshot = new TenantSnapshot { SecurityDefaultsEnabled = true, SubscribedSkus = Free };

            var result = Run(snapshot, "EGP001");

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Equal("security defaults are on: every administrator has to complete MFA", result.Reason);
            Assert.Equal(
                new[] { "policies/identitySecurityDefaultsEnforcementPolicy: isEnabled = true" },
                result.Evidence
            );
        }

        [Fact]
        public void Admin_mfa_fails_for_an_exclusion_that_is_not_a_configured_break_glass_account()
        {
            var result = Run(
                WithPolicies(Policy("Require MFA", excludeUsers: new[] { BreakGlassUser, Alice })),
                "EGP001",
                BreakGlass
            );

            Assert.Equal(PostureStatus.Failed, result.Result);
            var finding = Assert.Single(result.Findings);
            Assert.Equal(Alice, finding.TargetId);
            Assert.Equal("user", finding.TargetType);
            Assert.Equal(
                $"MFA is not required for every administrator: user {Alice} is left out of every policy that "
                    + $"requires MFA for all 15 privileged roles, "
                    + "and is not a configured break-glass account",
                result.Reason
            );
        }

        [Fact]
        public void An_exclusion_covered_by_a_second_policy_is_not_a_gap()
        {
            var snapshot = WithPolicies(
                Policy("MFA for all", excludeUsers: new[] { Alice }),
                Policy("MFA for admins", roles: PrivilegedRoles.TemplateIds.ToArray(), excludeUsers: new[] { Bob })
            );

            var result = Run(snapshot, "EGP001");

            Assert.Equal(PostureStatus.Passed, result.Result);
        }

        [Fact]
        public void A_gap_left_open_for_some_roles_names_those_roles()
        {
            var snapshot = WithPolicies(
                Policy("MFA for GA", roles: new[] { GlobalAdmin }, excludeUsers: new[] { Alice }),
                Policy("MFA for all", excludeUsers: new[] { Bob })
            );

            var finding = Assert.Single(Run(snapshot, "EGP001").Findings);

            Assert.Equal(Bob, finding.TargetId);
            Assert.StartsWith(
                $"user {Bob} is left out of every policy that requires MFA for Privileged Role Administrator, "
                    + $"Privileged Authentication Administrator,",
                finding.Detail
            );
            Assert.DoesNotContain("Global Administrator", finding.Detail);
        }

        [Fact]
        public void Admin_mfa_lists_roles_no_policy_reaches()
        {
            var snapshot = WithPolicies(Policy("MFA for GA", roles: new[] { GlobalAdmin }));

            var result = Run(snapshot, "EGP001");

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal(14, result.Findings.Count);
            Assert.DoesNotContain(result.Findings, f => f.TargetId == GlobalAdmin);
            Assert.Contains(
                result.Findings,
                f => f.TargetId == UserAdmin && f.TargetName == "User Administrator" && f.TargetType == "role"
            );
            Assert.EndsWith("; and 11 more", result.Reason);
        }

        [Theory]
        [InlineData("enabledForReportingButNotEnforced", null, null, "report-only, not enforced")]
        [InlineData("enabled", "Office365", null, "does not target all apps")]
        [InlineData("enabled", null, "location", "only from some locations")]
        [InlineData("enabled", null, "browser", "only for client app types browser")]
        public void Policies_that_apply_only_some_of_the_time_do_not_count(
            string state,
            string? app,
            string? limit,
            string why
        )
        {
            var policy = Policy(
                "Almost",
                state: state,
                apps: app is null ? null : new[] { app },
                excludeLocations: limit == "location" ? new[] { "trusted" } : null,
                clientAppTypes: limit == "browser" ? new[] { "browser" } : null
            );

            var result = Run(WithPolicies(policy), "EGP001");

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal(15, result.Findings.Count);
            Assert.Contains(
                result.Evidence,
                line => line.Contains("'Almost'") && line.EndsWith("does not count: " + why)
            );
        }

        [Fact]
        public void Mfa_offered_as_one_choice_among_others_is_no_requirement()
        {
            var result = Run(
                WithPolicies(Policy("MFA or device", controls: new[] { "mfa", "compliantDevice" })),
                "EGP001"
            );

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.DoesNotContain(result.Evidence, line => line.Contains("'MFA or device'"));
        }

        [Fact]
        public void Authentication_strength_counts_as_mfa_and_and_with_terms_of_use_still_requires_it()
        {
            var snapshot = WithPolicies(
                Policy(
                    "Phishing-resistant",
                    controls: new string[0],
                    authenticationStrength: "Phishing-resistant MFA",
                    termsOfUse: new[] { "tou-1" },
                    op: "AND"
                )
            );

            Assert.Equal(PostureStatus.Passed, Run(snapshot, "EGP001").Result);
        }

        [Fact]
        public void Without_p1_and_without_security_defaults_nothing_requires_mfa()
        {
            var snapshot = new TenantSnapshot { SecurityDefaultsEnabled = false, SubscribedSkus = Free };

            var result = Run(snapshot, "EGP001");

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal("securityDefaults", Assert.Single(result.Findings).TargetId);
            Assert.Equal(
                "Administrators must use multifactor authentication is not enforced: security defaults are off and "
                    + "without a Microsoft Entra ID P1 licence no Conditional Access policy can take their place",
                result.Reason
            );
        }

        [Fact]
        public void Unreadable_policies_skip_the_check_and_say_why()
        {
            var snapshot = new TenantSnapshot
            {
                SecurityDefaultsEnabled = false,
                SubscribedSkus = P1,
                Unavailable = new Dictionary<PostureData, string>
                {
                    [PostureData.ConditionalAccessPolicies] = "403 Forbidden: the app lacks Policy.Read.All",
                },
            };

            var result = Run(snapshot, "EGP002");

            Assert.Equal(PostureStatus.Skipped, result.Result);
            Assert.Equal(
                "skipped: could not read identity/conditionalAccess/policies: 403 Forbidden: the app lacks "
                    + "Policy.Read.All",
                result.Reason
            );
        }

        [Fact]
        public void Unknown_security_defaults_turn_a_policy_failure_into_a_skip()
        {
            var snapshot = new TenantSnapshot
            {
                SubscribedSkus = P1,
                ConditionalAccessPolicies = new ConditionalAccessPolicy[0],
            };

            var result = Run(snapshot, "EGP002");

            Assert.Equal(PostureStatus.Skipped, result.Result);
            Assert.StartsWith(
                "skipped: no Conditional Access policy is enough, and whether security defaults are on is unknown",
                result.Reason
            );
        }

        // EGP002: MFA for all users

        [Fact]
        public void All_user_mfa_passes_fails_and_names_excluded_roles()
        {
            Assert.Equal(PostureStatus.Passed, Run(WithPolicies(Policy("MFA")), "EGP002").Result);

            var excluded = Run(WithPolicies(Policy("MFA", excludeRoles: new[] { GlobalAdmin })), "EGP002");
            Assert.Equal(PostureStatus.Failed, excluded.Result);
            var finding = Assert.Single(excluded.Findings);
            Assert.Equal(("role", GlobalAdmin), (finding.TargetType, finding.TargetId));
            // EGP066 asks every policy to leave the sync accounts' role out: that exclusion is no gap.
            var sync = Run(WithPolicies(Policy("MFA", excludeRoles: new[] { DirectorySyncRole })), "EGP002");
            Assert.Equal(PostureStatus.Passed, sync.Result);

            var adminsOnly = Run(WithPolicies(Policy("MFA admins", roles: new[] { GlobalAdmin })), "EGP002");
            Assert.Equal(PostureStatus.Failed, adminsOnly.Result);
            Assert.Equal(
                "MFA is not required for every user: All users: no enabled policy requires MFA for all users on "
                    + "all apps",
                adminsOnly.Reason
            );
            Assert.Contains(adminsOnly.Evidence, line => line.EndsWith("does not count: does not target all users"));
        }

        [Fact]
        public void Excluded_guests_and_applications_are_gaps()
        {
            var policy = Policy("MFA", excludeApps: new[] { "00000003-0000-0ff1-ce00-000000000000" });
            var withGuests = new ConditionalAccessPolicy
            {
                DisplayName = policy.DisplayName,
                State = "enabled",
                IncludeUsers = new[] { "All" },
                IncludeApplications = new[] { "All" },
                BuiltInControls = new[] { "mfa" },
                ExcludeGuestsOrExternalUsers = "b2bCollaborationGuest,internalGuest",
                ExcludeApplications = policy.ExcludeApplications,
            };

            var result = Run(WithPolicies(withGuests), "EGP002");

            Assert.Equal(new[] { "guestsOrExternalUsers", "application" }, result.Findings.Select(f => f.TargetType));
        }

        // EGP003: legacy authentication

        [Fact]
        public void Legacy_authentication_block_passes_even_split_across_two_policies()
        {
            var snapshot = WithPolicies(
                Policy("Block EAS", controls: new[] { "block" }, clientAppTypes: new[] { "exchangeActiveSync" }),
                Policy("Block other", controls: new[] { "block" }, clientAppTypes: new[] { "other" })
            );

            Assert.Equal(PostureStatus.Passed, Run(snapshot, "EGP003").Result);
        }

        [Fact]
        public void Legacy_authentication_fails_for_the_client_type_left_open()
        {
            var snapshot = WithPolicies(
                Policy("Block EAS", controls: new[] { "block" }, clientAppTypes: new[] { "exchangeActiveSync" })
            );

            var result = Run(snapshot, "EGP003");

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal(
                "legacy authentication is not blocked for everyone: other legacy clients: no enabled policy blocks "
                    + "it for all users",
                result.Reason
            );
        }

        [Fact]
        public void Legacy_authentication_passes_under_security_defaults()
        {
            Assert.Equal(
                PostureStatus.Passed,
                Run(new TenantSnapshot { SecurityDefaultsEnabled = true }, "EGP003").Result
            );
        }

        // EGP004 / EGP005: risk policies

        [Fact]
        public void Sign_in_risk_passes_with_mfa_at_high_and_medium()
        {
            var snapshot = WithPolicies(Policy("Sign-in risk", signInRisk: new[] { "high", "medium" }));

            var result = Run(snapshot, "EGP004");

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Equal(
                "enabled Conditional Access answers sign-in risk high, medium for all users on all apps",
                result.Reason
            );
        }

        [Fact]
        public void Sign_in_risk_fails_for_the_level_no_policy_answers()
        {
            var snapshot = WithPolicies(
                Policy("High only", signInRisk: new[] { "high" }),
                Policy("Medium report-only", state: "enabledForReportingButNotEnforced", signInRisk: new[] { "medium" })
            );

            var result = Run(snapshot, "EGP004");

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal("medium", Assert.Single(result.Findings).TargetId);
            Assert.Contains(
                result.Evidence,
                line =>
                    line.Contains("'Medium report-only'") && line.EndsWith("does not count: report-only, not enforced")
            );
            Assert.Contains(
                result.Evidence,
                line =>
                    line.StartsWith(
                        "Legacy Identity Protection sign-in-risk policies cannot be read through Microsoft Graph"
                    )
            );
        }

        [Fact]
        public void Risk_checks_do_not_apply_without_p2()
        {
            var snapshot = new TenantSnapshot
            {
                SubscribedSkus = P1,
                SecurityDefaultsEnabled = false,
                ConditionalAccessPolicies = new ConditionalAccessPolicy[0],
            };

            var signIn = Run(snapshot, "EGP004");
            var user = Run(snapshot, "EGP005");

            Assert.Equal(PostureStatus.NotApplicable, signIn.Result);
            Assert.Equal(
                "not applicable: no Microsoft Entra ID P2 licence, which risk-based Conditional Access needs",
                signIn.Reason
            );
            Assert.Equal(PostureStatus.NotApplicable, user.Result);
            Assert.StartsWith("subscribedSkus: licences Entra ID P1: yes, P2: no", Assert.Single(user.Evidence));
        }

        [Fact]
        public void User_risk_needs_a_password_change_with_mfa_or_a_block()
        {
            var passwordChange = WithPolicies(
                Policy("User risk", userRisk: new[] { "high" }, controls: new[] { "mfa", "passwordChange" }, op: "AND")
            );
            var mfaOnly = WithPolicies(Policy("User risk MFA", userRisk: new[] { "high" }));
            var block = WithPolicies(
                Policy("User risk block", userRisk: new[] { "high", "medium" }, controls: new[] { "block" })
            );

            Assert.Equal(PostureStatus.Passed, Run(passwordChange, "EGP005").Result);
            Assert.Equal(PostureStatus.Passed, Run(block, "EGP005").Result);
            var failed = Run(mfaOnly, "EGP005");
            Assert.Equal(PostureStatus.Failed, failed.Result);
            Assert.Contains(
                failed.Evidence,
                line =>
                    line.EndsWith(
                        "does not count: its grant does not require a password change or risk remediation, or block"
                    )
            );
        }

        [Fact]
        public void A_policy_mixing_sign_in_and_user_risk_answers_neither_on_its_own()
        {
            var snapshot = WithPolicies(
                Policy(
                    "Both",
                    signInRisk: new[] { "high", "medium" },
                    userRisk: new[] { "high" },
                    controls: new[] { "block" }
                )
            );

            var result = Run(snapshot, "EGP004");

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Contains(result.Evidence, line => line.EndsWith("does not count: only at user risk high"));
        }
    }
}

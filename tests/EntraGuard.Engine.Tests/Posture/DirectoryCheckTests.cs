using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    public sealed class DirectoryCheckTests
    {
        private static TenantSnapshot Roles(
            DirectoryRoleAssignment[] active,
            DirectoryRoleAssignment[]? eligible = null
        ) =>
            new()
            {
                SubscribedSkus = P2,
                ActiveRoleAssignments = active,
                EligibleRoleAssignments = eligible ?? new DirectoryRoleAssignment[0],
            };

        // EGP006: standing privileged access

        [Fact]
        public void Standing_access_passes_when_only_break_glass_holds_roles_permanently()
        {
            var snapshot = Roles(
                new[]
                {
                    Active(BreakGlassUser, GlobalAdmin),
                    Active(Alice, GlobalAdmin, end: Now.AddHours(4), activation: true),
                },
                new[] { Eligible(Alice, GlobalAdmin), Eligible(Bob, UserAdmin) }
            );

            var result = Run(snapshot, "EGP006", BreakGlass);

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Equal(
                "no privileged role is held permanently outside break-glass accounts; 2 eligible assignment(s) go "
                    + "through PIM",
                result.Reason
            );
            Assert.Contains(
                "roleManagement/directory/roleAssignmentSchedules: 2 active assignment(s) of privileged roles, 1 "
                    + "permanent, 1 from PIM activations, 0 time-bound",
                result.Evidence
            );
        }

        [Fact]
        public void Standing_access_fails_once_per_holder_naming_every_role()
        {
            var snapshot = Roles(
                new[]
                {
                    Active(Alice, GlobalAdmin, name: "Alice"),
                    Active(Alice, UserAdmin, name: "Alice"),
                    Active(
                        "5e7f0000-0000-4000-8000-0000000000aa",
                        GlobalAdmin,
                        type: "servicePrincipal",
                        name: "Deploy pipeline"
                    ),
                    Active(Bob, "88d8e3e3-8f55-4a1e-953a-9b9898b8876b"), // Directory Readers: not privileged
                }
            );

            var result = Run(snapshot, "EGP006");

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal(2, result.Findings.Count);
            Assert.Equal(
                $"Alice ({Alice}) holds Global Administrator, User Administrator permanently, where an eligible "
                    + $"assignment would do",
                result.Findings[0].Detail
            );
            Assert.EndsWith(
                "holds Global Administrator permanently (a service principal cannot activate through PIM)",
                result.Findings[1].Detail
            );
            Assert.Equal("servicePrincipal", result.Findings[1].TargetType);
        }

        [Fact]
        public void Standing_access_counts_additional_privileged_roles_from_the_settings()
        {
            const string customRole = "c0570000-0000-4000-8000-00000000c001";
            var settings = new PostureSettings { AdditionalPrivilegedRoles = new[] { customRole } };

            var result = Run(Roles(new[] { Active(Alice, customRole) }), "EGP006", settings);

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Contains(customRole, result.Findings.Single().Detail);
        }

        [Fact]
        public void Standing_access_is_not_applicable_without_pim()
        {
            var result = Run(
                new TenantSnapshot
                {
                    SubscribedSkus = P1,
                    ActiveRoleAssignments = new[] { Active(Alice, GlobalAdmin) },
                },
                "EGP006"
            );

            Assert.Equal(PostureStatus.NotApplicable, result.Result);
            Assert.Equal(
                "not applicable: no Microsoft Entra ID P2 or Governance licence, so PIM is not available",
                result.Reason
            );
        }

        [Fact]
        public void Governance_alone_brings_pim()
        {
            var snapshot = new TenantSnapshot
            {
                SubscribedSkus = new[]
                {
                    Sku("AAD_PREMIUM", TenantLicences.EntraIdP1Plan),
                    Sku("Microsoft_Entra_ID_Governance", TenantLicences.GovernancePlan),
                },
                ActiveRoleAssignments = new[] { Active(Alice, GlobalAdmin) },
            };

            Assert.Equal(PostureStatus.Failed, Run(snapshot, "EGP006").Result);
        }

        // EGP007: number of Global Administrators

        [Fact]
        public void Global_admin_count_passes_within_bounds_counting_eligible_holders_once()
        {
            var snapshot = Roles(
                new[]
                {
                    Active(BreakGlassUser, GlobalAdmin),
                    Active(Alice, GlobalAdmin, end: Now.AddHours(1), activation: true),
                },
                new[] { Eligible(Alice, GlobalAdmin), Eligible(Bob, GlobalAdmin) }
            );

            var result = Run(snapshot, "EGP007");

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Equal("3 principals hold Global Administrator (allowed 2–4)", result.Reason);
        }

        [Fact]
        public void Global_admin_count_fails_too_many_and_too_few()
        {
            var many = Roles(new[] { Alice, Bob, Carol, Dave, Erin }.Select(id => Active(id, GlobalAdmin)).ToArray());
            var one = Roles(new[] { Active(Alice, GlobalAdmin) });

            Assert.Equal(
                "the number of Global Administrators is out of bounds: 5 principals hold Global Administrator, "
                    + "more than the 4 allowed",
                Run(many, "EGP007").Reason
            );
            Assert.Equal(
                "the number of Global Administrators is out of bounds: only 1 principal(s) hold Global "
                    + "Administrator, fewer than the 2 needed to recover the tenant",
                Run(one, "EGP007").Reason
            );
            Assert.Equal(
                PostureStatus.Passed,
                Run(many, "EGP007", new PostureSettings { MaxGlobalAdministrators = 5 }).Result
            );
        }

        // Licences unknown (subscribedSkus refused) and the PIM endpoints answering AadPremiumLicenseRequired: the
        // licensed checks never fail on a guess, and too few Global Administrators is not told from unread.
        private static TenantSnapshot UnknownLicences(TenantSnapshot snapshot) =>
            new()
            {
                SubscribedSkus = null,
                ActiveRoleAssignments = snapshot.ActiveRoleAssignments,
                EligibleRoleAssignments = snapshot.EligibleRoleAssignments,
                ConditionalAccessPolicies = snapshot.ConditionalAccessPolicies,
                SecurityDefaultsEnabled = snapshot.SecurityDefaultsEnabled,
                ReadFrom = new System.Collections.Generic.Dictionary<PostureData, string>
                {
                    [PostureData.ActiveRoleAssignments] = "roleManagement/directory/roleAssignments",
                },
                Unavailable = new System.Collections.Generic.Dictionary<PostureData, string>
                {
                    [PostureData.SubscribedSkus] = "Graph denied access while reading subscribedSkus (403)",
                    [PostureData.EligibleRoleAssignments] =
                        "Graph answered 400 AadPremiumLicenseRequired while reading "
                        + "roleManagement/directory/roleEligibilitySchedules",
                },
            };

        [Fact]
        public void Unknown_licences_never_fail_a_licensed_check_on_a_guess()
        {
            var snapshot = UnknownLicences(
                new TenantSnapshot
                {
                    ActiveRoleAssignments = new[] { Active(Alice, GlobalAdmin, name: "Alice") },
                    ConditionalAccessPolicies = new[] { Policy("CA001 MFA for admins", roles: new[] { GlobalAdmin }) },
                    SecurityDefaultsEnabled = false,
                }
            );

            var results = new[] { "EGP004", "EGP005", "EGP006", "EGP007" }.Select(id => Run(snapshot, id)).ToArray();

            Assert.All(results, r => Assert.True(r.Result == PostureStatus.Skipped, $"{r.CheckId}: {r.Reason}"));
            Assert.Equal(
                "skipped: the tenant's licences are unknown (could not read subscribedSkus: Graph denied access "
                    + "while reading subscribedSkus (403)) and the check needs Microsoft Entra ID P2 or Governance "
                    + "(PIM), so its failure may only mean the feature is not licensed",
                results[2].Reason
            );
            Assert.Contains(
                $"would fail: privileged roles are held permanently outside break-glass accounts: Alice ({Alice}) "
                    + "holds Global Administrator permanently, where an eligible assignment would do",
                results[2].Evidence
            );
            Assert.Equal(
                "skipped: eligible Global Administrators could not be read, so too few cannot be told from unread",
                results[3].Reason
            );
        }

        [Fact]
        public void Unknown_licences_let_a_licensed_check_pass_on_what_it_finds()
        {
            var snapshot = UnknownLicences(
                new TenantSnapshot
                {
                    ConditionalAccessPolicies = new[]
                    {
                        Policy(
                            "CA005 user risk",
                            controls: new[] { "mfa", "passwordChange" },
                            op: "AND",
                            userRisk: new[] { "high" }
                        ),
                    },
                }
            );

            Assert.Equal(PostureStatus.Passed, Run(snapshot, "EGP005").Result);
        }

        [Fact]
        public void Global_admin_count_skips_when_too_few_may_be_unread_eligible_ones()
        {
            var snapshot = new TenantSnapshot
            {
                SubscribedSkus = P2,
                ActiveRoleAssignments = new[] { Active(Alice, GlobalAdmin) },
            };

            var result = Run(snapshot, "EGP007");

            Assert.Equal(PostureStatus.Skipped, result.Result);
        }

        // EGP008: app registration

        [Fact]
        public void App_registration_by_users_fails_and_passes_on_the_setting()
        {
            var open = Run(
                new TenantSnapshot { AuthorizationPolicy = new AuthorizationSettings { AllowedToCreateApps = true } },
                "EGP008"
            );
            var closed = Run(
                new TenantSnapshot { AuthorizationPolicy = new AuthorizationSettings { AllowedToCreateApps = false } },
                "EGP008"
            );

            Assert.Equal(PostureStatus.Failed, open.Result);
            Assert.Equal(
                "users can register applications: every user may register applications (allowedToCreateApps = true)",
                open.Reason
            );
            Assert.Equal(
                new[] { "policies/authorizationPolicy: defaultUserRolePermissions.allowedToCreateApps = true" },
                open.Evidence
            );
            Assert.Equal(PostureStatus.Passed, closed.Result);
        }

        [Fact]
        public void App_registration_is_skipped_when_the_setting_is_missing_never_read_as_false()
        {
            var result = Run(new TenantSnapshot { AuthorizationPolicy = new AuthorizationSettings() }, "EGP008");

            Assert.Equal(PostureStatus.Skipped, result.Result);
            Assert.Equal(
                "skipped: policies/authorizationPolicy did not return defaultUserRolePermissions.allowedToCreateApps",
                result.Reason
            );
            Assert.Equal(
                new[]
                {
                    "policies/authorizationPolicy: defaultUserRolePermissions.allowedToCreateApps = (not returned)",
                },
                result.Evidence
            );
        }

        [Fact]
        public void App_registration_is_skipped_when_the_policy_is_unreadable()
        {
            Assert.Equal(PostureStatus.Skipped, Run(new TenantSnapshot(), "EGP008").Result);
        }

        // EGP009: user consent

        [Theory]
        [InlineData(
            PostureStatus.Passed,
            "users cannot consent to applications",
            "ManagePermissionGrantsForOwnedResource.microsoft-dynamically-managed-permissions-for-team"
        )]
        [InlineData(
            PostureStatus.Passed,
            "user consent is restricted (microsoft-user-default-low)",
            "ManagePermissionGrantsForSelf.microsoft-user-default-low"
        )]
        [InlineData(
            PostureStatus.Passed,
            "user consent is restricted (microsoft-user-default-recommended, "
                + "microsoft-user-default-allow-consent-apps)",
            "managePermissionGrantsForSelf.microsoft-user-default-recommended",
            "ManagePermissionGrantsForSelf.microsoft-user-default-allow-consent-apps"
        )]
        [InlineData(
            PostureStatus.Failed,
            "user consent is not restricted: users may consent to any application for every permission that does "
                + "not need an administrator",
            "ManagePermissionGrantsForSelf.microsoft-user-default-legacy"
        )]
        [InlineData(
            PostureStatus.Skipped,
            "skipped: user consent is governed by custom app consent policy contoso-consent, which EntraGuard does "
                + "not judge; review what it allows",
            "ManagePermissionGrantsForSelf.contoso-consent"
        )]
        [InlineData(
            PostureStatus.Skipped,
            "skipped: permissionGrantPoliciesAssigned holds just-user-read, an entry EntraGuard does not recognise; "
                + "review what it lets users consent to",
            "just-user-read"
        )]
        [InlineData(
            PostureStatus.Skipped,
            "skipped: permissionGrantPoliciesAssigned holds just-user-read, an entry EntraGuard does not recognise; "
                + "review what it lets users consent to",
            "ManagePermissionGrantsForSelf.microsoft-user-default-low",
            "just-user-read"
        )]
        [InlineData(
            PostureStatus.Failed,
            "user consent is not restricted: users may consent to any application for every permission that does not "
                + "need an administrator",
            "ManagePermissionGrantsForSelf.microsoft-user-default-legacy",
            "just-user-read"
        )]
        [InlineData(PostureStatus.Passed, "users cannot consent to applications")]
        public void User_consent_is_judged_by_the_assigned_policies(
            PostureStatus expected,
            string reason,
            params string[] assigned
        )
        {
            var snapshot = new TenantSnapshot
            {
                AuthorizationPolicy = new AuthorizationSettings { PermissionGrantPoliciesAssigned = assigned },
            };

            var result = Run(snapshot, "EGP009");

            Assert.Equal(expected, result.Result);
            Assert.Equal(reason, result.Reason);
        }
    }
}

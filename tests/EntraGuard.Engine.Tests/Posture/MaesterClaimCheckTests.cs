using System.IO;
using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>
    /// The Conditional Access claims behind Maester's MT tests (EGP051–EGP061), each over a compliant and a
    /// non-compliant policy set.
    /// </summary>
    public sealed class MaesterClaimCheckTests
    {
        private const string AzureManagement = "797f4846-ba00-4fd7-ba43-dac1f8f63013";
        private const string AzureDevOps = "499b84ac-1321-427f-aa17-267ca6975798";
        private const string Pilot = "91107000-0000-4000-8000-0000000000a1";
        private const string Trusted = "7a0c0000-0000-4000-8000-00000000c0a1";

        private static readonly string[] BreakGlassOnly = { BreakGlassUser };

        private static ConditionalAccessPolicy MfaForAll(params string[] excludeGroups) =>
            Policy("MFA for all", excludeUsers: BreakGlassOnly, excludeGroups: excludeGroups);

        private static ConditionalAccessPolicy MfaForAdmins =>
            Policy(
                "MFA for administrators",
                roles: PostureSettings.Default.PrivilegedRoleIds.ToArray(),
                excludeUsers: BreakGlassOnly
            );

        private static PostureStatus Verdict(string checkId, params ConditionalAccessPolicy[] policies) =>
            Run(WithPolicies(policies), checkId, BreakGlass).Result;

        // EGP051: MT.1001

        [Fact]
        public void Device_compliance_is_found_in_an_enforced_policy_and_not_in_a_report_only_one()
        {
            var compliant = Policy("Compliant device", controls: new[] { "mfa", "compliantDevice" });
            var reportOnly = Policy(
                "Compliant device (report-only)",
                state: "enabledForReportingButNotEnforced",
                controls: new[] { "compliantDevice" }
            );

            var passed = Run(WithPolicies(compliant), "EGP051");
            var failed = Run(WithPolicies(reportOnly, MfaForAll()), "EGP051");

            Assert.Equal(PostureStatus.Passed, passed.Result);
            Assert.Equal("a compliant device is required by 'Compliant device'", passed.Reason);
            Assert.Equal(PostureStatus.Failed, failed.Result);
            Assert.Contains(
                failed.Evidence,
                e => e.EndsWith("report-only, not enforced: 'Compliant device (report-only)'")
            );
        }

        // EGP052: MT.1003, MT.1004

        [Fact]
        public void A_baseline_for_all_users_and_apps_passes_and_app_by_app_policies_fail()
        {
            var exchangeOnly = Policy("MFA for Exchange", apps: new[] { "00000002-0000-0ff1-ce00-000000000000" });

            Assert.Equal(PostureStatus.Passed, Verdict("EGP052", MfaForAll()));
            var failed = Run(WithPolicies(exchangeOnly, MfaForAdmins), "EGP052", BreakGlass);
            Assert.Equal(PostureStatus.Failed, failed.Result);
            Assert.Equal("members", failed.Findings[0].TargetName);
            Assert.StartsWith("members: ", failed.Findings[0].Detail);
            Assert.Contains(
                "are neither blocked nor need what at least one enforced policy asks",
                failed.Findings[0].Detail
            );
        }

        [Fact]
        public void A_baseline_that_excludes_a_group_nobody_else_covers_fails_on_that_group()
        {
            var failed = Run(WithPolicies(MfaForAll(Pilot)), "EGP052", BreakGlass);

            var finding = Assert.Single(failed.Findings);
            Assert.Equal(("group", Pilot), (finding.TargetType, finding.TargetId));
        }

        // EGP053 and EGP060: MT.1008, MT.1071

        [Fact]
        public void Azure_management_and_devops_need_mfa_from_a_policy_that_reaches_the_app()
        {
            var azure = Policy(
                "MFA for Azure management",
                apps: new[] { AzureManagement },
                excludeUsers: BreakGlassOnly
            );
            var portals = Policy(
                "MFA for admin portals",
                apps: new[] { "MicrosoftAdminPortals" },
                excludeUsers: BreakGlassOnly
            );

            Assert.Equal(PostureStatus.Passed, Verdict("EGP053", MfaForAll()));
            Assert.Equal(PostureStatus.Passed, Verdict("EGP053", azure));
            Assert.Equal(PostureStatus.Failed, Verdict("EGP053", portals));
            // Only administrators covered: a member's Azure sign-in passes with a password.
            Assert.Equal(PostureStatus.Failed, Verdict("EGP053", MfaForAdmins));
            Assert.Equal(PostureStatus.Passed, Verdict("EGP060", MfaForAll()));
            // Azure DevOps no longer rides on Azure management.
            var devops = Run(WithPolicies(azure), "EGP060", BreakGlass);
            Assert.Equal(PostureStatus.Failed, devops.Result);
            Assert.Contains($"app {AzureDevOps}", devops.Findings[0].Detail);
        }

        // EGP054: MT.1015

        [Fact]
        public void Unknown_platforms_are_blocked_only_by_a_policy_for_any_platform_but_the_supported_ones()
        {
            var block = Policy(
                "Block unknown platforms",
                controls: new[] { "block" },
                excludeUsers: BreakGlassOnly,
                platforms: new[] { "all" },
                excludePlatforms: new[] { "android", "iOS", "windows", "macOS", "linux" }
            );
            var blockLinux = Policy(
                "Block Linux",
                controls: new[] { "block" },
                excludeUsers: BreakGlassOnly,
                platforms: new[] { "linux" }
            );

            Assert.Equal(PostureStatus.Passed, Verdict("EGP054", block, MfaForAll()));
            var failed = Run(WithPolicies(blockLinux, MfaForAll()), "EGP054", BreakGlass);
            Assert.Equal(PostureStatus.Failed, failed.Result);
            Assert.Contains("on an untold platform", failed.Findings[0].Detail);
        }

        // EGP055: MT.1016

        [Fact]
        public void Guest_mfa_needs_every_guest_kind_covered()
        {
            var guestsExceptProviders = new ConditionalAccessPolicy
            {
                Id = "ca-guests",
                DisplayName = "MFA for guests",
                State = "enabled",
                IncludeUsers = new[] { "GuestsOrExternalUsers" },
                ExcludeGuestsOrExternalUsers = "serviceProvider",
                IncludeApplications = new[] { "All" },
                BuiltInControls = new[] { "mfa" },
            };

            Assert.Equal(PostureStatus.Passed, Verdict("EGP055", MfaForAll()));
            var failed = Run(WithPolicies(guestsExceptProviders, MfaForAdmins), "EGP055", BreakGlass);
            Assert.Equal(PostureStatus.Failed, failed.Result);
            var finding = Assert.Single(failed.Findings);
            Assert.Equal("guests (serviceProvider)", finding.TargetName);
        }

        // EGP056: MT.1019

        [Fact]
        public void Office_365_needs_app_enforced_restrictions_on_every_client_type()
        {
            var restrictions = new SessionControls { ApplicationEnforcedRestrictions = true };
            var everyClient = Policy(
                "Restrictions for Office 365",
                apps: new[] { "Office365" },
                controls: new string[0],
                excludeUsers: BreakGlassOnly,
                session: restrictions
            );
            var browserOnly = Policy(
                "Restrictions in the browser",
                apps: new[] { "Office365" },
                controls: new string[0],
                excludeUsers: BreakGlassOnly,
                clientAppTypes: new[] { "browser" },
                session: restrictions
            );

            Assert.Equal(PostureStatus.Passed, Verdict("EGP056", everyClient, MfaForAll()));
            var failed = Run(WithPolicies(browserOnly, MfaForAll()), "EGP056", BreakGlass);
            Assert.Equal(PostureStatus.Failed, failed.Result);
            Assert.Contains("from mobileAppsAndDesktopClients", failed.Findings[0].Detail);
        }

        // EGP057: MT.1034

        [Fact]
        public void A_break_glass_account_reached_by_a_session_only_policy_fails_though_egp030_passes()
        {
            var sessions = Policy(
                "Sign-in every 4 hours",
                controls: new string[0],
                session: new SessionControls
                {
                    SignInFrequency = "4 hours",
                    SignInFrequencyPeriod = System.TimeSpan.FromHours(4),
                }
            );

            Assert.Equal(PostureStatus.Passed, Verdict("EGP057", MfaForAll()));
            Assert.Equal(PostureStatus.Passed, Verdict("EGP030", MfaForAll(), sessions));
            var failed = Run(WithPolicies(MfaForAll(), sessions), "EGP057", BreakGlass);
            Assert.Equal(PostureStatus.Failed, failed.Result);
            Assert.StartsWith(
                $"break-glass account Emergency 1 ({BreakGlassUser}) is reached by 'Sign-in every 4 hours', e.g. ",
                Assert.Single(failed.Findings).Detail
            );
            Assert.Equal(PostureStatus.Skipped, Run(WithPolicies(MfaForAll()), "EGP057").Result);
        }

        // EGP058: MT.1036

        [Fact]
        public void An_exclusion_passes_when_another_policy_reaches_it_and_fails_when_none_does()
        {
            var pilotOnly = Policy("MFA for the pilot", users: new string[0], excludeUsers: BreakGlassOnly);
            var registration = Policy(
                "Register only from trusted places",
                controls: new[] { "block" },
                userActions: new[] { "urn:user:registersecurityinfo" },
                excludeLocations: new[] { Trusted },
                excludeUsers: BreakGlassOnly
            );

            // The location is reached by the MFA policy, which has no location condition.
            Assert.Equal(PostureStatus.Passed, Verdict("EGP058", MfaForAll(), registration));
            var failed = Run(WithPolicies(MfaForAll(Pilot), pilotOnly), "EGP058", BreakGlass);
            Assert.Equal(PostureStatus.Failed, failed.Result);
            var finding = Assert.Single(failed.Findings);
            Assert.Equal(
                $"group {Pilot} is excluded by 'MFA for all' and reached by no other enabled policy",
                finding.Detail
            );
            // Without the break-glass setting, the emergency account is an exclusion like any other.
            Assert.Equal(PostureStatus.Failed, Run(WithPolicies(MfaForAll()), "EGP058").Result);
        }

        // EGP059: MT.1049

        [Fact]
        public void User_risk_and_sign_in_risk_in_one_policy_fail()
        {
            var both = Policy("Risky", userRisk: new[] { "high" }, signInRisk: new[] { "high" });
            var user = Policy("User risk", userRisk: new[] { "high" }, controls: new[] { "block" });
            var signIn = Policy("Sign-in risk", signInRisk: new[] { "high" }, controls: new[] { "block" });

            Assert.Equal(PostureStatus.Passed, Verdict("EGP059", user, signIn));
            var failed = Run(WithPolicies(both, user), "EGP059");
            Assert.Equal(
                "'Risky' applies only when the user risk is high and the sign-in risk is high at once",
                Assert.Single(failed.Findings).Detail
            );
            var p1 = WithPolicies(both);
            Assert.Equal(
                PostureStatus.NotApplicable,
                Run(
                    new TenantSnapshot
                    {
                        SubscribedSkus = P1,
                        ConditionalAccessPolicies = p1.ConditionalAccessPolicies,
                    },
                    "EGP059"
                ).Result
            );
        }

        // EGP061: MT.1072

        [Fact]
        public void The_retired_approved_client_app_grant_fails_in_an_enabled_policy_only()
        {
            var approved = Policy("Approved apps", controls: new[] { "approvedApplication", "compliantApplication" });
            var disabled = Policy("Old approved apps", state: "disabled", controls: new[] { "approvedApplication" });
            var protection = Policy("App protection", controls: new[] { "compliantApplication" });

            Assert.Equal(PostureStatus.Passed, Verdict("EGP061", protection, disabled));
            var failed = Run(WithPolicies(approved), "EGP061");
            Assert.Equal(
                "'Approved apps' grants approvedApplication OR compliantApplication; approvedApplication is no "
                    + "longer enforced",
                Assert.Single(failed.Findings).Detail
            );
        }

        // EGP062 and EGP063: MT.1038, MT.1067

        [Fact]
        public void A_deleted_group_still_named_by_a_policy_or_a_method_fails_and_existing_ones_pass()
        {
            var policies = new[]
            {
                Policy("MFA for all", excludeUsers: BreakGlassOnly, excludeGroups: new[] { Pilot }),
                Policy("Old pilot", state: "disabled", users: new string[0], excludeGroups: new[] { Pilot }),
            };
            var methods = GraphPostureJson.ReadAuthenticationMethodsPolicy(
                Body(
                    "{\"authenticationMethodConfigurations\":[{\"id\":\"Fido2\",\"state\":\"enabled\","
                        + $"\"includeTargets\":[{{\"targetType\":\"group\",\"id\":\"{Pilot}\"}},"
                        + "{\"targetType\":\"group\",\"id\":\"all_users\"}]}]}"
                )
            );
            TenantSnapshot Tenant(params string[] existing) =>
                new()
                {
                    SubscribedSkus = P1,
                    ConditionalAccessPolicies = policies,
                    AuthenticationMethodsPolicy = methods,
                    ExistingObjectIds = existing,
                };

            Assert.Equal(PostureStatus.Passed, Run(Tenant(BreakGlassUser, Pilot), "EGP062").Result);
            Assert.Equal(PostureStatus.Passed, Run(Tenant(BreakGlassUser, Pilot), "EGP063").Result);
            var failed = Run(Tenant(BreakGlassUser), "EGP062");
            Assert.Equal(
                $"group {Pilot} no longer exists but is still named by 'MFA for all' (exclude), 'Old pilot' (exclude)",
                Assert.Single(failed.Findings).Detail
            );
            Assert.Equal(
                $"user or group {Pilot} no longer exists but is still named by method Fido2 (include)",
                Assert.Single(Run(Tenant(BreakGlassUser), "EGP063").Findings).Detail
            );
            var unread = new TenantSnapshot
            {
                SubscribedSkus = P1,
                ConditionalAccessPolicies = policies,
                Unavailable = new System.Collections.Generic.Dictionary<PostureData, string>
                {
                    [PostureData.DirectoryObjects] = "403 Forbidden: Directory.Read.All is missing",
                },
            };
            Assert.Equal(PostureStatus.Skipped, Run(unread, "EGP062").Result);
        }

        [Fact]
        public void The_compliant_tenant_passes_every_maester_claim()
        {
            var path = Path.Combine(
                TestFiles.RepositoryRoot,
                "tests",
                "checks",
                "tenants",
                "compliant",
                "conditionalAccessPolicies.json"
            );
            using var stream = File.OpenRead(path);
            var snapshot = WithPolicies(GraphPostureJson.ReadConditionalAccessPolicies(stream).Items.ToArray());
            var settings = new PostureSettings
            {
                BreakGlassAccounts = new[]
                {
                    new BreakGlassAccount("3f0c8a52-6f1e-4c8e-9a57-1d2b3c4d5e01", "Emergency access 01"),
                    new BreakGlassAccount("3f0c8a52-6f1e-4c8e-9a57-1d2b3c4d5e02", "Emergency access 02"),
                },
            };

            for (var n = 51; n <= 61; n++)
            {
                var result = Run(snapshot, $"EGP0{n}", settings);
                Assert.Equal(
                    ($"EGP0{n}", PostureStatus.Passed, ""),
                    (result.CheckId, result.Result, string.Join("; ", result.Findings.Select(f => f.Detail)))
                );
            }
        }
    }
}

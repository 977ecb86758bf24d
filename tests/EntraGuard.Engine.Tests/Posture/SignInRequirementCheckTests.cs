using System;
using System.Linq;
using EntraGuard.Posture;
using EntraGuard.Posture.ConditionalAccess;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>The Conditional Access claims EGP032–EGP039, proven over described sign-ins.</summary>
    public sealed class SignInRequirementCheckTests
    {
        private const string Contractors = "c0417ac7-0000-4000-8000-0000000000c1";
        private const string RegisterSecurityInfo = "urn:user:registersecurityinfo";

        /// <summary>A policy that leaves out the configured break-glass account, as every policy here does.</summary>
        private static ConditionalAccessPolicy Rule(
            string name,
            string[] controls,
            string[]? roles = null,
            string[]? userActions = null,
            string? transferMethods = null,
            string[]? excludeGroups = null,
            string[]? excludeLocations = null,
            string[]? userRisk = null,
            string[]? signInRisk = null,
            SessionControls? session = null,
            string state = "enabled",
            string op = "OR",
            DeviceFilter? deviceFilter = null
        ) =>
            Policy(
                name,
                state,
                roles: roles,
                controls: controls,
                op: op,
                excludeUsers: new[] { BreakGlassUser },
                excludeGroups: excludeGroups,
                signInRisk: signInRisk,
                userRisk: userRisk,
                excludeLocations: excludeLocations,
                userActions: userActions,
                transferMethods: transferMethods,
                session: session,
                deviceFilter: deviceFilter
            );

        private static ConditionalAccessPolicy BlockDeviceCode(params string[] excludeGroups) =>
            Rule(
                "Block device code",
                new[] { "block" },
                transferMethods: "deviceCodeFlow",
                excludeGroups: excludeGroups
            );

        private static readonly string[] Admins = PostureSettings.Default.PrivilegedRoleIds.ToArray();

        // EGP033: device code flow

        [Fact]
        public void Device_code_passes_when_a_policy_for_everyone_blocks_the_flow()
        {
            var result = Run(WithPolicies(BlockDeviceCode(), Policy("MFA for all")), "EGP033", BreakGlass);

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Equal("every sign-in of members and guests is blocked ('Block device code')", result.Reason);
        }

        [Fact]
        public void Device_code_fails_without_a_blocking_policy_naming_the_sign_in_left_open()
        {
            var result = Run(WithPolicies(Policy("MFA for all")), "EGP033", BreakGlass);

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal(7, result.Findings.Count);
            Assert.Equal(
                "members: 8 kind(s) of sign-in are not blocked, e.g. a member to any app from browser on an untold "
                    + "platform, outside the named locations, by deviceCodeFlow: 'MFA for all': mfa",
                result.Findings[0].Detail
            );
            Assert.Equal("guests (internalGuest)", result.Findings[1].TargetName);
        }

        [Fact]
        public void Device_code_fails_on_an_excluded_group_that_is_not_break_glass()
        {
            var result = Run(WithPolicies(BlockDeviceCode(Contractors)), "EGP033", BreakGlass);

            Assert.Equal(PostureStatus.Failed, result.Result);
            var finding = Assert.Single(result.Findings);
            Assert.Equal(Contractors, finding.TargetId);
            Assert.Equal("group", finding.TargetType);
            Assert.StartsWith($"group {Contractors} is excluded where it matters: as one of members, ", finding.Detail);
        }

        [Fact]
        public void Device_code_blocked_only_in_report_only_mode_or_behind_a_device_filter_does_not_count()
        {
            var reportOnly = Rule(
                "Block device code (report-only)",
                new[] { "block" },
                transferMethods: "deviceCodeFlow",
                state: "enabledForReportingButNotEnforced"
            );
            var filtered = Rule(
                "Block device code on some devices",
                new[] { "block" },
                transferMethods: "deviceCodeFlow",
                deviceFilter: DeviceFilter.Parse("include", "device.displayName -startsWith \"KIOSK\"")
            );

            Assert.Equal(PostureStatus.Failed, Run(WithPolicies(reportOnly), "EGP033", BreakGlass).Result);
            Assert.Equal(PostureStatus.Failed, Run(WithPolicies(filtered), "EGP033", BreakGlass).Result);
        }

        // EGP034 and EGP035: registering security info

        [Fact]
        public void Registration_needs_a_managed_device_when_a_policy_on_the_user_action_demands_one()
        {
            var managed = Rule(
                "Register from managed devices",
                new[] { "compliantDevice", "domainJoinedDevice" },
                userActions: new[] { RegisterSecurityInfo }
            );

            var result = Run(WithPolicies(managed, Policy("MFA for all")), "EGP034", BreakGlass);

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Equal(
                "every sign-in of members and guests is blocked or needs a compliant or hybrid-joined device "
                    + "('Register from managed devices')",
                result.Reason
            );
        }

        [Fact]
        public void Registration_with_mfa_or_a_device_is_not_a_device_requirement()
        {
            var either = Rule(
                "Register with MFA or a device",
                new[] { "mfa", "compliantDevice" },
                userActions: new[] { RegisterSecurityInfo }
            );

            var result = Run(WithPolicies(either), "EGP034", BreakGlass);

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Contains("a member to urn:user:registersecurityinfo from browser", result.Findings[0].Detail);
        }

        [Fact]
        public void Registration_outside_trusted_locations_blocked_passes_and_an_app_policy_does_not_reach_it()
        {
            var trustedOnly = Rule(
                "Register only from trusted locations",
                new[] { "block" },
                userActions: new[] { RegisterSecurityInfo },
                excludeLocations: new[] { "AllTrusted" }
            );

            Assert.Equal(PostureStatus.Passed, Run(WithPolicies(trustedOnly), "EGP035", BreakGlass).Result);
            var blockAllApps = Rule("Block everything", new[] { "block" });
            Assert.Equal(PostureStatus.Failed, Run(WithPolicies(blockAllApps), "EGP035", BreakGlass).Result);
        }

        // EGP036 and EGP037: managed devices

        [Fact]
        public void Admin_devices_pass_with_compliant_device_and_mfa_together_and_fail_when_either_will_do()
        {
            var and = Rule("Admins: MFA and compliant", new[] { "mfa", "compliantDevice" }, roles: Admins, op: "AND");
            var or = Rule("Admins: MFA or compliant", new[] { "mfa", "compliantDevice" }, roles: Admins);

            var passed = Run(WithPolicies(and), "EGP036", BreakGlass);
            var failed = Run(WithPolicies(or), "EGP036", BreakGlass);

            Assert.Equal(PostureStatus.Passed, passed.Result);
            Assert.Equal(PostureStatus.Failed, failed.Result);
            Assert.Equal(15, failed.Findings.Count);
            Assert.Equal("role", failed.Findings[0].TargetType);
            Assert.StartsWith(
                "Global Administrator: 8 kind(s) of sign-in are neither blocked nor need a compliant or "
                    + "hybrid-joined device",
                failed.Findings[0].Detail
            );
        }

        [Fact]
        public void Managed_devices_for_everyone_fail_for_the_guests_a_policy_leaves_out()
        {
            var policy = Rule("Compliant devices", new[] { "compliantDevice" });
            var noGuests = Policy(
                "Compliant devices, guests left out",
                controls: new[] { "compliantDevice" },
                excludeUsers: new[] { BreakGlassUser, "GuestsOrExternalUsers" }
            );

            Assert.Equal(PostureStatus.Passed, Run(WithPolicies(policy), "EGP037", BreakGlass).Result);
            var result = Run(WithPolicies(noGuests), "EGP037", BreakGlass);
            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal(6, result.Findings.Count);
            Assert.All(result.Findings, f => Assert.StartsWith("guests (", f.TargetName));
        }

        // EGP038: phishing-resistant MFA for everyone

        [Fact]
        public void Phishing_resistance_for_everyone_needs_the_strength_for_all_users()
        {
            var strength = new ConditionalAccessPolicy
            {
                DisplayName = "Phishing-resistant MFA for all",
                State = "enabled",
                IncludeUsers = new[] { "All" },
                ExcludeUsers = new[] { BreakGlassUser },
                IncludeApplications = new[] { "All" },
                AuthenticationStrength = "Phishing-resistant MFA",
                AuthenticationStrengthId = ConditionalAccessEvaluator.PhishingResistantStrength,
            };

            Assert.Equal(PostureStatus.Passed, Run(WithPolicies(strength), "EGP038", BreakGlass).Result);
            Assert.Equal(PostureStatus.Failed, Run(WithPolicies(Policy("MFA for all")), "EGP038", BreakGlass).Result);
        }

        // EGP039: high risk blocked

        [Fact]
        public void High_risk_passes_when_both_risks_are_blocked_and_fails_when_one_is_only_challenged()
        {
            var users = Rule("Block high user risk", new[] { "block" }, userRisk: new[] { "high" });
            var signIns = Rule("Block high sign-in risk", new[] { "block" }, signInRisk: new[] { "high" });
            var challenge = Rule("MFA at high sign-in risk", new[] { "mfa" }, signInRisk: new[] { "high" });

            var passed = Run(WithPolicies(users, signIns), "EGP039", BreakGlass);
            var failed = Run(WithPolicies(users, challenge), "EGP039", BreakGlass);

            Assert.Equal(PostureStatus.Passed, passed.Result);
            Assert.Equal(PostureStatus.Failed, failed.Result);
            Assert.Contains("sign-in risk high", failed.Findings[0].Detail);
            Assert.DoesNotContain("user risk high", failed.Findings[0].Detail);
        }

        [Fact]
        public void High_risk_does_not_apply_without_p2()
        {
            var snapshot = new TenantSnapshot
            {
                SubscribedSkus = P1,
                ConditionalAccessPolicies = new ConditionalAccessPolicy[0],
            };

            Assert.Equal(PostureStatus.NotApplicable, Run(snapshot, "EGP039").Result);
        }

        // EGP032: administrator sessions

        [Fact]
        public void Admin_sessions_pass_with_four_hours_and_no_persistent_browser()
        {
            var session = new SessionControls
            {
                SignInFrequency = "4 hours",
                SignInFrequencyPeriod = TimeSpan.FromHours(4),
                PersistentBrowser = "never",
            };

            var result = Run(
                WithPolicies(Rule("Admin sessions", new string[0], roles: Admins, session: session)),
                "EGP032",
                BreakGlass
            );

            Assert.Equal(PostureStatus.Passed, result.Result);
        }

        [Fact]
        public void Admin_sessions_fail_on_a_longer_frequency_and_in_the_browser_without_the_persistence_control()
        {
            var eightHours = new SessionControls
            {
                SignInFrequency = "8 hours",
                SignInFrequencyPeriod = TimeSpan.FromHours(8),
                PersistentBrowser = "never",
            };
            var noBrowserControl = new SessionControls
            {
                SignInFrequency = "1 hours",
                SignInFrequencyPeriod = TimeSpan.FromHours(1),
            };

            var tooLong = Run(
                WithPolicies(Rule("Admin sessions", new string[0], roles: Admins, session: eightHours)),
                "EGP032",
                BreakGlass
            );
            var persistent = Run(
                WithPolicies(Rule("Admin sessions", new string[0], roles: Admins, session: noBrowserControl)),
                "EGP032",
                BreakGlass
            );

            Assert.Equal(PostureStatus.Failed, tooLong.Result);
            Assert.StartsWith("Global Administrator: 8 kind(s)", tooLong.Findings[0].Detail);
            Assert.Equal(PostureStatus.Failed, persistent.Result);
            Assert.StartsWith("Global Administrator: 2 kind(s)", persistent.Findings[0].Detail);
            Assert.Contains("from browser", persistent.Findings[0].Detail);
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture;
using EntraGuard.Posture.ConditionalAccess;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>Device filters, and the claims over them: EGP064 and EGP065 (unmanaged devices), EGP066 (the
    /// directory synchronization accounts).</summary>
    public sealed class UnmanagedDeviceCheckTests
    {
        private const string UnmanagedRule = "device.isCompliant -eq True -or device.trustType -eq \"ServerAD\"";

        private static readonly SignInDevice Compliant = SignInDevice.Registered(
            "a compliant device",
            new Dictionary<string, string?> { ["isCompliant"] = "True", ["trustType"] = "AzureAD" }
        );

        private static readonly SignInDevice Personal = SignInDevice.Unmanaged[1];

        private static FilterMatch Match(string rule, SignInDevice device) =>
            DeviceFilter.Parse("include", rule).Matches(device, new HashSet<string>());

        // The device-filter language

        [Theory]
        [InlineData("device.isCompliant -eq True", FilterMatch.True)]
        [InlineData("device.isCompliant -ne true", FilterMatch.False)]
        [InlineData("device.trustType -in [\"ServerAD\", \"AzureAD\"]", FilterMatch.True)]
        [InlineData("device.trustType -notIn ['AzureAD']", FilterMatch.False)]
        [InlineData("device.trustType -startsWith \"azure\" -and device.isCompliant -eq True", FilterMatch.True)]
        [InlineData("device.trustType -endsWith \"AD\"", FilterMatch.True)]
        [InlineData("device.trustType -notContains \"zure\"", FilterMatch.False)]
        [InlineData("(device.isCompliant -eq False -or device.trustType -eq \"ServerAD\")", FilterMatch.False)]
        // A property the description does not tell stays unknown, unless a decided part settles the junction.
        [InlineData("device.model -eq \"Surface\"", FilterMatch.Unknown)]
        [InlineData("device.model -eq \"Surface\" -or device.isCompliant -eq True", FilterMatch.True)]
        [InlineData("device.model -eq \"Surface\" -and device.isCompliant -eq False", FilterMatch.False)]
        [InlineData("device.model -eq \"Surface\" -and device.isCompliant -eq True", FilterMatch.Unknown)]
        public void Rules_are_matched_against_what_the_device_tells(string rule, FilterMatch expected) =>
            Assert.Equal(expected, Match(rule, Compliant));

        [Theory]
        [InlineData("device.isCompliant -ne True", FilterMatch.True)]
        [InlineData("device.trustType -notIn [\"ServerAD\"]", FilterMatch.True)]
        [InlineData("device.displayName -notStartsWith \"KIOSK\"", FilterMatch.True)]
        [InlineData("device.isCompliant -eq False", FilterMatch.False)]
        [InlineData("device.extensionAttribute1 -contains \"x\"", FilterMatch.False)]
        [InlineData("device.extensionAttribute1 -eq null", FilterMatch.True)]
        public void An_unregistered_device_has_every_property_empty(string rule, FilterMatch expected) =>
            Assert.Equal(expected, Match(rule, SignInDevice.Unregistered));

        [Theory]
        [InlineData("device.isCompliant -eq True -and device.trustType -eq \"AzureAD\" -or device.model -eq \"x\"")]
        [InlineData("device.isCompliant -like True")]
        [InlineData("user.department -eq \"x\"")]
        [InlineData("device.isCompliant -eq True)")]
        [InlineData("device.trustType -eq \"AzureAD")]
        [InlineData("device.trustType -in [\"AzureAD\"")]
        public void A_rule_the_language_leaves_open_is_never_decided(string rule)
        {
            var filter = DeviceFilter.Parse("include", rule);

            Assert.NotNull(filter.Error);
            Assert.Equal(FilterMatch.Unknown, filter.Applies(Compliant, new HashSet<string>()));
        }

        [Fact]
        public void Exclude_mode_takes_in_the_devices_the_rule_does_not_match()
        {
            var filter = DeviceFilter.Parse("exclude", UnmanagedRule);

            Assert.Equal(FilterMatch.False, filter.Applies(Compliant, new HashSet<string>()));
            Assert.All(
                SignInDevice.Unmanaged,
                device => Assert.Equal(FilterMatch.True, filter.Applies(device, new HashSet<string>()))
            );
        }

        [Fact]
        public void The_evaluator_decides_a_device_filter_for_a_described_device_and_names_what_it_lacks()
        {
            var policy = Policy(
                "MFA off kiosks",
                deviceFilter: DeviceFilter.Parse("exclude", "device.displayName -startsWith \"KIOSK\"")
            );
            var unmanagedOnly = Policy("MFA on unmanaged", deviceFilter: DeviceFilter.Parse("exclude", UnmanagedRule));

            var onPersonal = ConditionalAccessEvaluator.Judge(policy, new SignIn { Device = Personal });
            var onUnregistered = ConditionalAccessEvaluator.Judge(
                policy,
                new SignIn { Device = SignInDevice.Unregistered }
            );
            var compliantLeftOut = ConditionalAccessEvaluator.Judge(unmanagedOnly, new SignIn { Device = Compliant });

            Assert.Equal(PolicyApplicability.Unknown, onPersonal.Applicability);
            Assert.Equal(
                $"cannot be decided: it has a device filter on device.displayName, which {Personal} does not tell",
                onPersonal.Reason
            );
            Assert.Equal(PolicyApplicability.Applies, onUnregistered.Applicability);
            Assert.Equal(PolicyApplicability.DoesNotApply, compliantLeftOut.Applicability);
            Assert.StartsWith("its device filter (exclude devices where ", compliantLeftOut.Reason);
        }

        [Fact]
        public void The_graph_device_filter_is_read_with_its_mode_and_rule()
        {
            var json = """
                {"value":[{"id":"p1","displayName":"Unmanaged","state":"enabled",
                  "conditions":{"users":{"includeUsers":["All"]},"applications":{"includeApplications":["All"]},
                    "devices":{"deviceFilter":{"mode":"exclude","rule":"device.isCompliant -eq True"}}}}]}
                """;
            using var body = Body(json);

            var policy = GraphPostureJson.ReadConditionalAccessPolicies(body).Items.Single();

            Assert.Equal("exclude", policy.DeviceFilter!.Mode);
            Assert.Equal("device.isCompliant -eq True", policy.DeviceFilter.Rule);
            Assert.Null(policy.DeviceFilter.Error);
        }

        // EGP064 and EGP065

        private static SessionControls NeverPersistent =>
            new()
            {
                PersistentBrowser = "never",
                SignInFrequency = "12 hours",
                SignInFrequencyPeriod = System.TimeSpan.FromHours(12),
            };

        private static ConditionalAccessPolicy UnmanagedSessions(
            string rule = UnmanagedRule,
            string mode = "exclude"
        ) =>
            Policy(
                "Unmanaged devices: 12 hours, never persistent",
                controls: System.Array.Empty<string>(),
                session: NeverPersistent,
                deviceFilter: DeviceFilter.Parse(mode, rule),
                excludeUsers: new[] { BreakGlassUser }
            );

        [Theory]
        [InlineData("EGP064")]
        [InlineData("EGP065")]
        public void Unmanaged_sessions_pass_with_a_policy_whose_filter_takes_in_unmanaged_devices(string check)
        {
            var result = Run(WithPolicies(UnmanagedSessions()), check, BreakGlass);

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Contains("'Unmanaged devices: 12 hours, never persistent'", result.Reason);
        }

        [Theory]
        [InlineData("EGP064")]
        [InlineData("EGP065")]
        public void Unmanaged_sessions_pass_with_the_include_form_of_the_filter(string check)
        {
            var include = UnmanagedSessions(
                "device.isCompliant -ne True -and device.trustType -ne \"ServerAD\"",
                "include"
            );

            Assert.Equal(PostureStatus.Passed, Run(WithPolicies(include), check, BreakGlass).Result);
        }

        [Fact]
        public void Unmanaged_sessions_fail_when_the_filter_takes_in_only_some_unmanaged_devices()
        {
            // Only devices that are registered and not compliant: unregistered ones have an empty isCompliant.
            var partial = UnmanagedSessions("device.isCompliant -eq False", "include");

            var result = Run(WithPolicies(partial), "EGP064", BreakGlass);

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.StartsWith("browser sessions on unmanaged devices can persist: members: ", result.Reason);
            Assert.Contains("from an unregistered device", result.Findings[0].Detail);
            Assert.StartsWith("members: ", result.Findings[0].Detail);
        }

        [Fact]
        public void Unmanaged_sessions_do_not_count_a_filter_on_what_the_description_cannot_tell()
        {
            var byModel = UnmanagedSessions("device.model -notStartsWith \"Surface\"", "include");

            Assert.Equal(PostureStatus.Failed, Run(WithPolicies(byModel), "EGP065", BreakGlass).Result);
        }

        [Fact]
        public void A_sign_in_frequency_alone_does_not_stop_the_browser_persisting()
        {
            var frequencyOnly = Policy(
                "12 hours everywhere",
                controls: System.Array.Empty<string>(),
                session: new SessionControls
                {
                    SignInFrequency = "12 hours",
                    SignInFrequencyPeriod = System.TimeSpan.FromHours(12),
                },
                excludeUsers: new[] { BreakGlassUser }
            );

            Assert.Equal(PostureStatus.Passed, Run(WithPolicies(frequencyOnly), "EGP065", BreakGlass).Result);
            Assert.Equal(PostureStatus.Failed, Run(WithPolicies(frequencyOnly), "EGP064", BreakGlass).Result);
        }

        [Theory]
        [InlineData("EGP064")]
        [InlineData("EGP065")]
        [InlineData("EGP066")]
        public void Unmanaged_and_sync_checks_need_p1_and_readable_policies(string check)
        {
            var free = new TenantSnapshot
            {
                TenantId = TenantId,
                SubscribedSkus = Free,
                OnPremisesSyncEnabled = true,
                ConditionalAccessPolicies = new[] { UnmanagedSessions() },
            };
            var unread = new TenantSnapshot
            {
                TenantId = TenantId,
                SubscribedSkus = P2,
                OnPremisesSyncEnabled = true,
                Unavailable = new Dictionary<PostureData, string>
                {
                    [PostureData.ConditionalAccessPolicies] = "403 Forbidden",
                },
            };

            Assert.Equal(PostureStatus.NotApplicable, Run(free, check).Result);
            Assert.Equal(PostureStatus.Skipped, Run(unread, check).Result);
        }

        // EGP066

        private static TenantSnapshot Synchronized(params ConditionalAccessPolicy[] policies) =>
            new()
            {
                TenantId = TenantId,
                SubscribedSkus = P2,
                OnPremisesSyncEnabled = true,
                ConditionalAccessPolicies = policies,
            };

        [Fact]
        public void Sync_accounts_pass_when_every_challenging_policy_excludes_their_role()
        {
            var mfa = Policy("MFA for all", excludeRoles: new[] { DirectorySyncRole });
            var legacy = Policy("Block legacy", controls: new[] { "block" }, clientAppTypes: new[] { "other" });
            var mobile = Policy("Compliant phones", controls: new[] { "compliantDevice" }, platforms: new[] { "iOS" });
            var restrict = Policy(
                "Sync accounts from trusted locations only",
                roles: new[] { DirectorySyncRole },
                controls: new[] { "block" },
                excludeLocations: new[] { "AllTrusted" }
            );

            var result = Run(Synchronized(mfa, legacy, mobile, restrict), "EGP066");

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Contains(
                "1 exclude the Directory Synchronization Accounts role ('MFA for all')",
                result.Evidence[1]
            );
        }

        [Fact]
        public void Sync_accounts_fail_on_each_policy_that_reaches_them_naming_it()
        {
            var mfa = Policy("MFA for all", excludeRoles: new[] { DirectorySyncRole });
            var device = Policy("Compliant device", controls: new[] { "compliantDevice" });
            var windows = Policy("Block Windows", controls: new[] { "block" }, platforms: new[] { "windows" });

            var result = Run(Synchronized(mfa, device, windows), "EGP066");

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal(new[] { "Compliant device", "Block Windows" }, result.Findings.Select(f => f.TargetName));
            Assert.StartsWith(
                "'Compliant device' (compliantDevice) reaches the directory synchronization account without excluding "
                    + $"its role, e.g. {DirectorySyncRole} to any app from mobileAppsAndDesktopClients on windows",
                result.Findings[0].Detail
            );
        }

        [Fact]
        public void Sync_accounts_are_not_applicable_to_a_tenant_that_does_not_synchronize()
        {
            var cloudOnly = new TenantSnapshot
            {
                TenantId = TenantId,
                SubscribedSkus = P2,
                OnPremisesSyncEnabled = false,
                ConditionalAccessPolicies = new[] { Policy("MFA for all") },
            };

            Assert.Equal(PostureStatus.NotApplicable, Run(cloudOnly, "EGP066").Result);
        }

        [Fact]
        public void Excluding_the_sync_role_is_no_gap_in_mfa_for_all_users()
        {
            var mfa = Policy(
                "MFA for all",
                excludeUsers: new[] { BreakGlassUser },
                excludeRoles: new[] { DirectorySyncRole }
            );
            var other = Policy("MFA for all", excludeUsers: new[] { BreakGlassUser }, excludeRoles: new[] { Admins() });

            Assert.Equal(PostureStatus.Passed, Run(WithPolicies(mfa), "EGP002", BreakGlass).Result);
            Assert.Equal(PostureStatus.Failed, Run(WithPolicies(other), "EGP002", BreakGlass).Result);
        }

        private static string Admins() => PostureSettings.Default.PrivilegedRoleIds[0];
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    public sealed class TenantSnapshotReaderTests
    {
        /// <summary>A source that serves a fixed tenant, records every call, and refuses the parts it is told
        /// to.</summary>
        private sealed class RecordingSource : ITenantPostureSource
        {
            public IReadOnlyList<SubscribedSku> Skus { get; init; } = P2;
            public HashSet<string> Refuse { get; } = new();
            public ConcurrentQueue<string> Calls { get; } = new();
            public IReadOnlyList<ConditionalAccessPolicy> Policies { get; init; } = new[] { Policy("MFA") };

            private Task<T> Serve<T>(string call, T value)
            {
                Calls.Enqueue(call);
                return Refuse.Contains(call.Split(':')[0])
                    ? Task.FromException<T>(new PostureSourceException($"{call}: 403 Forbidden"))
                    : Task.FromResult(value);
            }

            public Task<OrganizationSettings> ReadOrganizationAsync(CancellationToken cancellationToken) =>
                Serve("organization", new OrganizationSettings { Id = TenantId });

            public Task<IReadOnlyList<SubscribedSku>> ReadSubscribedSkusAsync(CancellationToken cancellationToken) =>
                Serve("subscribedSkus", Skus);

            public Task<bool> ReadSecurityDefaultsEnabledAsync(CancellationToken cancellationToken) =>
                Serve("securityDefaults", false);

            public Task<IReadOnlyList<ConditionalAccessPolicy>> ReadConditionalAccessPoliciesAsync(
                CancellationToken cancellationToken
            ) => Serve("policies", Policies);

            public Task<AuthorizationSettings> ReadAuthorizationPolicyAsync(CancellationToken cancellationToken) =>
                Serve("authorizationPolicy", new AuthorizationSettings { AllowedToCreateApps = true });

            public Task<IReadOnlyList<DirectoryRoleAssignment>> ReadRoleAssignmentSchedulesAsync(
                CancellationToken cancellationToken
            ) =>
                Serve<IReadOnlyList<DirectoryRoleAssignment>>(
                    "roleAssignmentSchedules",
                    new[] { Active(Alice, GlobalAdmin) }
                );

            public Task<IReadOnlyList<DirectoryRoleAssignment>> ReadRoleAssignmentsAsync(
                string roleDefinitionId,
                CancellationToken cancellationToken
            ) =>
                Serve<IReadOnlyList<DirectoryRoleAssignment>>(
                    $"roleAssignments:{roleDefinitionId}",
                    roleDefinitionId == GlobalAdmin
                        ? new[] { Active(Alice, GlobalAdmin), Active(Bob, GlobalAdmin) }
                        : new DirectoryRoleAssignment[0]
                );

            public Task<IReadOnlyList<DirectoryRoleAssignment>> ReadEveryRoleAssignmentAsync(
                CancellationToken cancellationToken
            ) =>
                Serve<IReadOnlyList<DirectoryRoleAssignment>>(
                    "roleAssignments",
                    new[] { Active(Alice, GlobalAdmin), Active(Bob, GlobalAdmin), Active(Carol, DirectorySyncRole) }
                );

            public Task<IReadOnlyList<DirectoryRoleAssignment>> ReadRoleEligibilitySchedulesAsync(
                CancellationToken cancellationToken
            ) =>
                Serve<IReadOnlyList<DirectoryRoleAssignment>>(
                    "roleEligibilitySchedules",
                    new[] { Eligible(Bob, GlobalAdmin) }
                );

            public Task<IReadOnlyList<ApplicationObject>> ReadApplicationsAsync(CancellationToken cancellationToken) =>
                Serve<IReadOnlyList<ApplicationObject>>("applications", new ApplicationObject[0]);

            public Task<IReadOnlyList<ServicePrincipalObject>> ReadServicePrincipalsAsync(
                CancellationToken cancellationToken
            ) => Serve<IReadOnlyList<ServicePrincipalObject>>("servicePrincipals", new ServicePrincipalObject[0]);

            public Task<AuthenticationMethodsSettings> ReadAuthenticationMethodsPolicyAsync(
                CancellationToken cancellationToken
            ) => Serve("authenticationMethodsPolicy", new AuthenticationMethodsSettings());

            public Task<AdminConsentRequestSettings> ReadAdminConsentRequestPolicyAsync(
                CancellationToken cancellationToken
            ) => Serve("adminConsentRequestPolicy", new AdminConsentRequestSettings());

            public Task<IReadOnlyList<DomainPasswordPolicy>> ReadDomainsAsync(CancellationToken cancellationToken) =>
                Serve<IReadOnlyList<DomainPasswordPolicy>>("domains", new DomainPasswordPolicy[0]);

            public Task<IReadOnlyList<RoleManagementPolicy>> ReadRoleManagementPoliciesAsync(
                CancellationToken cancellationToken
            ) => Serve<IReadOnlyList<RoleManagementPolicy>>("roleManagementPolicies", new RoleManagementPolicy[0]);

            /// <summary>The tenant's users by userPrincipalName.</summary>
            public Dictionary<string, string> Users { get; } =
                new(StringComparer.OrdinalIgnoreCase) { ["emergency1@contoso.com"] = BreakGlassUser };

            public Task<IReadOnlyDictionary<string, string>> ReadUserIdsAsync(
                IReadOnlyList<string> userPrincipalNames,
                CancellationToken cancellationToken
            ) =>
                Serve<IReadOnlyDictionary<string, string>>(
                    $"users:{string.Join(",", userPrincipalNames)}",
                    Users
                        .Where(u => userPrincipalNames.Contains(u.Key, StringComparer.OrdinalIgnoreCase))
                        .ToDictionary(u => u.Key, u => u.Value)
                );

            public Task<IReadOnlyList<GroupSetting>> ReadGroupSettingsAsync(CancellationToken cancellationToken) =>
                Serve<IReadOnlyList<GroupSetting>>("groupSettings", new GroupSetting[0]);

            public Task<IReadOnlyList<DirectoryUser>> ReadUsersAsync(
                IReadOnlyList<string> userIds,
                CancellationToken cancellationToken
            ) =>
                Serve<IReadOnlyList<DirectoryUser>>(
                    $"privilegedUsers:{string.Join(",", userIds)}",
                    userIds.Select(id => new DirectoryUser { Id = id, UserType = "Member" }).ToArray()
                );

            public Task<IReadOnlyList<UserSignInActivity>> ReadSignInActivityAsync(
                IReadOnlyList<string> userIds,
                CancellationToken cancellationToken
            ) =>
                Serve<IReadOnlyList<UserSignInActivity>>(
                    $"signIns:{string.Join(",", userIds)}",
                    userIds
                        .Select(id => new UserSignInActivity
                        {
                            Id = id,
                            SignInActivityReturned = true,
                            LastSuccessfulSignIn = Now.AddDays(-1),
                        })
                        .ToArray()
                );

            public Task<IReadOnlyList<GraphPermissionGrant>> ReadGraphPermissionsAsync(
                string resourceId,
                CancellationToken cancellationToken
            ) =>
                Serve<IReadOnlyList<GraphPermissionGrant>>(
                    $"graphPermissions:{resourceId}",
                    new GraphPermissionGrant[0]
                );

            /// <summary>The users and groups that exist.</summary>
            public HashSet<string> Existing { get; } = new(StringComparer.OrdinalIgnoreCase);

            public Task<IReadOnlyCollection<string>> ReadExistingObjectIdsAsync(
                IReadOnlyList<string> ids,
                CancellationToken cancellationToken
            ) =>
                Serve<IReadOnlyCollection<string>>(
                    $"directoryObjects:{ids.Count}",
                    ids.Where(Existing.Contains).ToArray()
                );

            public Task<DeviceRegistrationSettings> ReadDeviceRegistrationPolicyAsync(
                CancellationToken cancellationToken
            ) => Serve("deviceRegistrationPolicy", new DeviceRegistrationSettings());

            public Task<OnPremisesSyncFeatures> ReadOnPremisesSyncFeaturesAsync(CancellationToken cancellationToken) =>
                Serve("onPremisesSynchronization", new OnPremisesSyncFeatures());

            public Task<IReadOnlyList<DirectoryAccount>> ReadKrbtgtAccountsAsync(CancellationToken cancellationToken) =>
                Serve<IReadOnlyList<DirectoryAccount>>("krbtgtAccounts", new DirectoryAccount[0]);

            public Task<IReadOnlyList<RoleDefinition>> ReadRoleDefinitionsAsync(CancellationToken cancellationToken) =>
                Serve<IReadOnlyList<RoleDefinition>>(
                    "roleDefinitions",
                    new[]
                    {
                        new RoleDefinition
                        {
                            Id = CustomRole,
                            TemplateId = CustomRole,
                            DisplayName = "Custom",
                        },
                    }
                );

            public Task<AppManagementSettings> ReadDefaultAppManagementPolicyAsync(
                CancellationToken cancellationToken
            ) => Serve("defaultAppManagementPolicy", new AppManagementSettings());

            public Task<IReadOnlyList<DirectoryGroup>> ReadMicrosoftGroupsAsync(CancellationToken cancellationToken) =>
                Serve<IReadOnlyList<DirectoryGroup>>("microsoftGroups", new DirectoryGroup[0]);

            public Task<IReadOnlyList<DirectoryGroup>> ReadDynamicGroupsAsync(CancellationToken cancellationToken) =>
                Serve<IReadOnlyList<DirectoryGroup>>("dynamicGroups", new DirectoryGroup[0]);

            public Task<SuspiciousActivityReporting> ReadSuspiciousActivityReportingAsync(
                CancellationToken cancellationToken
            ) => Serve("suspiciousActivityReporting", new SuspiciousActivityReporting());

            public Task<PremiumLicenseInsight> ReadPremiumLicenseInsightAsync(CancellationToken cancellationToken) =>
                Serve("premiumLicenseInsight", new PremiumLicenseInsight());

            public Task<IReadOnlyList<ConditionalAccessGroup>> ReadConditionalAccessGroupsAsync(
                IReadOnlyList<string> groupIds,
                CancellationToken cancellationToken
            ) =>
                Serve<IReadOnlyList<ConditionalAccessGroup>>(
                    $"conditionalAccessGroups:{string.Join(",", groupIds)}",
                    groupIds.Select(id => new ConditionalAccessGroup { Id = id }).ToArray()
                );

            public Task<IReadOnlyList<UserMfaRegistration>> ReadUsersWithoutMfaAsync(
                CancellationToken cancellationToken
            ) => Serve<IReadOnlyList<UserMfaRegistration>>("usersWithoutMfa", new UserMfaRegistration[0]);

            public Task<IReadOnlyList<ConditionalAccessPolicy>> ReadAgentConditionalAccessPoliciesAsync(
                CancellationToken cancellationToken
            ) => Serve<IReadOnlyList<ConditionalAccessPolicy>>("agentPolicies", new ConditionalAccessPolicy[0]);

            public Task<IReadOnlyList<RoleManagementAlert>> ReadRoleManagementAlertsAsync(
                CancellationToken cancellationToken
            ) => Serve<IReadOnlyList<RoleManagementAlert>>("roleManagementAlerts", new RoleManagementAlert[0]);

            public Task<IReadOnlyList<AccessPackageCatalog>> ReadAccessPackageCatalogsAsync(
                CancellationToken cancellationToken
            ) => Serve<IReadOnlyList<AccessPackageCatalog>>("catalogs", Array.Empty<AccessPackageCatalog>());

            public Task<IReadOnlyList<AccessPackage>> ReadAccessPackagesAsync(CancellationToken cancellationToken) =>
                Serve<IReadOnlyList<AccessPackage>>("accessPackages", Array.Empty<AccessPackage>());

            public Task<IReadOnlyList<AssignmentPolicy>> ReadAccessPackagePoliciesAsync(
                CancellationToken cancellationToken
            ) => Serve<IReadOnlyList<AssignmentPolicy>>("assignmentPolicies", Array.Empty<AssignmentPolicy>());

            public Task<IReadOnlyList<DirectoryApprover>> ReadApproversAsync(
                IReadOnlyList<string> userIds,
                IReadOnlyList<string> groupIds,
                CancellationToken cancellationToken
            ) => Serve<IReadOnlyList<DirectoryApprover>>("approvers", Array.Empty<DirectoryApprover>());
        }

        private static Task<PostureReport> Run(RecordingSource source, params string[] checks) =>
            Run(source, PostureSettings.Default, checks);

        private static Task<PostureReport> Run(
            RecordingSource source,
            PostureSettings settings,
            params string[] checks
        ) => PostureRunner.RunAsync(source, settings, PostureCatalog.Select(checks), Now, null, CancellationToken.None);

        private static PostureSettings BreakGlassByName(params string[] names) =>
            new() { BreakGlassAccounts = names.Select(n => BreakGlassAccount.ByPrincipalName(n)).ToArray() };

        [Fact]
        public async Task The_users_and_groups_the_policies_name_are_looked_up_after_them_1000_a_request()
        {
            var groups = Enumerable.Range(0, 2400).Select(n => $"00000000-0000-4000-8000-{n:D12}").ToArray();
            var source = new RecordingSource
            {
                Policies = new[] { Policy("MFA", excludeUsers: new[] { Alice, Bob }, excludeGroups: groups) },
            };
            source.Existing.UnionWith(groups.Skip(1));
            source.Existing.Add(Alice);

            var report = await Run(source, "EGP062");

            var calls = source.Calls.ToArray();
            Assert.Equal(
                new[] { "directoryObjects:1000", "directoryObjects:1000", "directoryObjects:402" },
                calls.Where(c => c.StartsWith("directoryObjects", StringComparison.Ordinal))
            );
            Assert.True(Array.IndexOf(calls, "policies") < Array.IndexOf(calls, "directoryObjects:1000"));
            Assert.Equal(
                new[] { (Bob, "user"), (groups[0], "group") },
                report.Results.Single().Findings.Select(f => (f.TargetId, f.TargetType))
            );
        }

        private const string CustomRole = "7c1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a02";
        private const string DeletedRole = "7c1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a01";

        [Fact]
        public async Task Role_definitions_are_read_once_and_only_for_a_role_beyond_the_known_built_in_ones()
        {
            var builtIn = new RecordingSource
            {
                Policies = new[]
                {
                    Policy("MFA admins", roles: new[] { GlobalAdmin }, excludeRoles: new[] { DirectorySyncRole }),
                },
            };
            var known = (await Run(builtIn, "EGP062")).Results.Single();
            Assert.DoesNotContain("roleDefinitions", builtIn.Calls);
            Assert.Equal(PostureStatus.Passed, known.Result);
            Assert.Contains("2 role id(s) named, every one a built-in role EntraGuard knows", known.Evidence[2]);

            var custom = new RecordingSource
            {
                Policies = new[] { Policy("MFA custom", roles: new[] { CustomRole, DeletedRole, GlobalAdmin }) },
            };
            var deleted = (await Run(custom, "EGP062")).Results.Single();
            Assert.Single(custom.Calls, "roleDefinitions");
            var finding = Assert.Single(deleted.Findings);
            Assert.Equal((DeletedRole, "role"), (finding.TargetId, finding.TargetType));
            Assert.Equal(
                $"role {DeletedRole} no longer exists but is still named by 'MFA custom' (include)",
                finding.Detail
            );

            var refused = new RecordingSource { Policies = custom.Policies };
            refused.Refuse.Add("roleDefinitions");
            var skipped = (await Run(refused, "EGP062", "EGP063")).Results;
            Assert.Equal(PostureStatus.Skipped, skipped.Single(r => r.CheckId == "EGP062").Result);
            Assert.NotEqual(PostureStatus.Skipped, skipped.Single(r => r.CheckId == "EGP063").Result);
        }

        [Fact]
        public async Task No_id_named_means_no_lookup_and_a_refused_lookup_skips_only_its_checks()
        {
            var plain = new RecordingSource();
            var report = await Run(plain, "EGP062", "EGP002");
            Assert.DoesNotContain(plain.Calls, c => c.StartsWith("directoryObjects", StringComparison.Ordinal));
            Assert.Equal("no policy names a user, group or role by id", report.Results[1].Reason);

            var refused = new RecordingSource { Policies = new[] { Policy("MFA", excludeUsers: new[] { Alice }) } };
            refused.Refuse.Add("directoryObjects");
            var results = (await Run(refused, "EGP062", "EGP002")).Results;
            Assert.Equal(PostureStatus.Skipped, results.Single(r => r.CheckId == "EGP062").Result);
            Assert.Equal(
                "skipped: could not read directoryObjects/getByIds: directoryObjects:1: 403 Forbidden",
                results.Single(r => r.CheckId == "EGP062").Reason
            );
            Assert.NotEqual(PostureStatus.Skipped, results.Single(r => r.CheckId == "EGP002").Result);
        }

        private const string G1 = "9a000000-0000-4000-8000-000000000001";
        private const string G2 = "9a000000-0000-4000-8000-000000000002";
        private const string G3 = "9a000000-0000-4000-8000-000000000003";
        private const string G4 = "9a000000-0000-4000-8000-000000000004";

        [Fact]
        public async Task The_groups_enabled_policies_name_are_looked_up_after_them_and_none_named_means_no_lookup()
        {
            var plain = new RecordingSource();
            var report = await Run(plain, "EGP088");
            Assert.DoesNotContain(plain.Calls, c => c.StartsWith("conditionalAccessGroups", StringComparison.Ordinal));
            Assert.Equal("no enabled or report-only Conditional Access policy names a group", report.Results[0].Reason);

            var named = new RecordingSource
            {
                Policies = new[]
                {
                    Policy("MFA", excludeGroups: new[] { G1, G2 }),
                    Policy("Pilot", state: "enabledForReportingButNotEnforced", excludeGroups: new[] { G2, G3 }),
                    Policy("Draft", state: "disabled", excludeGroups: new[] { G4 }),
                },
            };
            var results = (await Run(named, "EGP088")).Results;
            Assert.Equal(
                new[] { $"conditionalAccessGroups:{G1},{G2},{G3}" },
                named.Calls.Where(c => c.StartsWith("conditionalAccessGroups", StringComparison.Ordinal))
            );
            // The recording source answers every group as unprotected.
            Assert.Equal(new[] { G1, G2, G3 }, results.Single().Findings.Select(f => f.TargetId));
        }

        [Fact]
        public async Task Unreadable_policies_or_a_refused_group_lookup_skip_only_the_group_check()
        {
            var refused = new RecordingSource { Policies = new[] { Policy("MFA", excludeGroups: new[] { G1 }) } };
            refused.Refuse.Add("conditionalAccessGroups");
            var results = (await Run(refused, "EGP088", "EGP002")).Results;
            Assert.Equal(
                $"skipped: could not read groups: conditionalAccessGroups:{G1}: 403 Forbidden",
                results.Single(r => r.CheckId == "EGP088").Reason
            );
            Assert.NotEqual(PostureStatus.Skipped, results.Single(r => r.CheckId == "EGP002").Result);

            var noPolicies = new RecordingSource();
            noPolicies.Refuse.Add("policies");
            var skipped = (await Run(noPolicies, "EGP088")).Results.Single();
            Assert.Equal(PostureStatus.Skipped, skipped.Result);
            Assert.DoesNotContain(
                noPolicies.Calls,
                c => c.StartsWith("conditionalAccessGroups", StringComparison.Ordinal)
            );
        }

        [Fact]
        public async Task The_MFA_registration_report_is_read_once_and_its_refusal_skips_only_the_owner_check()
        {
            var source = new RecordingSource();
            source.Refuse.Add("usersWithoutMfa");

            var results = (await Run(source, "EGP067", "EGP008")).Results;

            Assert.Single(source.Calls, "usersWithoutMfa");
            Assert.Equal(
                "skipped: could not read reports/authenticationMethods/userRegistrationDetails: usersWithoutMfa: "
                    + "403 Forbidden",
                results.Single(r => r.CheckId == "EGP067").Reason
            );
            Assert.Equal(PostureStatus.Failed, results.Single(r => r.CheckId == "EGP008").Result);
        }

        [Fact]
        public async Task A_break_glass_account_named_by_userPrincipalName_is_resolved_with_one_lookup()
        {
            var source = new RecordingSource();

            var report = await Run(source, BreakGlassByName("Emergency1@contoso.com"), "EGP030");

            Assert.Single(source.Calls, c => c.StartsWith("users:", StringComparison.Ordinal));
            Assert.Contains("users:Emergency1@contoso.com", source.Calls);
            Assert.Empty(report.Warnings);
            var result = report.Results.Single();
            Assert.Equal(PostureStatus.Failed, result.Result);
            var finding = Assert.Single(result.Findings);
            Assert.Equal(BreakGlassUser, finding.TargetId);
            Assert.StartsWith(
                $"break-glass account Emergency1@contoso.com, {BreakGlassUser} is reached by 'MFA'",
                finding.Detail
            );
        }

        [Fact]
        public async Task A_userPrincipalName_no_user_has_fails_the_break_glass_check_and_warns()
        {
            var report = await Run(new RecordingSource(), BreakGlassByName("nobody@contoso.com"), "EGP030");

            var result = report.Results.Single();
            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal(
                "break-glass account nobody@contoso.com in posture.breakGlassAccounts is no account of this tenant: "
                    + "no user of the tenant has this userPrincipalName",
                Assert.Single(result.Findings).Detail
            );
            Assert.Equal(
                "break-glass account nobody@contoso.com (posture.breakGlassAccounts) did not resolve to an object id "
                    + "(no user of the tenant has this userPrincipalName); no check treats anyone as break-glass on "
                    + "its account",
                Assert.Single(report.Warnings)
            );
        }

        [Fact]
        public async Task A_lookup_that_fails_skips_the_break_glass_check_instead_of_passing_it()
        {
            var source = new RecordingSource();
            source.Refuse.Add("users");

            var report = await Run(source, BreakGlassByName("emergency1@contoso.com"), "EGP030", "EGP006");

            var breakGlass = report.Results.Single(r => r.CheckId == "EGP030");
            Assert.Equal(PostureStatus.Skipped, breakGlass.Result);
            Assert.Contains("emergency1@contoso.com: could not be looked up (users): users:", breakGlass.Reason);
            Assert.Contains("could not be looked up", Assert.Single(report.Warnings));
            // The unresolved account protects no one: its standing Global Administrator role is not excused.
            Assert.NotEqual(PostureStatus.Skipped, report.Results.Single(r => r.CheckId == "EGP006").Result);
        }

        [Fact]
        public async Task More_names_than_one_filter_takes_are_looked_up_fifteen_at_a_time()
        {
            var source = new RecordingSource();
            var names = Enumerable.Range(1, 16).Select(i => $"bg{i}@contoso.com").ToArray();

            await Run(source, BreakGlassByName(names), "EGP030");

            var lookups = source.Calls.Where(c => c.StartsWith("users:", StringComparison.Ordinal)).ToArray();
            Assert.Equal(2, lookups.Length);
            Assert.Equal(15, lookups.Max(l => l.Split(',').Length));
        }

        [Fact]
        public async Task Reads_only_what_the_selected_checks_need()
        {
            var source = new RecordingSource();

            var report = await Run(source, "EGP008");

            Assert.Equal(new[] { "authorizationPolicy" }, source.Calls);
            Assert.Equal(PostureStatus.Failed, report.Results.Single().Result);
        }

        [Fact]
        public async Task Reads_the_subscriptions_first_and_nothing_for_checks_the_licence_rules_out()
        {
            var source = new RecordingSource { Skus = P1 };

            var report = await Run(source, "EGP004", "EGP005", "EGP006");

            Assert.Equal(new[] { "subscribedSkus" }, source.Calls);
            Assert.All(report.Results, r => Assert.Equal(PostureStatus.NotApplicable, r.Result));
        }

        [Fact]
        public async Task With_pim_reads_the_schedules()
        {
            var source = new RecordingSource();

            var report = await Run(source, "EGP006", "EGP007");

            Assert.Equal(
                new[] { "roleAssignmentSchedules", "roleEligibilitySchedules", "subscribedSkus" },
                source.Calls.OrderBy(c => c, StringComparer.Ordinal)
            );
            Assert.Equal(
                "2 principals hold Global Administrator (allowed 2–4)",
                report.Results.Single(r => r.CheckId == "EGP007").Reason
            );
        }

        [Fact]
        public async Task Without_pim_reads_role_assignments_for_the_roles_needed_and_no_eligibility()
        {
            var source = new RecordingSource { Skus = P1 };

            var report = await Run(source, "EGP007");

            Assert.Equal(new[] { "subscribedSkus", $"roleAssignments:{GlobalAdmin}" }, source.Calls);
            var result = report.Results.Single();
            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Contains(
                "roleManagement/directory/roleAssignments: 2 active Global Administrator assignment(s)",
                result.Evidence
            );
            Assert.Contains(
                "roleManagement/directory/roleEligibilitySchedules (not read: without PIM there are no eligible "
                    + "assignments): 0 eligible Global Administrator assignment(s)",
                result.Evidence
            );
        }

        [Fact]
        public async Task A_check_of_every_role_reads_every_assignment_at_once_and_every_holder()
        {
            var source = new RecordingSource { Skus = P1 };

            var report = await Run(source, "EGP007", "EGP071", "EGP081");

            // One request for every role instead of one per privileged role, and the holders of any role.
            Assert.Equal(
                new[] { "subscribedSkus", "roleAssignments", $"privilegedUsers:{Alice},{Bob},{Carol}" },
                source.Calls
            );
            // The users the fake returns do not say whether they are synchronized: neither check passes on that.
            Assert.Equal(
                new[] { PostureStatus.Passed, PostureStatus.Skipped, PostureStatus.Skipped },
                report.Results.Select(r => r.Result)
            );
            Assert.Contains(
                "roleManagement/directory/roleAssignments: 3 active assignment(s) of directory roles to users",
                report.Results[2].Evidence
            );
            Assert.Contains("users: 2 of the 2 user(s) holding privileged roles returned", report.Results[1].Evidence);
        }

        [Fact]
        public async Task A_refused_sign_in_read_skips_only_the_stale_account_check()
        {
            var source = new RecordingSource();
            source.Refuse.Add("signIns");

            var report = await Run(source, "EGP070", "EGP082");

            Assert.Contains($"signIns:{Alice},{Bob}", source.Calls);
            Assert.Contains($"privilegedUsers:{Alice},{Bob}", source.Calls);
            Assert.Equal(PostureStatus.Passed, report.Results[0].Result);
            Assert.Equal(PostureStatus.Skipped, report.Results[1].Result);
            Assert.Contains("signIns", report.Results[1].Reason);
        }

        [Fact]
        public async Task Unknown_licences_try_the_schedules_and_fall_back_to_role_assignments()
        {
            var source = new RecordingSource();
            source.Refuse.Add("subscribedSkus");
            source.Refuse.Add("roleAssignmentSchedules");

            var report = await Run(source, "EGP006");

            Assert.Contains("roleAssignmentSchedules", source.Calls);
            Assert.Equal(15, source.Calls.Count(c => c.StartsWith("roleAssignments:", StringComparison.Ordinal)));
            // Without the licences a failure may only mean PIM is not licensed: Skipped, saying what it would be.
            var result = report.Results.Single();
            Assert.Equal(PostureStatus.Skipped, result.Result);
            Assert.StartsWith("skipped: the tenant's licences are unknown", result.Reason);
            Assert.Single(result.Evidence, line => line.StartsWith("would fail: ", StringComparison.Ordinal));
        }

        [Fact]
        public async Task The_holders_of_privileged_roles_are_read_after_the_assignments_and_only_the_users()
        {
            var source = new RecordingSource();

            await Run(source, "EGP071");

            var users = Assert.Single(source.Calls, c => c.StartsWith("privilegedUsers:", StringComparison.Ordinal));
            Assert.Equal($"privilegedUsers:{Alice},{Bob}", users);
        }

        [Fact]
        public async Task Unreadable_assignments_leave_the_holders_unread_with_the_reason()
        {
            var source = new RecordingSource();
            source.Refuse.Add("roleAssignmentSchedules");

            var report = await Run(source, "EGP071");

            Assert.DoesNotContain(source.Calls, c => c.StartsWith("privilegedUsers:", StringComparison.Ordinal));
            Assert.Equal(PostureStatus.Skipped, report.Results.Single().Result);
        }

        [Fact]
        public async Task A_refused_part_skips_only_the_checks_that_need_it()
        {
            var source = new RecordingSource();
            source.Refuse.Add("servicePrincipals");

            var report = await Run(source, "EGP008", "EGP011");

            var byId = report.Results.ToDictionary(r => r.CheckId);
            Assert.Equal(PostureStatus.Failed, byId["EGP008"].Result);
            Assert.Equal(PostureStatus.Skipped, byId["EGP011"].Result);
            Assert.Equal(
                "skipped: could not read servicePrincipals: servicePrincipals: 403 Forbidden",
                byId["EGP011"].Reason
            );
        }

        [Fact]
        public async Task Reports_progress_per_request()
        {
            var seen = new ConcurrentQueue<string>();
            var progress = new SynchronousProgress(seen.Enqueue);

            await PostureRunner.RunAsync(
                new RecordingSource(),
                PostureSettings.Default,
                PostureCatalog.Select(new[] { "EGP008", "EGP014" }),
                Now,
                progress,
                CancellationToken.None
            );

            Assert.Equal(
                new[] { "applications", "organization", "policies/authorizationPolicy", "servicePrincipals" },
                seen.OrderBy(s => s, StringComparer.Ordinal)
            );
        }

        [Fact]
        public async Task Cancellation_stops_the_run()
        {
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                PostureRunner.RunAsync(
                    new RecordingSource(),
                    PostureSettings.Default,
                    PostureCatalog.All,
                    Now,
                    null,
                    cancelled.Token
                )
            );
        }

        private sealed class SynchronousProgress : IProgress<string>
        {
            private readonly Action<string> _report;

            public SynchronousProgress(Action<string> report) => _report = report;

            public void Report(string value) => _report(value);
        }
    }
}

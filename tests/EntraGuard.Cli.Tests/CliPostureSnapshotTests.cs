using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Graph.Tests;
using EntraGuard.Graph.Tests.Response;
using EntraGuard.Graph.Tests.StandIn;
using EntraGuard.Posture;
using EntraGuard.Tests;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Cli.Tests
{
    public sealed class CliPostureSnapshotTests : IDisposable
    {
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        /// <summary>Serves a hand-built snapshot; parts it lacks are refused as unreadable.</summary>
        private sealed class SnapshotSource : ITenantPostureSource
        {
            private readonly TenantSnapshot _snapshot;

            public SnapshotSource(TenantSnapshot snapshot) => _snapshot = snapshot;

            private static Task<T> Serve<T>(T? value, string what)
                where T : class =>
                value is null
                    ? Task.FromException<T>(new PostureSourceException($"{what}: 403 Forbidden"))
                    : Task.FromResult(value);

            public Task<OrganizationSettings> ReadOrganizationAsync(CancellationToken cancellationToken) =>
                Serve(
                    _snapshot.TenantId is { } id
                        ? new OrganizationSettings { Id = id, OnPremisesSyncEnabled = _snapshot.OnPremisesSyncEnabled }
                        : null,
                    "organization"
                );

            public Task<IReadOnlyList<SubscribedSku>> ReadSubscribedSkusAsync(CancellationToken cancellationToken) =>
                Serve(_snapshot.SubscribedSkus, "subscribedSkus");

            public Task<bool> ReadSecurityDefaultsEnabledAsync(CancellationToken cancellationToken) =>
                _snapshot.SecurityDefaultsEnabled is { } on
                    ? Task.FromResult(on)
                    : Task.FromException<bool>(new PostureSourceException("403"));

            public Task<IReadOnlyList<ConditionalAccessPolicy>> ReadConditionalAccessPoliciesAsync(
                CancellationToken cancellationToken
            ) => Serve(_snapshot.ConditionalAccessPolicies, "policies");

            public Task<AuthorizationSettings> ReadAuthorizationPolicyAsync(CancellationToken cancellationToken) =>
                Serve(_snapshot.AuthorizationPolicy, "authorizationPolicy");

            public Task<IReadOnlyList<DirectoryRoleAssignment>> ReadRoleAssignmentSchedulesAsync(
                CancellationToken cancellationToken
            ) => Serve(_snapshot.ActiveRoleAssignments, "schedules");

            public Task<IReadOnlyList<DirectoryRoleAssignment>> ReadRoleAssignmentsAsync(
                string roleDefinitionId,
                CancellationToken cancellationToken
            ) =>
                Serve<IReadOnlyList<DirectoryRoleAssignment>>(
                    _snapshot.ActiveRoleAssignments?.Where(a => a.RoleDefinitionId == roleDefinitionId).ToArray(),
                    "roleAssignments"
                );

            public Task<IReadOnlyList<DirectoryRoleAssignment>> ReadEveryRoleAssignmentAsync(
                CancellationToken cancellationToken
            ) => Serve(_snapshot.ActiveRoleAssignments, "roleAssignments");

            public Task<IReadOnlyList<DirectoryRoleAssignment>> ReadRoleEligibilitySchedulesAsync(
                CancellationToken cancellationToken
            ) => Serve(_snapshot.EligibleRoleAssignments, "eligibility");

            public Task<IReadOnlyList<ApplicationObject>> ReadApplicationsAsync(CancellationToken cancellationToken) =>
                Serve(_snapshot.Applications, "applications");

            public Task<IReadOnlyList<ServicePrincipalObject>> ReadServicePrincipalsAsync(
                CancellationToken cancellationToken
            ) => Serve(_snapshot.ServicePrincipals, "servicePrincipals");

            public Task<AuthenticationMethodsSettings> ReadAuthenticationMethodsPolicyAsync(
                CancellationToken cancellationToken
            ) => Serve(_snapshot.AuthenticationMethodsPolicy, "authenticationMethodsPolicy");

            public Task<AdminConsentRequestSettings> ReadAdminConsentRequestPolicyAsync(
                CancellationToken cancellationToken
            ) => Serve(_snapshot.AdminConsentRequestPolicy, "adminConsentRequestPolicy");

            public Task<IReadOnlyList<DomainPasswordPolicy>> ReadDomainsAsync(CancellationToken cancellationToken) =>
                Serve(_snapshot.Domains, "domains");

            public Task<IReadOnlyList<RoleManagementPolicy>> ReadRoleManagementPoliciesAsync(
                CancellationToken cancellationToken
            ) => Serve(_snapshot.RoleManagementPolicies, "roleManagementPolicies");

            /// <summary>One user the settings can name by userPrincipalName.</summary>
            public Task<IReadOnlyDictionary<string, string>> ReadUserIdsAsync(
                IReadOnlyList<string> userPrincipalNames,
                CancellationToken cancellationToken
            ) =>
                Task.FromResult<IReadOnlyDictionary<string, string>>(
                    userPrincipalNames
                        .Where(n => string.Equals(n, "emergency1@contoso.com", StringComparison.OrdinalIgnoreCase))
                        .ToDictionary(n => n, _ => BreakGlassUser)
                );

            public Task<IReadOnlyList<GroupSetting>> ReadGroupSettingsAsync(CancellationToken cancellationToken) =>
                Serve(_snapshot.GroupSettings, "groupSettings");

            public Task<IReadOnlyList<DirectoryUser>> ReadUsersAsync(
                IReadOnlyList<string> userIds,
                CancellationToken cancellationToken
            ) => Serve(_snapshot.PrivilegedUsers, "users");

            public Task<IReadOnlyList<UserSignInActivity>> ReadSignInActivityAsync(
                IReadOnlyList<string> userIds,
                CancellationToken cancellationToken
            ) => Serve(_snapshot.PrivilegedSignIns, "signIns");

            public Task<IReadOnlyList<GraphPermissionGrant>> ReadGraphPermissionsAsync(
                string resourceId,
                CancellationToken cancellationToken
            ) => Serve(_snapshot.GraphPermissions, "appRoleAssignedTo");

            public Task<IReadOnlyCollection<string>> ReadExistingObjectIdsAsync(
                IReadOnlyList<string> ids,
                CancellationToken cancellationToken
            ) => Serve(_snapshot.ExistingObjectIds, "directoryObjects");

            public Task<DeviceRegistrationSettings> ReadDeviceRegistrationPolicyAsync(
                CancellationToken cancellationToken
            ) => Serve(_snapshot.DeviceRegistrationPolicy, "deviceRegistrationPolicy");

            public Task<OnPremisesSyncFeatures> ReadOnPremisesSyncFeaturesAsync(CancellationToken cancellationToken) =>
                Serve(_snapshot.OnPremisesSyncFeatures, "onPremisesSynchronization");

            public Task<IReadOnlyList<DirectoryAccount>> ReadKrbtgtAccountsAsync(CancellationToken cancellationToken) =>
                Serve(_snapshot.KrbtgtAccounts, "users");

            public Task<IReadOnlyList<RoleDefinition>> ReadRoleDefinitionsAsync(CancellationToken cancellationToken) =>
                Serve(_snapshot.RoleDefinitions, "roleManagement/directory/roleDefinitions");

            public Task<AppManagementSettings> ReadDefaultAppManagementPolicyAsync(
                CancellationToken cancellationToken
            ) => Serve(_snapshot.DefaultAppManagementPolicy, "defaultAppManagementPolicy");

            public Task<IReadOnlyList<DirectoryGroup>> ReadMicrosoftGroupsAsync(CancellationToken cancellationToken) =>
                Serve(_snapshot.MicrosoftGroups, "groups");

            public Task<IReadOnlyList<DirectoryGroup>> ReadDynamicGroupsAsync(CancellationToken cancellationToken) =>
                Serve(_snapshot.DynamicGroups, "groups");

            public Task<SuspiciousActivityReporting> ReadSuspiciousActivityReportingAsync(
                CancellationToken cancellationToken
            ) => Serve(_snapshot.SuspiciousActivityReporting, "policies/authenticationMethodsPolicy");

            public Task<PremiumLicenseInsight> ReadPremiumLicenseInsightAsync(CancellationToken cancellationToken) =>
                Serve(_snapshot.PremiumLicenseInsight, "reports/azureADPremiumLicenseInsight");

            public Task<IReadOnlyList<ConditionalAccessGroup>> ReadConditionalAccessGroupsAsync(
                IReadOnlyList<string> groupIds,
                CancellationToken cancellationToken
            ) => Serve(_snapshot.ConditionalAccessGroups, "groups");

            public Task<IReadOnlyList<UserMfaRegistration>> ReadUsersWithoutMfaAsync(
                CancellationToken cancellationToken
            ) => Serve(_snapshot.UsersWithoutMfa, "reports/authenticationMethods/userRegistrationDetails");

            public Task<IReadOnlyList<ConditionalAccessPolicy>> ReadAgentConditionalAccessPoliciesAsync(
                CancellationToken cancellationToken
            ) => Serve(_snapshot.AgentConditionalAccessPolicies, "identity/conditionalAccess/policies");

            public Task<IReadOnlyList<RoleManagementAlert>> ReadRoleManagementAlertsAsync(
                CancellationToken cancellationToken
            ) => Serve(_snapshot.RoleManagementAlerts, "identityGovernance/roleManagementAlerts/alerts");

            public Task<IReadOnlyList<AccessPackageCatalog>> ReadAccessPackageCatalogsAsync(
                CancellationToken cancellationToken
            ) => Serve(_snapshot.AccessPackageCatalogs, "identityGovernance/entitlementManagement/catalogs");

            public Task<IReadOnlyList<AccessPackage>> ReadAccessPackagesAsync(CancellationToken cancellationToken) =>
                Serve(_snapshot.AccessPackages, "identityGovernance/entitlementManagement/accessPackages");

            public Task<IReadOnlyList<AssignmentPolicy>> ReadAccessPackagePoliciesAsync(
                CancellationToken cancellationToken
            ) => Serve(_snapshot.AccessPackagePolicies, "identityGovernance/entitlementManagement/assignmentPolicies");

            public Task<IReadOnlyList<DirectoryApprover>> ReadApproversAsync(
                IReadOnlyList<string> userIds,
                IReadOnlyList<string> groupIds,
                CancellationToken cancellationToken
            ) => Serve(_snapshot.AccessPackageApprovers, "users");
        }

        private static readonly TenantSnapshot Tenant = new()
        {
            TenantId = TenantId,
            SubscribedSkus = P1,
            SecurityDefaultsEnabled = false,
            ConditionalAccessPolicies = new[] { Policy("MFA", excludeUsers: new[] { Alice }) },
            AuthorizationPolicy = new AuthorizationSettings { AllowedToCreateApps = true },
            ActiveRoleAssignments = new[] { Active(Alice, GlobalAdmin), Active(Bob, GlobalAdmin) },
            Applications = new ApplicationObject[0],
            ServicePrincipals = new ServicePrincipalObject[0],
        };

        private static (int Exit, string Out, string Err) Run(TenantSnapshot snapshot, params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var root = new RootCommand("test");
            var tenant = new Option<string?>("--tenant");
            root.Subcommands.Add(
                PostureCommand.Create(
                    output,
                    new PostureSourceBinding(
                        command => command.Options.Add(tenant),
                        _ => new SnapshotSource(snapshot),
                        parse => parse.GetValue(tenant)
                    )
                )
            );
            var exit = CliRunner.Invoke(root, args, output, error);
            return (exit, output.ToString(), error.ToString());
        }

        [Fact]
        public void Prints_a_table_the_reasons_and_the_totals()
        {
            var (exit, output, error) = Run(Tenant, "posture", "--check", "EGP002", "EGP004", "EGP007", "EGP008");

            Assert.Equal(0, exit);
            Assert.Equal("", error);
            var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
            Assert.Equal("CHECK   SEVERITY  RESULT         TITLE", lines[0]);
            Assert.Equal("EGP002  High      Failed         All users must use multifactor authentication", lines[1]);
            Assert.Equal("EGP004  High      NotApplicable  Risky sign-ins must be challenged", lines[2]);
            Assert.Equal(
                "EGP007  Medium    Passed         The tenant has a small, recoverable number of Global Administrators",
                lines[3]
            );
            Assert.Contains(
                "EGP004  not applicable: no Microsoft Entra ID P2 licence, which risk-based Conditional Access needs",
                lines
            );
            Assert.Contains("4 check(s): 1 passed, 2 failed, 0 skipped, 1 not applicable", lines);
        }

        [Fact]
        public void List_prints_the_selected_checks_with_licence_and_framework_ids_without_reading_the_tenant()
        {
            var (exit, output, error) = Run(new TenantSnapshot(), "posture", "--list", "--check", "EGP004", "EGP019");

            Assert.Equal((0, ""), (exit, error));
            var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
            Assert.Equal(3, lines.Length);
            Assert.Matches(@"^CHECK +SEVERITY +LICENCE +CATEGORY +TITLE +FRAMEWORKS$", lines[0]);
            Assert.Matches(
                @"^EGP004 +High +EntraIdP2 +Identity Protection +" + @"Risky sign-ins must be challenged +MT\.1012$",
                lines[1]
            );
            Assert.EndsWith(
                "Only administrators and Guest Inviters may invite guests  MS.AAD.8.2, EIDSCA.AP04",
                lines[2]
            );
        }

        [Fact]
        public void Fail_on_exits_1_only_at_or_above_the_threshold()
        {
            Assert.Equal(1, Run(Tenant, "posture", "--check", "EGP008", "--fail-on", "medium").Exit);
            Assert.Equal(0, Run(Tenant, "posture", "--check", "EGP008", "--fail-on", "High").Exit);
            Assert.Equal(0, Run(Tenant, "posture", "--check", "EGP008").Exit);
        }

        [Fact]
        public void Json_output_is_a_baseline_for_the_next_run()
        {
            var (_, json, _) = Run(Tenant, "posture", "--format", "json", "--check", "EGP00?");
            var baseline = _files.Write("previous.json", json);
            var fixedTenant = new TenantSnapshot
            {
                TenantId = TenantId,
                SubscribedSkus = P1,
                SecurityDefaultsEnabled = false,
                ConditionalAccessPolicies = Tenant.ConditionalAccessPolicies,
                AuthorizationPolicy = new AuthorizationSettings { AllowedToCreateApps = false },
                ActiveRoleAssignments = Tenant.ActiveRoleAssignments,
            };

            var (exit, output, _) = Run(fixedTenant, "posture", "--check", "EGP00?", "--baseline", baseline);

            Assert.Equal(0, exit);
            Assert.Contains("CHECK   SEVERITY  RESULT         CHANGE        TITLE", output);
            Assert.Contains(
                "EGP008  Medium    Passed         Fixed         Users cannot register applications",
                output
            );
            Assert.Contains(
                "since previous.json: 0 new failure(s), 1 fixed, 3 still failing; 0 new finding(s), 1 resolved",
                output
            );
            using var document = JsonDocument.Parse(json);
            Assert.Equal(9, document.RootElement.GetProperty("results").GetArrayLength());
        }

        [Fact]
        public void Settings_errors_exit_2_with_one_line_naming_file_and_key()
        {
            var config = _files.Write("entraguard.yaml", "posture:\n  maxSecretLifetimeDays: forever\n");

            var (exit, output, error) = Run(Tenant, "posture", "--config", config);

            Assert.Equal(2, exit);
            Assert.Equal("", output);
            Assert.Equal(
                $"entraguard: {config}: line 2: field 'posture.maxSecretLifetimeDays': 'forever' is not a whole "
                    + $"number from 1 to 3650",
                error.TrimEnd()
            );
        }

        [Fact]
        public void A_settings_folder_gives_each_tenant_its_own_file_and_default_yaml_the_rest()
        {
            _files.Write(
                "tenants/contoso.onmicrosoft.com.yaml",
                "posture:\n  acceptedDeviations:\n    - check: EGP008\n      justification: pilot\n"
                    + "      expires: 2099-01-31\n"
            );
            _files.Write("tenants/default.yaml", "posture: {}\n");
            var folder = Path.Combine(_files.Root, "tenants");

            var contoso = Run(
                Tenant,
                "posture",
                "--check",
                "EGP008",
                "--tenant",
                "contoso.onmicrosoft.com",
                "--settings",
                folder
            );
            var other = Run(Tenant, "posture", "--check", "EGP008", "--tenant", "fabrikam.com", "--settings", folder);

            Assert.Contains("EGP008  passed with 1 accepted deviation(s): pilot (until 2099-01-31)", contoso.Out);
            Assert.Contains("1 check(s): 0 passed, 1 failed", other.Out);
        }

        [Fact]
        public void A_settings_folder_without_a_file_for_the_tenant_exits_2_naming_the_files_looked_for()
        {
            _files.Write("tenants/contoso.onmicrosoft.com.yaml", "posture: {}\n");
            var folder = Path.Combine(_files.Root, "tenants");

            var (exit, output, error) = Run(Tenant, "posture", "--tenant", "fabrikam.com", "--settings", folder);

            Assert.Equal((2, ""), (exit, output));
            Assert.Equal(
                $"entraguard: The settings folder '{folder}' has no file for tenant fabrikam.com: looked for "
                    + "fabrikam.com.yaml, default.yaml (or .yml, .json).",
                error.TrimEnd()
            );
        }

        [Fact]
        public void Break_glass_accounts_named_by_userPrincipalName_are_resolved_and_an_unknown_one_warns()
        {
            var config = _files.Write(
                "entraguard.yaml",
                "posture:\n  breakGlassAccounts:\n    - emergency1@contoso.com\n    - nobody@contoso.com\n"
            );

            var (exit, output, error) = Run(Tenant, "posture", "--check", "EGP030", "--settings", config);

            Assert.Equal(0, exit);
            Assert.Contains(
                $"break-glass account emergency1@contoso.com, {BreakGlassUser} is reached by 'MFA' (mfa)",
                output
            );
            Assert.Contains(
                "break-glass account nobody@contoso.com in posture.breakGlassAccounts is no account",
                output
            );
            Assert.StartsWith(
                "entraguard: warning: break-glass account nobody@contoso.com (posture.breakGlassAccounts) did not "
                    + "resolve to an object id",
                error
            );
        }

        [Fact]
        public void Accepted_deviations_from_the_settings_apply_and_stale_ones_warn()
        {
            var config = _files.Write(
                "entraguard.yaml",
                $"""
                posture:
                  acceptedDeviations:
                    - check: EGP008
                      justification: hackathon month
                      expires: 2099-01-31
                    - check: EGP002
                      target: {Carol}
                      justification: left the company
                      expires: 2099-01-31
                """
            );

            var (exit, output, error) = Run(
                Tenant,
                "posture",
                "--check",
                "EGP008",
                "EGP002",
                "--config",
                config,
                "--fail-on",
                "low"
            );

            Assert.Equal(1, exit);
            Assert.Contains("EGP008  passed with 1 accepted deviation(s): hackathon month (until 2099-01-31)", output);
            Assert.Equal(
                $"entraguard: warning: accepted deviation EGP002 / {Carol} matched no finding: the deviation it "
                    + $"accepted is gone, so the entry can be removed",
                error.TrimEnd()
            );
        }

        [Fact]
        public void Check_ids_take_PowerShell_wildcards()
        {
            var (exit, output, _) = Run(Tenant, "posture", "--check", "EGP00[78]", "EGP9*");

            Assert.Equal(0, exit);
            var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
            Assert.StartsWith("EGP007  ", lines[1]);
            Assert.StartsWith("EGP008  ", lines[2]);
            Assert.DoesNotContain("EGP002", output);
        }

        [Theory]
        [InlineData(new[] { "posture", "--check", "EGP999" }, "entraguard: No posture check has the id 'EGP999'.")]
        [InlineData(
            new[] { "posture", "--fail-on", "severe" },
            "entraguard: --fail-on: 'severe' is not a severity (use informational, low, medium, high or critical)."
        )]
        [InlineData(new[] { "posture", "--format", "xml" }, "entraguard: --format: 'xml' is not one of table, json")]
        public void Bad_arguments_exit_2(string[] args, string message)
        {
            var (exit, _, error) = Run(Tenant, args);

            Assert.Equal(2, exit);
            Assert.StartsWith(message, error.Replace("\r", "").Split('\n')[0]);
        }

        [Fact]
        public void A_missing_baseline_exits_2()
        {
            var path = Path.Combine(_files.Root, "none.json");

            var (exit, _, error) = Run(Tenant, "posture", "--baseline", path);

            Assert.Equal(2, exit);
            Assert.Equal($"entraguard: Baseline file not found: {path}", error.TrimEnd());
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Graph.Tests.StandIn;
using EntraGuard.Posture;

namespace EntraGuard.Graph.Tests
{
    /// <summary>
    /// The posture checks end to end: the real GraphServiceClient, through the session's middleware, against the
    /// loopback stand-in serving Graph v1.0 responses (the Fabrikam sample and variations of it).
    /// </summary>
    public sealed class PostureSourceTests : IAsyncLifetime
    {
        private const string BreakGlass1 = "3f0c8a52-6f1e-4c8e-9a57-1d2b3c4d5e01";
        private const string BreakGlass2 = "3f0c8a52-6f1e-4c8e-9a57-1d2b3c4d5e02";
        private const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
        private static readonly DateTimeOffset SampleNow = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);

        private static readonly PostureSettings Settings = new()
        {
            BreakGlassAccounts = new[] { new BreakGlassAccount(BreakGlass1), new BreakGlassAccount(BreakGlass2) },
        };

        private GraphStandIn _standIn = null!;
        private PostureTenant _tenant = null!;
        private readonly string _token = TestConnections.FakeToken(marker: "POSTURE-TOKEN-MARKER");

        public async Task InitializeAsync()
        {
            _standIn = await GraphStandIn.StartAsync();
            _tenant = new PostureTenant(_standIn);
        }

        public async Task DisposeAsync() => await _standIn.DisposeAsync();

        private Task<PostureReport> RunAsync(params string[] checks) => RunAsync(new ManualWaitClock(), checks);

        private Task<PostureReport> RunAsync(ManualWaitClock clock, params string[] checks) =>
            RunAsync(clock, Settings, checks);

        private async Task<PostureReport> RunAsync(
            ManualWaitClock clock,
            PostureSettings settings,
            params string[] checks
        )
        {
            using var session = GraphSession.Create(
                TestConnections.AccessToken(_standIn.BaseUrl, _token),
                TestConnections.Fast(clock)
            );
            return await PostureRunner.RunAsync(
                new GraphPostureSource(session),
                settings,
                PostureCatalog.Select(checks),
                SampleNow,
                null,
                CancellationToken.None
            );
        }

        private static IEnumerable<(string, PostureStatus)> Verdicts(PostureReport report) =>
            report.Results.Select(r => (r.CheckId, r.Result));

        [Fact]
        public async Task The_sample_tenant_is_read_with_thirty_nine_requests_and_judged_check_by_check()
        {
            _tenant.ServeFabrikam();

            var report = await RunAsync();

            Assert.Equal(
                new[]
                {
                    ("EGP001", PostureStatus.Failed),
                    ("EGP002", PostureStatus.Failed),
                    ("EGP003", PostureStatus.Passed),
                    ("EGP004", PostureStatus.Failed),
                    ("EGP005", PostureStatus.Passed),
                    ("EGP006", PostureStatus.Failed),
                    ("EGP007", PostureStatus.Passed),
                    ("EGP008", PostureStatus.Failed),
                    ("EGP009", PostureStatus.Passed),
                    ("EGP010", PostureStatus.Failed),
                    ("EGP011", PostureStatus.Failed),
                    ("EGP012", PostureStatus.Failed),
                    ("EGP013", PostureStatus.Passed),
                    ("EGP014", PostureStatus.Failed),
                    ("EGP015", PostureStatus.Passed),
                    ("EGP016", PostureStatus.Failed),
                    ("EGP017", PostureStatus.Failed),
                    ("EGP018", PostureStatus.Passed),
                    ("EGP019", PostureStatus.Failed),
                    ("EGP020", PostureStatus.Failed),
                    ("EGP021", PostureStatus.Failed),
                    ("EGP022", PostureStatus.Passed),
                    ("EGP023", PostureStatus.Failed),
                    ("EGP024", PostureStatus.Passed),
                    ("EGP025", PostureStatus.Failed),
                    ("EGP026", PostureStatus.Passed),
                    ("EGP027", PostureStatus.Passed),
                    ("EGP028", PostureStatus.Failed),
                    ("EGP029", PostureStatus.Failed),
                    ("EGP030", PostureStatus.Failed),
                    ("EGP031", PostureStatus.Failed),
                    ("EGP032", PostureStatus.Failed),
                    ("EGP033", PostureStatus.Failed),
                    ("EGP034", PostureStatus.Failed),
                    ("EGP035", PostureStatus.Failed),
                    ("EGP036", PostureStatus.Failed),
                    ("EGP037", PostureStatus.Failed),
                    ("EGP038", PostureStatus.Failed),
                    ("EGP039", PostureStatus.Failed),
                    ("EGP040", PostureStatus.Passed),
                    ("EGP041", PostureStatus.Failed),
                    ("EGP042", PostureStatus.Passed),
                    ("EGP043", PostureStatus.Passed),
                    ("EGP044", PostureStatus.Passed),
                    ("EGP045", PostureStatus.Skipped),
                    ("EGP046", PostureStatus.Failed),
                    ("EGP047", PostureStatus.Passed),
                    ("EGP048", PostureStatus.Failed),
                    ("EGP049", PostureStatus.Failed),
                    ("EGP050", PostureStatus.Passed),
                    ("EGP051", PostureStatus.Passed),
                    ("EGP052", PostureStatus.Failed),
                    ("EGP053", PostureStatus.Failed),
                    ("EGP054", PostureStatus.Failed),
                    ("EGP055", PostureStatus.Failed),
                    ("EGP056", PostureStatus.Failed),
                    ("EGP057", PostureStatus.Failed),
                    ("EGP058", PostureStatus.Passed),
                    ("EGP059", PostureStatus.Passed),
                    ("EGP060", PostureStatus.Failed),
                    ("EGP061", PostureStatus.Passed),
                    ("EGP062", PostureStatus.Failed),
                    ("EGP063", PostureStatus.Passed),
                    ("EGP064", PostureStatus.Failed),
                    ("EGP065", PostureStatus.Failed),
                    ("EGP066", PostureStatus.Passed),
                    ("EGP067", PostureStatus.Failed),
                    ("EGP068", PostureStatus.Failed),
                    ("EGP069", PostureStatus.Failed),
                    ("EGP070", PostureStatus.Passed),
                    ("EGP071", PostureStatus.Failed),
                    ("EGP072", PostureStatus.Passed),
                    ("EGP073", PostureStatus.Failed),
                    ("EGP074", PostureStatus.Failed),
                    ("EGP075", PostureStatus.Passed),
                    ("EGP076", PostureStatus.Failed),
                    ("EGP077", PostureStatus.Failed),
                    ("EGP078", PostureStatus.Failed),
                    ("EGP079", PostureStatus.Failed),
                    ("EGP080", PostureStatus.Failed),
                    ("EGP081", PostureStatus.Failed),
                    ("EGP082", PostureStatus.Failed),
                    ("EGP083", PostureStatus.Failed),
                    ("EGP084", PostureStatus.Passed),
                    ("EGP085", PostureStatus.Failed),
                    ("EGP086", PostureStatus.Failed),
                    ("EGP087", PostureStatus.Failed),
                    ("EGP088", PostureStatus.Failed),
                    ("EGP090", PostureStatus.Failed),
                    ("EGP091", PostureStatus.Failed),
                    ("EGP092", PostureStatus.Failed),
                    ("EGP093", PostureStatus.Failed),
                    ("EGP094", PostureStatus.Passed),
                    ("EGP095", PostureStatus.NotApplicable),
                    ("EGP096", PostureStatus.Failed),
                    ("EGP097", PostureStatus.Failed),
                    ("EGP098", PostureStatus.Failed),
                    ("EGP103", PostureStatus.Failed),
                    ("EGP104", PostureStatus.Failed),
                    ("EGP105", PostureStatus.Passed),
                    ("EGP106", PostureStatus.Failed),
                    ("EGP107", PostureStatus.Failed),
                    ("EGP108", PostureStatus.Failed),
                    ("EGP110", PostureStatus.Failed),
                    ("EGP111", PostureStatus.Failed),
                    ("EGP112", PostureStatus.Failed),
                    ("EGP113", PostureStatus.Failed),
                },
                Verdicts(report)
            );
            Assert.Equal("5b7c1e2a-8d3f-4a6b-9c0e-1f2a3b4c5d6e", report.TenantId);
            Assert.Equal("Mail-Relay", report.Results.Single(r => r.CheckId == "EGP014").Findings.Single().TargetName);

            var requests = _standIn.Requests;
            Assert.Equal(39, requests.Count);
            Assert.Equal(
                new[]
                {
                    PostureTenant.Applications,
                    PostureTenant.Organization,
                    PostureTenant.AuthorizationPolicy,
                    PostureTenant.SecurityDefaults,
                    PostureTenant.ConditionalAccess,
                    PostureTenant.RoleAssignmentSchedules,
                    PostureTenant.RoleEligibilitySchedules,
                    PostureTenant.ServicePrincipals,
                    PostureTenant.ServicePrincipals,
                    PostureTenant.SubscribedSkus,
                    PostureTenant.AuthenticationMethodsPolicy,
                    PostureTenant.AdminConsentRequestPolicy,
                    PostureTenant.Domains,
                    PostureTenant.RoleManagementPolicies,
                    PostureTenant.GroupSettings,
                    PostureTenant.Users,
                    PostureTenant.GraphServicePrincipal,
                    PostureTenant.AppRoleAssignedTo,
                    PostureTenant.PermissionGrants,
                    PostureTenant.DirectoryObjects,
                    PostureTenant.DeviceRegistrationPolicy,
                    PostureTenant.OnPremisesSynchronization,
                    PostureTenant.Users,
                    PostureTenant.RoleDefinitions,
                    PostureTenant.DefaultAppManagementPolicy,
                    PostureTenant.Users,
                    PostureTenant.Groups,
                    PostureTenant.Groups,
                    PostureTenant.Groups,
                    PostureTenant.UserRegistrationDetails,
                    PostureTenant.AccessPackageCatalogs,
                    PostureTenant.AccessPackages,
                    PostureTenant.AccessPackagePolicies,
                    PostureTenant.Users,
                    PostureTenant.Groups,
                }
                    .Select(p => GraphStandIn.Version + p)
                    .Concat(
                        new[]
                        {
                            PostureTenant.AuthenticationMethodsPolicy,
                            PostureTenant.LicenseInsight,
                            PostureTenant.ConditionalAccess,
                            PostureTenant.RoleManagementAlerts,
                        }.Select(p => PostureTenant.Beta + p)
                    )
                    .OrderBy(p => p, StringComparer.Ordinal),
                requests.Select(r => r.Path).OrderBy(p => p, StringComparer.Ordinal)
            );
            Assert.Equal(PostureTenant.SubscribedSkus, requests[0].Path.Substring(GraphStandIn.Version.Length));
            Assert.All(requests, r => Assert.Equal("Bearer " + _token, r.Header("Authorization")));
            var getByIds = _standIn.RequestsTo(PostureTenant.DirectoryObjects).Single();
            Assert.Equal("POST", getByIds.Method);
            Assert.Equal(
                "{\"ids\":[\"3f0c8a52-6f1e-4c8e-9a57-1d2b3c4d5e01\",\"3f0c8a52-6f1e-4c8e-9a57-1d2b3c4d5e02\","
                    + "\"2b3c4d5e-0001-4000-8000-000000000001\",\"2b3c4d5e-0002-4000-8000-000000000002\","
                    // The groups the catalogs and access packages hold, then the approving ones.
                    + "\"7a1e0000-0000-4000-8000-0000000000a1\",\"7a1e0000-0000-4000-8000-0000000000a2\","
                    + "\"7a1e0000-0000-4000-8000-0000000000a3\"],\"types\":[\"user\",\"group\"]}",
                getByIds.Body
            );
            var reads = PostureDataSource.All.Where(s =>
                s != PostureDataSource.RoleAssignments && s != PostureDataSource.DirectoryObjects
            );
            foreach (var source in reads)
            {
                var path = source.Path.Replace("{id}", PostureTenant.GraphServicePrincipal.Split('/').Last());
                // Some paths serve two reads (users: the role holders and the krbtgt lookup; groups: Microsoft 365 and
                // dynamic ones), each its own $select.
                Assert.Contains(
                    _standIn.RequestsTo("/" + path, source.Beta ? PostureTenant.Beta : GraphStandIn.Version),
                    r =>
                        r.Query.TryGetValue("$select", out var select)
                        && select == source.Select
                        && (r.Query.TryGetValue("$expand", out var expand) ? expand : null) == source.Expand
                );
            }
            Assert.Equal("999", _standIn.RequestsTo(PostureTenant.ServicePrincipals)[0].Query["$top"]);
            Assert.Equal(
                new[]
                {
                    "groupTypes/any(c:c eq 'DynamicMembership')",
                    "groupTypes/any(c:c eq 'Unified')",
                    "id in ('2b3c4d5e-0001-4000-8000-000000000001', '2b3c4d5e-0002-4000-8000-000000000002')",
                    // The access packages' approving group, read by id with its members.
                    "id in ('7a1e0000-0000-4000-8000-0000000000a3')",
                },
                _standIn.RequestsTo(PostureTenant.Groups).Select(r => r.Query["$filter"]).OrderBy(f => f)
            );
            Assert.Equal(
                "id in ('1a2b3c4d-0003-4000-8000-000000000003', '1a2b3c4d-00ff-4000-8000-0000000000ff')",
                _standIn
                    .RequestsTo(PostureTenant.Users)
                    .Single(r => r.Query["$select"] == PostureDataSource.ApproverUsers.Select)
                    .Query["$filter"]
            );
            Assert.Equal(
                "policy 'Sales employees' of access package 'Sales access': stage 1 names user "
                    + "1a2b3c4d-00ff-4000-8000-0000000000ff, which no longer exists",
                report.Results.Single(r => r.CheckId == "EGP113").Findings.Single().Detail
            );
            Assert.Equal(
                "isMfaRegistered eq false",
                _standIn.RequestsTo(PostureTenant.UserRegistrationDetails).Single().Query["$filter"]
            );
            Assert.Equal(
                "application 'Payroll-Sync' (7a1b0000-0000-4000-8000-0000000000a1) is owned by "
                    + "megan.bowen@fabrikam.example (1a2b3c4d-0003-4000-8000-000000000003), without MFA registered",
                report.Results.Single(r => r.CheckId == "EGP067").Findings.Single().Detail
            );
            Assert.Equal(
                "'MFA rollout exclusions' (2b3c4d5e-0002-4000-8000-000000000002) is neither role-assignable nor in a "
                    + "restricted management administrative unit, and is named by 'CA002 Require MFA for all users' "
                    + "(exclude)",
                report.Results.Single(r => r.CheckId == "EGP088").Findings.Single().Detail
            );
            Assert.Equal(
                new[] { "6a0c0000-0000-4000-8000-0000000000c1", "6a0c0000-0000-4000-8000-0000000000c2" },
                report.Results.Single(r => r.CheckId == "EGP087").Findings.Select(f => f.TargetId)
            );
            Assert.Equal(
                "the guest rule of 'All Guests' (6a0d0000-0000-4000-8000-0000000000d3) is paused",
                report.Results.Single(r => r.CheckId == "EGP086").Findings.Single().Detail
            );
            Assert.Contains(
                _standIn.RequestsTo(PostureTenant.Users),
                r =>
                    r.Query["$filter"]
                    == "startswith(displayName,'krbtgt') or startswith(userPrincipalName,'krbtgt') "
                        + "or startswith(mailNickname,'krbtgt')"
            );
            Assert.Equal(
                "RFNwdAIAAQAAAB86U2VydmljZVByaW5jaXBhbF81ZjAwMDAwMA",
                _standIn.RequestsTo(PostureTenant.ServicePrincipals)[1].Query["$skiptoken"]
            );
            Assert.Equal(
                "include-unknown-enum-members",
                _standIn.RequestsTo(PostureTenant.ConditionalAccess)[0].Header("Prefer")
            );
            Assert.Equal(
                "scopeId eq '/' and scopeType eq 'DirectoryRole'",
                _standIn.RequestsTo(PostureTenant.RoleManagementPolicies).Single().Query["$filter"]
            );
            Assert.Equal(
                "resourceId eq '5f000000-0000-4000-8000-0000000000e2'",
                _standIn.RequestsTo(PostureTenant.PermissionGrants).Single().Query["$filter"]
            );
            Assert.Equal("999", _standIn.RequestsTo(PostureTenant.AppRoleAssignedTo).Single().Query["$top"]);
            Assert.Equal(
                new[] { "fab-automation" },
                report.Results.Single(r => r.CheckId == "EGP076").Findings.Select(f => f.TargetName)
            );
            Assert.Equal(
                new[]
                {
                    "service principal 'Payroll-Sync' (7a1b0000-0000-4000-8000-0000000000a1) holds "
                        + "Application.ReadWrite.All (application) on Microsoft Graph",
                    "service principal 'HR-Connector' (7a1b0000-0000-4000-8000-0000000000a2) holds "
                        + "Directory.ReadWrite.All (delegated, for one user) on Microsoft Graph",
                },
                report.Results.Single(r => r.CheckId == "EGP077").Findings.Select(f => f.Detail)
            );
        }

        [Fact]
        public async Task Break_glass_accounts_named_by_userPrincipalName_are_looked_up_with_one_filtered_request()
        {
            _tenant.ServeFabrikam().Serve("/users", PostureTenant.Sample("users.json"));
            var settings = new PostureSettings
            {
                BreakGlassAccounts = new[]
                {
                    BreakGlassAccount.ByPrincipalName("bg-emergency-01@fabrikam.example"),
                    BreakGlassAccount.ByPrincipalName("o'brien@fabrikam.example"),
                },
            };

            var report = await RunAsync(new ManualWaitClock(), settings, "EGP030");

            var lookup = Assert.Single(_standIn.RequestsTo("/users"));
            Assert.Equal(
                "userPrincipalName in ('bg-emergency-01@fabrikam.example', 'o''brien@fabrikam.example')",
                lookup.Query["$filter"]
            );
            Assert.Equal("id,userPrincipalName", lookup.Query["$select"]);
            var result = report.Results.Single();
            Assert.Contains(
                $"settings: break-glass accounts bg-emergency-01@fabrikam.example, {BreakGlass1}, "
                    + "o'brien@fabrikam.example",
                string.Join("\n", result.Evidence)
            );
            Assert.Contains(result.Findings, f => f.TargetId == "o'brien@fabrikam.example");
            Assert.Contains("o'brien@fabrikam.example", Assert.Single(report.Warnings));
        }

        [Fact]
        public async Task A_refused_user_lookup_skips_the_break_glass_check_with_graphs_answer()
        {
            _tenant
                .ServeFabrikam()
                .Refuse(
                    "/users",
                    403,
                    "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation."
                );
            var settings = new PostureSettings
            {
                BreakGlassAccounts = new[] { BreakGlassAccount.ByPrincipalName("bg-emergency-01@fabrikam.example") },
            };

            var report = await RunAsync(new ManualWaitClock(), settings, "EGP030");

            var result = report.Results.Single();
            Assert.Equal(PostureStatus.Skipped, result.Result);
            Assert.Contains("could not be looked up (users)", result.Reason);
            Assert.Contains("User.ReadBasic.All", result.Reason);
        }

        [Fact]
        public async Task The_privileged_role_holders_are_read_by_id_in_one_filtered_request()
        {
            _tenant.ServeFabrikam();

            var report = await RunAsync("EGP070", "EGP071", "EGP073");

            var lookup = Assert.Single(_standIn.RequestsTo(PostureTenant.Users));
            Assert.Equal(
                $"id in ('{BreakGlass1}', '{BreakGlass2}', '1a2b3c4d-0001-4000-8000-000000000001', "
                    + "'1a2b3c4d-0003-4000-8000-000000000003', '1a2b3c4d-0002-4000-8000-000000000002')",
                lookup.Query["$filter"]
            );
            Assert.Equal(PostureDataSource.PrivilegedUsers.Select, lookup.Query["$select"]);
            Assert.Equal(
                new[]
                {
                    ("EGP070", PostureStatus.Passed),
                    ("EGP071", PostureStatus.Failed),
                    ("EGP073", PostureStatus.Failed),
                },
                Verdicts(report)
            );
        }

        [Fact]
        public async Task A_refused_users_read_skips_only_the_checks_on_the_holders_accounts()
        {
            _tenant
                .ServeFabrikam()
                .Refuse(
                    PostureTenant.Users,
                    403,
                    "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation."
                );

            var report = await RunAsync("EGP006", "EGP070", "EGP071", "EGP073", "EGP074");

            Assert.Equal(
                new[]
                {
                    ("EGP006", PostureStatus.Failed),
                    ("EGP070", PostureStatus.Skipped),
                    ("EGP071", PostureStatus.Skipped),
                    ("EGP073", PostureStatus.Skipped),
                    ("EGP074", PostureStatus.Failed),
                },
                Verdicts(report)
            );
            Assert.Contains("User.Read.All", report.Results[1].Reason);
        }

        [Fact]
        public async Task A_refused_device_registration_policy_skips_only_the_device_checks()
        {
            _tenant
                .ServeFabrikam()
                .Refuse(
                    PostureTenant.DeviceRegistrationPolicy,
                    403,
                    "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation."
                );

            var report = await RunAsync("EGP09*");

            var device = new[] { "EGP091", "EGP092", "EGP093", "EGP094" };
            Assert.All(
                report.Results.Where(r => device.Contains(r.CheckId)),
                r =>
                {
                    Assert.Equal(PostureStatus.Skipped, r.Result);
                    Assert.StartsWith("skipped: could not read policies/deviceRegistrationPolicy: ", r.Reason);
                    Assert.Contains("Policy.Read.DeviceConfiguration", r.Reason);
                }
            );
            Assert.Equal(
                new[]
                {
                    ("EGP090", PostureStatus.Failed),
                    ("EGP095", PostureStatus.NotApplicable),
                    ("EGP096", PostureStatus.Failed),
                    ("EGP097", PostureStatus.Failed),
                    ("EGP098", PostureStatus.Failed),
                },
                report.Results.Where(r => !device.Contains(r.CheckId)).Select(r => (r.CheckId, r.Result))
            );
        }

        [Fact]
        public async Task A_hardened_tenant_passes_every_check()
        {
            _tenant
                .ServeFabrikam()
                .Serve(PostureTenant.ConditionalAccess, PostureTenant.Compliant("conditionalAccessPolicies.json"))
                .Serve(PostureTenant.AuthorizationPolicy, PostureTenant.Compliant("authorizationPolicy.json"))
                .Serve(
                    PostureTenant.AuthenticationMethodsPolicy,
                    PostureTenant.Compliant("authenticationMethodsPolicy.json")
                )
                .Serve(
                    PostureTenant.AdminConsentRequestPolicy,
                    PostureTenant.Compliant("adminConsentRequestPolicy.json")
                )
                .Serve(
                    PostureTenant.RoleManagementPolicies,
                    PostureTenant.Compliant("roleManagementPolicyAssignments.json")
                )
                .Serve(PostureTenant.GroupSettings, PostureTenant.Compliant("groupSettings.json"))
                .Serve(PostureTenant.RoleEligibilitySchedules, PostureTenant.Compliant("roleEligibilitySchedules.json"))
                .ServeUsers(PostureTenant.Compliant("users.json"), PostureTenant.Compliant("krbtgtUsers.json"))
                // No approved list in these settings, so no group may be public.
                .ServeGroups(
                    PostureTenant.Edited("microsoftGroups.json", group => group["visibility"] = "Private"),
                    PostureTenant.Compliant("dynamicGroups.json"),
                    PostureTenant.Compliant("conditionalAccessGroups.json")
                )
                .Serve(PostureTenant.UserRegistrationDetails, PostureTenant.Compliant("userRegistrationDetails.json"))
                .Serve(PostureTenant.DeviceRegistrationPolicy, PostureTenant.Compliant("deviceRegistrationPolicy.json"))
                .Serve(
                    PostureTenant.OnPremisesSynchronization,
                    PostureTenant.Compliant("onPremisesSynchronization.json")
                )
                .Serve(PostureTenant.AppRoleAssignedTo, PostureTenant.Compliant("appRoleAssignedTo.json"))
                .Serve(
                    PostureTenant.DefaultAppManagementPolicy,
                    PostureTenant.Compliant("defaultAppManagementPolicy.json")
                )
                .Serve(PostureTenant.PermissionGrants, PostureTenant.Compliant("oauth2PermissionGrants.json"))
                .ServeBeta(
                    PostureTenant.AuthenticationMethodsPolicy,
                    PostureTenant.Compliant("authenticationMethodsPolicy-beta.json")
                )
                .ServeBeta(PostureTenant.LicenseInsight, PostureTenant.Compliant("azureADPremiumLicenseInsight.json"))
                .Serve(PostureTenant.AccessPackageCatalogs, PostureTenant.Compliant("accessPackageCatalogs.json"))
                .Serve(PostureTenant.AccessPackages, PostureTenant.Compliant("accessPackages.json"))
                .Serve(
                    PostureTenant.AccessPackagePolicies,
                    PostureTenant.Compliant("accessPackageAssignmentPolicies.json")
                )
                .ServeBeta(
                    PostureTenant.ConditionalAccess,
                    PostureTenant.Compliant("conditionalAccessPolicies-beta.json")
                )
                .ServeBeta(PostureTenant.RoleManagementAlerts, PostureTenant.Compliant("roleManagementAlerts.json"))
                .Serve(
                    PostureTenant.RoleAssignmentSchedules,
                    Without("roleAssignmentSchedules.json", "IT Admin", "Megan Bowen")
                )
                .Serve(
                    PostureTenant.Applications,
                    PostureTenant.Edited("applications.json", app => app["passwordCredentials"] = new JsonArray())
                )
                .Serve(
                    PostureTenant.ServicePrincipals,
                    PostureTenant.Collection(
                        new[] { "servicePrincipals-1.json", "servicePrincipals-2.json" }
                            .SelectMany(file =>
                                JsonNode.Parse(PostureTenant.Sample(file))!["value"]!
                                    .AsArray()
                                    .Select(sp => sp!.AsObject().DeepClone().AsObject())
                            )
                            .Select(sp =>
                            {
                                var kept =
                                    sp["preferredSingleSignOnMode"]?.GetValue<string>() == "saml"
                                    || sp["servicePrincipalType"]!.GetValue<string>() == "ManagedIdentity";
                                sp["appRoleAssignmentRequired"] = true;
                                if (!kept)
                                {
                                    sp["passwordCredentials"] = new JsonArray();
                                    sp["keyCredentials"] = new JsonArray();
                                }
                                return sp;
                            })
                            .ToArray()
                    )
                );

            var report = await RunAsync();

            // The tenant holds Entra ID P2, where Conditional Access takes the place of security defaults (EGP095).
            Assert.All(
                report.Results.Where(r => r.CheckId != "EGP095"),
                r => Assert.True(r.Result == PostureStatus.Passed, $"{r.CheckId}: {r.Reason}")
            );
            Assert.Equal(PostureStatus.NotApplicable, report.Results.Single(r => r.CheckId == "EGP095").Result);
            // Its policies name the break-glass users and two protected groups, each looked up once.
            // Two more read the access packages' approvers by id.
            Assert.Equal(37, _standIn.Requests.Count);
        }

        [Fact]
        public async Task A_refused_catalogs_read_skips_only_the_checks_that_judge_catalogs()
        {
            _tenant
                .ServeFabrikam()
                .Refuse(
                    PostureTenant.AccessPackageCatalogs,
                    403,
                    "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation."
                );

            var report = await RunAsync("EGP110", "EGP111", "EGP112", "EGP113");

            Assert.Equal(
                new[]
                {
                    ("EGP110", PostureStatus.Skipped),
                    ("EGP111", PostureStatus.Failed),
                    ("EGP112", PostureStatus.Skipped),
                    ("EGP113", PostureStatus.Failed),
                },
                Verdicts(report)
            );
            Assert.Contains("EntitlementManagement.Read.All", report.Results.Single(r => r.CheckId == "EGP112").Reason);
            // Without the catalogs' groups the lookup still carries the packages' and the approving ones.
            Assert.Contains(
                "7a1e0000-0000-4000-8000-0000000000a3",
                _standIn.RequestsTo(PostureTenant.DirectoryObjects).Single().Body
            );
        }

        [Fact]
        public async Task A_refused_MFA_registration_report_skips_only_the_owner_check()
        {
            _tenant
                .ServeFabrikam()
                .Refuse(
                    PostureTenant.UserRegistrationDetails,
                    403,
                    "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                    "Neither tenant is B2C or tenant doesn't have premium license"
                );

            var report = await RunAsync("EGP067", "EGP088");

            Assert.Equal(
                new[] { ("EGP067", PostureStatus.Skipped), ("EGP088", PostureStatus.Failed) },
                Verdicts(report)
            );
            var skipped = report.Results.Single(r => r.CheckId == "EGP067").Reason;
            Assert.StartsWith(
                "skipped: could not read reports/authenticationMethods/userRegistrationDetails: ",
                skipped
            );
            Assert.Contains("AuditLog.Read.All", skipped);
            var lookup = _standIn.RequestsTo(PostureTenant.Groups).Single();
            Assert.Equal("id,displayName,isAssignableToRole,isManagementRestricted", lookup.Query["$select"]);
        }

        [Fact]
        public async Task Agent_policies_and_pim_alerts_come_from_beta_and_a_refusal_skips_only_its_check()
        {
            _tenant
                .ServeFabrikam()
                .RefuseBeta(
                    PostureTenant.RoleManagementAlerts,
                    403,
                    "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation."
                );

            var report = await RunAsync("EGP039", "EGP068", "EGP069");

            Assert.Equal(
                new[]
                {
                    ("EGP039", PostureStatus.Failed),
                    ("EGP068", PostureStatus.Failed),
                    ("EGP069", PostureStatus.Skipped),
                },
                Verdicts(report)
            );
            var skipped = report.Results.Single(r => r.CheckId == "EGP069").Reason;
            Assert.StartsWith("skipped: could not read beta/identityGovernance/roleManagementAlerts/alerts: ", skipped);
            Assert.Contains("RoleManagementAlert.Read.Directory", skipped);
            var alerts = _standIn.RequestsTo(PostureTenant.RoleManagementAlerts, PostureTenant.Beta).Single();
            Assert.Equal("scopeId eq '/' and scopeType eq 'DirectoryRole'", alerts.Query["$filter"]);
            Assert.Equal("alertIncidents", alerts.Query["$expand"]);
            // EGP039 judges the v1.0 policies; EGP068 reads them once more from beta, for the agent conditions.
            Assert.Single(_standIn.RequestsTo(PostureTenant.ConditionalAccess));
            var beta = _standIn.RequestsTo(PostureTenant.ConditionalAccess, PostureTenant.Beta).Single();
            Assert.Equal("id,displayName,state,conditions,grantControls", beta.Query["$select"]);
            Assert.Equal(
                "'CA020 Block high-risk agents (pilot agent only)' (enabled) blocks high-risk agents but names only "
                    + "some agent identities",
                report.Results.Single(r => r.CheckId == "EGP068").Findings.Single().Detail
            );
        }

        [Fact]
        public async Task Without_the_agent_check_the_policies_are_not_read_from_beta()
        {
            _tenant.ServeFabrikam();

            await RunAsync("EGP039");

            // The licences and the v1.0 policies only.
            Assert.Equal(
                new[] { PostureTenant.SubscribedSkus, PostureTenant.ConditionalAccess }.Select(p =>
                    GraphStandIn.Version + p
                ),
                _standIn.Requests.Select(r => r.Path).OrderByDescending(p => p, StringComparer.Ordinal)
            );
        }

        [Fact]
        public async Task The_beta_reads_go_to_beta_and_a_refusal_skips_only_their_checks()
        {
            _tenant
                .ServeFabrikam()
                .RefuseBeta(
                    PostureTenant.LicenseInsight,
                    403,
                    "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation."
                );

            var report = await RunAsync("EGP022", "EGP107", "EGP108");

            Assert.Equal(
                new[]
                {
                    ("EGP022", PostureStatus.Passed),
                    ("EGP107", PostureStatus.Failed),
                    ("EGP108", PostureStatus.Skipped),
                },
                Verdicts(report)
            );
            var skipped = report.Results.Single(r => r.CheckId == "EGP108").Reason;
            Assert.StartsWith("skipped: could not read beta/reports/azureADPremiumLicenseInsight: ", skipped);
            Assert.Contains("Reports.Read.All", skipped);
            var beta = _standIn.RequestsTo(PostureTenant.AuthenticationMethodsPolicy, PostureTenant.Beta).Single();
            Assert.Equal("reportSuspiciousActivitySettings", beta.Query["$select"]);
            Assert.Equal("Bearer " + _token, beta.Header("Authorization"));
            var reporting = report.Results.Single(r => r.CheckId == "EGP107");
            Assert.Equal(
                "beta/policies/authenticationMethodsPolicy: reportSuspiciousActivitySettings.state = default",
                reporting.Evidence[0]
            );
            Assert.Equal(
                "users cannot report a suspicious MFA prompt (reportSuspiciousActivitySettings.state = default)",
                reporting.Findings.Single().Detail
            );
            // v1.0 still serves the methods policy to EGP022, in its own request.
            Assert.Single(_standIn.RequestsTo(PostureTenant.AuthenticationMethodsPolicy));
        }

        [Fact]
        public async Task A_weakened_tenant_fails_the_checks_the_sample_passes()
        {
            _tenant
                .ServeFabrikam()
                .Serve(
                    PostureTenant.ConditionalAccess,
                    PostureTenant.Edited(
                        "conditionalAccessPolicies.json",
                        policy =>
                        {
                            var name = policy["displayName"]!.GetValue<string>();
                            if (name.StartsWith("CA003", StringComparison.Ordinal))
                                policy["state"] = "enabledForReportingButNotEnforced";
                            if (name.StartsWith("CA005", StringComparison.Ordinal))
                                policy["grantControls"]!["builtInControls"] = new JsonArray("mfa");
                        }
                    )
                )
                .Serve(
                    PostureTenant.AuthorizationPolicy,
                    PostureTenant
                        .Sample("authorizationPolicy.json")
                        .Replace("microsoft-user-default-low", "microsoft-user-default-legacy")
                )
                .Serve(
                    PostureTenant.RoleEligibilitySchedules,
                    PostureTenant.Collection(
                        JsonNode.Parse(PostureTenant.Sample("roleEligibilitySchedules.json"))!["value"]!
                            .AsArray()
                            .Select(e => e!.AsObject().DeepClone().AsObject())
                            .Concat(
                                new[]
                                {
                                    Holder("1a2b3c4d-0003-4000-8000-000000000003"),
                                    Holder("1a2b3c4d-0004-4000-8000-000000000004"),
                                }
                            )
                            .ToArray()
                    )
                );
            var first = JsonNode
                .Parse(
                    PostureTenant
                        .Sample("servicePrincipals-1.json")
                        .Replace("https://graph.microsoft.com/v1.0", _standIn.BaseUrl)
                )!
                .AsObject();
            var exchange = first["value"]!
                .AsArray()
                .Single(sp => sp!["displayName"]!.GetValue<string>() == "Office 365 Exchange Online")!;
            exchange["keyCredentials"] = new JsonArray(
                new JsonObject
                {
                    ["keyId"] = "4b1d0c1e-0000-4000-8000-00000000e0e0",
                    ["displayName"] = "CN=hybrid",
                    ["type"] = "AsymmetricX509Cert",
                    ["usage"] = "Verify",
                    ["startDateTime"] = "2026-11-14T01:00:00Z",
                    ["endDateTime"] = "2027-11-14T01:00:00Z",
                }
            );
            var second = PostureTenant.Sample("servicePrincipals-2.json");
            _standIn.On(
                "GET",
                PostureTenant.ServicePrincipals,
                (context, request) =>
                    GraphStandIn.Json(context, request.Query.ContainsKey("$skiptoken") ? second : first.ToJsonString())
            );

            var report = await RunAsync("EGP003", "EGP005", "EGP007", "EGP009", "EGP013");

            Assert.All(report.Results, r => Assert.True(r.Result == PostureStatus.Failed, $"{r.CheckId}: {r.Reason}"));
            Assert.Equal(
                "the number of Global Administrators is out of bounds: 6 principals hold Global Administrator, "
                    + "more than the 4 allowed",
                report.Results.Single(r => r.CheckId == "EGP007").Reason
            );
        }

        [Fact]
        public async Task A_weakened_tenant_fails_the_setting_checks_the_sample_passes()
        {
            var authorization = JsonNode.Parse(PostureTenant.Sample("authorizationPolicy.json"))!.AsObject();
            authorization["defaultUserRolePermissions"]!["allowedToCreateTenants"] = true;
            authorization["guestUserRoleId"] = "a0b1b346-4d3e-4e8b-98f8-753987be4970";
            var methods = JsonNode.Parse(PostureTenant.Sample("authenticationMethodsPolicy.json"))!.AsObject();
            var authenticator = methods["authenticationMethodConfigurations"]!
                .AsArray()
                .Single(m => m!["id"]!.GetValue<string>() == "MicrosoftAuthenticator")!;
            authenticator["featureSettings"]!["displayLocationInformationRequiredState"]!["state"] = "default";
            _tenant
                .ServeFabrikam()
                .Serve(PostureTenant.AuthorizationPolicy, authorization.ToJsonString())
                .Serve(PostureTenant.AuthenticationMethodsPolicy, methods.ToJsonString())
                .Serve(
                    PostureTenant.Domains,
                    PostureTenant.Edited("domains.json", domain => domain["passwordValidityPeriodInDays"] = 90)
                );

            var report = await RunAsync("EGP015", "EGP018", "EGP022", "EGP024");

            Assert.All(report.Results, r => Assert.True(r.Result == PostureStatus.Failed, $"{r.CheckId}: {r.Reason}"));
            Assert.Equal(
                "passwords expire on a schedule: passwords of fabrikam.com expire after 90 days; "
                    + "passwords of fabrikam.onmicrosoft.com expire after 90 days",
                report.Results[3].Reason
            );
            Assert.Equal(3, _standIn.Requests.Count);
        }

        [Fact]
        public async Task An_unreadable_or_unrecognised_setting_is_skipped_never_passed()
        {
            _tenant
                .ServeFabrikam()
                .Refuse(
                    PostureTenant.AuthenticationMethodsPolicy,
                    403,
                    "Authorization_RequestDenied",
                    "Insufficient privileges."
                )
                .Serve(
                    PostureTenant.AuthorizationPolicy,
                    PostureTenant
                        .Sample("authorizationPolicy.json")
                        .Replace("\"everyone\"", "\"someNewSetting\"")
                        .Replace("\"allowedToCreateTenants\": false,", "")
                )
                .Serve(
                    PostureTenant.Domains,
                    PostureTenant.Collection(new JsonObject { ["id"] = "fabrikam.com", ["isVerified"] = true })
                );

            var report = await RunAsync("EGP015", "EGP019", "EGP020", "EGP024");

            Assert.All(report.Results, r => Assert.True(r.Result == PostureStatus.Skipped, $"{r.CheckId}: {r.Reason}"));
            Assert.Equal(
                "skipped: policies/authorizationPolicy did not return "
                    + "defaultUserRolePermissions.allowedToCreateTenants",
                report.Results[0].Reason
            );
            Assert.Equal(
                "skipped: allowInvitesFrom = someNewSetting is a value EntraGuard does not judge; review it",
                report.Results[1].Reason
            );
            Assert.StartsWith(
                "skipped: could not read policies/authenticationMethodsPolicy: Graph denied access",
                report.Results[2].Reason
            );
            Assert.EndsWith("This needs Policy.Read.All.", report.Results[2].Reason);
        }

        [Fact]
        public async Task The_role_definitions_are_read_once_and_name_the_deleted_role_a_policy_includes()
        {
            _tenant.ServeFabrikam();

            var report = await RunAsync("EGP062");

            var read = Assert.Single(_standIn.RequestsTo(PostureTenant.RoleDefinitions));
            Assert.Equal("id,templateId,displayName", read.Query["$select"]);
            var role = report.Results.Single().Findings.Single(f => f.TargetType == "role");
            Assert.Equal(
                "role 7c1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a01 no longer exists but is still named by "
                    + "'CA001 Require MFA for administrators' (include)",
                role.Detail
            );
        }

        [Fact]
        public async Task A_refused_directory_lookup_skips_only_the_deleted_object_checks()
        {
            _tenant.ServeFabrikam();
            _standIn.On(
                "POST",
                PostureTenant.DirectoryObjects,
                (context, _) =>
                    GraphStandIn.Error(context, 403, "Authorization_RequestDenied", "Insufficient privileges.")
            );

            var report = await RunAsync("EGP002", "EGP062", "EGP063");

            Assert.Equal(PostureStatus.Failed, report.Results[0].Result);
            foreach (var lookup in report.Results.Skip(1))
            {
                Assert.Equal(PostureStatus.Skipped, lookup.Result);
                Assert.StartsWith(
                    "skipped: could not read directoryObjects/getByIds: Graph denied access",
                    lookup.Reason
                );
                Assert.EndsWith("This needs Directory.Read.All.", lookup.Reason);
            }
            Assert.Single(_standIn.RequestsTo(PostureTenant.DirectoryObjects));
        }

        [Fact]
        public async Task Without_p2_the_risk_and_pim_checks_do_not_apply_and_roles_are_read_per_role()
        {
            ServeFabrikamWithoutP2();
            _standIn.On(
                "GET",
                PostureTenant.RoleAssignments,
                (context, request) =>
                    GraphStandIn.Json(
                        context,
                        request.Query["$filter"] == $"roleDefinitionId eq '{GlobalAdministrator}'"
                            ? PostureTenant.Collection(
                                Holder(BreakGlass1),
                                Holder(BreakGlass2),
                                Holder("1a2b3c4d-0001-4000-8000-000000000001")
                            )
                            : PostureTenant.Collection()
                    )
            );

            var report = await RunAsync("EGP004", "EGP005", "EGP006", "EGP007", "EGP028", "EGP029");

            Assert.Equal(
                new[]
                {
                    ("EGP004", PostureStatus.NotApplicable),
                    ("EGP005", PostureStatus.NotApplicable),
                    ("EGP006", PostureStatus.NotApplicable),
                    ("EGP007", PostureStatus.Passed),
                    ("EGP028", PostureStatus.NotApplicable),
                    ("EGP029", PostureStatus.NotApplicable),
                },
                Verdicts(report)
            );
            Assert.Equal(
                "not applicable: no Microsoft Entra ID P2 licence, which risk-based Conditional Access needs",
                report.Results[0].Reason
            );
            Assert.Equal(
                new[] { "/v1.0/subscribedSkus", "/v1.0/roleManagement/directory/roleAssignments" },
                _standIn.Requests.Select(r => r.Path)
            );
            Assert.Equal("principal", _standIn.Requests[1].Query["$expand"]);
        }

        [Fact]
        public async Task Without_pim_a_check_of_every_role_reads_every_assignment_in_one_request()
        {
            ServeFabrikamWithoutP2();
            _standIn.On(
                "GET",
                PostureTenant.RoleAssignments,
                (context, request) =>
                    GraphStandIn.Json(
                        context,
                        request.Query.ContainsKey("$filter")
                            ? PostureTenant.Collection()
                            : PostureTenant.Collection(
                                Holder("1a2b3c4d-0001-4000-8000-000000000001"),
                                Holder("1a2b3c4d-0003-4000-8000-000000000003")
                            )
                    )
            );

            var report = await RunAsync("EGP081");

            Assert.Equal(new[] { ("EGP081", PostureStatus.Failed) }, Verdicts(report));
            Assert.StartsWith("Megan Bowen", report.Results[0].Findings.Single().Detail);
            var assignments = Assert.Single(_standIn.RequestsTo(PostureTenant.RoleAssignments));
            Assert.False(assignments.Query.ContainsKey("$filter"));
            var users = Assert.Single(_standIn.RequestsTo(PostureTenant.Users));
            Assert.Equal(
                "id in ('1a2b3c4d-0001-4000-8000-000000000001', '1a2b3c4d-0003-4000-8000-000000000003')",
                users.Query["$filter"]
            );
        }

        [Fact]
        public async Task A_missing_permission_skips_only_the_checks_that_need_it()
        {
            _tenant
                .ServeFabrikam()
                .Refuse(
                    PostureTenant.ServicePrincipals,
                    403,
                    "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation."
                );

            var report = await RunAsync("EGP008", "EGP010", "EGP013");

            Assert.Equal(
                new[]
                {
                    ("EGP008", PostureStatus.Failed),
                    ("EGP010", PostureStatus.Skipped),
                    ("EGP013", PostureStatus.Skipped),
                },
                Verdicts(report)
            );
            Assert.StartsWith(
                "skipped: could not read servicePrincipals: Graph denied access while reading servicePrincipals (403 "
                    + "Authorization_RequestDenied): Insufficient privileges to complete the operation.",
                report.Results[1].Reason
            );
            Assert.EndsWith("This needs Application.Read.All.", report.Results[1].Reason);
        }

        [Fact]
        public async Task Sign_in_activity_refused_skips_only_the_stale_account_check()
        {
            _tenant.ServeFabrikam();
            // Without AuditLog.Read.All Graph refuses the users read that selects signInActivity, and only that one.
            _standIn.On(
                "GET",
                PostureTenant.Users,
                (context, request) =>
                    request.Query["$select"].Contains("signInActivity")
                        ? GraphStandIn.Error(
                            context,
                            403,
                            "Authorization_RequestDenied",
                            "Insufficient privileges to complete the operation."
                        )
                        : GraphStandIn.Json(context, PostureTenant.Sample("users.json"))
            );

            var report = await RunAsync("EGP070", "EGP082");

            Assert.Equal(
                new[] { ("EGP070", PostureStatus.Passed), ("EGP082", PostureStatus.Skipped) },
                Verdicts(report)
            );
            Assert.StartsWith("skipped: could not read users: Graph denied access", report.Results[1].Reason);
            Assert.EndsWith("This needs AuditLog.Read.All.", report.Results[1].Reason);
            Assert.Contains(
                _standIn.RequestsTo(PostureTenant.Users),
                r =>
                    r.Query["$select"] == "id,displayName,userPrincipalName,createdDateTime,signInActivity"
                    && r.Query["$filter"].StartsWith("id in (", StringComparison.Ordinal)
            );
        }

        [Fact]
        public async Task An_expired_token_ends_the_run_with_a_sign_in_error()
        {
            _tenant
                .ServeFabrikam()
                .Refuse(
                    PostureTenant.AuthorizationPolicy,
                    401,
                    "InvalidAuthenticationToken",
                    "Access token has expired."
                );

            var error = await Assert.ThrowsAsync<GraphRequestException>(() => RunAsync("EGP008"));

            Assert.Equal(GraphErrorKind.Authentication, error.Kind);
            Assert.DoesNotContain("POSTURE-TOKEN-MARKER", error.Message);
        }

        [Fact]
        public async Task Only_what_the_selected_checks_need_is_requested()
        {
            _tenant.ServeFabrikam();

            var report = await RunAsync("EGP008");

            var request = Assert.Single(_standIn.Requests);
            Assert.Equal(
                "/v1.0/policies/authorizationPolicy?$select=" + PostureDataSource.AuthorizationPolicy.Select,
                Uri.UnescapeDataString(request.PathAndQuery)
            );
            Assert.Equal(PostureStatus.Failed, report.Results.Single().Result);
        }

        [Fact]
        public async Task A_truncated_page_is_asked_again()
        {
            _tenant.ServeFabrikam();
            var applications = PostureTenant.Sample("applications.json");
            _standIn.OnSequence(
                "GET",
                PostureTenant.Applications,
                (context, _) => GraphStandIn.Truncated(context, applications),
                (context, _) => GraphStandIn.Json(context, applications)
            );

            var report = await RunAsync("EGP011");

            Assert.Equal(PostureStatus.Failed, report.Results.Single().Result);
            Assert.Equal(2, _standIn.RequestsTo(PostureTenant.Applications).Count);
        }

        [Fact]
        public async Task A_follow_up_page_keeps_the_prefer_header_so_newer_grant_controls_stay_readable()
        {
            // CA005 answers user risk with riskRemediation, a grant control Graph hides as unknownFutureValue unless
            // the request says Prefer: include-unknown-enum-members; it comes on the second page.
            var policies = JsonNode.Parse(PostureTenant.Sample("conditionalAccessPolicies.json"))!["value"]!.AsArray();
            var riskPolicy = policies
                .Single(p => p!["displayName"]!.GetValue<string>().StartsWith("CA005", StringComparison.Ordinal))!
                .DeepClone()
                .AsObject();
            riskPolicy["grantControls"]!["operator"] = "OR";
            riskPolicy["grantControls"]!["builtInControls"] = new JsonArray("riskRemediation");
            var firstPage = new JsonObject
            {
                ["value"] = new JsonArray(
                    policies
                        .Where(p =>
                            !p!["displayName"]!.GetValue<string>().StartsWith("CA005", StringComparison.Ordinal)
                        )
                        .Select(p => p!.DeepClone())
                        .ToArray()
                ),
                ["@odata.nextLink"] = _standIn.Url(PostureTenant.ConditionalAccess + "?$skiptoken=page2"),
            }.ToJsonString();
            var secondPage = PostureTenant.Collection(riskPolicy);
            _tenant.ServeFabrikam();
            _standIn.On(
                "GET",
                PostureTenant.ConditionalAccess,
                (context, request) =>
                {
                    var body = request.Query.ContainsKey("$skiptoken") ? secondPage : firstPage;
                    if (request.Header("Prefer")?.Contains("include-unknown-enum-members") != true)
                        body = body.Replace("riskRemediation", "unknownFutureValue");
                    return GraphStandIn.Json(context, body);
                }
            );

            var report = await RunAsync("EGP005");

            var requests = _standIn.RequestsTo(PostureTenant.ConditionalAccess);
            Assert.Equal(2, requests.Count);
            Assert.All(requests, r => Assert.Equal("include-unknown-enum-members", r.Header("Prefer")));
            Assert.Equal(PostureStatus.Passed, report.Results.Single().Result);
        }

        [Fact]
        public async Task A_part_of_the_wrong_shape_skips_its_checks_at_once_and_the_others_report()
        {
            var clock = new ManualWaitClock();
            _tenant
                .ServeFabrikam()
                .Serve(
                    PostureTenant.SecurityDefaults,
                    """{"id":"00000000-0000-0000-0000-000000000000","isEnabled":null}"""
                )
                .Serve(PostureTenant.Domains, """{"value":{"id":"fabrikam.com"}}""");

            var report = await RunAsync(clock, "EGP001", "EGP003", "EGP008", "EGP024");

            Assert.Equal(
                new[]
                {
                    ("EGP001", PostureStatus.Skipped),
                    ("EGP003", PostureStatus.Passed),
                    ("EGP008", PostureStatus.Failed),
                    ("EGP024", PostureStatus.Skipped),
                },
                Verdicts(report)
            );
            Assert.Contains(
                "whether security defaults are on is unknown (Graph's response has an unexpected shape while reading "
                    + "policies/identitySecurityDefaultsEnforcementPolicy: identitySecurityDefaultsEnforcementPolicy: "
                    + "the response has no isEnabled.)",
                report.Results[0].Reason
            );
            Assert.Equal(
                "skipped: could not read domains: Graph's response has an unexpected shape while reading domains: "
                    + "domains: the response has no 'value' list.",
                report.Results[3].Reason
            );
            Assert.Single(_standIn.RequestsTo(PostureTenant.SecurityDefaults));
            Assert.Single(_standIn.RequestsTo(PostureTenant.Domains));
            Assert.Empty(clock.Waits);
        }

        [Fact]
        public async Task A_body_that_never_parses_is_asked_again_then_skips_only_its_checks()
        {
            _tenant.ServeFabrikam().Serve(PostureTenant.Domains, "<html>gateway error</html>");

            var report = await RunAsync("EGP008", "EGP024");

            Assert.Equal(
                new[] { ("EGP008", PostureStatus.Failed), ("EGP024", PostureStatus.Skipped) },
                Verdicts(report)
            );
            Assert.StartsWith(
                "skipped: could not read domains: Graph's response was cut short or malformed while reading domains: "
                    + "domains: the response is not JSON",
                report.Results[1].Reason
            );
            Assert.Equal(TestConnections.Fast().PageAttempts, _standIn.RequestsTo(PostureTenant.Domains).Count);
        }

        [Fact]
        public async Task A_server_fault_on_one_endpoint_skips_its_checks_after_the_sdk_retries_alone()
        {
            var clock = new ManualWaitClock();
            _tenant.ServeFabrikam();
            _standIn.On("GET", PostureTenant.AuthenticationMethodsPolicy, GraphStandIn.Status(503));

            var report = await RunAsync(clock, "EGP008", "EGP020", "EGP021");

            Assert.Equal(
                new[]
                {
                    ("EGP008", PostureStatus.Failed),
                    ("EGP020", PostureStatus.Skipped),
                    ("EGP021", PostureStatus.Skipped),
                },
                Verdicts(report)
            );
            Assert.StartsWith(
                "skipped: could not read policies/authenticationMethodsPolicy: Graph kept answering 503",
                report.Results[1].Reason
            );
            // The SDK's retry handler asks twice more (Fast: MaxRetries 2); the page reader adds no rounds of its own.
            Assert.Equal(3, _standIn.RequestsTo(PostureTenant.AuthenticationMethodsPolicy).Count);
            Assert.Empty(clock.Waits);
        }

        /// <summary>The sample as a tenant with Entra ID P1 and no P2: PIM's schedules refused as Graph refuses
        /// them.</summary>
        private void ServeFabrikamWithoutP2()
        {
            _tenant
                .ServeFabrikam()
                .Serve(
                    PostureTenant.SubscribedSkus,
                    PostureTenant.Edited(
                        "subscribedSkus.json",
                        sku =>
                        {
                            var plans = sku["servicePlans"]!.AsArray();
                            foreach (
                                var plan in plans
                                    .Where(p => p!["servicePlanName"]!.GetValue<string>() == "AAD_PREMIUM_P2")
                                    .ToArray()
                            )
                                plans.Remove(plan);
                        }
                    )
                )
                .Refuse(
                    PostureTenant.RoleAssignmentSchedules,
                    400,
                    "AadPremiumLicenseRequired",
                    "The tenant needs an AAD Premium 2 license."
                )
                .Refuse(
                    PostureTenant.RoleEligibilitySchedules,
                    400,
                    "AadPremiumLicenseRequired",
                    "The tenant needs an AAD Premium 2 license."
                );
        }

        private static JsonObject Holder(string userId) =>
            new()
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["principalId"] = userId,
                ["roleDefinitionId"] = GlobalAdministrator,
                ["directoryScopeId"] = "/",
                ["principal"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = userId },
            };

        /// <summary>The sample's schedules without those of the named principals.</summary>
        private static string Without(string file, params string[] principals) =>
            PostureTenant.Collection(
                JsonNode.Parse(PostureTenant.Sample(file))!["value"]!
                    .AsArray()
                    .Where(s => !principals.Contains(s!["principal"]!["displayName"]!.GetValue<string>()))
                    .Select(s => s!.AsObject().DeepClone().AsObject())
                    .ToArray()
            );
    }
}

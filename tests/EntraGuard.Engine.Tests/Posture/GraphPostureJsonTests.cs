using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using EntraGuard.Posture;

namespace EntraGuard.Tests.Posture
{
    /// <summary>Graph's v1.0 responses (the Fabrikam sample in samples/posture) read into the snapshot and
    /// judged.</summary>
    public sealed class GraphPostureJsonTests
    {
        private static readonly string Folder = Path.Combine(TestFiles.RepositoryRoot, "samples", "posture");
        private static readonly DateTimeOffset SampleNow = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);

        private static T Read<T>(string file, Func<Stream, T> parse)
        {
            using var stream = File.OpenRead(Path.Combine(Folder, file));
            return parse(stream);
        }

        private static T ReadText<T>(string json, Func<Stream, T> parse) =>
            parse(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        /// <summary>The sample tenant as the Graph source would assemble it.</summary>
        internal static TenantSnapshot Fabrikam() =>
            new()
            {
                TenantId = Read("organization.json", GraphPostureJson.ReadOrganization).Id,
                OnPremisesSyncEnabled = Read(
                    "organization.json",
                    GraphPostureJson.ReadOrganization
                ).OnPremisesSyncEnabled,
                SubscribedSkus = Read("subscribedSkus.json", GraphPostureJson.ReadSubscribedSkus).Items,
                SecurityDefaultsEnabled = Read(
                    "identitySecurityDefaultsEnforcementPolicy.json",
                    GraphPostureJson.ReadSecurityDefaultsEnabled
                ),
                ConditionalAccessPolicies = Read(
                    "conditionalAccessPolicies.json",
                    GraphPostureJson.ReadConditionalAccessPolicies
                ).Items,
                AuthorizationPolicy = Read("authorizationPolicy.json", GraphPostureJson.ReadAuthorizationPolicy),
                ActiveRoleAssignments = Read(
                    "roleAssignmentSchedules.json",
                    GraphPostureJson.ReadRoleAssignmentSchedules
                ).Items,
                EligibleRoleAssignments = Read(
                    "roleEligibilitySchedules.json",
                    GraphPostureJson.ReadRoleEligibilitySchedules
                ).Items,
                Applications = Read("applications.json", GraphPostureJson.ReadApplications).Items,
                ServicePrincipals = Read("servicePrincipals-1.json", GraphPostureJson.ReadServicePrincipals)
                    .Items.Concat(Read("servicePrincipals-2.json", GraphPostureJson.ReadServicePrincipals).Items)
                    .ToArray(),
                AuthenticationMethodsPolicy = Read(
                    "authenticationMethodsPolicy.json",
                    GraphPostureJson.ReadAuthenticationMethodsPolicy
                ),
                AdminConsentRequestPolicy = Read(
                    "adminConsentRequestPolicy.json",
                    GraphPostureJson.ReadAdminConsentRequestPolicy
                ),
                Domains = Read("domains.json", GraphPostureJson.ReadDomains).Items,
                RoleManagementPolicies = Read(
                    "roleManagementPolicyAssignments.json",
                    GraphPostureJson.ReadRoleManagementPolicies
                ).Items,
                GroupSettings = Read("groupSettings.json", GraphPostureJson.ReadGroupSettings).Items,
                PrivilegedUsers = Read("users.json", GraphPostureJson.ReadUsers).Items,
                GraphPermissions = GraphPermissionsOf(
                    Read("graphServicePrincipal.json", GraphPostureJson.ReadAppRoles),
                    Read("appRoleAssignedTo.json", GraphPostureJson.ReadAppRoleAssignedTo).Items,
                    Read("oauth2PermissionGrants.json", GraphPostureJson.ReadPermissionGrants).Items
                ),
                ExistingObjectIds = Read("directoryObjects.json", GraphPostureJson.ReadObjectIds).Items,
                DeviceRegistrationPolicy = Read(
                    "deviceRegistrationPolicy.json",
                    GraphPostureJson.ReadDeviceRegistrationPolicy
                ),
                OnPremisesSyncFeatures = Read(
                    "onPremisesSynchronization.json",
                    GraphPostureJson.ReadOnPremisesSyncFeatures
                ),
                KrbtgtAccounts = Read("krbtgtUsers.json", GraphPostureJson.ReadDirectoryAccounts).Items,
                RoleDefinitions = Read("roleDefinitions.json", GraphPostureJson.ReadRoleDefinitions).Items,
                PrivilegedSignIns = Read("users.json", GraphPostureJson.ReadSignInActivity).Items,
                DefaultAppManagementPolicy = Read(
                    "defaultAppManagementPolicy.json",
                    GraphPostureJson.ReadDefaultAppManagementPolicy
                ),
                MicrosoftGroups = Read("microsoftGroups.json", GraphPostureJson.ReadGroups).Items,
                DynamicGroups = Read("dynamicGroups.json", GraphPostureJson.ReadGroups).Items,
                ConditionalAccessGroups = Read(
                    "conditionalAccessGroups.json",
                    GraphPostureJson.ReadConditionalAccessGroups
                ).Items,
                UsersWithoutMfa = Read("userRegistrationDetails.json", GraphPostureJson.ReadUserMfaRegistrations).Items,
                SuspiciousActivityReporting = Read(
                    "authenticationMethodsPolicy-beta.json",
                    GraphPostureJson.ReadSuspiciousActivityReporting
                ),
                PremiumLicenseInsight = Read(
                    "azureADPremiumLicenseInsight.json",
                    GraphPostureJson.ReadPremiumLicenseInsight
                ),
                AgentConditionalAccessPolicies = Read(
                    "conditionalAccessPolicies-beta.json",
                    GraphPostureJson.ReadAgentConditionalAccessPolicies
                ).Items,
                RoleManagementAlerts = Read(
                    "roleManagementAlerts.json",
                    GraphPostureJson.ReadRoleManagementAlerts
                ).Items,
                AccessPackageCatalogs = Read(
                    "accessPackageCatalogs.json",
                    GraphPostureJson.ReadAccessPackageCatalogs
                ).Items,
                AccessPackages = Read("accessPackages.json", GraphPostureJson.ReadAccessPackages).Items,
                AccessPackagePolicies = Read(
                    "accessPackageAssignmentPolicies.json",
                    GraphPostureJson.ReadAccessPackagePolicies
                ).Items,
                AccessPackageApprovers = Read("users.json", GraphPostureJson.ReadApproverUsers)
                    .Items.Concat(Read("approverGroups.json", GraphPostureJson.ReadApproverGroups).Items)
                    .ToArray(),
            };

        /// <summary>The application permissions named by the resource's app roles, then the delegated scopes, as
        /// the Graph source joins them.</summary>
        private static GraphPermissionGrant[] GraphPermissionsOf(
            IReadOnlyDictionary<string, string> appRoles,
            IEnumerable<GraphPermissionGrant> assigned,
            IEnumerable<IReadOnlyList<GraphPermissionGrant>> delegated
        ) =>
            assigned
                .Select(a => new GraphPermissionGrant
                {
                    ClientId = a.ClientId,
                    ClientDisplayName = a.ClientDisplayName,
                    Permission = appRoles[a.Permission],
                })
                .Concat(delegated.SelectMany(d => d))
                .ToArray();

        internal static readonly PostureSettings FabrikamSettings = new()
        {
            BreakGlassAccounts = new[]
            {
                new BreakGlassAccount("3f0c8a52-6f1e-4c8e-9a57-1d2b3c4d5e01", "Emergency access 01"),
                new BreakGlassAccount("3f0c8a52-6f1e-4c8e-9a57-1d2b3c4d5e02", "Emergency access 02"),
            },
            // Fabrikam Marketing is meant to be public; All Company is not.
            ApprovedPublicGroups = new[] { "6a0c0000-0000-4000-8000-0000000000c2" },
        };

        /// <summary>What the checks say about the sample tenant, check by check.</summary>
        internal static readonly (string Id, PostureStatus Result, int Findings)[] FabrikamVerdicts =
        {
            ("EGP001", PostureStatus.Failed, 1),
            ("EGP002", PostureStatus.Failed, 1),
            ("EGP003", PostureStatus.Passed, 0),
            ("EGP004", PostureStatus.Failed, 1),
            ("EGP005", PostureStatus.Passed, 0),
            ("EGP006", PostureStatus.Failed, 2),
            ("EGP007", PostureStatus.Passed, 0),
            ("EGP008", PostureStatus.Failed, 1),
            ("EGP009", PostureStatus.Passed, 0),
            ("EGP010", PostureStatus.Failed, 3),
            ("EGP011", PostureStatus.Failed, 1),
            ("EGP012", PostureStatus.Failed, 1),
            ("EGP013", PostureStatus.Passed, 0),
            ("EGP014", PostureStatus.Failed, 1),
            ("EGP015", PostureStatus.Passed, 0),
            ("EGP016", PostureStatus.Failed, 1),
            ("EGP017", PostureStatus.Failed, 1),
            ("EGP018", PostureStatus.Passed, 0),
            ("EGP019", PostureStatus.Failed, 1),
            ("EGP020", PostureStatus.Failed, 2),
            ("EGP021", PostureStatus.Failed, 1),
            ("EGP022", PostureStatus.Passed, 0),
            ("EGP023", PostureStatus.Failed, 1),
            ("EGP024", PostureStatus.Passed, 0),
            ("EGP025", PostureStatus.Failed, 1),
            ("EGP026", PostureStatus.Passed, 0),
            ("EGP027", PostureStatus.Passed, 0),
            ("EGP028", PostureStatus.Failed, 1),
            ("EGP029", PostureStatus.Failed, 15),
            ("EGP030", PostureStatus.Failed, 2),
            ("EGP031", PostureStatus.Failed, 15),
            ("EGP032", PostureStatus.Failed, 15),
            ("EGP033", PostureStatus.Failed, 7),
            ("EGP034", PostureStatus.Failed, 7),
            ("EGP035", PostureStatus.Failed, 7),
            ("EGP036", PostureStatus.Failed, 15),
            ("EGP037", PostureStatus.Failed, 7),
            ("EGP038", PostureStatus.Failed, 7),
            ("EGP039", PostureStatus.Failed, 7),
            ("EGP040", PostureStatus.Passed, 0),
            ("EGP041", PostureStatus.Failed, 2),
            ("EGP042", PostureStatus.Passed, 0),
            ("EGP043", PostureStatus.Passed, 0),
            ("EGP044", PostureStatus.Passed, 0),
            ("EGP045", PostureStatus.Skipped, 0),
            ("EGP046", PostureStatus.Failed, 1),
            ("EGP047", PostureStatus.Passed, 0),
            ("EGP048", PostureStatus.Failed, 1),
            ("EGP049", PostureStatus.Failed, 1),
            ("EGP050", PostureStatus.Passed, 0),
            ("EGP051", PostureStatus.Passed, 0),
            ("EGP052", PostureStatus.Failed, 7),
            ("EGP053", PostureStatus.Failed, 7),
            ("EGP054", PostureStatus.Failed, 7),
            ("EGP055", PostureStatus.Failed, 6),
            ("EGP056", PostureStatus.Failed, 7),
            ("EGP057", PostureStatus.Failed, 2),
            ("EGP058", PostureStatus.Passed, 0),
            ("EGP059", PostureStatus.Passed, 0),
            ("EGP060", PostureStatus.Failed, 7),
            ("EGP061", PostureStatus.Passed, 0),
            ("EGP062", PostureStatus.Failed, 2),
            ("EGP063", PostureStatus.Passed, 0),
            ("EGP064", PostureStatus.Failed, 7),
            ("EGP065", PostureStatus.Failed, 7),
            ("EGP066", PostureStatus.Passed, 0),
            ("EGP067", PostureStatus.Failed, 1),
            ("EGP068", PostureStatus.Failed, 1),
            ("EGP069", PostureStatus.Failed, 1),
            ("EGP070", PostureStatus.Passed, 0),
            ("EGP071", PostureStatus.Failed, 1),
            ("EGP072", PostureStatus.Passed, 0),
            ("EGP073", PostureStatus.Failed, 2),
            ("EGP074", PostureStatus.Failed, 1),
            ("EGP075", PostureStatus.Passed, 0),
            ("EGP076", PostureStatus.Failed, 1),
            ("EGP077", PostureStatus.Failed, 2),
            ("EGP078", PostureStatus.Failed, 3),
            ("EGP079", PostureStatus.Failed, 1),
            ("EGP080", PostureStatus.Failed, 1),
            ("EGP081", PostureStatus.Failed, 1),
            ("EGP082", PostureStatus.Failed, 1),
            ("EGP083", PostureStatus.Failed, 1),
            ("EGP084", PostureStatus.Passed, 0),
            ("EGP085", PostureStatus.Failed, 5),
            ("EGP086", PostureStatus.Failed, 1),
            ("EGP087", PostureStatus.Failed, 1),
            ("EGP088", PostureStatus.Failed, 1),
            ("EGP090", PostureStatus.Failed, 1),
            ("EGP091", PostureStatus.Failed, 1),
            ("EGP092", PostureStatus.Failed, 1),
            ("EGP093", PostureStatus.Failed, 1),
            ("EGP094", PostureStatus.Passed, 0),
            ("EGP095", PostureStatus.NotApplicable, 0),
            ("EGP096", PostureStatus.Failed, 2),
            ("EGP097", PostureStatus.Failed, 2),
            ("EGP098", PostureStatus.Failed, 1),
            ("EGP103", PostureStatus.Failed, 1),
            ("EGP104", PostureStatus.Failed, 1),
            ("EGP105", PostureStatus.Passed, 0),
            ("EGP106", PostureStatus.Failed, 1),
            ("EGP107", PostureStatus.Failed, 1),
            ("EGP108", PostureStatus.Failed, 1),
            ("EGP110", PostureStatus.Failed, 1),
            ("EGP111", PostureStatus.Failed, 3),
            ("EGP112", PostureStatus.Failed, 1),
            ("EGP113", PostureStatus.Failed, 1),
        };

        [Fact]
        public void The_sample_tenant_is_judged_check_by_check()
        {
            var report = PostureEvaluator.Evaluate(Fabrikam(), FabrikamSettings, PostureCatalog.All, SampleNow);

            Assert.Equal(FabrikamVerdicts, report.Results.Select(r => (r.CheckId, r.Result, r.Findings.Count)));
            var byId = report.Results.ToDictionary(r => r.CheckId);
            Assert.Equal("729827e3-9c14-49f7-bb1b-9608f156bbb8", byId["EGP001"].Findings.Single().TargetId);
            Assert.Contains(
                byId["EGP001"].Evidence,
                line =>
                    line.Contains("'CA002 Require MFA for all users' (enabledForReportingButNotEnforced)")
                    && line.EndsWith("report-only, not enforced")
            );
            Assert.Equal(new[] { "IT Admin", "Megan Bowen" }, byId["EGP006"].Findings.Select(f => f.TargetName));
            Assert.Equal(
                new[] { "Payroll-Sync/sync", "Expense-Portal/prod", "Backup-Helper/helper" },
                byId["EGP010"].Findings.Select(f => $"{f.TargetName}/{f.Detail.Split('\'')[3]}")
            );
            Assert.Equal("HR-Connector", byId["EGP012"].Findings.Single().TargetName);
            Assert.Equal("Mail-Relay", byId["EGP014"].Findings.Single().TargetName);
            Assert.Equal("Megan Bowen", byId["EGP071"].Findings.Single().TargetName);
            Assert.Equal("grace.admin@fabrikam.example", byId["EGP069"].Findings.Single().TargetName);
            Assert.Equal("c0a00020-0000-4000-8000-000000000020", byId["EGP068"].Findings.Single().TargetId);
            Assert.Equal(new[] { "IT Admin", "Megan Bowen" }, byId["EGP073"].Findings.Select(f => f.TargetName));
            Assert.Empty(report.Warnings);
        }

        [Fact]
        public void Without_the_break_glass_settings_their_exclusions_are_gaps()
        {
            var result = PostureEvaluator
                .Evaluate(
                    Fabrikam(),
                    PostureSettings.Default,
                    PostureCatalog.Select(new[] { "EGP003", "EGP006" }),
                    SampleNow
                )
                .Results;

            Assert.Equal(
                new[] { "3f0c8a52-6f1e-4c8e-9a57-1d2b3c4d5e01", "3f0c8a52-6f1e-4c8e-9a57-1d2b3c4d5e02" },
                result[0].Findings.Select(f => f.TargetId)
            );
            Assert.Equal(4, result[1].Findings.Count);
        }

        [Fact]
        public void Schedules_give_principal_kind_activation_and_end()
        {
            var active = Read("roleAssignmentSchedules.json", GraphPostureJson.ReadRoleAssignmentSchedules).Items;

            var grace = active.Single(a => a.PrincipalDisplayName == "Grace Admin");
            Assert.True(grace.IsActivation);
            Assert.Equal(new DateTimeOffset(2026, 11, 15, 2, 0, 0, TimeSpan.Zero), grace.EndDateTime);
            var backup = active.Single(a => a.PrincipalDisplayName == "Backup-Agent");
            Assert.Equal(
                ("servicePrincipal", true, false),
                (backup.PrincipalType, backup.IsPermanent, backup.IsActivation)
            );
            Assert.All(
                Read("roleEligibilitySchedules.json", GraphPostureJson.ReadRoleEligibilitySchedules).Items,
                e => Assert.Equal(RoleAssignmentKind.Eligible, e.Kind)
            );
        }

        [Fact]
        public void A_duration_schedule_ends_that_long_after_its_start()
        {
            var page = ReadText(
                """{"value":[{"principalId":"p","roleDefinitionId":"r","scheduleInfo":{"startDateTime":"2026-11-14T08:00:00Z","expiration":{"type":"afterDuration","duration":"PT8H"}}}]}""",
                GraphPostureJson.ReadRoleAssignmentSchedules
            );

            Assert.Equal(new DateTimeOffset(2026, 11, 14, 16, 0, 0, TimeSpan.Zero), page.Items.Single().EndDateTime);
        }

        [Fact]
        public void Credentials_keep_dates_and_usage_and_never_the_secret()
        {
            var principals = Read("servicePrincipals-2.json", GraphPostureJson.ReadServicePrincipals).Items;
            var salesforce = principals.Single(p => p.DisplayName == "Salesforce");

            Assert.True(salesforce.UsesSamlSignOn);
            Assert.Equal(
                new[] { "Secret/", "Certificate/Sign", "Certificate/Verify" },
                salesforce.Credentials.Select(c => $"{c.Type}/{c.Usage}")
            );
            Assert.Equal(TimeSpan.FromDays(1096), salesforce.Credentials[0].Lifetime);
            Assert.True(principals.Single(p => p.DisplayName == "fab-automation").IsManagedIdentity);
            Assert.Equal(
                typeof(AppCredential).GetProperties().Select(p => p.Name).OrderBy(n => n),
                new[] { "DisplayName", "EndDateTime", "KeyId", "Lifetime", "StartDateTime", "Type", "Usage" }
            );
        }

        [Fact]
        public void Pages_carry_the_next_link_exactly_as_given()
        {
            var first = Read("servicePrincipals-1.json", GraphPostureJson.ReadServicePrincipals);

            Assert.Equal(5, first.Items.Count);
            Assert.StartsWith("https://graph.microsoft.com/v1.0/servicePrincipals?$select=id,appId,", first.NextLink);
            Assert.Null(Read("servicePrincipals-2.json", GraphPostureJson.ReadServicePrincipals).NextLink);
        }

        [Fact]
        public void Conditional_access_values_newer_than_the_sdk_are_kept()
        {
            var json = """
                {"value":[{"id":"p1","displayName":"User risk remediation","state":"enabled",
                  "conditions":{"userRiskLevels":["high"],"clientAppTypes":["all"],"insiderRiskLevels":"elevated",
                    "users":{"includeUsers":["All"],"excludeGuestsOrExternalUsers":{"guestOrExternalUserTypes":"internalGuest,b2bCollaborationGuest"}},
                    "applications":{"includeApplications":["All"]},
                    "devices":{"deviceFilter":{"mode":"exclude","rule":"device.isCompliant -eq True"}},
                    "authenticationFlows":{"transferMethods":"deviceCodeFlow"}},
                  "grantControls":{"operator":"AND","builtInControls":["riskRemediation"],"authenticationStrength":{"id":"00000000-0000-0000-0000-000000000002","displayName":"Multifactor authentication"}}}]}
                """;

            var policy = ReadText(json, GraphPostureJson.ReadConditionalAccessPolicies).Items.Single();

            Assert.Equal(new[] { "riskRemediation" }, policy.BuiltInControls);
            Assert.Equal("Multifactor authentication", policy.AuthenticationStrength);
            Assert.Equal("internalGuest,b2bCollaborationGuest", policy.ExcludeGuestsOrExternalUsers);
            Assert.True(policy.HasDeviceFilter && policy.HasAuthenticationFlows && policy.HasInsiderRiskLevels);
        }

        [Fact]
        public void Session_controls_strength_methods_and_flows_are_read_for_the_evaluator()
        {
            var json = """
                {"value":[{"id":"p2","displayName":"Admins: phishing-resistant, 4 hours","state":"enabled",
                  "conditions":{"clientAppTypes":["all"],
                    "users":{"includeRoles":["62e90394-69f5-4237-9190-012177145e10"],
                      "includeGuestsOrExternalUsers":{"guestOrExternalUserTypes":"b2bCollaborationGuest"}},
                    "applications":{"includeApplications":["All"]},
                    "authenticationFlows":{"transferMethods":"deviceCodeFlow,authenticationTransfer"}},
                  "grantControls":{"operator":"OR","builtInControls":[],
                    "authenticationStrength":{"id":"00000000-0000-0000-0000-000000000004",
                      "displayName":"Phishing-resistant MFA",
                      "allowedCombinations":["windowsHelloForBusiness","fido2","x509CertificateMultiFactor"]}},
                  "sessionControls":{"disableResilienceDefaults":null,
                    "applicationEnforcedRestrictions":{"isEnabled":false},
                    "cloudAppSecurity":{"isEnabled":true,"cloudAppSecurityType":"monitorOnly"},
                    "persistentBrowser":{"isEnabled":true,"mode":"never"},
                    "signInFrequency":{"value":4,"type":"hours",
                      "authenticationType":"primaryAndSecondaryAuthentication",
                      "frequencyInterval":"timeBased","isEnabled":true}}},
                 {"id":"p3","displayName":"Every time","state":"enabled","conditions":{},"grantControls":null,
                  "sessionControls":{"signInFrequency":{"value":null,"type":null,"frequencyInterval":"everyTime",
                    "isEnabled":true},"persistentBrowser":{"isEnabled":false,"mode":"always"}}}]}
                """;

            var policies = ReadText(json, GraphPostureJson.ReadConditionalAccessPolicies).Items;

            var admins = policies[0];
            Assert.Equal("00000000-0000-0000-0000-000000000004", admins.AuthenticationStrengthId);
            Assert.Equal(3, admins.AuthenticationStrengthCombinations.Count);
            Assert.Equal("deviceCodeFlow,authenticationTransfer", admins.TransferMethods);
            Assert.Equal("b2bCollaborationGuest", admins.IncludeGuestsOrExternalUsers);
            Assert.Equal(
                "sign-in frequency 4 hours, persistent browser never, Defender for Cloud Apps monitorOnly",
                admins.Session.ToString()
            );
            Assert.Equal(TimeSpan.FromHours(4), admins.Session.SignInFrequencyPeriod);
            Assert.Equal(TimeSpan.Zero, policies[1].Session.SignInFrequencyPeriod);
            Assert.Equal("sign-in frequency everyTime", policies[1].Session.ToString());
            Assert.False(policies[1].HasAuthenticationFlows);
        }

        [Fact]
        public void The_authorization_policy_is_read_as_an_object_or_a_one_item_collection()
        {
            var wrapped = ReadText(
                """{"value":[{"defaultUserRolePermissions":{"allowedToCreateApps":false,"permissionGrantPoliciesAssigned":[]}}]}""",
                GraphPostureJson.ReadAuthorizationPolicy
            );

            Assert.False(wrapped.AllowedToCreateApps);
            Assert.True(Read("authorizationPolicy.json", GraphPostureJson.ReadAuthorizationPolicy).AllowedToCreateApps);
        }

        [Theory]
        [InlineData("""{"value":[{"id":"x"}""", "applications: the response is not JSON (line 1, byte ")]
        [InlineData("""{"error":{"code":"x"}}""", "applications: the response has no 'value' list")]
        [InlineData(
            """{"value":[{"id":"x","passwordCredentials":[{"keyId":"k","endDateTime":"soon"}]}]}""",
            "applications: a value has an unexpected type: "
        )]
        public void Unexpected_payloads_name_the_resource(string json, string message)
        {
            var error = Assert.Throws<GraphPayloadException>(() => ReadText(json, GraphPostureJson.ReadApplications));

            Assert.StartsWith(message, error.Message);
        }
    }
}

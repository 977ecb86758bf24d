using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>
    /// EGP090–EGP096 (groups, devices, security defaults, consent), each against a compliant and a non-compliant
    /// configuration written as Graph v1.0 answers it (the response shapes of the Graph reference), read by
    /// <see cref="GraphPostureJson"/> and judged.
    /// </summary>
    public sealed class TenantSettingsCheckTests
    {
        private const string Membership = "#microsoft.graph.{0}DeviceRegistrationMembership";

        /// <summary>A device registration policy as <c>GET /policies/deviceRegistrationPolicy</c> returns it.</summary>
        private static TenantSnapshot Devices(
            string mfa = "notRequired",
            string join = "all",
            string globalAdmins = "true",
            string registeringUsers = "no",
            params ConditionalAccessPolicy[] policies
        ) =>
            new()
            {
                DeviceRegistrationPolicy = GraphPostureJson.ReadDeviceRegistrationPolicy(
                    Body(
                        $$$"""
                        {"id":"deviceRegistrationPolicy","userDeviceQuota":50,
                         "multiFactorAuthConfiguration":"{{{mfa}}}",
                         "azureADRegistration":{"isAdminConfigurable":false,
                           "allowedToRegister":{"@odata.type":"{{{string.Format(Membership, "all")}}}"}},
                         "azureADJoin":{"isAdminConfigurable":true,
                           "allowedToJoin":{"@odata.type":"{{{string.Format(Membership, join)}}}",
                             "users":[],"groups":["6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"]},
                           "localAdmins":{"enableGlobalAdmins":{{{globalAdmins}}},
                             "registeringUsers":{"@odata.type":"{{{string.Format(Membership, registeringUsers)}}}",
                               "users":["3c8ef067-8b96-44de-b2ae-557dfa0f97a0"],"groups":[]} } },
                         "localAdminPassword":{"isEnabled":false}}
                        """
                    )
                ),
                ConditionalAccessPolicies = policies,
            };

        [Theory]
        [InlineData("enumerated", PostureStatus.Passed)]
        [InlineData("no", PostureStatus.Passed)]
        [InlineData("all", PostureStatus.Failed)]
        [InlineData("unknownFuture", PostureStatus.Skipped)]
        public void Device_join_passes_only_when_restricted(string join, PostureStatus expected)
        {
            var result = Run(Devices(join: join), "EGP091");

            Assert.Equal(expected, result.Result);
            Assert.Equal(
                $"policies/deviceRegistrationPolicy: azureADJoin.allowedToJoin = {join}",
                result.Evidence.Single()
            );
        }

        [Fact]
        public void Global_administrators_must_not_be_local_administrators()
        {
            var on = Run(Devices(globalAdmins: "true"), "EGP092");
            var off = Run(Devices(globalAdmins: "false"), "EGP092");
            var absent = Run(Devices(globalAdmins: "null"), "EGP092");

            Assert.Equal(PostureStatus.Failed, on.Result);
            Assert.StartsWith(
                "azureADJoin.localAdmins.enableGlobalAdmins = true: every Global Administrator",
                on.Reason
            );
            Assert.Equal(PostureStatus.Passed, off.Result);
            Assert.Equal(PostureStatus.Skipped, absent.Result);
        }

        [Theory]
        [InlineData("no", PostureStatus.Passed)]
        [InlineData("enumerated", PostureStatus.Failed)]
        [InlineData("all", PostureStatus.Failed)]
        public void The_registering_user_must_not_become_local_administrator(string members, PostureStatus expected)
        {
            Assert.Equal(expected, Run(Devices(registeringUsers: members), "EGP093").Result);
        }

        [Fact]
        public void Device_registration_mfa_fails_when_an_enabled_policy_on_the_user_action_is_overridden()
        {
            var onAction = Policy("Register devices", userActions: new[] { "urn:user:registerdevice" });
            var reportOnly = Policy(
                "Register devices (report)",
                state: "enabledForReportingButNotEnforced",
                userActions: new[] { "urn:user:registerdevice" }
            );

            var conflict = Run(Devices("required", policies: new[] { onAction, reportOnly }), "EGP094");
            var alone = Run(Devices("required", policies: reportOnly), "EGP094");
            var byPolicy = Run(Devices("notRequired", policies: onAction), "EGP094");
            var unknown = Run(Devices("unknownFutureValue", policies: onAction), "EGP094");

            Assert.Equal(PostureStatus.Failed, conflict.Result);
            Assert.Equal("Register devices", conflict.Findings.Single().TargetName);
            Assert.Equal(PostureStatus.Passed, alone.Result);
            Assert.Equal(PostureStatus.Passed, byPolicy.Result);
            Assert.Equal(PostureStatus.Skipped, unknown.Result);
        }

        [Fact]
        public void Device_registration_mfa_needs_the_policies_only_when_required_tenant_wide()
        {
            var required = Devices("required");
            var noPolicies = new TenantSnapshot
            {
                DeviceRegistrationPolicy = required.DeviceRegistrationPolicy,
                Unavailable = new Dictionary<PostureData, string>
                {
                    [PostureData.ConditionalAccessPolicies] = "403 Forbidden",
                },
            };

            Assert.Equal(PostureStatus.Skipped, Run(noPolicies, "EGP094").Result);
        }

        [Fact]
        public void An_unreadable_device_registration_policy_skips_its_checks_with_the_reason()
        {
            var snapshot = new TenantSnapshot
            {
                Unavailable = new Dictionary<PostureData, string>
                {
                    [PostureData.DeviceRegistrationPolicy] =
                        "403 Forbidden: Policy.Read.DeviceConfiguration is missing",
                },
            };

            foreach (var id in new[] { "EGP091", "EGP092", "EGP093", "EGP094" })
            {
                var result = Run(snapshot, id);
                Assert.Equal(PostureStatus.Skipped, result.Result);
                Assert.Equal(
                    "skipped: could not read policies/deviceRegistrationPolicy: 403 Forbidden: "
                        + "Policy.Read.DeviceConfiguration is missing",
                    result.Reason
                );
            }
        }

        [Theory]
        [InlineData("free", true, PostureStatus.Passed)]
        [InlineData("free", false, PostureStatus.Failed)]
        [InlineData("p1", false, PostureStatus.NotApplicable)]
        [InlineData("p1", true, PostureStatus.NotApplicable)]
        [InlineData("unknown", true, PostureStatus.Passed)]
        [InlineData("unknown", false, PostureStatus.Skipped)]
        public void Security_defaults_are_required_only_without_premium(
            string licence,
            bool enabled,
            PostureStatus expected
        )
        {
            var snapshot = new TenantSnapshot
            {
                SubscribedSkus = licence switch
                {
                    "free" => Free,
                    "p1" => P1,
                    _ => null,
                },
                SecurityDefaultsEnabled = GraphPostureJson.ReadSecurityDefaultsEnabled(
                    Body($"{{\"isEnabled\":{(enabled ? "true" : "false")}}}")
                ),
            };

            var result = Run(snapshot, "EGP095");

            Assert.Equal(expected, result.Result);
            if (expected == PostureStatus.Failed)
                Assert.Equal("securityDefaults", result.Findings.Single().TargetId);
        }

        [Fact]
        public void Only_an_empty_grant_list_leaves_consent_to_administrators()
        {
            TenantSnapshot With(string assigned) =>
                new()
                {
                    AuthorizationPolicy = GraphPostureJson.ReadAuthorizationPolicy(
                        Body(
                            "{\"defaultUserRolePermissions\":{\"allowedToCreateApps\":false,"
                                + $"\"permissionGrantPoliciesAssigned\":[{assigned}]}}}}"
                        )
                    ),
                };

            var none = Run(With(""), "EGP096");
            var some = Run(
                With(
                    "\"ManagePermissionGrantsForSelf.microsoft-user-default-low\","
                        + "\"ManagePermissionGrantsForOwnedResource."
                        + "microsoft-dynamically-managed-permissions-for-team\""
                ),
                "EGP096"
            );

            Assert.Equal(PostureStatus.Passed, none.Result);
            Assert.Equal("only administrators may consent to applications", none.Reason);
            Assert.Equal(PostureStatus.Failed, some.Result);
            Assert.Equal(
                new[]
                {
                    "users may consent for themselves under app consent policy 'microsoft-user-default-low'",
                    "owners of groups, teams or chats may consent for what they own under app consent policy "
                        + "'microsoft-dynamically-managed-permissions-for-team'",
                },
                some.Findings.Select(f => f.Detail)
            );
        }

        [Theory]
        [InlineData("false", PostureStatus.Passed)]
        [InlineData("true", PostureStatus.Failed)]
        [InlineData(null, PostureStatus.Failed)]
        public void Group_creation_must_be_restricted(string? enabled, PostureStatus expected)
        {
            // null: the tenant has no Group.Unified object, so Microsoft's default (anyone may create) applies.
            var objects = enabled is null
                ? ""
                : "{\"id\":\"b4e2c8f3-6d5e-4f90-8b1c-2d3e4f5a6b71\",\"displayName\":\"Group.Unified\","
                    + "\"templateId\":\"62375ab9-6b52-47ed-826b-58e47e0e304b\",\"values\":["
                    + $"{{\"name\":\"EnableGroupCreation\",\"value\":\"{enabled}\"}}]}}";
            var snapshot = new TenantSnapshot
            {
                GroupSettings = GraphPostureJson.ReadGroupSettings(Body($"{{\"value\":[{objects}]}}")).Items,
            };

            var result = Run(snapshot, "EGP090");

            Assert.Equal(expected, result.Result);
            Assert.Contains($"groupSettings: EnableGroupCreation = {enabled ?? "true"}", result.Evidence);
        }

        /// <summary>A tenant as <c>organization</c>, <c>directory/onPremisesSynchronization</c> and the krbtgt lookup
        /// on <c>users</c> answer.</summary>
        private static TenantSnapshot Synchronized(string syncEnabled, string soft, string hard, string accounts) =>
            new()
            {
                TenantId = GraphPostureJson
                    .ReadOrganization(
                        Body(
                            $"{{\"value\":[{{\"id\":\"{TenantId}\",\"displayName\":\"Contoso\","
                                + $"\"onPremisesSyncEnabled\":{syncEnabled}}}]}}"
                        )
                    )
                    .Id,
                OnPremisesSyncEnabled = GraphPostureJson
                    .ReadOrganization(
                        Body($"{{\"value\":[{{\"id\":\"{TenantId}\",\"onPremisesSyncEnabled\":{syncEnabled}}}]}}")
                    )
                    .OnPremisesSyncEnabled,
                OnPremisesSyncFeatures = GraphPostureJson.ReadOnPremisesSyncFeatures(
                    Body(
                        $"{{\"value\":[{{\"id\":\"{TenantId}\",\"features\":{{\"blockSoftMatchEnabled\":{soft},"
                            + $"\"blockCloudObjectTakeoverThroughHardMatchEnabled\":{hard},"
                            + "\"passwordSyncEnabled\":true}}]}"
                    )
                ),
                KrbtgtAccounts = GraphPostureJson.ReadDirectoryAccounts(Body($"{{\"value\":[{accounts}]}}")).Items,
            };

        private const string SyncedKrbtgt =
            "{\"id\":\"7d2e4f60-1a2b-4c3d-9e8f-0a1b2c3d4e5f\",\"displayName\":\"krbtgt_AzureAD\","
            + "\"userPrincipalName\":\"krbtgt_AzureAD@contoso.com\",\"onPremisesSyncEnabled\":true,"
            + "\"onPremisesDistinguishedName\":\"CN=krbtgt_AzureAD,CN=Users,DC=contoso,DC=com\"}";

        private const string CloudKrbtgtLookalike =
            "{\"id\":\"8e3f5071-2b3c-4d4e-8f90-1b2c3d4e5f60\",\"displayName\":\"krbtgt test\","
            + "\"userPrincipalName\":\"krbtgt.test@contoso.com\",\"onPremisesSyncEnabled\":null}";

        [Theory]
        [InlineData("true", "true", "true", PostureStatus.Passed, 0)]
        [InlineData("true", "false", "true", PostureStatus.Failed, 1)]
        [InlineData("true", "false", "false", PostureStatus.Failed, 2)]
        [InlineData("true", "null", "true", PostureStatus.Skipped, 0)]
        [InlineData("null", "false", "false", PostureStatus.NotApplicable, 0)]
        public void Soft_and_hard_match_must_be_blocked_where_the_tenant_synchronizes(
            string syncEnabled,
            string soft,
            string hard,
            PostureStatus expected,
            int findings
        )
        {
            var result = Run(Synchronized(syncEnabled, soft, hard, ""), "EGP097");

            Assert.Equal(expected, result.Result);
            Assert.Equal(findings, result.Findings.Count);
        }

        [Fact]
        public void Unreadable_synchronization_features_skip_with_the_reason_only_where_the_tenant_synchronizes()
        {
            var synced = Synchronized("true", "true", "true", "");
            var refused = new TenantSnapshot
            {
                TenantId = synced.TenantId,
                OnPremisesSyncEnabled = true,
                Unavailable = new Dictionary<PostureData, string>
                {
                    [PostureData.OnPremisesSynchronization] = "403 Forbidden: OnPremDirectorySynchronization.Read.All",
                },
            };

            var result = Run(refused, "EGP097");

            Assert.Equal(PostureStatus.Skipped, result.Result);
            Assert.Equal(
                "skipped: could not read directory/onPremisesSynchronization: 403 Forbidden: "
                    + "OnPremDirectorySynchronization.Read.All",
                result.Reason
            );
        }

        [Fact]
        public void A_synchronized_krbtgt_azuread_account_fails_and_a_cloud_lookalike_does_not()
        {
            var synced = Run(Synchronized("true", "true", "true", SyncedKrbtgt + "," + CloudKrbtgtLookalike), "EGP098");
            var clean = Run(Synchronized("true", "true", "true", CloudKrbtgtLookalike), "EGP098");
            var cloudOnly = Run(Synchronized("false", "true", "true", SyncedKrbtgt), "EGP098");

            Assert.Equal(PostureStatus.Failed, synced.Result);
            Assert.Equal("krbtgt_AzureAD@contoso.com", synced.Findings.Single().TargetName);
            Assert.Equal(
                "krbtgt_AzureAD is synchronized from Active Directory (CN=krbtgt_AzureAD,CN=Users,DC=contoso,DC=com)",
                synced.Findings.Single().Detail
            );
            Assert.Equal(PostureStatus.Passed, clean.Result);
            Assert.Equal(PostureStatus.NotApplicable, cloudOnly.Result);
        }
    }
}

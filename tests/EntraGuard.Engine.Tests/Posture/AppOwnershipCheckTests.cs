using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>
    /// EGP079 (owners' consent), EGP083 and EGP084 (owners of privileged applications): the registrations and their
    /// owners as <c>GET /applications?$expand=owners($select=id)</c> answers, read by <see cref="GraphPostureJson"/>.
    /// </summary>
    public sealed class AppOwnershipCheckTests
    {
        private const string Owned = "app-owned";
        private const string Unowned = "app-unowned";
        private const string Elsewhere = "app-elsewhere";

        /// <summary>Two registrations of this tenant, one owned by a user and a service principal, one without
        /// owners; <paramref name="ownersOfUnowned"/> replaces the second one's owners list (null leaves it
        /// out).</summary>
        private static ApplicationObject[] Registrations(string? ownersOfUnowned = "[]") =>
            GraphPostureJson
                .ReadApplications(
                    Body(
                        $$"""
                        {"value":[
                          {"id":"obj-{{Owned}}","appId":"{{Owned}}","displayName":"Owned","passwordCredentials":[],
                           "keyCredentials":[],"owners":[
                             {"@odata.type":"#microsoft.graph.user","id":"{{Alice}}"},
                             {"@odata.type":"#microsoft.graph.servicePrincipal","id":"sp-helper"}]},
                          {"id":"obj-{{Unowned}}","appId":"{{Unowned}}","displayName":"Unowned",
                           "passwordCredentials":[],"keyCredentials":[]
                           {{(ownersOfUnowned is null ? "" : $",\"owners\":{ownersOfUnowned}")}}}
                        ]}
                        """
                    )
                )
                .Items.ToArray();

        private static ServicePrincipalObject[] Principals =>
            new[]
            {
                Principal("Owned", Owned),
                Principal("Unowned", Unowned),
                Principal("Elsewhere", Elsewhere, owner: "another-tenant"),
            };

        private static GraphPermissionGrant Grant(string appId, string permission, bool delegated = false) =>
            new()
            {
                ClientId = "sp-" + appId,
                Permission = permission,
                Delegated = delegated,
                ConsentType = delegated ? "AllPrincipals" : null,
            };

        private static TenantSnapshot WithGrants(ApplicationObject[] apps, params GraphPermissionGrant[] grants) =>
            new()
            {
                Applications = apps,
                ServicePrincipals = Principals,
                GraphPermissions = grants,
            };

        [Fact]
        public void Owners_of_an_app_holding_a_permission_that_leads_to_Global_Administrator_fail()
        {
            var result = Run(
                WithGrants(
                    Registrations(),
                    Grant(Owned, "Application.ReadWrite.All"),
                    Grant(Owned, "User.Read.All"),
                    Grant(Unowned, "RoleManagement.ReadWrite.Directory"),
                    Grant(Elsewhere, "Directory.ReadWrite.All", delegated: true)
                ),
                "EGP083"
            );

            Assert.Equal(PostureStatus.Failed, result.Result);
            var finding = Assert.Single(result.Findings);
            Assert.Equal("obj-" + Owned, finding.TargetId);
            Assert.Equal(
                $"application 'Owned' ({Owned}) holds Application.ReadWrite.All (application) and has 2 owner(s): "
                    + $"user {Alice}, servicePrincipal sp-helper",
                finding.Detail
            );
            Assert.Contains(
                "registered in another tenant (owners not here): service principal 'Elsewhere' (app-elsewhere)",
                result.Evidence
            );
        }

        [Fact]
        public void Owners_of_apps_without_such_permissions_pass()
        {
            var result = Run(
                WithGrants(Registrations(), Grant(Owned, "User.Read.All"), Grant(Unowned, "Directory.ReadWrite.All")),
                "EGP083"
            );

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Equal(
                "no app registration holding Graph permissions that lead to Global Administrator has an owner",
                result.Reason
            );
        }

        [Fact]
        public void Owners_Graph_left_out_are_not_judged_and_never_pass()
        {
            var result = Run(
                WithGrants(Registrations(ownersOfUnowned: null), Grant(Unowned, "Directory.ReadWrite.All")),
                "EGP083"
            );

            Assert.Equal(PostureStatus.Skipped, result.Result);
            Assert.Contains(
                $"not judged: application 'Unowned' ({Unowned}): Graph did not return its owners",
                result.Evidence
            );
        }

        [Fact]
        public void Unread_applications_skip_the_ownership_checks()
        {
            var snapshot = new TenantSnapshot
            {
                ServicePrincipals = Principals,
                GraphPermissions = new[] { Grant(Owned, "Application.ReadWrite.All") },
                ActiveRoleAssignments = new DirectoryRoleAssignment[0],
                EligibleRoleAssignments = new DirectoryRoleAssignment[0],
                Unavailable = new System.Collections.Generic.Dictionary<PostureData, string>
                {
                    [PostureData.Applications] = "Forbidden: Application.Read.All was not granted",
                },
            };

            foreach (var check in new[] { "EGP083", "EGP084" })
            {
                var result = Run(snapshot, check);
                Assert.Equal(PostureStatus.Skipped, result.Result);
                Assert.Contains("Application.Read.All was not granted", result.Reason);
            }
        }

        [Fact]
        public void Owners_of_an_app_holding_a_privileged_role_fail_active_or_eligible()
        {
            TenantSnapshot Holding(params DirectoryRoleAssignment[] eligible) =>
                new()
                {
                    SubscribedSkus = P2,
                    Applications = Registrations(),
                    ServicePrincipals = Principals,
                    ActiveRoleAssignments = new[]
                    {
                        Active("sp-" + Unowned, GlobalAdmin, type: "servicePrincipal"),
                        Active("sp-" + Owned, DirectorySyncRole, type: "servicePrincipal"),
                    },
                    EligibleRoleAssignments = eligible,
                };

            var unprivileged = Run(Holding(), "EGP084");
            var eligible = Run(
                Holding(
                    new DirectoryRoleAssignment
                    {
                        PrincipalId = "sp-" + Owned,
                        PrincipalType = "servicePrincipal",
                        RoleDefinitionId = UserAdmin,
                        Kind = RoleAssignmentKind.Eligible,
                    }
                ),
                "EGP084"
            );

            Assert.Equal(PostureStatus.Passed, unprivileged.Result);
            Assert.Equal(PostureStatus.Failed, eligible.Result);
            Assert.Equal(
                $"application 'Owned' ({Owned}) holds User Administrator (eligible) and has 2 owner(s): "
                    + $"user {Alice}, servicePrincipal sp-helper",
                eligible.Findings.Single().Detail
            );
        }

        [Fact]
        public void Unread_eligible_holders_in_a_PIM_tenant_skip_rather_than_pass()
        {
            var result = Run(
                new TenantSnapshot
                {
                    SubscribedSkus = P2,
                    Applications = Registrations(),
                    ServicePrincipals = Principals,
                    ActiveRoleAssignments = new DirectoryRoleAssignment[0],
                },
                "EGP084"
            );

            Assert.Equal(PostureStatus.Skipped, result.Result);
            Assert.Equal(
                "skipped: eligible role holders could not be read, so the active ones are not all of them",
                result.Reason
            );
        }

        [Theory]
        [InlineData("\"ManagePermissionGrantsForSelf.microsoft-user-default-low\"", PostureStatus.Passed)]
        [InlineData("", PostureStatus.Passed)]
        [InlineData(
            "\"ManagePermissionGrantsForSelf.microsoft-user-default-low\","
                + "\"ManagePermissionGrantsForOwnedResource.microsoft-pre-approval-apps-for-group\"",
            PostureStatus.Failed
        )]
        public void Owners_may_not_consent_whatever_users_may(string assigned, PostureStatus expected)
        {
            var snapshot = new TenantSnapshot
            {
                AuthorizationPolicy = GraphPostureJson.ReadAuthorizationPolicy(
                    Body(
                        "{\"defaultUserRolePermissions\":{\"allowedToCreateApps\":false,"
                            + $"\"permissionGrantPoliciesAssigned\":[{assigned}]}}}}"
                    )
                ),
            };

            var result = Run(snapshot, "EGP079");

            Assert.Equal(expected, result.Result);
            if (expected == PostureStatus.Failed)
            {
                Assert.Equal(
                    "owners of groups, teams or chats may consent for what they own under app consent policy "
                        + "'microsoft-pre-approval-apps-for-group'",
                    result.Findings.Single().Detail
                );
            }
        }

        [Fact]
        public void Unread_authorization_policy_skips_the_owner_consent_check()
        {
            var result = Run(new TenantSnapshot(), "EGP079");

            Assert.Equal(PostureStatus.Skipped, result.Result);
        }
    }
}

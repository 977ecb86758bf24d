using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>EGP076 and EGP077: Microsoft Graph permissions with a path to Global Administrator.</summary>
    public sealed class GraphPermissionCheckTests
    {
        /// <summary>Delegated grants as <c>GET /oauth2PermissionGrants</c> answers: an admin consent for everyone
        /// and one user's consent.</summary>
        private const string GrantsJson = """
            {"value":[
              {"clientId":"sp-app-reports","consentType":"AllPrincipals","principalId":null,
               "scope":"openid User.Read Policy.ReadWrite.ConditionalAccess"},
              {"clientId":"sp-app-sync","consentType":"Principal","principalId":"a11ce000-0000-4000-8000-000000000001",
               "scope":"User.Read GroupMember.ReadWrite.All"}
            ]}
            """;

        /// <summary>Application permissions as <c>GET /servicePrincipals/{id}/appRoleAssignedTo</c> answers, named as
        /// Microsoft Graph's app roles name them.</summary>
        private const string AssignedJson = """
            {"value":[
              {"principalId":"sp-app-sync","principalType":"ServicePrincipal","principalDisplayName":"Sync",
               "appRoleId":"df021288-bdef-4463-88db-98f22de89214"},
              {"principalId":"sp-app-deploy","principalType":"ServicePrincipal","principalDisplayName":"Deploy",
               "appRoleId":"9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8"}
            ]}
            """;

        private const string AppRolesJson = """
            {"id":"sp-graph","appRoles":[
              {"id":"df021288-bdef-4463-88db-98f22de89214","value":"User.Read.All","allowedMemberTypes":["Application"]},
              {"id":"9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8","value":"RoleManagement.ReadWrite.Directory",
               "allowedMemberTypes":["Application"]}
            ]}
            """;

        private static TenantSnapshot Tenant(bool withRiskyGrants)
        {
            var names = GraphPostureJson.ReadAppRoles(Body(AppRolesJson));
            var assigned = GraphPostureJson
                .ReadAppRoleAssignedTo(Body(AssignedJson))
                .Items.Select(a => new GraphPermissionGrant
                {
                    ClientId = a.ClientId,
                    ClientDisplayName = a.ClientDisplayName,
                    Permission = names[a.Permission],
                });
            var delegated = GraphPostureJson.ReadPermissionGrants(Body(GrantsJson)).Items.SelectMany(g => g);
            var grants = assigned.Concat(delegated).ToArray();
            return new TenantSnapshot
            {
                ServicePrincipals = new[]
                {
                    Principal("Reports", "app-reports"),
                    Principal("Sync", "app-sync"),
                    Principal("Deploy", "app-deploy"),
                },
                GraphPermissions = withRiskyGrants
                    ? grants
                    : grants.Where(g => g.Permission is "User.Read.All" or "User.Read" or "openid").ToArray(),
            };
        }

        [Fact]
        public void Direct_path_permissions_fail_whether_granted_to_the_app_or_delegated_by_admin_consent()
        {
            var result = Run(Tenant(withRiskyGrants: true), "EGP076");

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal(
                new[]
                {
                    "service principal 'Deploy' (app-deploy) holds RoleManagement.ReadWrite.Directory (application) "
                        + "on Microsoft Graph",
                    "service principal 'Reports' (app-reports) holds Policy.ReadWrite.ConditionalAccess (delegated, "
                        + "for all users) on Microsoft Graph",
                },
                result.Findings.Select(f => f.Detail).OrderBy(d => d, System.StringComparer.Ordinal)
            );
        }

        [Fact]
        public void Indirect_path_permissions_fail_on_a_single_users_consent_too()
        {
            var result = Run(Tenant(withRiskyGrants: true), "EGP077");

            Assert.Equal(PostureStatus.Failed, result.Result);
            var finding = Assert.Single(result.Findings);
            Assert.Equal("sp-app-sync", finding.TargetId);
            Assert.Equal("app-sync", finding.AppId);
            Assert.Contains("GroupMember.ReadWrite.All (delegated, for one user)", finding.Detail);
        }

        [Fact]
        public void Read_permissions_pass_both()
        {
            foreach (var id in new[] { "EGP076", "EGP077" })
            {
                var result = Run(Tenant(withRiskyGrants: false), id);
                Assert.Equal(PostureStatus.Passed, result.Result);
                Assert.Contains(
                    "1 application permission(s) and 3 delegated scope(s) granted on Microsoft Graph",
                    result.Evidence[0]
                );
            }
        }

        [Fact]
        public void Unread_grants_skip_both_never_pass()
        {
            var snapshot = new TenantSnapshot
            {
                ServicePrincipals = new ServicePrincipalObject[0],
                Unavailable = new System.Collections.Generic.Dictionary<PostureData, string>
                {
                    [PostureData.GraphPermissions] = "403 Forbidden",
                },
            };

            Assert.All(
                new[] { "EGP076", "EGP077" },
                id => Assert.Equal(PostureStatus.Skipped, Run(snapshot, id).Result)
            );
        }
    }
}

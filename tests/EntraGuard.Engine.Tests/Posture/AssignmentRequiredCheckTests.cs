using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>EGP078: applications not published by Microsoft require assignment.</summary>
    public sealed class AssignmentRequiredCheckTests
    {
        /// <summary>Service principals as <c>GET /servicePrincipals?$select=…</c> answers: a partner's app open to
        /// everyone, a home-grown app that requires assignment, Microsoft Graph (out of scope), a managed identity
        /// (out of scope) and a disabled app (out of scope).</summary>
        private static string Principals(bool partnerRequiresAssignment) =>
            $$"""
                {"value":[
                  {"id":"sp-1","appId":"app-1","displayName":"Partner CRM","servicePrincipalType":"Application",
                   "appOwnerOrganizationId":"9e9e9e9e-0000-4000-8000-000000000999",
                   "appRoleAssignmentRequired":{{(
                    partnerRequiresAssignment ? "true" : "false"
                )}},"accountEnabled":true},
                  {"id":"sp-2","appId":"app-2","displayName":"Payroll","servicePrincipalType":"Application",
                   "appOwnerOrganizationId":"0f1e2d3c-4b5a-4968-8778-a0b1c2d3e4f5",
                   "appRoleAssignmentRequired":true,"accountEnabled":true},
                  {"id":"sp-3","appId":"00000003-0000-0000-c000-000000000000","displayName":"Microsoft Graph",
                   "servicePrincipalType":"Application","appOwnerOrganizationId":"f8cdef31-a31e-4b4a-93e4-5f571e91255a",
                   "appRoleAssignmentRequired":false,"accountEnabled":true},
                  {"id":"sp-4","appId":"app-4","displayName":"automation","servicePrincipalType":"ManagedIdentity",
                   "appOwnerOrganizationId":null,"appRoleAssignmentRequired":false,"accountEnabled":true},
                  {"id":"sp-5","appId":"app-5","displayName":"Retired","servicePrincipalType":"Application",
                   "appOwnerOrganizationId":"9e9e9e9e-0000-4000-8000-000000000999",
                   "appRoleAssignmentRequired":false,"accountEnabled":false}
                ]}
                """;

        private static TenantSnapshot Tenant(string json) =>
            new() { ServicePrincipals = GraphPostureJson.ReadServicePrincipals(Body(json)).Items };

        [Fact]
        public void A_partner_app_open_to_every_user_fails_and_passes_once_assignment_is_required()
        {
            var failed = Run(Tenant(Principals(partnerRequiresAssignment: false)), "EGP078");
            var passed = Run(Tenant(Principals(partnerRequiresAssignment: true)), "EGP078");

            Assert.Equal(PostureStatus.Failed, failed.Result);
            var finding = Assert.Single(failed.Findings);
            Assert.Equal(
                "service principal 'Partner CRM' (app-1) lets every user of the tenant sign in (assignment not "
                    + "required)",
                finding.Detail
            );
            Assert.Equal(PostureStatus.Passed, passed.Result);
            Assert.Equal(
                "all 2 enabled service principal(s) of applications not published by Microsoft require assignment",
                passed.Reason
            );
        }

        [Fact]
        public void A_principal_returned_without_the_setting_is_skipped_never_passed()
        {
            var result = Run(
                Tenant(
                    """
                    {"value":[{"id":"sp-1","appId":"app-1","displayName":"Partner CRM",
                      "servicePrincipalType":"Application","appOwnerOrganizationId":"9e9e9e9e-0000-4000-8000-000000000999"}]}
                    """
                ),
                "EGP078"
            );

            Assert.Equal(PostureStatus.Skipped, result.Result);
        }
    }
}

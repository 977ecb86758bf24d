using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class MultiTenantCredentialsCheck : CredentialCheck
    {
        private static readonly string[] MultiTenantAudiences =
        {
            "AzureADMultipleOrgs",
            "AzureADandPersonalMicrosoftAccount",
        };

        public MultiTenantCredentialsCheck()
            : base(
                "EGP014",
                "Service principals of multi-tenant applications hold no credentials",
                Severity.High,
                "A multi-tenant application is managed — and its credentials kept — where it is registered. A "
                    + "credential added to its service principal here works only in this tenant, with whatever "
                    + "permissions the application was granted here, and its publisher knows nothing of it: the shape "
                    + "of a backdoor rather than of an integration.",
                "Remove the credentials from the service principal and ask the application's publisher (or, for your "
                    + "own multi-tenant application, its owners) how it is meant to authenticate; credentials belong "
                    + "on the application registration in its home tenant. Check the audit log for who added them and "
                    + "what signed in with them.",
                PostureData.Organization
            ) { }

        protected override CheckOutcome Evaluate(
            PostureContext context,
            IReadOnlyList<ApplicationObject> apps,
            IReadOnlyList<ServicePrincipalObject> principals,
            List<string> evidence
        )
        {
            var tenantId = context.Require(context.Snapshot.TenantId, PostureData.Organization);
            evidence.Add($"{context.Snapshot.SourceOf(PostureData.Organization)}: this tenant is {tenantId}");
            var ownMultiTenant = new HashSet<string>(
                apps.Where(app =>
                        MultiTenantAudiences.Contains(app.SignInAudience ?? "", StringComparer.OrdinalIgnoreCase)
                    )
                    .Select(app => app.AppId),
                StringComparer.OrdinalIgnoreCase
            );

            var findings = new List<PostureFinding>();
            foreach (
                var sp in principals.Where(sp =>
                    sp.Credentials.Count > 0 && sp.AppOwnerOrganizationId is { Length: > 0 }
                )
            )
            {
                var owner = sp.AppOwnerOrganizationId!;
                if (FirstPartyCredentialsCheck.MicrosoftTenants.Contains(owner, StringComparer.OrdinalIgnoreCase))
                    continue;
                if (!string.Equals(owner, tenantId, StringComparison.OrdinalIgnoreCase))
                {
                    findings.Add(
                        CredentialHolder
                            .Of(sp)
                            .Finding(
                                $"the application is registered in tenant {owner}, yet its service principal here "
                                    + $"holds {List(sp.Credentials)}"
                            )
                    );
                }
                else if (ownMultiTenant.Contains(sp.AppId) && !sp.UsesSamlSignOn)
                {
                    findings.Add(
                        CredentialHolder
                            .Of(sp)
                            .Finding(
                                $"this tenant's multi-tenant application holds credentials on its service "
                                    + $"principal rather than its registration: {List(sp.Credentials)}"
                            )
                    );
                }
            }
            var foreign = principals.Count(sp =>
                sp.AppOwnerOrganizationId is { Length: > 0 } owner
                && !string.Equals(owner, tenantId, StringComparison.OrdinalIgnoreCase)
                && !FirstPartyCredentialsCheck.MicrosoftTenants.Contains(owner, StringComparer.OrdinalIgnoreCase)
            );
            evidence.Add(
                $"{ownMultiTenant.Count} of this tenant's application(s) are multi-tenant; "
                    + $"{foreign} service principal(s) belong to other tenants' applications"
            );
            return CheckOutcome.FromFindings(
                findings,
                "service principals of multi-tenant applications hold credentials",
                "no service principal of a multi-tenant application holds a credential",
                evidence
            );
        }
    }
}

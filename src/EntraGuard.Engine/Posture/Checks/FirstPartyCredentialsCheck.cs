using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class FirstPartyCredentialsCheck : CredentialCheck
    {
        /// <summary>The tenants Microsoft registers its own (first-party) applications in.</summary>
        internal static readonly string[] MicrosoftTenants =
        {
            "f8cdef31-a31e-4b4a-93e4-5f571e91255a", // Microsoft Services
            "72f988bf-86f1-41af-91ab-2d7cd011db47", // Microsoft
        };

        public FirstPartyCredentialsCheck()
            : base(
                "EGP013",
                "Microsoft first-party service principals hold no credentials",
                Severity.High,
                "Microsoft's own applications come with broad permissions in every tenant and are trusted by reviewers "
                    + "at a glance. A secret or certificate added to one of their service principals lets whoever "
                    + "holds it sign in as Microsoft's app with those permissions — a persistence technique used "
                    + "against Microsoft itself — and nothing legitimate needs it today.",
                "Remove the credentials from the Microsoft service principal (Graph: removePassword, or an update of "
                    + "keyCredentials that keeps the rest), then find out from the audit log who added them and what "
                    + "signed in with them. An old Exchange or SharePoint hybrid set-up may have uploaded a "
                    + "certificate to Office 365 Exchange Online or SharePoint Online: move it to the dedicated hybrid "
                    + "application, or record an accepted deviation for that principal."
            ) { }

        protected override CheckOutcome Evaluate(
            PostureContext context,
            IReadOnlyList<ApplicationObject> apps,
            IReadOnlyList<ServicePrincipalObject> principals,
            List<string> evidence
        )
        {
            var microsoft = principals
                .Where(sp =>
                    MicrosoftTenants.Contains(sp.AppOwnerOrganizationId ?? "", StringComparer.OrdinalIgnoreCase)
                )
                .ToArray();
            evidence.Add(
                $"{microsoft.Length} service principal(s) owned by Microsoft's tenants "
                    + $"({string.Join(", ", MicrosoftTenants)})"
            );
            var findings = microsoft
                .Where(sp => sp.Credentials.Count > 0)
                .Select(sp =>
                    CredentialHolder
                        .Of(sp)
                        .Finding(
                            $"Microsoft's application holds {sp.Credentials.Count} credential(s) in this tenant: "
                                + $"{List(sp.Credentials)}"
                        )
                )
                .ToList();
            return CheckOutcome.FromFindings(
                findings,
                "credentials were added to Microsoft first-party service principals",
                "no Microsoft first-party service principal holds a credential",
                evidence
            );
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class ExpiredCredentialsCheck : CredentialCheck
    {
        public ExpiredCredentialsCheck()
            : base(
                "EGP011",
                "Expired credentials are removed",
                Severity.Low,
                "An expired secret or certificate cannot sign in, but it hides the ones that can: reviews of 'which "
                    + "credentials does this app hold' drown in dead entries, and a credential an attacker planted "
                    + "next to them looks like one more. Expired entries also show rotation that was never finished.",
                "Remove expired credentials from the application or service principal (Certificates & secrets, or "
                    + "removePassword / an update of keyCredentials through Graph) once their replacement is in use."
            ) { }

        protected override CheckOutcome Evaluate(
            PostureContext context,
            IReadOnlyList<ApplicationObject> apps,
            IReadOnlyList<ServicePrincipalObject> principals,
            List<string> evidence
        )
        {
            var holders = apps.Select(CredentialHolder.Of)
                .Concat(principals.Where(sp => !sp.IsManagedIdentity).Select(CredentialHolder.Of));
            var findings = holders
                .SelectMany(holder =>
                    holder
                        .Credentials.Where(c => c.IsExpiredAt(context.Now))
                        .Select(c => holder.Finding($"{c} expired on {Day(c.EndDateTime)}", c))
                )
                .ToList();
            return CheckOutcome.FromFindings(
                findings,
                "expired credentials are still present",
                "no application or service principal keeps an expired credential",
                evidence
            );
        }
    }
}

using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class NoClientSecretsCheck : CredentialCheck
    {
        public NoClientSecretsCheck()
            : base(
                "EGP085",
                "Applications sign in with certificates or federated credentials, not client secrets",
                Severity.Medium,
                "A client secret is a shared password: it travels in every token request, ends up in configuration "
                    + "files, pipeline variables and scripts, and whoever copies it signs in as the application from "
                    + "anywhere. A certificate's private key can stay in a key vault or a hardware module, and a "
                    + "federated credential (workload identity federation) leaves no secret to steal at all.",
                "Give each application listed a certificate (Certificates & secrets > Certificates) or a federated "
                    + "credential (Certificates & secrets > Federated credentials), move the code that signs in to "
                    + "it, then delete the secret (Microsoft Entra admin center > App registrations > the app > "
                    + "Certificates & secrets > Client secrets; Graph: POST /applications/{id}/removePassword with "
                    + "its keyId, or POST /servicePrincipals/{id}/removePassword). An application management policy "
                    + "(PATCH /policies/defaultAppManagementPolicy, passwordAddition restriction) stops new ones."
            )
        {
            Frameworks = new[] { "MT.1057" };
        }

        // Maester counts every secret on app registrations, expired ones included. Here an expired secret signs
        // nobody in, so it is left to EGP011; service principals' own secrets count as well, because they sign in
        // just the same (managed identities and SAML signing credentials aside, as for EGP010).
        protected override CheckOutcome Evaluate(
            PostureContext context,
            IReadOnlyList<ApplicationObject> apps,
            IReadOnlyList<ServicePrincipalObject> principals,
            List<string> evidence
        )
        {
            var findings = CredentialHolder
                .SigningIn(apps, principals)
                .SelectMany(holder =>
                    holder
                        .Credentials.Where(c => c.Type == AppCredentialType.Secret && !c.IsExpiredAt(context.Now))
                        .Select(secret =>
                            holder.Finding($"{secret} can sign in until {Day(secret.EndDateTime)}", secret)
                        )
                )
                .ToList();
            return CheckOutcome.FromFindings(
                findings,
                "applications still sign in with client secrets",
                "no application or service principal holds a usable client secret",
                evidence
            );
        }
    }
}

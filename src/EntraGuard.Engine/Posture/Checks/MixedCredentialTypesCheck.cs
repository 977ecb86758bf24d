using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class MixedCredentialTypesCheck : CredentialCheck
    {
        public MixedCredentialTypesCheck()
            : base(
                "EGP012",
                "Applications use secrets or certificates, not both",
                Severity.Low,
                "An application that signs in with a certificate has no need for a secret as well, and the secret is "
                    + "the weaker of the two: easier to copy, easier to leak. A secret appearing beside certificates "
                    + "is also a classic sign of a credential planted by someone taking over the application.",
                "Decide which kind of credential each application uses (prefer certificates or federated credentials), "
                    + "remove the other kind from both the application and its service principal, and find out who "
                    + "added it if nobody can say."
            ) { }

        protected override CheckOutcome Evaluate(
            PostureContext context,
            IReadOnlyList<ApplicationObject> apps,
            IReadOnlyList<ServicePrincipalObject> principals,
            List<string> evidence
        )
        {
            var findings = new List<PostureFinding>();
            // An application signs in with the credentials of its registration and of its service principal alike.
            foreach (
                var app in CredentialHolder
                    .SigningIn(apps, principals)
                    .GroupBy(h => h.AppId, StringComparer.OrdinalIgnoreCase)
            )
            {
                var live = app.SelectMany(h => h.Credentials).Where(c => !c.IsExpiredAt(context.Now)).ToArray();
                var secrets = live.Where(c => c.Type == AppCredentialType.Secret).ToArray();
                var certificates = live.Where(c =>
                        c.Type == AppCredentialType.Certificate
                        && !string.Equals(c.Usage, "Sign", StringComparison.OrdinalIgnoreCase)
                    )
                    .ToArray();
                if (secrets.Length == 0 || certificates.Length == 0)
                    continue;
                var holder = app.FirstOrDefault(h => h.ObjectType == "application") ?? app.First();
                findings.Add(
                    new PostureFinding
                    {
                        TargetId = app.Key,
                        TargetName = holder.DisplayName,
                        TargetType = "application",
                        AppId = app.Key,
                        Detail =
                            $"'{holder.DisplayName}' ({app.Key}) holds {secrets.Length} secret(s) and "
                            + $"{certificates.Length} certificate(s): {List(secrets.Concat(certificates))}",
                    }
                );
            }
            return CheckOutcome.FromFindings(
                findings,
                "applications hold both secrets and certificates",
                "no application holds both unexpired secrets and certificates",
                evidence
            );
        }
    }
}

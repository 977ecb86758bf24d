using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class SecretLifetimeCheck : CredentialCheck
    {
        public SecretLifetimeCheck()
            : base(
                "EGP010",
                "Client secrets are short-lived",
                Severity.Medium,
                "A client secret is a password for an application that no person types and no MFA protects. The longer "
                    + "it is valid, the longer a copy left in a script, a pipeline log or a stolen laptop keeps "
                    + "working — and secrets that live for years are rarely rotated at all.",
                "Replace each long-lived secret with one valid for no more than posture.maxSecretLifetimeDays days "
                    + "(default 180) — or better, with a certificate or a federated credential (workload identity "
                    + "federation) — then remove the old one. An application management policy can cap secret "
                    + "lifetimes for new credentials tenant-wide."
            ) { }

        protected override CheckOutcome Evaluate(
            PostureContext context,
            IReadOnlyList<ApplicationObject> apps,
            IReadOnlyList<ServicePrincipalObject> principals,
            List<string> evidence
        )
        {
            var limit = TimeSpan.FromDays(context.Settings.MaxSecretLifetimeDays);
            evidence.Add($"settings: secrets may be valid for at most {context.Settings.MaxSecretLifetimeDays} days");
            var findings = new List<PostureFinding>();
            foreach (var holder in CredentialHolder.SigningIn(apps, principals))
            {
                foreach (
                    var secret in holder.Credentials.Where(c =>
                        c.Type == AppCredentialType.Secret && !c.IsExpiredAt(context.Now)
                    )
                )
                {
                    if (secret.EndDateTime is null)
                    {
                        findings.Add(holder.Finding($"{secret} never expires", secret));
                    }
                    else if (secret.Lifetime is { } lifetime && lifetime > limit)
                    {
                        findings.Add(
                            holder.Finding(
                                $"{secret} is valid for {Math.Round(lifetime.TotalDays)} days "
                                    + $"({Day(secret.StartDateTime)} to {Day(secret.EndDateTime)}), "
                                    + $"more than {context.Settings.MaxSecretLifetimeDays}",
                                secret
                            )
                        );
                    }
                }
            }
            return CheckOutcome.FromFindings(
                findings,
                "secrets outlive the allowed lifetime",
                $"every unexpired secret is valid for {context.Settings.MaxSecretLifetimeDays} days or less",
                evidence
            );
        }
    }
}

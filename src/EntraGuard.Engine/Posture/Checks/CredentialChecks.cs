using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>An application object or service principal, seen only as a holder of credentials.</summary>
    internal sealed class CredentialHolder
    {
        private CredentialHolder(
            string objectType,
            string objectId,
            string appId,
            string displayName,
            IReadOnlyList<AppCredential> credentials
        )
        {
            ObjectType = objectType;
            ObjectId = objectId;
            AppId = appId;
            DisplayName = displayName;
            Credentials = credentials;
        }

        /// <summary>application or servicePrincipal.</summary>
        public string ObjectType { get; }

        public string ObjectId { get; }
        public string AppId { get; }
        public string DisplayName { get; }
        public IReadOnlyList<AppCredential> Credentials { get; }

        public override string ToString() =>
            $"{(ObjectType == "application" ? "application" : "service principal")} '{DisplayName}' ({AppId})";

        public PostureFinding Finding(string detail, AppCredential? credential = null) =>
            new()
            {
                TargetId = ObjectId,
                TargetName = DisplayName,
                TargetType = ObjectType,
                AppId = AppId,
                KeyId = credential?.KeyId,
                Detail = $"{this}: {detail}",
            };

        public static CredentialHolder Of(ApplicationObject app) =>
            new("application", app.Id, app.AppId, app.DisplayName, app.Credentials);

        public static CredentialHolder Of(ServicePrincipalObject sp) =>
            new("servicePrincipal", sp.Id, sp.AppId, sp.DisplayName, sp.Credentials);

        /// <summary>
        /// Every application and service principal whose credentials sign it in. Managed identities are left out (Azure
        /// rotates their keys), and so are SAML principals' own credentials (their token-signing certificate and its password).
        /// </summary>
        public static IReadOnlyList<CredentialHolder> SigningIn(
            IEnumerable<ApplicationObject> apps,
            IEnumerable<ServicePrincipalObject> principals
        ) =>
            apps.Select(Of)
                .Concat(principals.Where(sp => !sp.IsManagedIdentity && !sp.UsesSamlSignOn).Select(Of))
                .ToArray();
    }

    /// <summary>A check over the credentials of applications and service principals.</summary>
    internal abstract class CredentialCheck : PostureCheck
    {
        protected CredentialCheck(
            string id,
            string title,
            Severity severity,
            string rationale,
            string remediation,
            PostureData extraNeeds = PostureData.None
        )
            : base(
                id,
                title,
                severity,
                "Application credentials",
                PostureData.Applications | PostureData.ServicePrincipals | extraNeeds,
                PostureLicence.None,
                rationale,
                remediation
            ) { }

        internal sealed override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var apps = context.Require(snapshot.Applications, PostureData.Applications);
            var principals = context.Require(snapshot.ServicePrincipals, PostureData.ServicePrincipals);
            var evidence = new List<string>
            {
                $"{snapshot.SourceOf(PostureData.Applications)}: {apps.Count} application(s) with {apps.Sum(a => a.Credentials.Count)} credential(s)",
                $"{snapshot.SourceOf(PostureData.ServicePrincipals)}: {principals.Count} service principal(s) with {principals.Sum(p => p.Credentials.Count)} credential(s)"
                    + $" ({principals.Count(p => p.IsManagedIdentity)} managed identities and {principals.Count(p => p.UsesSamlSignOn)} SAML principals set aside where their own keys are expected)",
            };
            return Evaluate(context, apps, principals, evidence);
        }

        protected abstract CheckOutcome Evaluate(
            PostureContext context,
            IReadOnlyList<ApplicationObject> apps,
            IReadOnlyList<ServicePrincipalObject> principals,
            List<string> evidence
        );

        protected static string Day(DateTimeOffset? value) =>
            value?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "never";

        /// <summary>The credentials in words, for a finding.</summary>
        protected static string List(IEnumerable<AppCredential> credentials) =>
            string.Join(", ", credentials.Select(c => $"{c} (until {Day(c.EndDateTime)})"));
    }

    internal sealed class SecretLifetimeCheck : CredentialCheck
    {
        public SecretLifetimeCheck()
            : base(
                "EGP010",
                "Client secrets are short-lived",
                Severity.Medium,
                "A client secret is a password for an application that no person types and no MFA protects. The longer it is "
                    + "valid, the longer a copy left in a script, a pipeline log or a stolen laptop keeps working — and secrets that "
                    + "live for years are rarely rotated at all.",
                "Replace each long-lived secret with one valid for no more than posture.maxSecretLifetimeDays days (default "
                    + "180) — or better, with a certificate or a federated credential (workload identity federation) — then remove "
                    + "the old one. An application management policy can cap secret lifetimes for new credentials tenant-wide."
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
                                $"{secret} is valid for {Math.Round(lifetime.TotalDays)} days ({Day(secret.StartDateTime)} to {Day(secret.EndDateTime)}), "
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

    internal sealed class ExpiredCredentialsCheck : CredentialCheck
    {
        public ExpiredCredentialsCheck()
            : base(
                "EGP011",
                "Expired credentials are removed",
                Severity.Low,
                "An expired secret or certificate cannot sign in, but it hides the ones that can: reviews of 'which credentials "
                    + "does this app hold' drown in dead entries, and a credential an attacker planted next to them looks like one "
                    + "more. Expired entries also show rotation that was never finished.",
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

    internal sealed class MixedCredentialTypesCheck : CredentialCheck
    {
        public MixedCredentialTypesCheck()
            : base(
                "EGP012",
                "Applications use secrets or certificates, not both",
                Severity.Low,
                "An application that signs in with a certificate has no need for a secret as well, and the secret is the weaker "
                    + "of the two: easier to copy, easier to leak. A secret appearing beside certificates is also a classic sign of a "
                    + "credential planted by someone taking over the application.",
                "Decide which kind of credential each application uses (prefer certificates or federated credentials), remove "
                    + "the other kind from both the application and its service principal, and find out who added it if nobody can say."
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
                            $"'{holder.DisplayName}' ({app.Key}) holds {secrets.Length} secret(s) and {certificates.Length} certificate(s): {List(secrets.Concat(certificates))}",
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
                "Microsoft's own applications come with broad permissions in every tenant and are trusted by reviewers at a "
                    + "glance. A secret or certificate added to one of their service principals lets whoever holds it sign in as "
                    + "Microsoft's app with those permissions — a persistence technique used against Microsoft itself — and nothing "
                    + "legitimate needs it today.",
                "Remove the credentials from the Microsoft service principal (Graph: removePassword, or an update of "
                    + "keyCredentials that keeps the rest), then find out from the audit log who added them and what signed in with "
                    + "them. An old Exchange or SharePoint hybrid set-up may have uploaded a certificate to Office 365 Exchange Online "
                    + "or SharePoint Online: move it to the dedicated hybrid application, or record an accepted deviation for that principal."
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
                $"{microsoft.Length} service principal(s) owned by Microsoft's tenants ({string.Join(", ", MicrosoftTenants)})"
            );
            var findings = microsoft
                .Where(sp => sp.Credentials.Count > 0)
                .Select(sp =>
                    CredentialHolder
                        .Of(sp)
                        .Finding(
                            $"Microsoft's application holds {sp.Credentials.Count} credential(s) in this tenant: {List(sp.Credentials)}"
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
                "A multi-tenant application is managed — and its credentials kept — where it is registered. A credential added "
                    + "to its service principal here works only in this tenant, with whatever permissions the application was "
                    + "granted here, and its publisher knows nothing of it: the shape of a backdoor rather than of an integration.",
                "Remove the credentials from the service principal and ask the application's publisher (or, for your own "
                    + "multi-tenant application, its owners) how it is meant to authenticate; credentials belong on the application "
                    + "registration in its home tenant. Check the audit log for who added them and what signed in with them.",
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
                                $"the application is registered in tenant {owner}, yet its service principal here holds {List(sp.Credentials)}"
                            )
                    );
                }
                else if (ownMultiTenant.Contains(sp.AppId) && !sp.UsesSamlSignOn)
                {
                    findings.Add(
                        CredentialHolder
                            .Of(sp)
                            .Finding(
                                $"this tenant's multi-tenant application holds credentials on its service principal rather than its registration: {List(sp.Credentials)}"
                            )
                    );
                }
            }
            evidence.Add(
                $"{ownMultiTenant.Count} of this tenant's application(s) are multi-tenant; "
                    + $"{principals.Count(sp => sp.AppOwnerOrganizationId is { Length: > 0 } owner && !string.Equals(owner, tenantId, StringComparison.OrdinalIgnoreCase) && !FirstPartyCredentialsCheck.MicrosoftTenants.Contains(owner, StringComparer.OrdinalIgnoreCase))} service principal(s) belong to other tenants' applications"
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

using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class PrivilegedAppSecretsCheck : PostureCheck
    {
        public PrivilegedAppSecretsCheck()
            : base(
                "EGP072",
                "No service principal that signs in with a client secret holds a privileged role",
                Severity.High,
                "Privileged roles",
                PostureData.ActiveRoleAssignments | PostureData.ServicePrincipals | PostureData.Applications,
                PostureLicence.None,
                "A client secret is a password anyone who copies it can use from anywhere: it lives in configuration "
                    + "files, pipelines and scripts, bound to no device and no key store. A service principal with a "
                    + "privileged role and a secret hands the tenant to whoever reads that file.",
                "Replace the secret with a certificate held in a key store, or run the workload as a managed identity "
                    + "(Entra admin center → App registrations → the app → Certificates & secrets → upload a "
                    + "certificate, then delete the secret; POST /applications/{id}/removePassword, and "
                    + "/servicePrincipals/{id}/removePassword for a secret on the service principal). Where a secret "
                    + "must stay, take the role away and grant the narrowest Graph permission the workload needs."
            )
        {
            Frameworks = new[] { "MT.1027" };
        }

        internal override IReadOnlyList<string> RolesRead(PostureSettings settings) => settings.PrivilegedRoleIds;

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var roles = new HashSet<string>(context.Settings.PrivilegedRoleIds, StringComparer.OrdinalIgnoreCase);
            var held = context
                .Require(snapshot.ActiveRoleAssignments, PostureData.ActiveRoleAssignments)
                .Where(a => roles.Contains(a.RoleDefinitionId) && a.PrincipalType == "servicePrincipal")
                .GroupBy(a => a.PrincipalId, StringComparer.OrdinalIgnoreCase)
                .ToArray();
            var principals = context
                .Require(snapshot.ServicePrincipals, PostureData.ServicePrincipals)
                .ById(sp => sp.Id);
            var apps = context.Require(snapshot.Applications, PostureData.Applications).ById(app => app.AppId);

            var evidence = new List<string>
            {
                $"{snapshot.SourceOf(PostureData.ActiveRoleAssignments)}: {held.Length} service principal(s) hold "
                    + $"privileged roles",
            };
            var findings = new List<PostureFinding>();
            var unknown = new List<string>();
            foreach (var holding in held)
            {
                if (!principals.TryGetValue(holding.Key, out var principal))
                {
                    unknown.Add(holding.First().ToString());
                    continue;
                }
                // The secret may sit on the service principal or on its app registration in this tenant.
                var secrets = principal
                    .Credentials.Concat(
                        apps.TryGetValue(principal.AppId, out var app) ? app.Credentials : Array.Empty<AppCredential>()
                    )
                    .Where(c => c.Type == AppCredentialType.Secret)
                    .ToArray();
                if (secrets.Length == 0)
                    continue;
                var roleNames = string.Join(
                    ", ",
                    holding.Select(a => PrivilegedRoles.NameOf(a.RoleDefinitionId)).Distinct(StringComparer.Ordinal)
                );
                findings.Add(
                    new PostureFinding
                    {
                        TargetId = principal.Id,
                        TargetName = principal.DisplayName,
                        TargetType = "servicePrincipal",
                        AppId = principal.AppId,
                        Detail =
                            $"{principal} holds {roleNames} and signs in with {secrets.Length} client secret(s): "
                            + CredentialCheck.List(secrets),
                    }
                );
            }
            if (unknown.Count > 0)
            {
                evidence.Add(
                    $"{snapshot.SourceOf(PostureData.ServicePrincipals)}: not found, so not judged: "
                        + string.Join(", ", unknown)
                );
                if (findings.Count == 0)
                {
                    return CheckOutcome.Skip(
                        $"skipped: {unknown.Count} service principal(s) holding privileged roles were not found",
                        evidence
                    );
                }
            }
            return CheckOutcome.FromFindings(
                findings,
                "service principals with client secrets hold privileged roles",
                $"none of the {held.Length} service principal(s) holding privileged roles has a client secret",
                evidence
            );
        }
    }
}

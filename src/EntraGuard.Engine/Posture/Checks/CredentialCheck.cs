using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
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
                $"{snapshot.SourceOf(PostureData.Applications)}: {apps.Count} application(s) with "
                    + $"{apps.Sum(a => a.Credentials.Count)} credential(s)",
                $"{snapshot.SourceOf(PostureData.ServicePrincipals)}: {principals.Count} service principal(s) with "
                    + $"{principals.Sum(p => p.Credentials.Count)} credential(s)"
                    + $" ({principals.Count(p => p.IsManagedIdentity)} managed identities and "
                    + $"{principals.Count(p => p.UsesSamlSignOn)} SAML principals set aside where their own keys "
                    + $"are expected)",
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
        internal static string List(IEnumerable<AppCredential> credentials) =>
            string.Join(", ", credentials.Select(c => $"{c} (until {Day(c.EndDateTime)})"));
    }
}

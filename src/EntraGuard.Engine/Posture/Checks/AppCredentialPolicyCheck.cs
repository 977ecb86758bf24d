using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// Maester passes on <c>isEnabled</c> alone; an enabled policy without a restriction in force restricts nothing,
    /// so EntraGuard also asks for a restriction on app registrations' secrets that is enabled and already applies
    /// (no <c>restrictForAppsCreatedAfterDateTime</c> still in the future): secrets blocked (passwordAddition,
    /// customPasswordAddition) or their lifetime capped (passwordLifetime).
    /// </summary>
    internal sealed class AppCredentialPolicyCheck : PostureCheck
    {
        private static readonly string[] SecretRestrictions =
        {
            "passwordAddition",
            "customPasswordAddition",
            "passwordLifetime",
        };

        public AppCredentialPolicyCheck()
            : base(
                "EGP080",
                "The default app management policy restricts application secrets",
                Severity.Medium,
                "Application credentials",
                PostureData.DefaultAppManagementPolicy | PostureData.SubscribedSkus,
                PostureLicence.WorkloadId,
                "Without a tenant-wide policy every developer and every owner may add client secrets of any lifetime "
                    + "to an app registration: long-lived passwords that end up in code, pipelines and configuration "
                    + "files and let whoever copies them sign in as the application. A default app management policy "
                    + "blocks new secrets, or caps their lifetime, for every application at once.",
                "Entra admin center → Enterprise apps → Application policies → Edit the default policy: turn it on and "
                    + "block password addition (or set a maximum password lifetime) for applications; or PATCH "
                    + "/policies/defaultAppManagementPolicy with isEnabled = true and applicationRestrictions."
                    + "passwordCredentials = [{\"restrictionType\":\"passwordAddition\",\"state\":\"enabled\"}]. "
                    + "Microsoft enforces the policy only with Microsoft Entra Workload ID Premium."
            )
        {
            Frameworks = new[] { "MT.1002" };
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var policy = context.Require(
                context.Snapshot.DefaultAppManagementPolicy,
                PostureData.DefaultAppManagementPolicy
            );
            var source = context.Snapshot.SourceOf(PostureData.DefaultAppManagementPolicy);
            var evidence = new List<string>
            {
                $"{source}: isEnabled = {policy.IsEnabled.ToString().ToLowerInvariant()}",
                $"applicationRestrictions: {List(policy.ApplicationRestrictions)}",
                $"servicePrincipalRestrictions: {List(policy.ServicePrincipalRestrictions)}",
            };
            var inForce = policy
                .ApplicationRestrictions.Where(r =>
                    r.OnSecrets
                    && SecretRestrictions.Contains(r.RestrictionType, StringComparer.OrdinalIgnoreCase)
                    && !r.IsDisabled
                    && (r.RestrictForAppsCreatedAfter is not { } after || after <= context.Now)
                )
                .ToArray();
            var findings = new List<PostureFinding>();
            if (!policy.IsEnabled)
                findings.Add(Finding("the default app management policy is turned off (isEnabled = false)"));
            else if (inForce.Length == 0)
                findings.Add(
                    Finding(
                        "the policy is on but no restriction on app registrations' secrets is in force (none of "
                            + $"{string.Join(", ", SecretRestrictions)} enabled and already applying)"
                    )
                );
            return CheckOutcome.FromFindings(
                findings,
                "application secrets are not restricted tenant-wide",
                $"the default app management policy restricts application secrets: {List(inForce)}",
                evidence
            );
        }

        private static PostureFinding Finding(string detail) =>
            new()
            {
                TargetId = "defaultAppManagementPolicy",
                TargetName = "Default app management policy",
                TargetType = "policy",
                Detail = detail,
            };

        private static string List(IReadOnlyCollection<CredentialRestriction> restrictions) =>
            restrictions.Count == 0 ? "none" : string.Join("; ", restrictions);
    }
}

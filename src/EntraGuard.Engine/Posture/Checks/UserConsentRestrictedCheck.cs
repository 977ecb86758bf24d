using System;
using System.Collections.Generic;
using System.Linq;
using static EntraGuard.Posture.Checks.ConsentGrantEntries;

namespace EntraGuard.Posture.Checks
{
    internal sealed class UserConsentRestrictedCheck : PostureCheck
    {
        /// <summary>Microsoft's built-in app consent policies that keep user consent narrow, and what each
        /// allows.</summary>
        private static readonly Dictionary<string, string> Restricted = new(StringComparer.OrdinalIgnoreCase)
        {
            ["microsoft-user-default-low"] =
                "apps from verified publishers or this tenant, permissions classified as low impact",
            ["microsoft-user-default-recommended"] =
                "Microsoft-managed: the permissions Microsoft currently recommends letting users grant",
            ["microsoft-user-default-allow-consent-apps"] =
                "Microsoft-managed: mail permissions for a list of known mail clients",
        };

        private const string Unrestricted = "microsoft-user-default-legacy";

        public UserConsentRestrictedCheck()
            : base(
                "EGP009",
                "User consent to applications is restricted",
                Severity.High,
                "Applications",
                PostureData.AuthorizationPolicy,
                PostureLicence.None,
                "Illicit consent grants need no password at all: a user clicks Accept on a convincing app and hands it "
                    + "lasting access to their mail and files, which survives password resets and MFA. Limiting what "
                    + "users may consent to, and to whom, closes the most common route; admin consent with a request "
                    + "workflow handles the rest.",
                "Set 'User consent for applications' to 'Do not allow user consent' or 'Allow user consent for apps "
                    + "from verified publishers, for selected permissions' (Entra admin center → Enterprise apps → "
                    + "Consent and permissions), or let Microsoft manage the setting; turn on the admin consent "
                    + "workflow so users can ask. Review custom app consent policies by hand."
            )
        {
            Frameworks = new[] { "EIDSCA.AP08" };
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var policy = context.Require(context.Snapshot.AuthorizationPolicy, PostureData.AuthorizationPolicy);
            var source = context.Snapshot.SourceOf(PostureData.AuthorizationPolicy);
            var forSelf = policy
                .PermissionGrantPoliciesAssigned.Where(p => p.StartsWith(ForSelf, StringComparison.OrdinalIgnoreCase))
                .Select(p => p.Substring(ForSelf.Length))
                .ToArray();
            var evidence = new List<string>
            {
                $"{source}: defaultUserRolePermissions.permissionGrantPoliciesAssigned = "
                    + $"[{string.Join(", ", policy.PermissionGrantPoliciesAssigned)}]",
            };
            var unrecognised = policy
                .PermissionGrantPoliciesAssigned.Where(p =>
                    !p.StartsWith(ForSelf, StringComparison.OrdinalIgnoreCase)
                    && !p.StartsWith(ForOwnedResource, StringComparison.OrdinalIgnoreCase)
                )
                .ToArray();
            // Only the absence of a user-consent entry means users cannot consent; an entry of a form EntraGuard does
            // not know may grant it, so it is never read as "off".
            if (unrecognised.Length > 0 && !forSelf.Contains(Unrestricted, StringComparer.OrdinalIgnoreCase))
            {
                return CheckOutcome.Skip(
                    $"skipped: permissionGrantPoliciesAssigned holds {string.Join(", ", unrecognised)}, "
                        + "an entry EntraGuard does not recognise; review what it lets users consent to",
                    evidence
                );
            }
            if (forSelf.Length == 0)
                return CheckOutcome.Pass("users cannot consent to applications", evidence);

            var findings = forSelf
                .Where(id => string.Equals(id, Unrestricted, StringComparison.OrdinalIgnoreCase))
                .Select(id => new PostureFinding
                {
                    TargetId = ForSelf + id,
                    TargetName = "Allow user consent for apps",
                    TargetType = "consentPolicy",
                    Detail =
                        "users may consent to any application for every permission that does not need an administrator",
                })
                .ToList();
            if (findings.Count > 0)
                return CheckOutcome.FromFindings(findings, "user consent is not restricted", "", evidence);

            var custom = forSelf.Where(id => !Restricted.ContainsKey(id)).ToArray();
            if (custom.Length > 0)
            {
                return CheckOutcome.Skip(
                    $"skipped: user consent is governed by custom app consent policy {string.Join(", ", custom)}, "
                        + $"which EntraGuard does not judge; review what it allows",
                    evidence
                );
            }
            foreach (var id in forSelf)
                evidence.Add($"{id}: {Restricted[id]}");
            return CheckOutcome.Pass($"user consent is restricted ({string.Join(", ", forSelf)})", evidence);
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture.ConditionalAccess;
using static EntraGuard.Posture.Checks.ConditionalAccessAnalysis;

namespace EntraGuard.Posture.Checks
{
    internal sealed class DeviceComplianceRequiredCheck : PostureCheck
    {
        public DeviceComplianceRequiredCheck()
            : base(
                "EGP051",
                "Some enforced policy requires a compliant device",
                Severity.Medium,
                "Conditional Access",
                PostureData.ConditionalAccessPolicies | PostureData.SubscribedSkus,
                PostureLicence.EntraIdP1,
                "Intune's compliance verdict (encrypted disk, patched OS, no jailbreak, Defender healthy) matters "
                    + "only where Conditional Access asks for it. Without any enforced policy that requires a "
                    + "compliant device, compliance policies are reports: a stolen password still works from any "
                    + "machine. EGP037 proves the stronger claim for every sign-in; this check finds the tenant "
                    + "that has not started.",
                "Have an enabled Conditional Access policy whose grant includes 'Require device to be marked as "
                    + "compliant' (grantControls.builtInControls compliantDevice) for the users and apps that hold "
                    + "your data, Entra admin center → Protection → Conditional Access → New policy → Grant; or "
                    + "POST /identity/conditionalAccess/policies. Start in report-only mode to see who would fail."
            )
        {
            Frameworks = new[] { "MT.1001" };
        }

        private static bool TargetsPeople(ConditionalAccessPolicy policy) =>
            policy.IncludeUsers.Any(u => !string.Equals(u, "None", System.StringComparison.OrdinalIgnoreCase))
            || policy.IncludeGroups.Count + policy.IncludeRoles.Count > 0
            || policy.IncludeGuestsOrExternalUsers is not null;

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var source = context.Snapshot.SourceOf(PostureData.ConditionalAccessPolicies);
            var policies = context.ConditionalAccessPolicies();
            // A policy for workload identities or for nobody asks no person for a device.
            var requiring = policies
                .Where(p => p.IsEnabled && !p.TargetsWorkloadIdentities && Has(p.BuiltInControls, "compliantDevice"))
                .Where(TargetsPeople)
                .ToArray();
            var reportOnly = policies.Where(p => p.IsReportOnly && Has(p.BuiltInControls, "compliantDevice")).ToArray();
            var evidence = requiring.Select(p => Describe(p, source)).ToList();
            if (reportOnly.Length > 0)
                evidence.Add($"{source}: report-only, not enforced: {SignInEvaluation.Names(reportOnly)}");
            var findings = new List<PostureFinding>();
            if (requiring.Length == 0)
            {
                evidence.Add($"{source}: no enabled policy grants access by a compliant device");
                findings.Add(
                    new PostureFinding
                    {
                        TargetId = "compliantDevice",
                        TargetName = "device compliance",
                        TargetType = "grantControl",
                        Detail = "no enabled Conditional Access policy asks for a compliant device",
                    }
                );
            }
            return CheckOutcome.FromFindings(
                findings,
                "no enforced policy requires a compliant device",
                $"a compliant device is required by {SignInEvaluation.Names(requiring)}",
                evidence
            );
        }
    }
}

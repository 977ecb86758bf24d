using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class AdminConsentWorkflowCheck : PostureCheck
    {
        public AdminConsentWorkflowCheck()
            : base(
                "EGP023",
                "Users can ask an administrator to consent to an application",
                Severity.Medium,
                "Applications",
                PostureData.AdminConsentRequestPolicy,
                PostureLicence.None,
                "Once user consent is restricted, users who need an application either give up, find a way around the "
                    + "restriction, or pressure an administrator into granting it without review. The admin consent "
                    + "workflow routes each request to named reviewers, who see what the app asks for before anyone "
                    + "grants it. The older switch for the request, in the legacy 'Consent Policy Settings' object, "
                    + "is EGP106's.",
                "Turn on 'Users can request admin consent to apps they are unable to consent to' and name reviewers "
                    + "(Entra admin center → Enterprise apps → Consent and permissions → Admin consent settings), or "
                    + "PUT /policies/adminConsentRequestPolicy with isEnabled = true and reviewers."
            )
        {
            Frameworks = new[] { "MS.AAD.5.3", "EIDSCA.CR01", "CIS.M365.5.1.5.2" };
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var policy = context.Require(
                context.Snapshot.AdminConsentRequestPolicy,
                PostureData.AdminConsentRequestPolicy
            );
            var source = context.Snapshot.SourceOf(PostureData.AdminConsentRequestPolicy);
            var evidence = new[]
            {
                $"{source}: isEnabled = {(policy.IsEnabled ? "true" : "false")}, {policy.ReviewerCount} reviewer(s)",
            };
            var findings = new List<PostureFinding>();
            if (!policy.IsEnabled || policy.ReviewerCount == 0)
            {
                findings.Add(
                    new PostureFinding
                    {
                        TargetId = "adminConsentRequestPolicy",
                        TargetName = "Admin consent requests",
                        TargetType = "setting",
                        Detail = policy.IsEnabled
                            ? "the admin consent workflow is on but names no reviewer, so requests reach nobody"
                            : "the admin consent workflow is off (isEnabled = false)",
                    }
                );
            }
            return CheckOutcome.FromFindings(
                findings,
                "users cannot ask for admin consent",
                $"users can ask for admin consent; {policy.ReviewerCount} reviewer(s) decide",
                evidence
            );
        }
    }
}

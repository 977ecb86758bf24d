using System;
using System.Collections.Generic;
using System.Linq;
using static EntraGuard.Posture.Checks.ConditionalAccessAnalysis;

namespace EntraGuard.Posture.Checks
{
    internal sealed class MfaForAllUsersCheck : SecurityDefaultsOrPolicyCheck
    {
        private const string AllUsers = "All users";

        public MfaForAllUsersCheck()
            : base(
                "EGP002",
                "All users must use multifactor authentication",
                Severity.High,
                "An ordinary user's mailbox and files are enough for invoice fraud, internal phishing and consent "
                    + "attacks, and an ordinary user can often register applications, consent to them or reset their "
                    + "own security info. With MFA only for administrators, the attacker simply starts one step lower "
                    + "and climbs.",
                "Have an enabled Conditional Access policy for All users and All resources, without location, "
                    + "platform, device or client-app conditions, that grants access only with multifactor "
                    + "authentication (or an authentication strength). Exclude nobody but your emergency-access "
                    + "accounts (listed under posture.breakGlassAccounts) and the Directory Synchronization Accounts "
                    + "role (which EGP066 asks for, and which is not counted here); when another service account has "
                    + "to be excluded, record an accepted deviation for it with a justification and an expiry. A "
                    + "tenant without Microsoft Entra ID P1 turns on security defaults instead."
            )
        {
            Frameworks = new[] { "MS.AAD.3.2", "MT.1007" };
        }

        protected override string SecurityDefaultsReason =>
            "security defaults are on: every user has to register for and complete MFA";

        protected override CheckOutcome EvaluatePolicies(
            PostureContext context,
            IReadOnlyList<ConditionalAccessPolicy> policies,
            List<string> evidence
        )
        {
            var settings = context.Settings;
            string? WhyNot(ConditionalAccessPolicy policy) =>
                !IncludesAllUsers(policy) ? "does not target all users" : NotAlwaysOn(policy);
            var qualifying = Qualifying(context, policies.Where(RequiresMfa), WhyNot, evidence);
            var coverage = Coverage(new[] { AllUsers }, _ => qualifying, withRoles: true, settings);
            var findings = coverage.ToFindings(
                "scope",
                scope => scope,
                "no enabled policy requires MFA for all users on all apps",
                _ => "requires MFA for all users",
                settings
            );
            return CheckOutcome.FromFindings(
                findings,
                "MFA is not required for every user",
                $"enabled Conditional Access requires MFA for all users on all apps "
                    + $"({string.Join(", ", qualifying.Select(p => $"'{p.DisplayName}'"))})",
                evidence
            );
        }
    }
}

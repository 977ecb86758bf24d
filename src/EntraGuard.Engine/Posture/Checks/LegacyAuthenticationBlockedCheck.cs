using System;
using System.Collections.Generic;
using System.Linq;
using static EntraGuard.Posture.Checks.ConditionalAccessAnalysis;

namespace EntraGuard.Posture.Checks
{
    internal sealed class LegacyAuthenticationBlockedCheck : SecurityDefaultsOrPolicyCheck
    {
        private static readonly string[] LegacyClients = { "exchangeActiveSync", "other" };

        public LegacyAuthenticationBlockedCheck()
            : base(
                "EGP003",
                "Legacy authentication is blocked",
                Severity.High,
                "Legacy protocols (POP, IMAP, SMTP AUTH, older Exchange ActiveSync and Office clients) cannot ask for "
                    + "a second factor, so they let a password through where MFA would have stopped it. "
                    + "Password-spraying campaigns aim at them for exactly that reason; an MFA policy is only as "
                    + "strong as the legacy door left beside it.",
                "Have an enabled Conditional Access policy for All users and All resources whose client-app condition "
                    + "selects 'Exchange ActiveSync clients' and 'Other clients' and whose grant is Block access. "
                    + "Exclude only your emergency-access accounts. Security defaults block legacy authentication as "
                    + "well."
            )
        {
            Frameworks = new[] { "MS.AAD.1.1", "MT.1009", "MT.1010", "MT.1033" };
        }

        protected override string SecurityDefaultsReason =>
            "security defaults are on: legacy authentication is blocked";

        protected override CheckOutcome EvaluatePolicies(
            PostureContext context,
            IReadOnlyList<ConditionalAccessPolicy> policies,
            List<string> evidence
        )
        {
            var settings = context.Settings;
            string? WhyNot(ConditionalAccessPolicy policy) =>
                !IncludesAllUsers(policy)
                    ? "does not target all users"
                    : NotAlwaysOn(policy, AllowedConditions.ClientAppTypes);
            var qualifying = Qualifying(
                context,
                policies.Where(policy => Blocks(policy) && LegacyClients.Any(client => Reaches(policy, client))),
                WhyNot,
                evidence
            );
            var coverage = Coverage(
                LegacyClients,
                client => qualifying.Where(policy => Reaches(policy, client)).ToArray(),
                withRoles: true,
                settings
            );
            var findings = coverage.ToFindings(
                "clientAppType",
                ClientName,
                "no enabled policy blocks it for all users",
                clients => $"blocks {string.Join(" and ", clients.Select(ClientName))}",
                settings
            );
            return CheckOutcome.FromFindings(
                findings,
                "legacy authentication is not blocked for everyone",
                "enabled Conditional Access blocks Exchange ActiveSync and other legacy clients for all users",
                evidence
            );
        }

        private static bool Reaches(ConditionalAccessPolicy policy, string client) =>
            Has(policy.ClientAppTypes, client)
            || (client == "exchangeActiveSync" && Has(policy.ClientAppTypes, "easSupported"));

        private static string ClientName(string client) =>
            client == "other" ? "other legacy clients" : "Exchange ActiveSync";
    }
}

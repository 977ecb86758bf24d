using System.Collections.Generic;
using System.Globalization;

namespace EntraGuard.Posture.Checks
{
    internal sealed class PremiumLicenceCoverageCheck : PostureCheck
    {
        public PremiumLicenceCoverageCheck()
            : base(
                "EGP108",
                "Users of Entra ID P1 and P2 features do not outnumber the licences",
                Severity.Low,
                "Licences",
                PostureData.PremiumLicenseInsight,
                PostureLicence.EntraIdP1,
                "Conditional Access needs an Entra ID P1 licence for every user it protects, risk-based Conditional "
                    + "Access a P2 licence. When more users rely on a feature than the tenant holds licences for, the "
                    + "tenant is out of its licence terms, and a later licence clean-up can strip protection from "
                    + "users nobody knew depended on it. Graph serves the counts in beta only "
                    + "(reports/azureADPremiumLicenseInsight): a refusal skips this check alone. A P2 licence "
                    + "includes P1, so P1 features are held against both. Unlike Maester, guests are shown but not "
                    + "counted: External ID bills them by monthly active users, not against these licences.",
                "Buy Entra ID P1 or P2 licences for the users the features cover (Microsoft 365 admin center → "
                    + "Billing → Licenses), or narrow the Conditional Access policies to the licensed users; the "
                    + "counts are in Entra admin center → Identity → Overview → Licensing insights."
            )
        {
            Frameworks = new[] { "MT.1022", "MT.1023" };
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var insight = context.Require(context.Snapshot.PremiumLicenseInsight, PostureData.PremiumLicenseInsight);
            var source = context.Snapshot.SourceOf(PostureData.PremiumLicenseInsight);
            var p1 = insight.EntitledP1LicenseCount + insight.EntitledP2LicenseCount;
            var evidence = new List<string>
            {
                $"{source}: entitledP1LicenseCount = {Shown(insight.EntitledP1LicenseCount)}, "
                    + $"entitledP2LicenseCount = {Shown(insight.EntitledP2LicenseCount)}",
                $"{source}: conditionalAccess users = {Shown(insight.ConditionalAccessUsers)} "
                    + $"(guests {Shown(insight.ConditionalAccessGuestUsers)}, not counted)",
                $"{source}: riskBasedConditionalAccess users = {Shown(insight.RiskBasedConditionalAccessUsers)} "
                    + $"(guests {Shown(insight.RiskBasedConditionalAccessGuestUsers)}, not counted)",
            };
            var findings = new List<PostureFinding>();
            var unknown = new List<string>();
            Compare("Entra ID P1", "Conditional Access", insight.ConditionalAccessUsers, p1);
            Compare(
                "Entra ID P2",
                "risk-based Conditional Access",
                insight.RiskBasedConditionalAccessUsers,
                insight.EntitledP2LicenseCount
            );
            if (findings.Count == 0 && unknown.Count > 0)
                return CheckOutcome.Skip($"skipped: {source} did not return {string.Join(", ", unknown)}", evidence);
            return CheckOutcome.FromFindings(
                findings,
                "more users rely on premium features than the tenant holds licences for",
                "every user of a premium feature is covered by a licence",
                evidence
            );

            void Compare(string licence, string feature, long? users, long? entitled)
            {
                if (users is null || entitled is null)
                {
                    unknown.Add($"the {licence} counts");
                    return;
                }
                if (users <= entitled)
                    return;
                findings.Add(
                    new PostureFinding
                    {
                        TargetId = licence,
                        TargetName = licence,
                        TargetType = "licence",
                        Detail =
                            $"{users} users rely on {feature}, {entitled} hold an {licence} licence "
                            + $"({users - entitled} short)",
                    }
                );
            }
        }

        private static string Shown(long? count) => count?.ToString(CultureInfo.InvariantCulture) ?? "(not returned)";
    }
}

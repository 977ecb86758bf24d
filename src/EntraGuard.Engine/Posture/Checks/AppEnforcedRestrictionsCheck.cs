using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    internal sealed class AppEnforcedRestrictionsCheck : SignInRequirementCheck
    {
        public AppEnforcedRestrictionsCheck()
            : base(
                "EGP056",
                "Office 365 sign-ins get application-enforced restrictions",
                Severity.Low,
                PostureLicence.EntraIdP1,
                "With application-enforced restrictions, SharePoint, OneDrive and Exchange Online learn whether the "
                    + "device is managed and can then allow browser access only — no download, print or sync — on "
                    + "a personal or shared computer. Without the session control they cannot tell, and mail and "
                    + "files land on machines nobody manages. Proven for every client type of members and guests "
                    + "signing in to the Office 365 app group.",
                "Have an enabled Conditional Access policy for All users, the Office 365 app group (or All "
                    + "resources) and every client app type, with the session control 'Use app enforced "
                    + "restrictions' (sessionControls.applicationEnforcedRestrictions.isEnabled true), Entra admin "
                    + "center → Protection → Conditional Access → New policy → Session; then set the unmanaged-"
                    + "device access policy in SharePoint and Exchange Online.",
                SignInPopulation.Everyone
            )
        {
            Frameworks = new[] { "MT.1019" };
        }

        protected override string Requirement => "needs application-enforced restrictions";

        protected override string FailHeadline =>
            "Office 365 sign-ins can go without application-enforced restrictions";

        protected override IReadOnlyList<ConditionalAccessPolicy> MetBy(SignInEvaluation evaluation) =>
            evaluation.Applying.Where(p => p.Session.ApplicationEnforcedRestrictions).ToArray();

        protected override IEnumerable<SignIn> Shapes(SignIn person) =>
            new[] { Like(person, applicationGroups: new[] { "Office365" }) };
    }
}

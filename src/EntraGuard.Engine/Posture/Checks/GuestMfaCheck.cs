using System.Collections.Generic;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    internal sealed class GuestMfaCheck : SignInRequirementCheck
    {
        public GuestMfaCheck()
            : base(
                "EGP055",
                "Every guest and external user sign-in is blocked or needs MFA",
                Severity.High,
                PostureLicence.EntraIdP1,
                "A guest's password is managed by another organization, or by nobody: its lockout, leak detection "
                    + "and password rules are not yours. Guests often keep access long after the project ended, "
                    + "so a leaked guest password is a quiet way into Teams, SharePoint and the apps they were "
                    + "given. Proven for each of the six guest and external user kinds, to every app a policy names.",
                "Have an enabled Conditional Access policy for All resources that includes All users, or 'Guest or "
                    + "external users' with every kind selected (conditions.users.includeGuestsOrExternalUsers), and "
                    + "grants access only with multifactor authentication or an authentication strength (Entra "
                    + "admin center → Protection → Conditional Access → New policy). Trust the home tenant's MFA in "
                    + "the cross-tenant access settings so guests are not asked twice.",
                SignInPopulation.Guests
            )
        {
            Frameworks = new[] { "MT.1016" };
        }

        protected override string Requirement => "needs MFA";

        protected override string FailHeadline => "guests can sign in without MFA";

        protected override IReadOnlyList<ConditionalAccessPolicy> MetBy(SignInEvaluation evaluation) =>
            evaluation.MfaRequiredBy;
    }
}

using System.Collections.Generic;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    internal sealed class BaselinePolicyCheck : SignInRequirementCheck
    {
        public BaselinePolicyCheck()
            : base(
                "EGP052",
                "Every sign-in of every user, to any application, meets an enforced policy",
                Severity.Medium,
                PostureLicence.EntraIdP1,
                "Policies written app by app or group by group leave whatever nobody named — a newly consented "
                    + "app, a new department's group — with no Conditional Access at all. A baseline policy for "
                    + "all users and all resources is the safety net: any sign-in the specific policies miss still "
                    + "meets it. Proven over an application no policy names, for members and every kind of guest.",
                "Have at least one enabled Conditional Access policy for All users and All resources without "
                    + "client-app, platform or location conditions (typically 'Require MFA for all users'), Entra "
                    + "admin center → Protection → Conditional Access → New policy; or POST "
                    + "/identity/conditionalAccess/policies with conditions.users.includeUsers ['All'] and "
                    + "conditions.applications.includeApplications ['All']. Exclude only emergency-access accounts.",
                SignInPopulation.Everyone
            )
        {
            Frameworks = new[] { "MT.1003", "MT.1004" };
        }

        protected override string Requirement => "needs what at least one enforced policy asks";

        protected override string FailHeadline => "some sign-ins meet no enforced Conditional Access policy";

        protected override IReadOnlyList<ConditionalAccessPolicy> MetBy(SignInEvaluation evaluation) =>
            evaluation.Applying;
    }
}

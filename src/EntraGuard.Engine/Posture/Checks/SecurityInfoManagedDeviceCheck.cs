using System.Collections.Generic;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    internal sealed class SecurityInfoManagedDeviceCheck : SignInRequirementCheck
    {
        public SecurityInfoManagedDeviceCheck()
            : base(
                "EGP034",
                "Security info can be registered only from a managed device",
                Severity.Medium,
                PostureLicence.EntraIdP1,
                "Whoever registers an authentication method owns the account from then on. An attacker holding a "
                    + "phished password — or a session of a user who has not registered MFA yet — adds their own "
                    + "phone or passkey and passes every later MFA prompt. Requiring a compliant or hybrid-joined "
                    + "device for the registration keeps it to machines the organization controls.",
                "Have an enabled Conditional Access policy for All users that targets the user action 'Register "
                    + "security information' (conditions.applications.includeUserActions "
                    + "urn:user:registersecurityinfo) and grants access only with 'Require device to be marked as "
                    + "compliant' or 'Require Microsoft Entra hybrid joined device' (builtInControls compliantDevice, "
                    + "domainJoinedDevice). Give new users a Temporary Access Pass for their first registration.",
                SignInPopulation.Everyone
            )
        {
            Frameworks = new[] { "MS.AAD.3.8" };
        }

        protected override string Requirement => "needs a compliant or hybrid-joined device";

        protected override string FailHeadline => "security info can be registered from unmanaged devices";

        protected override IEnumerable<SignIn> Shapes(SignIn person) =>
            new[] { Like(person, userAction: RegisterSecurityInfo) };

        protected override IReadOnlyList<ConditionalAccessPolicy> MetBy(SignInEvaluation evaluation) =>
            evaluation.ManagedDeviceRequiredBy;
    }
}

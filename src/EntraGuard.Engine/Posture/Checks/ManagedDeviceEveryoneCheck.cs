using System.Collections.Generic;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    internal sealed class ManagedDeviceEveryoneCheck : SignInRequirementCheck
    {
        public ManagedDeviceEveryoneCheck()
            : base(
                "EGP037",
                "Every sign-in needs a compliant or hybrid-joined device",
                Severity.Medium,
                PostureLicence.EntraIdP1,
                "A phished password and MFA approval work from the attacker's own computer unless the sign-in also "
                    + "has to come from a device the organization manages. A managed-device requirement for every "
                    + "user turns stolen credentials from a way in into a failed sign-in, and keeps data off "
                    + "machines nobody patches.",
                "Have an enabled Conditional Access policy for All users and All resources, without client-app, "
                    + "platform or location conditions, that grants access only with 'Require device to be marked "
                    + "as compliant' or 'Require Microsoft Entra hybrid joined device' (builtInControls "
                    + "compliantDevice, domainJoinedDevice). Roll it out in report-only mode first; leave out only "
                    + "your emergency-access accounts.",
                SignInPopulation.Everyone
            )
        {
            Frameworks = new[] { "MS.AAD.3.7" };
        }

        protected override string Requirement => "needs a compliant or hybrid-joined device";

        protected override string FailHeadline => "users can sign in from unmanaged devices";

        protected override IReadOnlyList<ConditionalAccessPolicy> MetBy(SignInEvaluation evaluation) =>
            evaluation.ManagedDeviceRequiredBy;
    }
}

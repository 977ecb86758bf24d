using System.Collections.Generic;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    internal sealed class AdminManagedDeviceCheck : SignInRequirementCheck
    {
        public AdminManagedDeviceCheck()
            : base(
                "EGP036",
                "Administrators sign in only from compliant or hybrid-joined devices",
                Severity.High,
                PostureLicence.EntraIdP1,
                "An administrator's password and MFA can be phished, and a session stolen, from any machine. "
                    + "Requiring a compliant or hybrid-joined device for every administrator sign-in means the "
                    + "attacker also needs a device the organization enrolled and manages — and keeps "
                    + "administration off personal and shared computers, where malware waits for the session.",
                "Have an enabled Conditional Access policy that includes the privileged directory roles and All "
                    + "resources, without client-app, platform or location conditions, and grants access only with "
                    + "'Require device to be marked as compliant' or 'Require Microsoft Entra hybrid joined device' "
                    + "(grantControls.builtInControls compliantDevice, domainJoinedDevice; with MFA use the AND "
                    + "operator). Leave out only your emergency-access accounts.",
                SignInPopulation.Administrators
            )
        {
            Frameworks = new[] { "MT.1014" };
        }

        protected override string Requirement => "needs a compliant or hybrid-joined device";

        protected override string FailHeadline => "administrators can sign in from unmanaged devices";

        protected override IReadOnlyList<ConditionalAccessPolicy> MetBy(SignInEvaluation evaluation) =>
            evaluation.ManagedDeviceRequiredBy;
    }
}

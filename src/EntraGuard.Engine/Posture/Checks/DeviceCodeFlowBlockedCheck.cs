using System.Collections.Generic;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    internal sealed class DeviceCodeFlowBlockedCheck : SignInRequirementCheck
    {
        public DeviceCodeFlowBlockedCheck()
            : base(
                "EGP033",
                "Sign-in by device code is blocked",
                Severity.High,
                PostureLicence.EntraIdP1,
                "The device code flow lets a user finish, on their own device, a sign-in started somewhere else. "
                    + "Phishing campaigns send a code with a plausible pretext; the user enters it at the genuine "
                    + "Microsoft page, passes MFA, and the attacker's session receives the tokens. Few organizations "
                    + "need the flow beyond a handful of meeting-room or command-line devices.",
                "Have an enabled Conditional Access policy for All users and All resources with the condition "
                    + "Authentication flows → Device code flow (conditions.authenticationFlows.transferMethods "
                    + "deviceCodeFlow) that blocks access (Entra admin center → Protection → Conditional Access). "
                    + "Where some devices need it, exclude only them by a device filter or named location in a "
                    + "separate, narrow policy, and accept that deviation here with its justification.",
                SignInPopulation.Everyone
            )
        {
            Frameworks = new[] { "MS.AAD.3.9", "MT.1052" };
        }

        protected override string? Requirement => null;

        protected override string FailHeadline => "users can sign in with a device code";

        protected override IEnumerable<SignIn> Shapes(SignIn person) =>
            new[] { Like(person, authenticationFlow: "deviceCodeFlow") };
    }
}

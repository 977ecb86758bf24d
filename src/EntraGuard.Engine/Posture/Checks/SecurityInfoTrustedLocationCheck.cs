using System.Collections.Generic;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    internal sealed class SecurityInfoTrustedLocationCheck : SignInRequirementCheck
    {
        public SecurityInfoTrustedLocationCheck()
            : base(
                "EGP035",
                "Security info can be registered only from trusted locations",
                Severity.Medium,
                PostureLicence.EntraIdP1,
                "An attacker with a user's password registers their own authenticator from wherever they are, and "
                    + "from then on passes MFA as that user. Blocking the registration outside the organization's "
                    + "trusted networks means a stolen password alone no longer buys a second factor.",
                "Have an enabled Conditional Access policy for All users that targets the user action 'Register "
                    + "security information' (urn:user:registersecurityinfo), includes Any location, excludes All "
                    + "trusted locations (conditions.locations.excludeLocations AllTrusted) and blocks access. Mark "
                    + "the office networks as trusted named locations (Protection → Conditional Access → Named "
                    + "locations). A named location this check cannot see as trusted counts as untrusted.",
                SignInPopulation.Everyone
            )
        {
            Frameworks = new[] { "MT.1011" };
        }

        protected override string? Requirement => null;

        protected override string FailHeadline => "security info can be registered from untrusted locations";

        protected override IEnumerable<SignIn> Shapes(SignIn person) =>
            new[] { Like(person, userAction: RegisterSecurityInfo) };

        protected override bool Exempt(SignIn signIn) => signIn.IsTrustedLocation;
    }
}

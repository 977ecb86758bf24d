using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    internal sealed class UnknownPlatformBlockedCheck : SignInRequirementCheck
    {
        public UnknownPlatformBlockedCheck()
            : base(
                "EGP054",
                "Sign-ins from unknown or unsupported device platforms are blocked",
                Severity.Medium,
                PostureLicence.EntraIdP1,
                "Device platform conditions trust the user agent. A client that reports no platform, or one no "
                    + "policy names, slips past every policy written for Windows, macOS, iOS or Android — the "
                    + "device-compliance and app-protection rules among them. Scripted password spraying and token "
                    + "theft tools often report exactly such a platform. Proven over a sign-in whose platform no "
                    + "policy names, for members and every kind of guest.",
                "Have an enabled Conditional Access policy for All users and All resources whose Device platforms "
                    + "condition includes Any device and excludes the platforms you support (android, iOS, windows, "
                    + "macOS, linux), with the grant Block access (conditions.platforms.includePlatforms ['all'], "
                    + "excludePlatforms the supported ones), Entra admin center → Protection → Conditional Access.",
                SignInPopulation.Everyone
            )
        {
            Frameworks = new[] { "MT.1015" };
        }

        protected override string? Requirement => null;

        protected override string FailHeadline => "sign-ins from unknown device platforms are not blocked";

        /// <summary>Only the sign-ins whose platform no policy names (or none is told) are the claim's.</summary>
        protected override bool Exempt(SignIn signIn) => signIn.Platform is not null;
    }
}

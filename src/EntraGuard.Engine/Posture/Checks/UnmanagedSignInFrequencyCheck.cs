using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    internal sealed class UnmanagedSignInFrequencyCheck : UnmanagedDeviceSessionCheck
    {
        /// <summary>Legacy clients, which keep no session the control could end (EGP003 blocks them).</summary>
        private static readonly string[] LegacyClients = { "exchangeActiveSync", "other" };

        public UnmanagedSignInFrequencyCheck()
            : base(
                "EGP065",
                "Sign-ins from unmanaged devices have a sign-in frequency",
                "Without a sign-in frequency a session on a personal or shared device lasts as long as its "
                    + "refresh token keeps being used, up to 90 days and renewed on use: a stolen token or a "
                    + "forgotten session stays good. A sign-in frequency makes the user prove themselves again at "
                    + "an interval the organization chooses. Maester (MT.1018) accepts one policy for all users and "
                    + "all apps whose device filter names non-compliant or non-hybrid-joined devices and whose "
                    + "frequency is a period; EntraGuard proves it for every modern-client sign-in of members and "
                    + "each kind of guest from each kind of unmanaged device, and also counts 'every time', which "
                    + "is stricter than any period. Legacy clients are left to EGP003.",
                "Have an enabled Conditional Access policy for All users and All resources with Session → Sign-in "
                    + "frequency → Periodic reauthentication (sessionControls.signInFrequency: isEnabled true, "
                    + "frequencyInterval timeBased, value and type hours or days) and "
                    + UnmanagedDeviceFilter
                    + ". Entra admin center → Protection → Conditional Access → New policy; or POST "
                    + "/identity/conditionalAccess/policies (Policy.ReadWrite.ConditionalAccess)."
            )
        {
            Frameworks = new[] { "MT.1018" };
        }

        protected override string Requirement => "needs a sign-in frequency";

        protected override string FailHeadline => "sessions on unmanaged devices have no sign-in frequency";

        protected override bool Exempt(SignIn signIn) =>
            LegacyClients.Contains(signIn.ClientAppType, StringComparer.OrdinalIgnoreCase);

        protected override IReadOnlyList<ConditionalAccessPolicy> MetBy(SignInEvaluation evaluation) =>
            evaluation.Applying.Where(p => p.Session.SignInFrequencyPeriod is not null).ToArray();
    }
}

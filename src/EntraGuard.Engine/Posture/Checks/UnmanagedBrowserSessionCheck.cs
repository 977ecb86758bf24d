using System;
using System.Collections.Generic;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    internal sealed class UnmanagedBrowserSessionCheck : UnmanagedDeviceSessionCheck
    {
        public UnmanagedBrowserSessionCheck()
            : base(
                "EGP064",
                "Browser sessions on unmanaged devices do not persist",
                "A browser that stays signed in on a home computer, a kiosk or a borrowed laptop hands the session "
                    + "to the next person at the keyboard and to any malware that copies its cookies, for as long "
                    + "as the session lives. Never persisting the browser session on devices the organization does "
                    + "not manage ends it when the browser closes. Maester (MT.1017) accepts one policy for all "
                    + "users and all apps whose device filter names non-compliant or non-hybrid-joined devices; "
                    + "EntraGuard instead proves the control for every browser sign-in of members and each kind of "
                    + "guest from each kind of unmanaged device, so a policy without a device filter counts too, and "
                    + "an exclusion, platform or location condition that opens a way around is found.",
                "Have an enabled Conditional Access policy for All users and All resources (Entra allows this "
                    + "session control only for all resources) with Session → Persistent browser session → Never "
                    + "persistent (sessionControls.persistentBrowser: isEnabled true, mode never) and "
                    + UnmanagedDeviceFilter
                    + ". Entra admin center → Protection → Conditional Access → New policy; or POST "
                    + "/identity/conditionalAccess/policies (Policy.ReadWrite.ConditionalAccess)."
            )
        {
            Frameworks = new[] { "MT.1017" };
        }

        protected override string Requirement => "needs a browser session that does not persist";

        protected override string FailHeadline => "browser sessions on unmanaged devices can persist";

        // The control acts on browsers only.
        protected override bool Exempt(SignIn signIn) =>
            !string.Equals(signIn.ClientAppType, "browser", StringComparison.OrdinalIgnoreCase);

        protected override IReadOnlyList<ConditionalAccessPolicy> MetBy(SignInEvaluation evaluation) =>
            evaluation.NonPersistentBrowserBy;
    }
}

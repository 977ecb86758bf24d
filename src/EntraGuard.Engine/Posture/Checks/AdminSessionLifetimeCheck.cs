using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    internal sealed class AdminSessionLifetimeCheck : SignInRequirementCheck
    {
        /// <summary>The longest an administrator may go without signing in again.</summary>
        private static readonly TimeSpan LongestFrequency = TimeSpan.FromHours(4);

        public AdminSessionLifetimeCheck()
            : base(
                "EGP032",
                "Administrator sessions end: sign-in frequency of 4 hours at most, no persistent browser",
                Severity.Medium,
                PostureLicence.EntraIdP1,
                "A stolen session cookie or refresh token is as good as the administrator's password and MFA "
                    + "together, for as long as the session lasts — by default up to 90 days, and a browser that "
                    + "stays signed in keeps it on a shared or lost machine. Making administrators sign in again "
                    + "every few hours, and never keeping their browser session, shortens what a theft is worth.",
                "Have an enabled Conditional Access policy that includes the privileged directory roles and All "
                    + "resources, with the session controls Sign-in frequency (4 hours or less; "
                    + "sessionControls.signInFrequency) and Persistent browser session → Never persistent "
                    + "(sessionControls.persistentBrowser.mode never). Entra admin center → Protection → "
                    + "Conditional Access → New policy → Session.",
                SignInPopulation.Administrators
            ) { }

        protected override string Requirement =>
            "needs a sign-in every 4 hours or more often and, in a browser, a session that does not persist";

        protected override string FailHeadline => "administrator sessions can outlive 4 hours or persist";

        protected override IReadOnlyList<ConditionalAccessPolicy> MetBy(SignInEvaluation evaluation)
        {
            var frequency = evaluation
                .Applying.Where(p => p.Session.SignInFrequencyPeriod is { } period && period <= LongestFrequency)
                .ToArray();
            if (frequency.Length == 0)
                return frequency;
            var browser = string.Equals(evaluation.SignIn.ClientAppType, "browser", StringComparison.Ordinal);
            if (!browser)
                return frequency;
            var nonPersistent = evaluation.NonPersistentBrowserBy;
            return nonPersistent.Count == 0 ? nonPersistent : frequency.Concat(nonPersistent).Distinct().ToArray();
        }
    }
}

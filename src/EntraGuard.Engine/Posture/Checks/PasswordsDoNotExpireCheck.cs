using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class PasswordsDoNotExpireCheck : PostureCheck
    {
        /// <summary>The value Graph gives a domain whose passwords never expire.</summary>
        private const int NeverExpires = int.MaxValue;

        private static string Days(int? days) =>
            days is { } value ? value.ToString(CultureInfo.InvariantCulture) : "(not returned)";

        public PasswordsDoNotExpireCheck()
            : base(
                "EGP024",
                "Passwords do not expire on a schedule",
                Severity.Low,
                "User and guest settings",
                PostureData.Domains,
                PostureLicence.None,
                "Forced periodic changes make users pick predictable passwords (Spring2026!, Summer2026!) that "
                    + "spraying "
                    + "guesses first. NIST SP 800-63B and Microsoft both advise against expiry; change a password "
                    + "when there "
                    + "is a sign it leaked, and rely on MFA and banned-password lists for the rest.",
                "Set the password expiration policy to 'Set passwords to never expire' (Microsoft 365 admin center → "
                    + "Settings → Org settings → Security & privacy → Password expiration policy), or PATCH "
                    + "/domains/{id} with passwordValidityPeriodInDays = 2147483647 for every verified domain."
            )
        {
            Frameworks = new[] { "MS.AAD.6.1", "CIS.M365.1.3.1" };
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var domains = context
                .Require(context.Snapshot.Domains, PostureData.Domains)
                .Where(d => d.IsVerified)
                .ToArray();
            var source = context.Snapshot.SourceOf(PostureData.Domains);
            var evidence = domains
                .Select(d => $"{source}: {d.Id} passwordValidityPeriodInDays = {Days(d.PasswordValidityPeriodInDays)}")
                .ToArray();
            if (domains.Length == 0)
                return CheckOutcome.Skip($"skipped: {source} listed no verified domain", evidence);
            if (domains.Any(d => d.PasswordValidityPeriodInDays is null))
            {
                return CheckOutcome.Skip(
                    $"skipped: {source} did not return passwordValidityPeriodInDays for every domain",
                    evidence
                );
            }
            var expiring = domains.Where(d => d.PasswordValidityPeriodInDays != NeverExpires);
            var findings = expiring
                .Select(d => new PostureFinding
                {
                    TargetId = d.Id,
                    TargetName = d.Id,
                    TargetType = "domain",
                    Detail = $"passwords of {d.Id} expire after {d.PasswordValidityPeriodInDays} days",
                })
                .ToList();
            return CheckOutcome.FromFindings(
                findings,
                "passwords expire on a schedule",
                $"passwords never expire on any of the {domains.Length} verified domain(s)",
                evidence
            );
        }
    }
}

using System.Collections.Generic;

namespace EntraGuard.Posture.Checks
{
    /// <summary>Security defaults in a tenant that cannot have Conditional Access (no Entra ID P1): there they are
    /// the only baseline protection Microsoft offers.</summary>
    internal sealed class SecurityDefaultsWithoutPremiumCheck : PostureCheck
    {
        public SecurityDefaultsWithoutPremiumCheck()
            : base(
                "EGP095",
                "Security defaults are on where there is no Conditional Access",
                Severity.High,
                "Conditional Access",
                PostureData.SecurityDefaults | PostureData.SubscribedSkus,
                PostureLicence.None,
                "Without a Microsoft Entra ID P1 licence a tenant cannot use Conditional Access, and security defaults "
                    + "are its only way to require MFA of everyone, MFA of administrators on every sign-in and to "
                    + "block legacy authentication. With them off, a password alone opens every account, "
                    + "administrators included.",
                "Turn on security defaults (Entra admin center → Identity → Overview → Properties → Manage security "
                    + "defaults), or PATCH /policies/identitySecurityDefaultsEnforcementPolicy with isEnabled = true. "
                    + "Tenants that buy Entra ID P1 replace them with Conditional Access policies instead."
            )
        {
            Frameworks = new[] { "MT.1021" };
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var licences = context.Licences;
            var evidence = new List<string> { $"{snapshot.SourceOf(PostureData.SubscribedSkus)}: licences {licences}" };
            if (licences.IsKnown && licences.EntraIdP1)
            {
                return CheckOutcome.NotApplicable(
                    "not applicable: the tenant has Microsoft Entra ID P1, so Conditional Access takes the place of "
                        + "security defaults (EGP001 to EGP003 judge it)",
                    evidence
                );
            }
            var enabled = context.Require(snapshot.SecurityDefaultsEnabled, PostureData.SecurityDefaults);
            evidence.Add(
                $"{snapshot.SourceOf(PostureData.SecurityDefaults)}: isEnabled = {SettingCheck.Text(enabled)}"
            );
            if (enabled)
                return CheckOutcome.Pass("security defaults are on", evidence);
            if (!licences.IsKnown)
            {
                return CheckOutcome.Skip(
                    "skipped: security defaults are off, and whether the tenant has Microsoft Entra ID P1 (where "
                        + "Conditional Access replaces them) is unknown "
                        + $"({context.ProblemWith(PostureData.SubscribedSkus)})",
                    evidence
                );
            }
            var finding = new PostureFinding
            {
                TargetId = "securityDefaults",
                TargetName = "Security defaults",
                TargetType = "setting",
                Detail = "security defaults are off in a tenant without Microsoft Entra ID P1, so nothing requires MFA",
            };
            return CheckOutcome.FromFindings(new[] { finding }, "security defaults are off", "", evidence);
        }
    }
}

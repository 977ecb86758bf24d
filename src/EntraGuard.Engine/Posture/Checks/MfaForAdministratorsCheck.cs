using System;
using System.Collections.Generic;
using System.Linq;
using static EntraGuard.Posture.Checks.ConditionalAccessAnalysis;

namespace EntraGuard.Posture.Checks
{
    internal sealed class MfaForAdministratorsCheck : SecurityDefaultsOrPolicyCheck
    {
        public MfaForAdministratorsCheck()
            : base(
                "EGP001",
                "Administrators must use multifactor authentication",
                Severity.Critical,
                "Most tenant takeovers begin with a password that was phished, sprayed or reused, and an "
                    + "administrator's password opens the whole directory: its users, its applications and their "
                    + "credentials. A second factor on every sign-in of every privileged role makes a stolen password "
                    + "worthless on its own. Every incident in EntraGuard's catalog (credentials planted on service "
                    + "principals, security info deleted, members pushed out of groups) is easier when an "
                    + "administrator signs in with a password alone.",
                "Have an enabled Conditional Access policy that includes the privileged directory roles (or All "
                    + "users), targets All resources, carries no location, platform, device or client-app condition, "
                    + "and grants access only with multifactor authentication (or an authentication strength). Leave "
                    + "out only your emergency-access accounts and list them under posture.breakGlassAccounts so that "
                    + "EntraGuard knows the exclusion is deliberate. A tenant without Microsoft Entra ID P1 turns on "
                    + "security defaults instead."
            )
        {
            Frameworks = new[] { "MT.1006" };
        }

        protected override string SecurityDefaultsReason =>
            "security defaults are on: every administrator has to complete MFA";

        protected override CheckOutcome EvaluatePolicies(
            PostureContext context,
            IReadOnlyList<ConditionalAccessPolicy> policies,
            List<string> evidence
        )
        {
            var settings = context.Settings;
            var roles = settings.PrivilegedRoleIds;
            var qualifying = Qualifying(context, policies.Where(RequiresMfa), policy => NotAlwaysOn(policy), evidence);
            var coverage = Coverage(
                roles,
                role => qualifying.Where(policy => Covers(policy, role)).ToArray(),
                withRoles: false,
                settings
            );
            var findings = coverage.ToFindings(
                "role",
                PrivilegedRoles.NameOf,
                "no enabled policy requires MFA for this role on all apps",
                open =>
                    "requires MFA for "
                    + (
                        open.Count == roles.Count
                            ? $"all {roles.Count} privileged roles"
                            : string.Join(", ", open.Select(PrivilegedRoles.NameOf))
                    ),
                settings
            );
            return CheckOutcome.FromFindings(
                findings,
                "MFA is not required for every administrator",
                $"enabled Conditional Access requires MFA on all apps for all {roles.Count} privileged roles",
                evidence
            );
        }
    }
}

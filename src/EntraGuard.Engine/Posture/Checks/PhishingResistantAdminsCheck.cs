using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    internal sealed class PhishingResistantAdminsCheck : PostureCheck
    {
        public PhishingResistantAdminsCheck()
            : base(
                "EGP031",
                "Every administrator sign-in needs phishing-resistant MFA",
                Severity.High,
                "Conditional Access",
                PostureData.ConditionalAccessPolicies | PostureData.SubscribedSkus,
                PostureLicence.EntraIdP1,
                "Adversary-in-the-middle kits relay a password and a push, code or call approval as easily as a "
                    + "password alone, and take the session cookie with them. Only methods bound to the site and the "
                    + "device — FIDO2 security keys, Windows Hello for Business, certificate-based MFA — defeat the "
                    + "relay, and an administrator's session is the one an attacker wants most. Every way an "
                    + "administrator can sign in has to demand them, or be blocked.",
                "Have an enabled Conditional Access policy that includes the privileged directory roles, targets All "
                    + "resources, has no client-app, platform or location condition, and grants access only with the "
                    + "'Phishing-resistant MFA' authentication strength (grantControls.authenticationStrength id "
                    + "00000000-0000-0000-0000-000000000004); block legacy clients for them, which cannot meet it. "
                    + "Leave out only your emergency-access accounts."
            )
        {
            Frameworks = new[] { "MS.AAD.3.6" };
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var source = context.Snapshot.SourceOf(PostureData.ConditionalAccessPolicies);
            var policies = context.Require(
                context.Snapshot.ConditionalAccessPolicies,
                PostureData.ConditionalAccessPolicies
            );
            var evidence = new List<string>();
            var deciding = new HashSet<string>();
            var findings = new List<PostureFinding>();
            var judged = 0;
            foreach (var role in context.Settings.PrivilegedRoleIds)
            {
                var person = new SignIn { RoleIds = new[] { role } };
                var open = new List<SignInEvaluation>();
                foreach (var signIn in SignInScenarios.For(policies, person))
                {
                    judged++;
                    var result = ConditionalAccessEvaluator.Evaluate(policies, signIn);
                    var decidedBy = result.IsBlocked ? result.BlockedBy : result.PhishingResistantMfaRequiredBy;
                    if (decidedBy.Count == 0)
                        open.Add(result);
                    foreach (var policy in decidedBy)
                        deciding.Add($"'{policy.DisplayName}'");
                }
                if (open.Count == 0)
                    continue;
                var name = PrivilegedRoles.NameOf(role);
                findings.Add(
                    new PostureFinding
                    {
                        TargetId = role,
                        TargetName = name,
                        TargetType = "role",
                        Detail =
                            $"{name}: {open.Count} kind(s) of sign-in need no phishing-resistant MFA, e.g. {open[0]}",
                    }
                );
            }
            evidence.Add(
                $"{source}: {policies.Count(p => p.IsEnabled)} enabled policy(ies); {judged} described sign-ins "
                    + "of the privileged roles judged (every app, platform and location a policy names, and every "
                    + "client app type)"
            );
            evidence.Add(
                deciding.Count == 0
                    ? $"{source}: no enabled policy blocks or demands phishing-resistant MFA for any of them"
                    : $"{source}: blocked or phishing-resistant MFA by {string.Join(", ", deciding.OrderBy(d => d))}"
            );
            return CheckOutcome.FromFindings(
                findings,
                "administrator sign-ins are possible without phishing-resistant MFA",
                $"every sign-in of the {context.Settings.PrivilegedRoleIds.Count} privileged roles is blocked or "
                    + $"needs phishing-resistant MFA ({string.Join(", ", deciding.OrderBy(d => d))})",
                evidence
            );
        }
    }
}

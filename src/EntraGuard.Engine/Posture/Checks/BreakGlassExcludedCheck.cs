using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    internal sealed class BreakGlassExcludedCheck : PostureCheck
    {
        public BreakGlassExcludedCheck()
            : base(
                "EGP030",
                "Break-glass accounts are excluded from every policy that can lock them out",
                Severity.High,
                "Conditional Access",
                PostureData.ConditionalAccessPolicies | PostureData.SubscribedSkus,
                PostureLicence.EntraIdP1,
                "Emergency-access accounts exist for the day Conditional Access itself goes wrong: a policy that "
                    + "blocks every administrator, an MFA service outage, a federation or device-compliance failure. "
                    + "A policy that reaches them — by all users, by their role or by name — can lock the tenant's "
                    + "last way in at exactly that moment.",
                "Exclude each emergency-access account (or the group holding them) from every enabled Conditional "
                    + "Access policy that blocks or demands a grant control (Entra admin center → Protection → "
                    + "Conditional Access → the policy → Users → Exclude), or PATCH "
                    + "/identity/conditionalAccess/policies/{id} with the account in conditions.users.excludeUsers. "
                    + "List the accounts (object id or userPrincipalName) under posture.breakGlassAccounts so "
                    + "EntraGuard knows them, and watch their sign-ins instead."
            )
        {
            Frameworks = new[] { "MT.1005" };
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var settings = context.Settings;
            var source = context.Snapshot.SourceOf(PostureData.ConditionalAccessPolicies);
            var policies = context.ConditionalAccessPolicies();
            var accounts = settings.BreakGlassAccounts;
            if (accounts.Count == 0)
            {
                return CheckOutcome.Skip(
                    "skipped: no break-glass accounts are configured (posture.breakGlassAccounts), so there is "
                        + "nothing to prove excluded",
                    new[] { "settings: posture.breakGlassAccounts is empty" }
                );
            }
            var unknown = accounts.Where(a => !a.IsResolved && !a.IsKnownAbsent).ToArray();
            if (unknown.Length > 0)
            {
                return CheckOutcome.Skip(
                    "skipped: break-glass account(s) named by userPrincipalName could not be resolved, so their "
                        + "exclusions cannot be proven: "
                        + string.Join("; ", unknown.Select(a => $"{a}: {a.Problem ?? "it was not looked up"}")),
                    new[] { $"settings: break-glass accounts {string.Join(", ", accounts)}" }
                );
            }
            var gating = policies
                .Where(p => p.IsEnabled && (p.BuiltInControls.Count > 0 || p.AuthenticationStrength is not null))
                .ToArray();
            var evidence = new List<string>
            {
                $"{source}: {gating.Length} enabled policy(ies) block or demand a grant control: "
                    + SignInEvaluation.Names(gating),
                $"settings: break-glass accounts {string.Join(", ", accounts)}; each is taken to hold Global "
                    + "Administrator and to belong to the break-glass entries that are groups",
            };
            var resolved = accounts.Where(a => a.IsResolved).ToArray();
            var allIds = resolved.Select(a => a.Id!).ToArray();
            var findings = accounts
                .Where(a => a.IsKnownAbsent)
                .Select(a => new PostureFinding
                {
                    TargetId = a.UserPrincipalName!,
                    TargetName = a.Name ?? a.UserPrincipalName,
                    TargetType = "user",
                    Detail =
                        $"break-glass account {a} in posture.breakGlassAccounts is no account of this tenant: "
                        + $"{a.Problem}",
                })
                .ToList();
            foreach (var account in resolved)
            {
                var person = new SignIn
                {
                    UserId = account.Id!,
                    GroupIds = allIds,
                    RoleIds = new[] { PrivilegedRoles.GlobalAdministrator },
                };
                var reaching = gating
                    .Where(p => ConditionalAccessEvaluator.UsersLeaveOut(p, person) is null)
                    .Select(p => $"'{p.DisplayName}' ({ConditionalAccessAnalysis.DescribeGrant(p)})")
                    .ToArray();
                if (reaching.Length == 0)
                    continue;
                findings.Add(
                    new PostureFinding
                    {
                        TargetId = account.Id!,
                        TargetName = account.Name,
                        TargetType = "user",
                        Detail = $"break-glass account {account} is reached by {string.Join(", ", reaching)}",
                    }
                );
            }
            return CheckOutcome.FromFindings(
                findings,
                "break-glass accounts are missing or not excluded from every policy that can lock them out",
                $"every break-glass account is excluded from all {gating.Length} enabled policy(ies) that block or "
                    + "demand a grant control",
                evidence
            );
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// A claim about each configured break-glass account: Skipped when none is configured or a name did not
    /// resolve, a finding for a name that is no account of the tenant, and for the others what <see cref="Judge"/>
    /// finds. Each account is taken to hold Global Administrator and to belong to every break-glass entry that is a
    /// group.
    /// </summary>
    internal abstract class BreakGlassCheck : PostureCheck
    {
        protected BreakGlassCheck(string id, string title, string rationale, string remediation)
            : base(
                id,
                title,
                Severity.High,
                "Conditional Access",
                PostureData.ConditionalAccessPolicies | PostureData.SubscribedSkus,
                PostureLicence.EntraIdP1,
                rationale,
                remediation
            ) { }

        protected abstract string FailHeadline { get; }

        /// <summary>The pass reason and the evidence line on the policies judged.</summary>
        protected abstract (string PassReason, string Evidence) Summary(
            IReadOnlyList<ConditionalAccessPolicy> policies,
            string source
        );

        /// <summary>What is wrong for this account (its described sign-in), or null.</summary>
        protected abstract string? Judge(IReadOnlyList<ConditionalAccessPolicy> policies, SignIn account);

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
            var (passReason, policyEvidence) = Summary(policies, source);
            var evidence = new List<string>
            {
                policyEvidence,
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
                if (Judge(policies, person) is not { } problem)
                    continue;
                findings.Add(
                    new PostureFinding
                    {
                        TargetId = account.Id!,
                        TargetName = account.Name,
                        TargetType = "user",
                        Detail = $"break-glass account {account} {problem}",
                    }
                );
            }
            return CheckOutcome.FromFindings(findings, FailHeadline, passReason, evidence);
        }
    }
}

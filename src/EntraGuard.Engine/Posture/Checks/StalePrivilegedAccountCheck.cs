using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// Maester reads PIM's "accounts in a privileged role have not signed in" alert (Entra ID P2), whose window each
    /// tenant sets; EntraGuard reads the holders' <c>signInActivity</c> itself (Entra ID P1 suffices) and calls an
    /// account stale after <see cref="StaleAfterDays"/> days without a sign-in — a never-used account once it is
    /// that old. Like Maester, it leaves out the break-glass accounts, which by design rarely sign in.
    /// </summary>
    internal sealed class StalePrivilegedAccountCheck : PostureCheck
    {
        internal const int StaleAfterDays = 30;

        public StalePrivilegedAccountCheck()
            : base(
                "EGP082",
                "No stale account holds a privileged role",
                Severity.Medium,
                "Privileged roles",
                PostureData.ActiveRoleAssignments
                    | PostureData.EligibleRoleAssignments
                    | PostureData.PrivilegedSignIns
                    | PostureData.SubscribedSkus,
                PostureLicence.EntraIdP1,
                "An administrator account nobody uses is one nobody watches: a password sprayed or leaked months ago "
                    + "still works, a sign-in from it alarms no owner, and it keeps a role someone once needed. "
                    + "Removing privileged roles from accounts that no longer sign in shrinks what an attacker can "
                    + "take over unnoticed.",
                "Remove the role from the account, or disable the account when its owner has gone (Entra admin center "
                    + "→ Identity → Roles & admins → the role → Assignments → Remove; DELETE "
                    + "/roleManagement/directory/roleAssignments/{id}, or a PIM schedule request with action "
                    + "adminRemove). Review privileged assignments regularly with an access review."
            )
        {
            Frameworks = new[] { "MT.1029" };
        }

        internal override IReadOnlyList<string> RolesRead(PostureSettings settings) => settings.PrivilegedRoleIds;

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var (active, eligible) = PrivilegedUserCheck.UserAssignments(context);
            var activity = context.Require(snapshot.PrivilegedSignIns, PostureData.PrivilegedSignIns).ById(u => u.Id);
            var holdings = active
                .Concat(eligible ?? Array.Empty<DirectoryRoleAssignment>())
                .Where(a => !context.Settings.IsBreakGlass(a.PrincipalId))
                .GroupBy(a => a.PrincipalId, StringComparer.OrdinalIgnoreCase)
                .ToArray();
            var staleBefore = context.Now.AddDays(-StaleAfterDays);
            var evidence = new List<string>(PrivilegedUserCheck.AssignmentEvidence(context, active, eligible))
            {
                $"{snapshot.SourceOf(PostureData.PrivilegedSignIns)}: signInActivity of {activity.Count} user(s); "
                    + $"stale: no sign-in since {staleBefore:yyyy-MM-dd} ({StaleAfterDays} days); break-glass "
                    + "accounts left out",
            };

            var findings = new List<PostureFinding>();
            var unjudged = new List<string>();
            foreach (var holding in holdings)
            {
                if (!activity.TryGetValue(holding.Key, out var user) || !user.SignInActivityReturned)
                {
                    unjudged.Add($"{holding.First()}: no signInActivity returned");
                    continue;
                }
                var since = user.LastSignIn ?? user.CreatedDateTime;
                if (since is null)
                {
                    unjudged.Add($"{user}: never signed in, creation date unknown");
                    continue;
                }
                if (since >= staleBefore)
                    continue;
                findings.Add(
                    new PostureFinding
                    {
                        TargetId = user.Id,
                        TargetName = user.DisplayName,
                        TargetType = "user",
                        Detail =
                            (
                                user.LastSignIn is { } last
                                    ? $"{user} last signed in on {last:yyyy-MM-dd}"
                                    : $"{user} never signed in since its creation on {since:yyyy-MM-dd}"
                            ) + $" and holds {PrivilegedUserCheck.RolesHeld(holding)}",
                    }
                );
            }
            return PrivilegedUserCheck.Conclude(
                context,
                eligible,
                findings,
                unjudged,
                "privileged account(s)",
                evidence,
                $"accounts holding privileged roles have not signed in for more than {StaleAfterDays} days",
                $"each of the {holdings.Length} account(s) holding privileged roles signed in within "
                    + $"{StaleAfterDays} days"
            );
        }
    }
}

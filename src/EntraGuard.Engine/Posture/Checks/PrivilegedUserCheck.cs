using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// A check over the users holding privileged roles, active or eligible: each holder is judged by what Graph says
    /// of the account (<see cref="DirectoryUser"/>). A holder the check cannot judge (a value Graph left out, a user
    /// not returned) never passes: with no failure found, such holders make the check Skipped.
    /// </summary>
    internal abstract class PrivilegedUserCheck : PostureCheck
    {
        protected PrivilegedUserCheck(
            string id,
            string title,
            Severity severity,
            string rationale,
            string remediation,
            params string[] frameworks
        )
            : base(
                id,
                title,
                severity,
                "Privileged roles",
                PostureData.ActiveRoleAssignments
                    | PostureData.EligibleRoleAssignments
                    | PostureData.PrivilegedUsers
                    | PostureData.SubscribedSkus,
                PostureLicence.None,
                rationale,
                remediation
            )
        {
            Frameworks = frameworks;
        }

        internal override IReadOnlyList<string> RolesRead(PostureSettings settings) => settings.PrivilegedRoleIds;

        /// <summary>What is wrong with the holder (a phrase such as "is a guest"), null when nothing, or
        /// <paramref name="unknown"/> set when the account does not say.</summary>
        protected abstract string? Problem(DirectoryUser user, out bool unknown);

        /// <summary>What a passing tenant's holders are, for the pass reason ("cloud-only accounts").</summary>
        protected abstract string PassDescription { get; }

        /// <summary>The failure headline.</summary>
        protected abstract string FailHeadline { get; }

        internal sealed override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var (active, eligible) = UserAssignments(context);
            var users = context
                .Require(snapshot.PrivilegedUsers, PostureData.PrivilegedUsers)
                .GroupBy(u => u.Id, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            var holdings = active
                .Concat(eligible ?? Array.Empty<DirectoryRoleAssignment>())
                .GroupBy(a => a.PrincipalId, StringComparer.OrdinalIgnoreCase)
                .ToArray();

            var evidence = new List<string>(PrivilegedUserCheck.AssignmentEvidence(context, active, eligible))
            {
                $"{snapshot.SourceOf(PostureData.PrivilegedUsers)}: {users.Count} of the {holdings.Length} "
                    + $"privileged user(s) returned",
            };

            var findings = new List<PostureFinding>();
            var unjudged = new List<string>();
            foreach (var holding in holdings)
            {
                var roleNames = string.Join(
                    ", ",
                    holding
                        .Select(a =>
                            PrivilegedRoles.NameOf(a.RoleDefinitionId)
                            + (a.Kind == RoleAssignmentKind.Eligible ? " (eligible)" : "")
                        )
                        .Distinct(StringComparer.Ordinal)
                );
                if (!users.TryGetValue(holding.Key, out var user))
                {
                    unjudged.Add(
                        $"{holding.First()}: not returned by {snapshot.SourceOf(PostureData.PrivilegedUsers)}"
                    );
                    continue;
                }
                var problem = Problem(user, out var unknown);
                if (unknown)
                {
                    unjudged.Add($"{user}: Graph did not say");
                    continue;
                }
                if (problem is null)
                    continue;
                findings.Add(
                    new PostureFinding
                    {
                        TargetId = user.Id,
                        TargetName = user.DisplayName,
                        TargetType = "user",
                        Detail = $"{user} {problem} and holds {roleNames}",
                    }
                );
            }
            if (unjudged.Count > 0)
                evidence.Add($"not judged: {string.Join("; ", unjudged)}");

            if (findings.Count == 0)
            {
                if (unjudged.Count > 0)
                    return CheckOutcome.Skip(
                        $"skipped: {unjudged.Count} privileged user(s) could not be judged",
                        evidence
                    );
                // Unknown licences may hide PIM, and with it eligible holders.
                if (eligible is null && (context.Licences.Pim || !context.Licences.IsKnown))
                {
                    return CheckOutcome.Skip(
                        "skipped: eligible role holders could not be read, so the active ones are not all of them",
                        evidence
                    );
                }
            }
            return CheckOutcome.FromFindings(
                findings,
                FailHeadline,
                $"the {holdings.Length} user(s) holding privileged roles are {PassDescription}",
                evidence
            );
        }

        /// <summary>The assignments of privileged roles to users: the active ones (required), the eligible ones (null
        /// when unread).</summary>
        internal static (DirectoryRoleAssignment[] Active, DirectoryRoleAssignment[]? Eligible) UserAssignments(
            PostureContext context
        )
        {
            var snapshot = context.Snapshot;
            var roles = new HashSet<string>(context.Settings.PrivilegedRoleIds, StringComparer.OrdinalIgnoreCase);
            bool HeldByUser(DirectoryRoleAssignment a) =>
                roles.Contains(a.RoleDefinitionId) && (a.PrincipalType is null || a.PrincipalType == "user");
            var active = context
                .Require(snapshot.ActiveRoleAssignments, PostureData.ActiveRoleAssignments)
                .Where(HeldByUser)
                .ToArray();
            var eligible = snapshot.EligibleRoleAssignments?.Where(HeldByUser).ToArray();
            return (active, eligible);
        }

        /// <summary>What the assignments read say: active and eligible privileged assignments to users (or why the
        /// eligible ones are unknown).</summary>
        internal static string[] AssignmentEvidence(
            PostureContext context,
            IReadOnlyCollection<DirectoryRoleAssignment> active,
            IReadOnlyCollection<DirectoryRoleAssignment>? eligible
        )
        {
            var snapshot = context.Snapshot;
            return new[]
            {
                $"{snapshot.SourceOf(PostureData.ActiveRoleAssignments)}: {active.Count} active assignment(s) of "
                    + $"privileged roles to users",
                eligible is null
                    ? $"{snapshot.SourceOf(PostureData.EligibleRoleAssignments)}: not read "
                        + $"({context.ProblemWith(PostureData.EligibleRoleAssignments)})"
                    : $"{snapshot.SourceOf(PostureData.EligibleRoleAssignments)}: {eligible.Count} eligible "
                        + $"assignment(s) of privileged roles to users",
            };
        }
    }
}

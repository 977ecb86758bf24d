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

        private string Roles => ReadsEveryRole ? "directory roles" : "privileged roles";

        internal sealed override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var (active, eligible) = UserAssignments(context, ReadsEveryRole);
            var users = context.Require(snapshot.PrivilegedUsers, PostureData.PrivilegedUsers).ById(u => u.Id);
            var holdings = active
                .Concat(eligible ?? Array.Empty<DirectoryRoleAssignment>())
                .GroupBy(a => a.PrincipalId, StringComparer.OrdinalIgnoreCase)
                .ToArray();

            var evidence = new List<string>(AssignmentEvidence(context, active, eligible, Roles))
            {
                $"{snapshot.SourceOf(PostureData.PrivilegedUsers)}: "
                    + $"{holdings.Count(holding => users.ContainsKey(holding.Key))} of the {holdings.Length} user(s) "
                    + $"holding {Roles} returned",
            };

            var findings = new List<PostureFinding>();
            var unjudged = new List<string>();
            foreach (var holding in holdings)
            {
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
                        Detail = $"{user} {problem} and holds {RolesHeld(holding)}",
                    }
                );
            }
            return Conclude(
                context,
                eligible,
                findings,
                unjudged,
                $"user(s) holding {Roles}",
                evidence,
                FailHeadline,
                $"the {holdings.Length} user(s) holding {Roles} are {PassDescription}"
            );
        }

        /// <summary>The roles one holder's assignments give, eligible ones marked, for a finding.</summary>
        internal static string RolesHeld(IEnumerable<DirectoryRoleAssignment> holding) =>
            string.Join(
                ", ",
                holding
                    .Select(a =>
                        PrivilegedRoles.NameOf(a.RoleDefinitionId)
                        + (a.Kind == RoleAssignmentKind.Eligible ? " (eligible)" : "")
                    )
                    .Distinct(StringComparer.Ordinal)
            );

        /// <summary>
        /// The verdict over the holders: failed on any finding; otherwise skipped while a holder could not be judged
        /// or the eligible holders could not be read where PIM may exist; otherwise passed.
        /// </summary>
        internal static CheckOutcome Conclude(
            PostureContext context,
            IReadOnlyCollection<DirectoryRoleAssignment>? eligible,
            IReadOnlyList<PostureFinding> findings,
            IReadOnlyList<string> unjudged,
            string holders,
            List<string> evidence,
            string failHeadline,
            string passReason
        )
        {
            if (unjudged.Count > 0)
                evidence.Add($"not judged: {string.Join("; ", unjudged)}");
            if (findings.Count == 0)
            {
                if (unjudged.Count > 0)
                    return CheckOutcome.Skip($"skipped: {unjudged.Count} {holders} could not be judged", evidence);
                // Unknown licences may hide PIM, and with it eligible holders.
                if (eligible is null && (context.Licences.Pim || !context.Licences.IsKnown))
                {
                    return CheckOutcome.Skip(
                        "skipped: eligible role holders could not be read, so the active ones are not all of them",
                        evidence
                    );
                }
            }
            return CheckOutcome.FromFindings(findings, failHeadline, passReason, evidence);
        }

        /// <summary>
        /// Is the assignment one of <paramref name="roles"/> (of any role when null), held by a user? A principal
        /// Graph could not expand has no type; it is kept, and judged by the users read.
        /// </summary>
        internal static bool HeldByUser(DirectoryRoleAssignment assignment, ICollection<string>? roles) =>
            (roles is null || roles.Contains(assignment.RoleDefinitionId))
            && (assignment.PrincipalType is null || assignment.PrincipalType == "user");

        /// <summary>The assignments of privileged roles (of every role with <paramref name="everyRole"/>) to users:
        /// the active ones (required), the eligible ones (null when unread).</summary>
        internal static (DirectoryRoleAssignment[] Active, DirectoryRoleAssignment[]? Eligible) UserAssignments(
            PostureContext context,
            bool everyRole = false
        )
        {
            var snapshot = context.Snapshot;
            var roles = everyRole
                ? null
                : new HashSet<string>(context.Settings.PrivilegedRoleIds, StringComparer.OrdinalIgnoreCase);
            bool HeldByUser(DirectoryRoleAssignment a) => PrivilegedUserCheck.HeldByUser(a, roles);
            var active = context
                .Require(snapshot.ActiveRoleAssignments, PostureData.ActiveRoleAssignments)
                .Where(HeldByUser)
                .ToArray();
            var eligible = snapshot.EligibleRoleAssignments?.Where(HeldByUser).ToArray();
            return (active, eligible);
        }

        /// <summary>What the assignments read say: active and eligible assignments of <paramref name="roles"/> to
        /// users (or why the eligible ones are unknown).</summary>
        internal static string[] AssignmentEvidence(
            PostureContext context,
            IReadOnlyCollection<DirectoryRoleAssignment> active,
            IReadOnlyCollection<DirectoryRoleAssignment>? eligible,
            string roles = "privileged roles"
        )
        {
            var snapshot = context.Snapshot;
            return new[]
            {
                $"{snapshot.SourceOf(PostureData.ActiveRoleAssignments)}: {active.Count} active assignment(s) of "
                    + $"{roles} to users",
                eligible is null
                    ? $"{snapshot.SourceOf(PostureData.EligibleRoleAssignments)}: not read "
                        + $"({context.ProblemWith(PostureData.EligibleRoleAssignments)})"
                    : $"{snapshot.SourceOf(PostureData.EligibleRoleAssignments)}: {eligible.Count} eligible "
                        + $"assignment(s) of {roles} to users",
            };
        }
    }
}

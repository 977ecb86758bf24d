using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// Every group an enabled or report-only Conditional Access policy includes or excludes is role-assignable or
    /// sits in a restricted management administrative unit, as Maester's MT.1035 asks. A named group Graph does not
    /// return (deleted) is not judged here: EGP062 fails on it. Disabled policies are left out, as Maester leaves them
    /// out: they decide nobody's sign-in until switched on, and EGP062 still watches what they name.
    /// </summary>
    internal sealed class ConditionalAccessGroupProtectionCheck : PostureCheck
    {
        public ConditionalAccessGroupProtectionCheck()
            : base(
                "EGP088",
                "Groups named in Conditional Access are role-assignable or in a restricted management unit",
                Severity.Medium,
                "Conditional Access",
                PostureData.ConditionalAccessPolicies | PostureData.ConditionalAccessGroups,
                PostureLicence.EntraIdP1,
                "Whoever manages a group a policy names decides whom the policy covers: add yourself to an excluded "
                    + "group and MFA or a device requirement no longer applies to you. An ordinary group's members "
                    + "are managed by every Groups Administrator, User Administrator and the group's owners. A "
                    + "role-assignable group is managed only by Privileged Role Administrators (and its owners, so "
                    + "keep those few); a group in a restricted management administrative unit only by administrators "
                    + "scoped to that unit.",
                "Put the group in a restricted management administrative unit (Entra admin center → Roles & admins → "
                    + "Admin units → Add, Restricted management administrative unit: Yes; then Groups → Add; POST "
                    + "/directory/administrativeUnits with isMemberManagementRestricted true, then POST "
                    + "/directory/administrativeUnits/{id}/members/$ref), and scope the administrators who may change "
                    + "it to that unit. Role-assignability is fixed when a group is created: to use it, create a new "
                    + "group with 'Microsoft Entra roles can be assigned to the group' (POST /groups with "
                    + "isAssignableToRole true), move the members, and name it in the policy instead. The groups are "
                    + "read with GET /groups?$filter=id in (…)&$select=id,displayName,isAssignableToRole,"
                    + "isManagementRestricted (GroupMember.Read.All)."
            )
        {
            Frameworks = new[] { "MT.1035" };
        }

        /// <summary>The groups the enabled and report-only policies include or exclude, with where.</summary>
        internal static IEnumerable<DirectoryReference> NamedGroups(IReadOnlyList<ConditionalAccessPolicy> policies) =>
            DirectoryReferences
                .OfPolicies(policies.Where(policy => policy.IsEnabled || policy.IsReportOnly).ToArray())
                .Where(reference => reference.Kind == "group");

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var named = NamedGroups(context.ConditionalAccessPolicies())
                .GroupBy(reference => reference.Id, StringComparer.OrdinalIgnoreCase)
                .ToArray();
            var groups = context
                .Require(context.Snapshot.ConditionalAccessGroups, PostureData.ConditionalAccessGroups)
                .ById(group => group.Id);

            var findings = new List<PostureFinding>();
            var protectedGroups = new List<string>();
            var absent = new List<string>();
            foreach (var references in named)
            {
                var where = string.Join(", ", references.Select(r => $"{r.Policy} ({r.Condition})").Distinct());
                if (!groups.TryGetValue(references.Key, out var group))
                {
                    absent.Add(references.Key);
                    continue;
                }
                if (group.MembershipProtected)
                {
                    protectedGroups.Add(
                        $"{group}: {(group.IsAssignableToRole ? "role-assignable" : "restricted management unit")}"
                    );
                    continue;
                }
                findings.Add(
                    new PostureFinding
                    {
                        TargetId = group.Id,
                        TargetName = group.DisplayName,
                        TargetType = "group",
                        Detail =
                            $"{group} is neither role-assignable nor in a restricted management administrative unit, "
                            + $"and is named by {where}",
                    }
                );
            }

            var evidence = new List<string>
            {
                $"{context.Snapshot.SourceOf(PostureData.ConditionalAccessPolicies)}: {named.Length} group(s) named "
                    + "by enabled or report-only policies",
            };
            if (named.Length > 0)
                evidence.Add(
                    $"{context.Snapshot.SourceOf(PostureData.ConditionalAccessGroups)}: {groups.Count} of them found"
                );
            if (protectedGroups.Count > 0)
                evidence.Add($"protected: {string.Join("; ", protectedGroups)}");
            if (absent.Count > 0)
                evidence.Add($"not found, so not judged here (EGP062 judges them): {string.Join(", ", absent)}");
            return CheckOutcome.FromFindings(
                findings,
                "groups named in Conditional Access can be changed by any group administrator or owner",
                named.Length == 0
                    ? "no enabled or report-only Conditional Access policy names a group"
                    : "every group named in Conditional Access is role-assignable or in a restricted management unit",
                evidence
            );
        }
    }
}

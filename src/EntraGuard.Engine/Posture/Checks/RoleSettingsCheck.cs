using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>A check over the PIM settings of some directory roles, one role at a time.</summary>
    internal abstract class RoleSettingsCheck : PostureCheck
    {
        protected RoleSettingsCheck(
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
                PostureData.RoleManagementPolicies | PostureData.SubscribedSkus,
                PostureLicence.Pim,
                rationale,
                remediation
            )
        {
            Frameworks = frameworks;
        }

        protected abstract IReadOnlyList<string> RolesJudged(PostureSettings settings);

        /// <summary>The role's findings, adding its evidence; null when its policy lacks what is read.</summary>
        protected abstract IReadOnlyList<PostureFinding>? Judge(
            RoleManagementPolicy policy,
            string roleName,
            List<string> evidence
        );

        protected abstract string FailHeadline { get; }
        protected abstract string PassReason { get; }

        internal sealed override CheckOutcome Evaluate(PostureContext context)
        {
            var policies = context.Require(context.Snapshot.RoleManagementPolicies, PostureData.RoleManagementPolicies);
            var source = context.Snapshot.SourceOf(PostureData.RoleManagementPolicies);
            var byRole = policies.ById(p => p.RoleDefinitionId);
            var evidence = new List<string>();
            var findings = new List<PostureFinding>();
            foreach (var role in RolesJudged(context.Settings))
            {
                var name = PrivilegedRoles.NameOf(role);
                var judged = byRole.TryGetValue(role, out var policy) ? Judge(policy, name, evidence) : null;
                if (judged is null)
                {
                    return CheckOutcome.Skip(
                        $"skipped: {source} did not return the PIM settings this check reads for {name}",
                        evidence
                    );
                }
                findings.AddRange(judged);
            }
            return CheckOutcome.FromFindings(
                findings,
                FailHeadline,
                PassReason,
                evidence.Select(line => $"{source}: {line}")
            );
        }

        protected static PostureFinding RoleFinding(string roleId, string roleName, string detail) =>
            new()
            {
                TargetId = roleId,
                TargetName = roleName,
                TargetType = "role",
                Detail = detail,
            };
    }
}

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
            var byRole = policies
                .GroupBy(p => p.RoleDefinitionId, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
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

    internal sealed class GlobalAdministratorApprovalCheck : RoleSettingsCheck
    {
        public GlobalAdministratorApprovalCheck()
            : base(
                "EGP028",
                "Activating Global Administrator needs an approval",
                Severity.High,
                "An eligible Global Administrator whose account is taken over can activate the role with the stolen "
                    + "session and an MFA prompt it controls. An approval puts a second person between the attacker and the "
                    + "tenant, and tells that person it is happening.",
                "In Privileged Identity Management open Microsoft Entra roles → Settings → Global Administrator → Edit "
                    + "and turn on 'Require approval to activate' with at least two approvers, or PATCH the "
                    + "Approval_EndUser_Assignment rule of the role's policy "
                    + "(/policies/roleManagementPolicies/{id}/rules/Approval_EndUser_Assignment) with "
                    + "setting.isApprovalRequired = true.",
                "MS.AAD.7.6"
            ) { }

        protected override IReadOnlyList<string> RolesJudged(PostureSettings settings) =>
            new[] { PrivilegedRoles.GlobalAdministrator };

        protected override string FailHeadline => "Global Administrator activates without approval";
        protected override string PassReason => "activating Global Administrator needs an approval";

        protected override IReadOnlyList<PostureFinding>? Judge(
            RoleManagementPolicy policy,
            string roleName,
            List<string> evidence
        )
        {
            if (policy.ActivationNeedsApproval is not { } approval)
                return null;
            var required = approval ? "true" : "false";
            evidence.Add(
                $"{roleName}: Approval_EndUser_Assignment isApprovalRequired = {required}, "
                    + $"{policy.Approvers} approver(s) named"
            );
            return approval
                ? Array.Empty<PostureFinding>()
                : new[] { RoleFinding(policy.RoleDefinitionId, roleName, $"{roleName} activates without an approval") };
        }
    }

    internal sealed class PrivilegedRoleAlertsCheck : RoleSettingsCheck
    {
        /// <summary>The PIM events that should reach more than the role administrators, by notification rule.</summary>
        private static readonly (string Rule, string Event)[] Alerts =
        {
            ("Notification_Admin_Admin_Eligibility", "eligible assignments"),
            ("Notification_Admin_Admin_Assignment", "active assignments"),
            ("Notification_Admin_EndUser_Assignment", "activations"),
        };

        public PrivilegedRoleAlertsCheck()
            : base(
                "EGP029",
                "Assignments and activations of privileged roles alert the security team",
                Severity.Medium,
                "Granting or activating a privileged role is the step every tenant takeover takes. PIM sends its default "
                    + "notices only to the role administrators — the very accounts an attacker may hold — so an alert to an "
                    + "address the security team watches is what makes the step visible.",
                "In Privileged Identity Management open each privileged role's settings → Notification and add the "
                    + "security team's address as an additional recipient for 'Role assignment alert' on eligible and active "
                    + "assignments and for 'Notification to admin' on activation, or PATCH the rules "
                    + "Notification_Admin_Admin_Eligibility, Notification_Admin_Admin_Assignment and "
                    + "Notification_Admin_EndUser_Assignment with notificationRecipients.",
                "MS.AAD.7.7",
                "MS.AAD.7.8",
                "MS.AAD.7.9"
            ) { }

        protected override IReadOnlyList<string> RolesJudged(PostureSettings settings) => settings.PrivilegedRoleIds;

        protected override string FailHeadline => "privileged role changes reach no one beyond the role administrators";
        protected override string PassReason =>
            "assignments and activations of every privileged role alert an additional recipient";

        protected override IReadOnlyList<PostureFinding>? Judge(
            RoleManagementPolicy policy,
            string roleName,
            List<string> evidence
        )
        {
            var rules = Alerts
                .Select(alert =>
                    (
                        alert.Event,
                        Notification: policy.Notifications.TryGetValue(alert.Rule, out var rule) ? rule : null
                    )
                )
                .ToArray();
            if (rules.Any(rule => rule.Notification is null))
                return null;
            evidence.Add(
                $"{roleName}: "
                    + string.Join(
                        "; ",
                        rules.Select(rule => $"{rule.Event} → [{string.Join(", ", rule.Notification!.Recipients)}]")
                    )
            );
            var silent = rules
                .Where(rule => rule.Notification!.Recipients.Count == 0)
                .Select(rule => rule.Event)
                .ToArray();
            return silent.Length == 0
                ? Array.Empty<PostureFinding>()
                : new[]
                {
                    RoleFinding(
                        policy.RoleDefinitionId,
                        roleName,
                        $"{roleName}: {string.Join(", ", silent)} alert no additional recipient"
                    ),
                };
        }
    }
}

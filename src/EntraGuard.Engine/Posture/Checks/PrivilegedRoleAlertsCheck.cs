using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
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
                "Granting or activating a privileged role is the step every tenant takeover takes. PIM sends its "
                    + "default notices only to the role administrators — the very accounts an attacker may hold — so "
                    + "an alert to an address the security team watches is what makes the step visible.",
                "In Privileged Identity Management open each privileged role's settings → Notification and add the "
                    + "security team's address as an additional recipient for 'Role assignment alert' on eligible and "
                    + "active assignments and for 'Notification to admin' on activation, or PATCH the rules "
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

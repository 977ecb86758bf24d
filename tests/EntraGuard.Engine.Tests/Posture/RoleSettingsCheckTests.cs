using System;
using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>
    /// EGP028 and EGP029 over PIM's role settings as
    /// <c>roleManagementPolicyAssignments?$expand=policy($expand=rules)</c> answers them, compliant and not.
    /// </summary>
    public sealed class RoleSettingsCheckTests
    {
        private const string Silent = "[]";
        private const string Soc = "[\"soc@contoso.com\"]";

        private static string Notification(string rule, string recipients) =>
            "{\"@odata.type\":\"#microsoft.graph.unifiedRoleManagementPolicyNotificationRule\","
            + $"\"id\":\"{rule}\",\"recipientType\":\"Admin\",\"isDefaultRecipientsEnabled\":true,"
            + $"\"notificationRecipients\":{recipients}}}";

        private static string Approval(bool required) =>
            "{\"@odata.type\":\"#microsoft.graph.unifiedRoleManagementPolicyApprovalRule\","
            + "\"id\":\"Approval_EndUser_Assignment\",\"setting\":{\"isApprovalRequired\":"
            + (required ? "true" : "false")
            + ",\"approvalStages\":[{\"primaryApprovers\":["
            + "{\"@odata.type\":\"#microsoft.graph.singleUser\",\"userId\":\"u1\"}]}]}}";

        /// <summary>One policy assignment per role, with the rules given.</summary>
        private static TenantSnapshot Tenant(Func<string, string[]> rules, params string[] roles) =>
            new()
            {
                SubscribedSkus = P2,
                RoleManagementPolicies = GraphPostureJson
                    .ReadRoleManagementPolicies(
                        Body(
                            "{\"value\":["
                                + string.Join(
                                    ",",
                                    roles.Select(role =>
                                        $"{{\"roleDefinitionId\":\"{role}\",\"policyId\":\"p-{role}\","
                                        + $"\"policy\":{{\"id\":\"p-{role}\","
                                        + $"\"rules\":[{string.Join(",", rules(role))}]}}}}"
                                    )
                                )
                                + "]}"
                        )
                    )
                    .Items,
            };

        private static string[] Alerts(string eligibility, string assignment, string activation) =>
            new[]
            {
                Notification("Notification_Admin_Admin_Eligibility", eligibility),
                Notification("Notification_Admin_Admin_Assignment", assignment),
                Notification("Notification_Admin_EndUser_Assignment", activation),
            };

        private static readonly string[] Privileged = PrivilegedRoles.TemplateIds.ToArray();

        [Fact]
        public void Global_administrator_activation_passes_with_approval_and_fails_without()
        {
            var approved = Run(Tenant(_ => new[] { Approval(true) }, GlobalAdmin), "EGP028");
            var open = Run(Tenant(_ => new[] { Approval(false) }, GlobalAdmin), "EGP028");

            Assert.Equal(PostureStatus.Passed, approved.Result);
            Assert.Contains(
                "policies/roleManagementPolicyAssignments: Global Administrator: "
                    + "Approval_EndUser_Assignment "
                    + "isApprovalRequired = true, 1 approver(s) named",
                approved.Evidence
            );
            Assert.Equal(PostureStatus.Failed, open.Result);
            Assert.Equal("Global Administrator activates without an approval", open.Findings.Single().Detail);
        }

        [Fact]
        public void Role_settings_without_the_rule_read_or_the_role_are_skipped_not_passed()
        {
            Assert.Equal(PostureStatus.Skipped, Run(Tenant(_ => Alerts(Soc, Soc, Soc), GlobalAdmin), "EGP028").Result);
            Assert.Equal(PostureStatus.Skipped, Run(Tenant(_ => new[] { Approval(true) }, UserAdmin), "EGP028").Result);
            Assert.Equal(
                PostureStatus.Skipped,
                Run(Tenant(_ => new[] { Approval(true) }, Privileged), "EGP029").Result
            );
        }

        [Fact]
        public void Role_settings_do_not_apply_without_pim()
        {
            var tenant = Tenant(_ => new[] { Approval(false) }, GlobalAdmin);

            var withoutPim = new TenantSnapshot
            {
                SubscribedSkus = P1,
                RoleManagementPolicies = tenant.RoleManagementPolicies,
            };

            var result = Run(withoutPim, "EGP028");

            Assert.Equal(PostureStatus.NotApplicable, result.Result);
        }

        [Fact]
        public void Privileged_role_alerts_pass_when_every_event_reaches_an_additional_recipient()
        {
            var result = Run(Tenant(_ => Alerts(Soc, Soc, Soc), Privileged), "EGP029");

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Equal(Privileged.Length, result.Evidence.Count);
        }

        [Fact]
        public void Privileged_role_alerts_fail_once_per_role_naming_the_silent_events()
        {
            var result = Run(
                Tenant(role => role == UserAdmin ? Alerts(Soc, Silent, Silent) : Alerts(Soc, Soc, Soc), Privileged),
                "EGP029"
            );

            Assert.Equal(PostureStatus.Failed, result.Result);
            var finding = result.Findings.Single();
            Assert.Equal((UserAdmin, "role"), (finding.TargetId, finding.TargetType));
            Assert.Equal(
                "User Administrator: active assignments, activations alert no additional recipient",
                finding.Detail
            );
        }
    }
}

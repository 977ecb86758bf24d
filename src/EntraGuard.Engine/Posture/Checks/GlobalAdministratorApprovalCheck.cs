using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class GlobalAdministratorApprovalCheck : RoleSettingsCheck
    {
        public GlobalAdministratorApprovalCheck()
            : base(
                "EGP028",
                "Activating Global Administrator needs an approval",
                Severity.High,
                "An eligible Global Administrator whose account is taken over can activate the role with the stolen "
                    + "session and an MFA prompt it controls. An approval puts a second person between the attacker "
                    + "and the tenant, and tells that person it is happening.",
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
}

using System;
using System.Collections.Generic;

namespace EntraGuard.Posture
{
    /// <summary>
    /// One security alert of Privileged Identity Management for directory roles (beta
    /// <c>identityGovernance/roleManagementAlerts/alerts</c>), with the incidents that raise it.
    /// </summary>
    public sealed class RoleManagementAlert
    {
        /// <summary>DirectoryRole_{tenant id}_{alert}, e.g. …_RedundantAssignmentAlert.</summary>
        public string Id { get; init; } = "";

        public string? AlertDefinitionId { get; init; }

        /// <summary>Whether PIM currently raises the alert; null when not returned.</summary>
        public bool? IsActive { get; init; }

        public IReadOnlyList<RoleManagementAlertIncident> Incidents { get; init; } =
            Array.Empty<RoleManagementAlertIncident>();

        /// <summary>Is this the alert with the given name (the last part of its id or definition id)?</summary>
        public bool Is(string alert) =>
            Id.EndsWith("_" + alert, StringComparison.OrdinalIgnoreCase)
            || (AlertDefinitionId?.EndsWith(alert, StringComparison.OrdinalIgnoreCase) ?? false);
    }

    /// <summary>An assignment an alert names (the redundantAssignmentAlertIncident shape: a role holder who has not
    /// activated the role).</summary>
    public sealed class RoleManagementAlertIncident
    {
        public string Id { get; init; } = "";
        public string? AssigneeId { get; init; }
        public string? AssigneeDisplayName { get; init; }
        public string? AssigneeUserPrincipalName { get; init; }
        public string? RoleTemplateId { get; init; }
        public string? RoleDefinitionId { get; init; }
        public string? RoleDisplayName { get; init; }

        /// <summary>When the assignee last activated the role; null when never (or not returned).</summary>
        public DateTimeOffset? LastActivationDateTime { get; init; }
    }
}

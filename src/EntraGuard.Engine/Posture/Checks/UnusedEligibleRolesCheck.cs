using System;
using System.Globalization;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class UnusedEligibleRolesCheck : PostureCheck
    {
        private const string Alert = "RedundantAssignmentAlert";

        public UnusedEligibleRolesCheck()
            : base(
                "EGP069",
                "Privileged roles are held only by administrators who use them",
                Severity.Medium,
                "Privileged roles",
                PostureData.RoleManagementAlerts,
                PostureLicence.Pim,
                "A privileged role its holder never activates is an unneeded path to tenant control: an attacker "
                    + "who takes over a dormant administrator gets the role, and nobody misses the account's "
                    + "activity. Privileged Identity Management already tracks this and raises its 'Administrators "
                    + "aren't using their privileged roles' alert (RedundantAssignmentAlert); Graph serves the alert "
                    + "and its incidents in beta only, so a refusal skips this check alone. EntraGuard judges the "
                    + "incidents of the privileged roles it knows (plus posture.additionalPrivilegedRoles) where "
                    + "Maester downloads a tiering list for the control plane, and, like Maester, leaves out the "
                    + "emergency-access accounts.",
                "Review the alert in Entra admin center → Identity governance → Privileged Identity Management → "
                    + "Microsoft Entra roles → Alerts → 'Administrators aren't using their privileged roles', and "
                    + "remove the assignments nobody uses (DELETE the role eligibility or assignment schedule, or "
                    + "POST …/alertIncidents/{id}/remediate on the beta alert)."
            )
        {
            Frameworks = new[] { "MT.1030" };
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var alerts = context.Require(context.Snapshot.RoleManagementAlerts, PostureData.RoleManagementAlerts);
            var source = context.Snapshot.SourceOf(PostureData.RoleManagementAlerts);
            var alert = alerts.FirstOrDefault(candidate => candidate.Is(Alert));
            if (alert is null)
                return CheckOutcome.Skip(
                    $"skipped: {source} did not return the {Alert}",
                    new[] { $"{source}: {alerts.Count} alerts, none is the {Alert}" }
                );
            var privileged = context.Settings.PrivilegedRoleIds;
            var judged = alert
                .Incidents.Where(incident => privileged.Contains(RoleOf(incident), StringComparer.OrdinalIgnoreCase))
                .ToArray();
            var breakGlass = judged.Where(i => i.AssigneeId is { } id && context.Settings.IsBreakGlass(id)).ToArray();
            var active = alert.IsActive is { } isActive ? (isActive ? "true" : "false") : "(not returned)";
            var evidence = new[]
            {
                $"{source}: {Alert} isActive = {active}, {alert.Incidents.Count} incidents, "
                    + $"{judged.Length} on privileged roles, "
                    + $"{breakGlass.Length} of them emergency-access accounts (not judged)",
            };
            if (alert.IsActive == false)
                return CheckOutcome.Pass("PIM does not raise the alert for unused privileged roles", evidence);
            var findings = judged
                .Except(breakGlass)
                .Select(incident => new PostureFinding
                {
                    TargetId = incident.AssigneeId ?? incident.Id,
                    TargetName = incident.AssigneeUserPrincipalName ?? incident.AssigneeDisplayName,
                    TargetType = "user",
                    Detail =
                        $"{incident.AssigneeDisplayName ?? incident.AssigneeId} holds "
                        + $"{incident.RoleDisplayName ?? PrivilegedRoles.NameOf(RoleOf(incident))} "
                        + (
                            incident.LastActivationDateTime is { } last
                                ? $"and last activated it {last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
                                : "and has not activated it"
                        ),
                })
                .ToArray();
            return CheckOutcome.FromFindings(
                findings,
                "privileged roles are held by administrators who do not use them",
                "every holder of a privileged role uses it",
                evidence
            );
        }

        // A built-in role's definition id is its template id; the incident may carry either.
        private static string RoleOf(RoleManagementAlertIncident incident) =>
            incident.RoleTemplateId ?? incident.RoleDefinitionId ?? "";
    }
}

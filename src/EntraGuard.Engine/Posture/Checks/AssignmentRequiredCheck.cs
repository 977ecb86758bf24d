using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class AssignmentRequiredCheck : PostureCheck
    {
        public AssignmentRequiredCheck()
            : base(
                "EGP078",
                "Applications not published by Microsoft admit only the users assigned to them",
                Severity.Medium,
                "Application permissions",
                PostureData.ServicePrincipals,
                PostureLicence.None,
                "Without 'Assignment required', every user of the tenant — and every account an attacker takes — can "
                    + "sign in to the application and receive a token with the access it was consented, and each user "
                    + "can be phished into consenting more. Requiring assignment turns the app into a deliberate list "
                    + "of who may use it and keeps a lure app from reaching the whole tenant.",
                "In Entra admin center → Enterprise applications → the app → Properties set 'Assignment required?' to "
                    + "Yes, then add the users or groups who need it under Users and groups (Graph: PATCH "
                    + "/servicePrincipals/{id} {\"appRoleAssignmentRequired\": true}, and POST "
                    + "/servicePrincipals/{id}/appRoleAssignedTo for each group). Look in the sign-in logs for who "
                    + "used the app before locking it down. An app nobody signs in to interactively (a daemon) is "
                    + "changed the same way at no cost."
            )
        {
            Frameworks = new[] { "MT.1075" };
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            // Microsoft's own apps and managed identities are out of scope, as in Maester's test.
            var inScope = context
                .Require(snapshot.ServicePrincipals, PostureData.ServicePrincipals)
                .Where(sp =>
                    !FirstPartyCredentialsCheck.MicrosoftTenants.Contains(
                        sp.AppOwnerOrganizationId ?? "",
                        StringComparer.OrdinalIgnoreCase
                    )
                    && (
                        string.Equals(sp.ServicePrincipalType, "Application", StringComparison.OrdinalIgnoreCase)
                        || string.Equals(sp.ServicePrincipalType, "Legacy", StringComparison.OrdinalIgnoreCase)
                    )
                    && sp.AccountEnabled != false
                )
                .ToArray();
            var unknown = inScope
                .Where(sp => sp.AppRoleAssignmentRequired is null || sp.AccountEnabled is null)
                .ToArray();
            var open = inScope
                .Where(sp => sp.AppRoleAssignmentRequired == false && sp.AccountEnabled == true)
                .ToArray();
            var evidence = new List<string>
            {
                $"{snapshot.SourceOf(PostureData.ServicePrincipals)}: {inScope.Length} enabled service principal(s) "
                    + $"of applications not published by Microsoft, {open.Length} open to every user",
            };
            if (unknown.Length > 0)
            {
                evidence.Add(
                    "appRoleAssignmentRequired or accountEnabled not returned for: "
                        + string.Join(", ", unknown.Select(sp => sp.ToString()))
                );
                if (open.Length == 0)
                {
                    return CheckOutcome.Skip(
                        $"skipped: {unknown.Length} service principal(s) could not be judged",
                        evidence
                    );
                }
            }
            var findings = open.Select(sp => new PostureFinding
                {
                    TargetId = sp.Id,
                    TargetName = sp.DisplayName,
                    TargetType = "servicePrincipal",
                    AppId = sp.AppId,
                    Detail = $"{sp} lets every user of the tenant sign in (assignment not required)",
                })
                .ToList();
            return CheckOutcome.FromFindings(
                findings,
                "applications not published by Microsoft are open to every user",
                $"all {inScope.Length} enabled service principal(s) of applications not published by Microsoft "
                    + $"require assignment",
                evidence
            );
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class GlobalAdministratorCountCheck : PostureCheck
    {
        public GlobalAdministratorCountCheck()
            : base(
                "EGP007",
                "The tenant has a small, recoverable number of Global Administrators",
                Severity.Medium,
                "Privileged roles",
                PostureData.ActiveRoleAssignments | PostureData.EligibleRoleAssignments | PostureData.SubscribedSkus,
                PostureLicence.None,
                "Every Global Administrator is a way to take over the tenant, so each one beyond the few the "
                    + "organization needs is attack surface. Too few is a risk of its own: with a single Global "
                    + "Administrator, one lost phone, departed employee or locked account leaves nobody able to repair "
                    + "the tenant.",
                "Keep between posture.minGlobalAdministrators (default 2, counting your emergency-access accounts) and "
                    + "posture.maxGlobalAdministrators (default 4) principals with the Global Administrator role, "
                    + "active or eligible. Move everyday administration to narrower roles (User, Authentication, "
                    + "Application, Exchange Administrator, …)."
            )
        {
            Frameworks = new[] { "MS.AAD.7.1", "CIS.M365.1.1.3", "MT.1032" };
        }

        internal override IReadOnlyList<string> RolesRead(PostureSettings settings) =>
            new[] { PrivilegedRoles.GlobalAdministrator };

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var settings = context.Settings;
            bool IsGlobalAdministrator(DirectoryRoleAssignment a) =>
                string.Equals(
                    a.RoleDefinitionId,
                    PrivilegedRoles.GlobalAdministrator,
                    StringComparison.OrdinalIgnoreCase
                );
            var active = context
                .Require(snapshot.ActiveRoleAssignments, PostureData.ActiveRoleAssignments)
                .Where(IsGlobalAdministrator)
                .ToArray();
            var eligible = snapshot.EligibleRoleAssignments?.Where(IsGlobalAdministrator).ToArray();
            var holders = active
                .Concat(eligible ?? Array.Empty<DirectoryRoleAssignment>())
                .GroupBy(a => a.PrincipalId, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .ToArray();

            var evidence = new List<string>
            {
                $"{snapshot.SourceOf(PostureData.ActiveRoleAssignments)}: {active.Length} active Global "
                    + $"Administrator assignment(s)",
                eligible is null
                    ? $"{snapshot.SourceOf(PostureData.EligibleRoleAssignments)}: not read "
                        + $"({context.ProblemWith(PostureData.EligibleRoleAssignments)}); only active holders are "
                        + $"counted"
                    : $"{snapshot.SourceOf(PostureData.EligibleRoleAssignments)}: {eligible.Length} eligible "
                        + $"Global Administrator assignment(s)",
                $"holders: {string.Join(", ", holders.Select(h => h.ToString()))}",
            };
            if (holders.Any(h => string.Equals(h.PrincipalType, "group", StringComparison.OrdinalIgnoreCase)))
            {
                evidence.Add("a role-assignable group counts as one holder; its members are not expanded");
            }
            evidence.Add(
                $"settings: between {settings.MinGlobalAdministrators} and {settings.MaxGlobalAdministrators} "
                    + $"holders allowed"
            );

            var findings = new List<PostureFinding>();
            if (holders.Length > settings.MaxGlobalAdministrators || holders.Length < settings.MinGlobalAdministrators)
            {
                var tooMany = holders.Length > settings.MaxGlobalAdministrators;
                // Unknown licences may hide PIM, and with it eligible holders.
                if (!tooMany && eligible is null && (context.Licences.Pim || !context.Licences.IsKnown))
                {
                    return CheckOutcome.Skip(
                        "skipped: eligible Global Administrators could not be read, so too few cannot be told from "
                            + "unread",
                        evidence
                    );
                }
                findings.Add(
                    new PostureFinding
                    {
                        TargetId = PrivilegedRoles.GlobalAdministrator,
                        TargetName = "Global Administrator",
                        TargetType = "role",
                        Detail = tooMany
                            ? $"{holders.Length} principals hold Global Administrator, more than the "
                                + $"{settings.MaxGlobalAdministrators} allowed"
                            : $"only {holders.Length} principal(s) hold Global Administrator, fewer than the "
                                + $"{settings.MinGlobalAdministrators} needed to recover the tenant",
                    }
                );
            }
            return CheckOutcome.FromFindings(
                findings,
                "the number of Global Administrators is out of bounds",
                $"{holders.Length} principals hold Global Administrator (allowed "
                    + $"{settings.MinGlobalAdministrators}–{settings.MaxGlobalAdministrators})",
                evidence
            );
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class StandingPrivilegedAccessCheck : PostureCheck
    {
        public StandingPrivilegedAccessCheck()
            : base(
                "EGP006",
                "Privileged roles are held through PIM, not permanently",
                Severity.High,
                "Privileged roles",
                PostureData.ActiveRoleAssignments | PostureData.EligibleRoleAssignments | PostureData.SubscribedSkus,
                PostureLicence.Pim,
                "A role held permanently is a role an attacker inherits the moment they take the account, at any hour and "
                    + "without anyone being asked. With eligible assignments in Privileged Identity Management the account holds no "
                    + "power until it activates the role — for a limited time, with MFA, a justification and, where configured, an "
                    + "approval — and every activation is logged.",
                "In Privileged Identity Management convert each permanent active assignment of a privileged role into an "
                    + "eligible one (Roles → the role → Assignments → Update, or remove and add it as Eligible), with activation "
                    + "requiring MFA and a justification. Keep permanent assignments only for your emergency-access accounts and list "
                    + "them under posture.breakGlassAccounts. A service principal cannot activate a role: give it the narrowest Graph "
                    + "application permission instead, or record an accepted deviation with the reason."
            )
        {
            Frameworks = new[] { "MS.AAD.7.4", "MT.1031" };
        }

        internal override IReadOnlyList<string> RolesRead(PostureSettings settings) => settings.PrivilegedRoleIds;

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var settings = context.Settings;
            var roles = new HashSet<string>(settings.PrivilegedRoleIds, StringComparer.OrdinalIgnoreCase);
            var active = context
                .Require(snapshot.ActiveRoleAssignments, PostureData.ActiveRoleAssignments)
                .Where(a => roles.Contains(a.RoleDefinitionId))
                .ToArray();
            var eligible = snapshot.EligibleRoleAssignments?.Where(a => roles.Contains(a.RoleDefinitionId)).ToArray();
            var standing = active.Where(a => a.IsPermanent && !a.IsActivation).ToArray();

            var evidence = new List<string>
            {
                $"{snapshot.SourceOf(PostureData.ActiveRoleAssignments)}: {active.Length} active assignment(s) of privileged roles, "
                    + $"{standing.Length} permanent, {active.Count(a => a.IsActivation)} from PIM activations, {active.Count(a => !a.IsPermanent && !a.IsActivation)} time-bound",
                eligible is null
                    ? $"{snapshot.SourceOf(PostureData.EligibleRoleAssignments)}: not read ({context.ProblemWith(PostureData.EligibleRoleAssignments)})"
                    : $"{snapshot.SourceOf(PostureData.EligibleRoleAssignments)}: {eligible.Length} eligible assignment(s) of privileged roles",
            };
            var breakGlass = standing.Where(a => settings.IsBreakGlass(a.PrincipalId)).ToArray();
            if (breakGlass.Length > 0)
            {
                evidence.Add(
                    $"settings: permanent assignments of break-glass accounts are expected: {string.Join(", ", breakGlass.Select(a => $"{a} as {PrivilegedRoles.NameOf(a.RoleDefinitionId)}"))}"
                );
            }

            var findings = standing
                .Where(a => !settings.IsBreakGlass(a.PrincipalId))
                .GroupBy(a => a.PrincipalId, StringComparer.OrdinalIgnoreCase)
                .Select(holder =>
                {
                    var first = holder.First();
                    var held = string.Join(
                        ", ",
                        holder.Select(a =>
                            PrivilegedRoles.NameOf(a.RoleDefinitionId)
                            + (a.DirectoryScopeId == "/" ? "" : $" (scope {a.DirectoryScopeId})")
                        )
                    );
                    var servicePrincipal = string.Equals(
                        first.PrincipalType,
                        "servicePrincipal",
                        StringComparison.OrdinalIgnoreCase
                    );
                    return new PostureFinding
                    {
                        TargetId = first.PrincipalId,
                        TargetName = first.PrincipalDisplayName,
                        TargetType = first.PrincipalType ?? "principal",
                        Detail =
                            $"{first} holds {held} permanently"
                            + (
                                servicePrincipal
                                    ? " (a service principal cannot activate through PIM)"
                                    : ", where an eligible assignment would do"
                            ),
                    };
                })
                .ToList();
            return CheckOutcome.FromFindings(
                findings,
                "privileged roles are held permanently outside break-glass accounts",
                $"no privileged role is held permanently outside break-glass accounts; {eligible?.Length ?? 0} eligible assignment(s) go through PIM",
                evidence
            );
        }
    }

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
                "Every Global Administrator is a way to take over the tenant, so each one beyond the few the organization needs "
                    + "is attack surface. Too few is a risk of its own: with a single Global Administrator, one lost phone, departed "
                    + "employee or locked account leaves nobody able to repair the tenant.",
                "Keep between posture.minGlobalAdministrators (default 2, counting your emergency-access accounts) and "
                    + "posture.maxGlobalAdministrators (default 4) principals with the Global Administrator role, active or eligible. "
                    + "Move everyday administration to narrower roles (User, Authentication, Application, Exchange Administrator, …)."
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
                $"{snapshot.SourceOf(PostureData.ActiveRoleAssignments)}: {active.Length} active Global Administrator assignment(s)",
                eligible is null
                    ? $"{snapshot.SourceOf(PostureData.EligibleRoleAssignments)}: not read ({context.ProblemWith(PostureData.EligibleRoleAssignments)}); only active holders are counted"
                    : $"{snapshot.SourceOf(PostureData.EligibleRoleAssignments)}: {eligible.Length} eligible Global Administrator assignment(s)",
                $"holders: {string.Join(", ", holders.Select(h => h.ToString()))}",
            };
            if (holders.Any(h => string.Equals(h.PrincipalType, "group", StringComparison.OrdinalIgnoreCase)))
            {
                evidence.Add("a role-assignable group counts as one holder; its members are not expanded");
            }
            evidence.Add(
                $"settings: between {settings.MinGlobalAdministrators} and {settings.MaxGlobalAdministrators} holders allowed"
            );

            var findings = new List<PostureFinding>();
            if (holders.Length > settings.MaxGlobalAdministrators || holders.Length < settings.MinGlobalAdministrators)
            {
                var tooMany = holders.Length > settings.MaxGlobalAdministrators;
                // Unknown licences may hide PIM, and with it eligible holders.
                if (!tooMany && eligible is null && (context.Licences.Pim || !context.Licences.IsKnown))
                {
                    return CheckOutcome.Skip(
                        "skipped: eligible Global Administrators could not be read, so too few cannot be told from unread",
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
                            ? $"{holders.Length} principals hold Global Administrator, more than the {settings.MaxGlobalAdministrators} allowed"
                            : $"only {holders.Length} principal(s) hold Global Administrator, fewer than the {settings.MinGlobalAdministrators} needed to recover the tenant",
                    }
                );
            }
            return CheckOutcome.FromFindings(
                findings,
                "the number of Global Administrators is out of bounds",
                $"{holders.Length} principals hold Global Administrator (allowed {settings.MinGlobalAdministrators}–{settings.MaxGlobalAdministrators})",
                evidence
            );
        }
    }

    internal sealed class UsersCannotRegisterAppsCheck : PostureCheck
    {
        public UsersCannotRegisterAppsCheck()
            : base(
                "EGP008",
                "Users cannot register applications",
                Severity.Medium,
                "Applications",
                PostureData.AuthorizationPolicy,
                PostureLicence.None,
                "When every user may register applications, any compromised account can create an app it owns, give it a "
                    + "secret and keep signing in as that app after the password is reset. Such apps also look internal, which helps "
                    + "consent phishing inside the organization. Registrations should come from the few people whose job it is.",
                "Set 'Users can register applications' to No (Entra admin center → Users → User settings), which sets "
                    + "authorizationPolicy.defaultUserRolePermissions.allowedToCreateApps to false. Give the Application Developer "
                    + "role to the people who build applications."
            )
        {
            Frameworks = new[] { "MS.AAD.5.1", "EIDSCA.AP10", "CIS.M365.5.1.2.2" };
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var policy = context.Require(context.Snapshot.AuthorizationPolicy, PostureData.AuthorizationPolicy);
            var source = context.Snapshot.SourceOf(PostureData.AuthorizationPolicy);
            var allowed = SettingCheck.Text(policy.AllowedToCreateApps);
            var evidence = new[]
            {
                $"{source}: defaultUserRolePermissions.allowedToCreateApps = {allowed ?? "(not returned)"}",
            };
            // A missing value is not "false": nothing said users cannot register apps.
            if (allowed is null)
            {
                return CheckOutcome.Skip(
                    $"skipped: {source} did not return defaultUserRolePermissions.allowedToCreateApps",
                    evidence
                );
            }
            var findings = new List<PostureFinding>();
            if (policy.AllowedToCreateApps == true)
            {
                findings.Add(
                    new PostureFinding
                    {
                        TargetId = "allowedToCreateApps",
                        TargetName = "Users can register applications",
                        TargetType = "setting",
                        Detail = "every user may register applications (allowedToCreateApps = true)",
                    }
                );
            }
            return CheckOutcome.FromFindings(
                findings,
                "users can register applications",
                "only users holding an application role can register applications (allowedToCreateApps = false)",
                evidence
            );
        }
    }

    internal sealed class UserConsentRestrictedCheck : PostureCheck
    {
        private const string ForSelf = "ManagePermissionGrantsForSelf.";

        // Consent by the owners of a resource (a team, a chat) to apps reaching that resource only.
        private const string ForOwnedResource = "ManagePermissionGrantsForOwnedResource.";

        /// <summary>Microsoft's built-in app consent policies that keep user consent narrow, and what each allows.</summary>
        private static readonly Dictionary<string, string> Restricted = new(StringComparer.OrdinalIgnoreCase)
        {
            ["microsoft-user-default-low"] =
                "apps from verified publishers or this tenant, permissions classified as low impact",
            ["microsoft-user-default-recommended"] =
                "Microsoft-managed: the permissions Microsoft currently recommends letting users grant",
            ["microsoft-user-default-allow-consent-apps"] =
                "Microsoft-managed: mail permissions for a list of known mail clients",
        };

        private const string Unrestricted = "microsoft-user-default-legacy";

        public UserConsentRestrictedCheck()
            : base(
                "EGP009",
                "User consent to applications is restricted",
                Severity.High,
                "Applications",
                PostureData.AuthorizationPolicy,
                PostureLicence.None,
                "Illicit consent grants need no password at all: a user clicks Accept on a convincing app and hands it lasting "
                    + "access to their mail and files, which survives password resets and MFA. Limiting what users may consent to, "
                    + "and to whom, closes the most common route; admin consent with a request workflow handles the rest.",
                "Set 'User consent for applications' to 'Do not allow user consent' or 'Allow user consent for apps from "
                    + "verified publishers, for selected permissions' (Entra admin center → Enterprise apps → Consent and "
                    + "permissions), or let Microsoft manage the setting; turn on the admin consent workflow so users can ask. "
                    + "Review custom app consent policies by hand."
            )
        {
            Frameworks = new[] { "EIDSCA.AP08" };
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var policy = context.Require(context.Snapshot.AuthorizationPolicy, PostureData.AuthorizationPolicy);
            var source = context.Snapshot.SourceOf(PostureData.AuthorizationPolicy);
            var forSelf = policy
                .PermissionGrantPoliciesAssigned.Where(p => p.StartsWith(ForSelf, StringComparison.OrdinalIgnoreCase))
                .Select(p => p.Substring(ForSelf.Length))
                .ToArray();
            var evidence = new List<string>
            {
                $"{source}: defaultUserRolePermissions.permissionGrantPoliciesAssigned = "
                    + $"[{string.Join(", ", policy.PermissionGrantPoliciesAssigned)}]",
            };
            var unrecognised = policy
                .PermissionGrantPoliciesAssigned.Where(p =>
                    !p.StartsWith(ForSelf, StringComparison.OrdinalIgnoreCase)
                    && !p.StartsWith(ForOwnedResource, StringComparison.OrdinalIgnoreCase)
                )
                .ToArray();
            // Only the absence of a user-consent entry means users cannot consent; an entry of a form EntraGuard does
            // not know may grant it, so it is never read as "off".
            if (unrecognised.Length > 0 && !forSelf.Contains(Unrestricted, StringComparer.OrdinalIgnoreCase))
            {
                return CheckOutcome.Skip(
                    $"skipped: permissionGrantPoliciesAssigned holds {string.Join(", ", unrecognised)}, "
                        + "an entry EntraGuard does not recognise; review what it lets users consent to",
                    evidence
                );
            }
            if (forSelf.Length == 0)
                return CheckOutcome.Pass("users cannot consent to applications", evidence);

            var findings = forSelf
                .Where(id => string.Equals(id, Unrestricted, StringComparison.OrdinalIgnoreCase))
                .Select(id => new PostureFinding
                {
                    TargetId = ForSelf + id,
                    TargetName = "Allow user consent for apps",
                    TargetType = "consentPolicy",
                    Detail =
                        "users may consent to any application for every permission that does not need an administrator",
                })
                .ToList();
            if (findings.Count > 0)
                return CheckOutcome.FromFindings(findings, "user consent is not restricted", "", evidence);

            var custom = forSelf.Where(id => !Restricted.ContainsKey(id)).ToArray();
            if (custom.Length > 0)
            {
                return CheckOutcome.Skip(
                    $"skipped: user consent is governed by custom app consent policy {string.Join(", ", custom)}, which EntraGuard does not judge; review what it allows",
                    evidence
                );
            }
            foreach (var id in forSelf)
                evidence.Add($"{id}: {Restricted[id]}");
            return CheckOutcome.Pass($"user consent is restricted ({string.Join(", ", forSelf)})", evidence);
        }
    }
}

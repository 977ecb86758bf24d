using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class DeletedObjectsInConditionalAccessCheck : DeletedObjectsCheck
    {
        public DeletedObjectsInConditionalAccessCheck()
            : base(
                "EGP062",
                "Conditional Access policies name no deleted users, groups or roles",
                "Conditional Access",
                PostureData.ConditionalAccessPolicies,
                PostureLicence.EntraIdP1,
                "A deleted group stays in a policy as a bare id. Excluded, it is a hole waiting to be filled: "
                    + "restore or re-create an object with that id and it is left out again without anyone "
                    + "touching the policy. Included, the policy silently protects nobody it was written for. "
                    + "Every policy is judged, whatever its state: a disabled one may be switched on tomorrow. Roles "
                    + "are judged too (Maester's MT.1066): a deleted custom role left in a policy behaves the same "
                    + "way. Built-in role templates are never deleted, so the role definitions are read only when a "
                    + "policy names a role EntraGuard does not know as built in.",
                "Remove each listed id from the policies that name it, or restore the object from the deleted items "
                    + "within 30 days (Entra admin center → Protection → Conditional Access → the policy → Users; "
                    + "PATCH /identity/conditionalAccess/policies/{id} on conditions.users; deleted items: "
                    + "GET /directory/deletedItems/microsoft.graph.group). The ids are looked up with POST "
                    + "/directoryObjects/getByIds, which needs Directory.Read.All; roles with GET "
                    + "/roleManagement/directory/roleDefinitions (RoleManagement.Read.Directory). A deleted custom "
                    + "role cannot be restored: remove its id, or name the role that replaced it.",
                PostureData.DirectoryObjects | PostureData.RoleDefinitions
            )
        {
            Frameworks = new[] { "MT.1038", "MT.1066" };
        }

        protected override (string Plural, string One, string Counted) Kinds =>
            ("users, groups or roles", "user, group or role", "user(s), group(s) and role(s)");

        protected override IReadOnlyList<DirectoryReference> References(PostureContext context)
        {
            var policies = context.ConditionalAccessPolicies();
            return DirectoryReferences
                .OfPolicies(policies)
                .Concat(DirectoryReferences.RolesOfPolicies(policies))
                .ToArray();
        }

        protected override ISet<string> Existing(PostureContext context, List<string> evidence)
        {
            var existing = base.Existing(context, evidence);
            var policies = context.ConditionalAccessPolicies();
            var named = DirectoryReferences
                .RolesOfPolicies(policies)
                .Select(r => r.Id)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToArray();
            existing.UnionWith(named.Where(DirectoryReferences.IsKnownBuiltInRole));
            // Only a role beyond the known built-in ones needs the definitions, and only then were they read.
            if (!DirectoryReferences.NameUnknownRoles(policies))
            {
                evidence.Add($"{named.Length} role id(s) named, every one a built-in role EntraGuard knows");
                return existing;
            }
            var roles = context.Require(context.Snapshot.RoleDefinitions, PostureData.RoleDefinitions);
            existing.UnionWith(roles.SelectMany(r => new[] { r.Id, r.TemplateId ?? r.Id }));
            evidence.Add(
                $"{context.Snapshot.SourceOf(PostureData.RoleDefinitions)}: {roles.Count} role definition(s) for the "
                    + $"{named.Length} role id(s) named"
            );
            return existing;
        }
    }
}

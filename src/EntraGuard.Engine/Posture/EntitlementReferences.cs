using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture
{
    /// <summary>
    /// The users and groups entitlement management names by id: the groups added to catalogs, the groups access
    /// packages assign roles in, and the users and groups named as approvers.
    /// </summary>
    public static class EntitlementReferences
    {
        /// <summary>
        /// Every group named: held, assigned or approving. They go to the same <c>directoryObjects/getByIds</c>
        /// lookup as the ids Conditional Access names, so they cost no request of their own while that lookup is
        /// made anyway.
        /// </summary>
        public static IEnumerable<DirectoryReference> GroupsOf(
            IReadOnlyList<AccessPackageCatalog>? catalogs,
            IReadOnlyList<AccessPackage>? packages,
            IReadOnlyList<AssignmentPolicy>? policies
        ) => ResourceGroupsOf(catalogs, packages).Concat(ApproversOf(policies).Where(r => r.Kind == "group"));

        /// <summary>The groups catalogs hold and access packages assign roles in.</summary>
        private static IEnumerable<DirectoryReference> ResourceGroupsOf(
            IReadOnlyList<AccessPackageCatalog>? catalogs,
            IReadOnlyList<AccessPackage>? packages
        )
        {
            foreach (var catalog in catalogs ?? Array.Empty<AccessPackageCatalog>())
            {
                foreach (var resource in catalog.Resources.Where(IsGroupId))
                    yield return new DirectoryReference(resource.OriginId!, "group", catalog.ToString(), "resource");
            }
            foreach (var package in packages ?? Array.Empty<AccessPackage>())
            {
                foreach (var scope in package.RoleScopes.Where(IsGroupId))
                    yield return new DirectoryReference(scope.OriginId!, "group", package.ToString(), "resource role");
            }
        }

        /// <summary>The users and groups the policies' approval stages name, primary and fallback.</summary>
        public static IEnumerable<DirectoryReference> ApproversOf(IReadOnlyList<AssignmentPolicy>? policies)
        {
            foreach (var policy in policies ?? Array.Empty<AssignmentPolicy>())
            {
                foreach (var approver in policy.ApprovalStages.SelectMany(stage => stage.Approvers))
                {
                    if (approver.ObjectId is { } id && Guid.TryParse(id, out _))
                        yield return new DirectoryReference(
                            id,
                            approver.IsGroup ? "group" : "user",
                            policy.ToString(),
                            "approver"
                        );
                }
            }
        }

        private static bool IsGroupId(EntitlementResource resource) =>
            resource.IsGroup && Guid.TryParse(resource.OriginId, out _);
    }
}

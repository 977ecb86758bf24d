using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// Maester's MT.1107 looks each group up one request at a time: the groups catalogs hold, the groups access
    /// packages assign, and the groups named as primary approvers. Here the same groups (and fallback approver groups
    /// too) go to the one directory lookup.
    /// </summary>
    internal sealed class DeletedGroupsInAccessPackagesCheck : DeletedObjectsCheck
    {
        private const PostureData Entitlements =
            PostureData.AccessPackageCatalogs | PostureData.AccessPackages | PostureData.AccessPackagePolicies;

        public DeletedGroupsInAccessPackagesCheck()
            : base(
                "EGP110",
                "Access packages and catalogs name no deleted group",
                "Entitlement management",
                Entitlements,
                PostureLicence.Pim,
                "A group deleted after it was added to a catalog or an access package stays named there: requests "
                    + "for the package fail to provision, an approval stage of its members has nobody to ask, and "
                    + "a group later restored or re-created under that id quietly regains what the package "
                    + "grants. Entitlement management needs Microsoft Entra ID P2 or ID Governance.",
                "Remove the group from the catalog's resources and the access package's roles, or change the "
                    + "approvers, or restore the group from the deleted items within 30 days (Entra admin center "
                    + "→ Identity governance → Entitlement management → Catalogs / Access packages → Resources, "
                    + "Policies; Graph: POST /identityGovernance/entitlementManagement/resourceRequests with "
                    + "requestType adminRemove, DELETE .../accessPackages/{id}/resourceRoleScopes/{id}, PUT "
                    + ".../assignmentPolicies/{id}). The ids are looked up with POST /directoryObjects/getByIds "
                    + "(Directory.Read.All)."
            )
        {
            Frameworks = new[] { "MT.1107" };
        }

        protected override (string Plural, string One, string Counted) Kinds => ("groups", "group", "group(s)");

        protected override IReadOnlyList<DirectoryReference> References(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var catalogs = context.Require(snapshot.AccessPackageCatalogs, PostureData.AccessPackageCatalogs);
            var packages = context.Require(snapshot.AccessPackages, PostureData.AccessPackages);
            var policies = context.Require(snapshot.AccessPackagePolicies, PostureData.AccessPackagePolicies);
            return EntitlementReferences.GroupsOf(catalogs, packages, policies).ToArray();
        }
    }
}

using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class DeletedObjectsInConditionalAccessCheck : DeletedObjectsCheck
    {
        public DeletedObjectsInConditionalAccessCheck()
            : base(
                "EGP062",
                "Conditional Access policies name no deleted users or groups",
                "Conditional Access",
                PostureData.ConditionalAccessPolicies,
                PostureLicence.EntraIdP1,
                "A deleted group stays in a policy as a bare id. Excluded, it is a hole waiting to be filled: "
                    + "restore or re-create an object with that id and it is left out again without anyone "
                    + "touching the policy. Included, the policy silently protects nobody it was written for. "
                    + "Every policy is judged, whatever its state: a disabled one may be switched on tomorrow.",
                "Remove each listed id from the policies that name it, or restore the object from the deleted items "
                    + "within 30 days (Entra admin center → Protection → Conditional Access → the policy → Users; "
                    + "PATCH /identity/conditionalAccess/policies/{id} on conditions.users; deleted items: "
                    + "GET /directory/deletedItems/microsoft.graph.group). The ids are looked up with POST "
                    + "/directoryObjects/getByIds, which needs Directory.Read.All."
            )
        {
            Frameworks = new[] { "MT.1038" };
        }

        protected override IReadOnlyList<DirectoryReference> References(PostureContext context) =>
            DirectoryReferences.OfPolicies(context.ConditionalAccessPolicies()).ToArray();
    }
}

using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class DeletedObjectsInMethodsCheck : DeletedObjectsCheck
    {
        public DeletedObjectsInMethodsCheck()
            : base(
                "EGP063",
                "Authentication method settings target no deleted groups",
                "Authentication methods",
                PostureData.AuthenticationMethodsPolicy,
                PostureLicence.None,
                "An authentication method enabled for a group that was deleted is enabled for nobody the settings "
                    + "show; excluded, the deleted group protects no one. Either way the settings no longer say "
                    + "who may sign in with what, and a restored or re-created object with that id quietly "
                    + "inherits the choice.",
                "Remove each listed id from the method's targets, or restore the group from the deleted items "
                    + "within 30 days (Entra admin center → Protection → Authentication methods → Policies → the "
                    + "method → Enable and target; PATCH /policies/authenticationMethodsPolicy/"
                    + "authenticationMethodConfigurations/{method} on includeTargets / excludeTargets). The ids "
                    + "are looked up with POST /directoryObjects/getByIds, which needs Directory.Read.All."
            )
        {
            Frameworks = new[] { "MT.1067" };
        }

        protected override IReadOnlyList<DirectoryReference> References(PostureContext context) =>
            DirectoryReferences
                .OfMethods(
                    context.Require(
                        context.Snapshot.AuthenticationMethodsPolicy,
                        PostureData.AuthenticationMethodsPolicy
                    )
                )
                .ToArray();
    }
}

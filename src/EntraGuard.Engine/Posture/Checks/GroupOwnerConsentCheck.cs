using System;
using System.Linq;
using static EntraGuard.Posture.Checks.ConsentGrantEntries;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// CISA withdrew MS.AAD.5.4 in March 2025 (its SCuBA baseline folds owner consent into MS.AAD.5.2); Maester still
    /// tests it, and EntraGuard keeps it as the narrower question of EGP096: may owners consent, whatever users may.
    /// </summary>
    internal sealed class GroupOwnerConsentCheck : PostureCheck
    {
        public GroupOwnerConsentCheck()
            : base(
                "EGP079",
                "Group and team owners cannot consent to applications",
                Severity.Medium,
                "Applications",
                PostureData.AuthorizationPolicy,
                PostureLicence.None,
                "An owner of a group or team who may consent lets an application read that group's mail, files, "
                    + "calendar or chats without an administrator looking at it. Owners are ordinary users, phished "
                    + "as easily as any; one click on a consent prompt gives a malicious app lasting access to "
                    + "everything the team shares, untouched by password resets and MFA.",
                "Set 'Group owner consent for apps accessing data' to 'Do not allow group owner consent' (Entra admin "
                    + "center → Enterprise apps → Consent and permissions → User consent settings), or PATCH "
                    + "/policies/authorizationPolicy with defaultUserRolePermissions.permissionGrantPoliciesAssigned "
                    + "holding no ManagePermissionGrantsForOwnedResource.* entry (keep the user consent entry you "
                    + "chose). Owners then ask through the admin consent workflow."
            )
        {
            Frameworks = new[] { "MS.AAD.5.4" };
        }

        internal override CheckOutcome Evaluate(PostureContext context) =>
            Judge(
                context,
                entry => entry.StartsWith(ForOwnedResource, StringComparison.OrdinalIgnoreCase),
                OwnerConsent,
                "owners of groups and teams may consent to applications",
                "no owner of a group or team may consent to applications"
            );
    }
}

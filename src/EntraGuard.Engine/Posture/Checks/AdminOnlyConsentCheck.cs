using System;
using System.Collections.Generic;
using System.Linq;
using static EntraGuard.Posture.Checks.ConsentGrantEntries;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// Stricter than EGP009: every entry of <c>permissionGrantPoliciesAssigned</c> lets someone other than an
    /// administrator grant consent (users for themselves, owners of teams and chats for those), so only an empty list
    /// leaves consent to administrators.
    /// </summary>
    internal sealed class AdminOnlyConsentCheck : PostureCheck
    {
        public AdminOnlyConsentCheck()
            : base(
                "EGP096",
                "Only administrators consent to applications",
                Severity.High,
                "Applications",
                PostureData.AuthorizationPolicy,
                PostureLicence.None,
                "Each consent a user or a team owner may grant is a way for a malicious application to obtain lasting "
                    + "access to mail, files or chats without a password, surviving resets and MFA. Even consent "
                    + "limited to low-impact permissions or to a team's own data lets an attacker's app in through "
                    + "one click; leaving every consent to administrators, with the request workflow (EGP023) for "
                    + "users, closes the route.",
                "Set 'User consent for applications' to 'Do not allow user consent' and 'Group owner consent for apps "
                    + "accessing data' to 'Do not allow group owner consent' (Entra admin center → Enterprise apps → "
                    + "Consent and permissions), or PATCH /policies/authorizationPolicy with "
                    + "defaultUserRolePermissions.permissionGrantPoliciesAssigned = []. Turn on the admin consent "
                    + "workflow so users can ask."
            )
        {
            Frameworks = new[] { "MS.AAD.5.2", "CIS.M365.5.1.5.1" };
        }

        // Every entry lets someone other than an administrator consent.
        internal override CheckOutcome Evaluate(PostureContext context) =>
            Judge(
                context,
                entry => true,
                WhoMayConsent,
                "someone other than an administrator may consent to applications",
                "only administrators may consent to applications"
            );

        private static string WhoMayConsent(string entry) =>
            entry.StartsWith(ForSelf, StringComparison.OrdinalIgnoreCase)
                ? $"users may consent for themselves under app consent policy '{entry.Substring(ForSelf.Length)}'"
            : entry.StartsWith(ForOwnedResource, StringComparison.OrdinalIgnoreCase) ? OwnerConsent(entry)
            : "the default user role holds a consent permission EntraGuard does not recognise";
    }
}

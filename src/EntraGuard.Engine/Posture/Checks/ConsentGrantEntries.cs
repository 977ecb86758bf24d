using System;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// The prefixes of the entries in <c>defaultUserRolePermissions.permissionGrantPoliciesAssigned</c>: each entry is
    /// a prefix followed by the id of the app consent policy it grants under.
    /// </summary>
    internal static class ConsentGrantEntries
    {
        /// <summary>Users consent for themselves.</summary>
        public const string ForSelf = "ManagePermissionGrantsForSelf.";

        /// <summary>Owners of a resource (a group, a team, a chat) consent to apps reaching that resource
        /// only.</summary>
        public const string ForOwnedResource = "ManagePermissionGrantsForOwnedResource.";

        /// <summary>What a <see cref="ForOwnedResource"/> entry lets owners do, for findings.</summary>
        public static string OwnerConsent(string entry) =>
            "owners of groups, teams or chats may consent for what they own under app consent policy "
            + $"'{entry.Substring(ForOwnedResource.Length)}'";

        /// <summary>
        /// A verdict on the authorization policy's consent entries: each entry <paramref name="grants"/> picks is a
        /// finding <paramref name="describe"/> words, and the whole list is the evidence.
        /// </summary>
        public static CheckOutcome Judge(
            PostureContext context,
            Func<string, bool> grants,
            Func<string, string> describe,
            string failHeadline,
            string passDescription
        )
        {
            var policy = context.Require(context.Snapshot.AuthorizationPolicy, PostureData.AuthorizationPolicy);
            var assigned = policy.PermissionGrantPoliciesAssigned;
            var evidence = new[]
            {
                $"{context.Snapshot.SourceOf(PostureData.AuthorizationPolicy)}: "
                    + $"defaultUserRolePermissions.permissionGrantPoliciesAssigned = [{string.Join(", ", assigned)}]",
            };
            var findings = assigned
                .Where(grants)
                .Select(entry => new PostureFinding
                {
                    TargetId = entry,
                    TargetName = entry,
                    TargetType = "consentPolicy",
                    Detail = describe(entry),
                })
                .ToArray();
            return CheckOutcome.FromFindings(findings, failHeadline, passDescription, evidence);
        }
    }
}

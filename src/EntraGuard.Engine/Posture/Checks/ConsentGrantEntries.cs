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
    }
}

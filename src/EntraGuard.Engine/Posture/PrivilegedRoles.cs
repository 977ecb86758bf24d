using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture
{
    /// <summary>
    /// The built-in directory roles EntraGuard treats as privileged, by template id (stable across tenants; for
    /// built-in roles the role definition id equals it). Each can take over the tenant or a large part of it.
    /// </summary>
    public static class PrivilegedRoles
    {
        public const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";

        private static readonly (string Id, string Name)[] BuiltIn =
        {
            (GlobalAdministrator, "Global Administrator"),
            ("e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator"),
            ("7be44c8a-adaf-4e2a-84d6-ab2649e08a13", "Privileged Authentication Administrator"),
            ("9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator"),
            ("158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator"),
            ("194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator"),
            ("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"),
            ("c4e39bd9-1100-46d3-8c65-fb160da0071f", "Authentication Administrator"),
            ("b1be1c3e-b65d-4f19-8427-f6fa0d97feb9", "Conditional Access Administrator"),
            ("8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", "Hybrid Identity Administrator"),
            ("29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator"),
            ("f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "SharePoint Administrator"),
            ("3a2c62db-5318-420d-8d74-23affee5d9d5", "Intune Administrator"),
            ("729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator"),
            ("b0f54661-2d74-4c50-afa3-1ec803f12efe", "Billing Administrator"),
        };

        private static readonly Dictionary<string, string> Names = BuiltIn.ToDictionary(
            role => role.Id,
            role => role.Name,
            StringComparer.OrdinalIgnoreCase
        );

        /// <summary>Template ids of the built-in privileged roles, Global Administrator first.</summary>
        public static IReadOnlyList<string> TemplateIds { get; } = BuiltIn.Select(role => role.Id).ToArray();

        /// <summary>The role's name when it is one of ours, else its id.</summary>
        public static string NameOf(string roleId) => Names.TryGetValue(roleId, out var name) ? name : roleId;

        public static bool IsKnown(string roleId) => Names.ContainsKey(roleId);
    }
}

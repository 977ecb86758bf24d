using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture
{
    /// <summary>A user or group id a policy names, and where.</summary>
    public sealed class DirectoryReference
    {
        public DirectoryReference(string id, string kind, string policy, string condition)
        {
            Id = id;
            Kind = kind;
            Policy = policy;
            Condition = condition;
        }

        public string Id { get; }

        /// <summary>user, group, role, or "user or group" (an authentication method target).</summary>
        public string Kind { get; }

        /// <summary>The policy's name: a Conditional Access policy, or an authentication method.</summary>
        public string Policy { get; }

        /// <summary>include or exclude.</summary>
        public string Condition { get; }
    }

    /// <summary>
    /// The user and group ids that Conditional Access policies (any state) and authentication method configurations
    /// name, which the snapshot reader looks up in one <c>directoryObjects/getByIds</c> request per 1000. Keywords
    /// (All, None, GuestsOrExternalUsers, all_users) are not ids and are left out.
    /// </summary>
    public static class DirectoryReferences
    {
        public const int IdsPerLookup = 1000;

        public static IReadOnlyList<DirectoryReference> Of(
            IReadOnlyList<ConditionalAccessPolicy>? policies,
            AuthenticationMethodsSettings? methods
        ) => OfPolicies(policies).Concat(OfMethods(methods)).ToArray();

        public static IEnumerable<DirectoryReference> OfPolicies(IReadOnlyList<ConditionalAccessPolicy>? policies)
        {
            foreach (var policy in policies ?? Array.Empty<ConditionalAccessPolicy>())
            {
                var name = $"'{policy.DisplayName}'";
                foreach (
                    var (ids, kind, condition) in new[]
                    {
                        (policy.IncludeUsers, "user", "include"),
                        (policy.ExcludeUsers, "user", "exclude"),
                        (policy.IncludeGroups, "group", "include"),
                        (policy.ExcludeGroups, "group", "exclude"),
                    }
                )
                {
                    foreach (var id in ids.Where(IsObjectId))
                        yield return new DirectoryReference(id, kind, name, condition);
                }
            }
        }

        public static IEnumerable<DirectoryReference> OfMethods(AuthenticationMethodsSettings? methods)
        {
            foreach (var method in methods?.Methods ?? Array.Empty<AuthenticationMethodSetting>())
            {
                foreach (var condition in new[] { "include", "exclude" })
                {
                    if (!method.Values.TryGetValue($"{condition}Targets.id", out var ids))
                        continue;
                    foreach (var id in ids.Where(IsObjectId))
                        yield return new DirectoryReference(id, "user or group", $"method {method.Id}", condition);
                }
            }
        }

        /// <summary>The role ids the policies include or exclude (template ids, or a custom role's id).</summary>
        public static IEnumerable<DirectoryReference> RolesOfPolicies(IReadOnlyList<ConditionalAccessPolicy> policies)
        {
            foreach (var policy in policies)
            {
                foreach (
                    var (ids, condition) in new[] { (policy.IncludeRoles, "include"), (policy.ExcludeRoles, "exclude") }
                )
                {
                    foreach (var id in ids.Where(IsObjectId))
                        yield return new DirectoryReference(id, "role", $"'{policy.DisplayName}'", condition);
                }
            }
        }

        /// <summary>
        /// Built-in roles EntraGuard knows exist in every tenant (template ids are never deleted), so naming only
        /// these needs no lookup: its privileged roles and Directory Synchronization Accounts.
        /// </summary>
        public static bool IsKnownBuiltInRole(string id) =>
            PrivilegedRoles.IsKnown(id)
            || string.Equals(
                id,
                Checks.DirectorySyncExcludedCheck.DirectorySyncRole,
                StringComparison.OrdinalIgnoreCase
            );

        /// <summary>Does a policy name a role that only the role definitions can say exists?</summary>
        public static bool NameUnknownRoles(IReadOnlyList<ConditionalAccessPolicy> policies) =>
            RolesOfPolicies(policies).Any(role => !IsKnownBuiltInRole(role.Id));

        /// <summary>Object ids are GUIDs; anything else a policy lists is a keyword.</summary>
        private static bool IsObjectId(string value) => Guid.TryParse(value, out _);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using EntraGuard.Posture.Checks;

namespace EntraGuard.Posture
{
    /// <summary>Every posture check EntraGuard ships, in id order.</summary>
    public static class PostureCatalog
    {
        public static IReadOnlyList<PostureCheck> All { get; } = new PostureCheck[]
        {
            new MfaForAdministratorsCheck(),
            new MfaForAllUsersCheck(),
            new LegacyAuthenticationBlockedCheck(),
            new SignInRiskPolicyCheck(),
            new UserRiskPolicyCheck(),
            new StandingPrivilegedAccessCheck(),
            new GlobalAdministratorCountCheck(),
            new UsersCannotRegisterAppsCheck(),
            new UserConsentRestrictedCheck(),
            new SecretLifetimeCheck(),
            new ExpiredCredentialsCheck(),
            new MixedCredentialTypesCheck(),
            new FirstPartyCredentialsCheck(),
            new MultiTenantCredentialsCheck(),
        };

        public static IReadOnlyList<string> Ids { get; } = All.Select(check => check.Id).ToArray();

        public static PostureCheck? Find(string id) =>
            All.FirstOrDefault(check => string.Equals(check.Id, id, StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// The checks the patterns name (ids, case-insensitive, <c>*</c> and <c>?</c> wildcards), in catalog order;
        /// every check when there are no patterns. A pattern that matches nothing is an error naming the known ids.
        /// </summary>
        public static IReadOnlyList<PostureCheck> Select(IReadOnlyCollection<string>? patterns)
        {
            if (patterns is null || patterns.Count == 0) return All;
            var selected = new HashSet<PostureCheck>();
            foreach (var pattern in patterns)
            {
                var regex = new Regex("^" + Regex.Escape(pattern.Trim()).Replace(@"\*", ".*").Replace(@"\?", ".") + "$",
                    RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
                var matches = All.Where(check => regex.IsMatch(check.Id)).ToArray();
                if (matches.Length == 0)
                {
                    throw new ArgumentException($"No posture check has the id '{pattern}'. Known ids: {string.Join(", ", Ids)}.", nameof(patterns));
                }
                selected.UnionWith(matches);
            }
            return All.Where(selected.Contains).ToArray();
        }
    }
}

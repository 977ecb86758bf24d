using System.Collections.Generic;
using System.Linq;
using static EntraGuard.Posture.Checks.ConditionalAccessAnalysis;

namespace EntraGuard.Posture.ConditionalAccess
{
    /// <summary>
    /// Every sign-in of one person that the policies can tell apart: each application, platform and location a
    /// policy names, plus one none names, over every client app type. A claim that holds for all of them holds for
    /// every sign-in of that person, without sign-in logs. Risk, authentication flows, user actions and
    /// authentication contexts only ever add policies, so the plain sign-in (no risk, no flow) is the weakest case;
    /// a person described with a risk, a flow, a device or a user action keeps it in every scenario (a user action
    /// replaces the applications, and so does an application or app group the person is described with).
    /// </summary>
    public static class SignInScenarios
    {
        public static readonly IReadOnlyList<string> ClientAppTypes = new[]
        {
            "browser",
            "mobileAppsAndDesktopClients",
            "exchangeActiveSync",
            "other",
        };

        /// <summary>The application values that are not app ids.</summary>
        private static readonly string[] AppKeywords = { "All", "None" };

        private static readonly string[] AppGroups = { "Office365", "MicrosoftAdminPortals" };

        private static readonly string[] LocationKeywords = { "All", "AllTrusted" };

        public static IEnumerable<SignIn> For(IReadOnlyList<ConditionalAccessPolicy> policies, SignIn person)
        {
            var enforced = policies.Where(p => p.IsEnabled).ToArray();
            var named = enforced
                .SelectMany(p => p.IncludeApplications.Concat(p.ExcludeApplications))
                .Where(a => !Has(AppKeywords, a))
                .Distinct(System.StringComparer.OrdinalIgnoreCase)
                .ToArray();
            var fixedApp = person.Application is not null || person.ApplicationGroups.Count > 0;
            var apps = new List<(string? App, string[] Groups)>
            {
                fixedApp ? (person.Application, person.ApplicationGroups.ToArray()) : (null, new string[0]),
            };
            if (person.UserAction is null && !fixedApp)
                apps.AddRange(named.Select(a => Has(AppGroups, a) ? (null, new[] { a }) : ((string?)a, new string[0])));
            var platforms = new List<string?> { null };
            platforms.AddRange(
                enforced
                    .SelectMany(p => p.IncludePlatforms.Concat(p.ExcludePlatforms))
                    .Where(p => !string.Equals(p, "all", System.StringComparison.OrdinalIgnoreCase))
                    .Distinct(System.StringComparer.OrdinalIgnoreCase)
            );
            var locations = new List<(string[] Ids, bool Trusted)> { (new string[0], false), (new string[0], true) };
            locations.AddRange(
                enforced
                    .SelectMany(p => p.IncludeLocations.Concat(p.ExcludeLocations))
                    .Where(l => !Has(LocationKeywords, l))
                    .Distinct(System.StringComparer.OrdinalIgnoreCase)
                    .Select(l => (new[] { l }, false))
            );
            foreach (var (app, groups) in apps)
            foreach (var client in ClientAppTypes)
            foreach (var platform in platforms)
            foreach (var (ids, trusted) in locations)
            {
                yield return new SignIn
                {
                    UserId = person.UserId,
                    GroupIds = person.GroupIds,
                    RoleIds = person.RoleIds,
                    GuestOrExternalUserType = person.GuestOrExternalUserType,
                    Application = app,
                    ApplicationGroups = groups,
                    UserAction = person.UserAction,
                    AuthenticationFlow = person.AuthenticationFlow,
                    Device = person.Device,
                    SignInRisk = person.SignInRisk,
                    UserRisk = person.UserRisk,
                    ClientAppType = client,
                    Platform = platform,
                    LocationIds = ids,
                    IsTrustedLocation = trusted,
                };
            }
        }
    }
}

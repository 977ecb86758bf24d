using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace EntraGuard.Posture
{
    /// <summary>
    /// Turns the break-glass accounts the settings name by userPrincipalName into object ids, with one lookup through
    /// the source (a request per 15 names). A name no user has, or a lookup that fails, leaves the account
    /// unresolved with the reason: it then matches no object, so no check treats anyone as break-glass on its
    /// account, EGP030 reports it and the run warns.
    /// </summary>
    public static class BreakGlassResolver
    {
        /// <summary>The most values Graph takes in one <c>in (…)</c> filter.</summary>
        internal const int NamesPerRequest = 15;

        public static async Task<PostureSettings> ResolveAsync(
            ITenantPostureSource source,
            PostureSettings settings,
            CancellationToken cancellationToken
        )
        {
            var names = settings
                .BreakGlassAccounts.Where(a => !a.IsResolved)
                .Select(a => a.UserPrincipalName!)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToArray();
            if (names.Length == 0)
                return settings;

            var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string? failure = null;
            try
            {
                for (var start = 0; start < names.Length; start += NamesPerRequest)
                {
                    var found = await source
                        .ReadUserIdsAsync(names.Skip(start).Take(NamesPerRequest).ToArray(), cancellationToken)
                        .ConfigureAwait(false);
                    foreach (var pair in found)
                        ids[pair.Key] = pair.Value;
                }
            }
            catch (PostureSourceException problem)
            {
                failure = $"could not be looked up ({PostureDataSource.BreakGlassUsers.Path}): {problem.Message}";
            }

            var accounts = settings
                .BreakGlassAccounts.Select(account =>
                    account.IsResolved ? account
                    : failure is not null ? account.Unresolved(failure)
                    : ids.TryGetValue(account.UserPrincipalName!, out var id) ? account.ResolvedTo(id)
                    : account.Absent()
                )
                .ToArray();
            return settings.WithBreakGlassAccounts(accounts);
        }
    }
}

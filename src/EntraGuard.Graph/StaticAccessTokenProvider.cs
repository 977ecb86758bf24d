using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;
using Microsoft.Kiota.Abstractions.Authentication;

namespace EntraGuard.Graph
{
    /// <summary>
    /// A token obtained elsewhere (Connect-EntraGuard -AccessToken, ENTRAGUARD_ACCESS_TOKEN), attached only to the
    /// allowed hosts and only over https (http for loopback alone), as Azure.Identity's provider does.
    /// </summary>
    internal sealed class StaticAccessTokenProvider : IAccessTokenProvider
    {
        private readonly SecretText _token;

        public StaticAccessTokenProvider(SecretText token, IEnumerable<string> allowedHosts)
        {
            _token = token;
            AllowedHostsValidator = new AllowedHostsValidator(allowedHosts);
        }

        public AllowedHostsValidator AllowedHostsValidator { get; }

        public Task<string> GetAuthorizationTokenAsync(
            Uri uri,
            Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default
        )
        {
            if (!AllowedHostsValidator.IsUrlHostValid(uri))
                return Task.FromResult(string.Empty);
            if (uri.Scheme != Uri.UriSchemeHttps && !GraphConnectionOptions.IsLoopback(uri))
            {
                throw new ArgumentException(
                    $"Refusing to send the access token to {uri.GetLeftPart(UriPartial.Authority)} over plain http."
                );
            }
            return Task.FromResult(_token.Reveal());
        }
    }
}

using System.Threading;
using System.Threading.Tasks;
using Azure.Core;

namespace EntraGuard.Graph
{
    /// <summary>
    /// Hands out the tokens of an Azure.Identity credential and has the session's errors remember each one, so that a
    /// server echoing it back (in any shape, JWT or opaque) never gets it printed.
    /// </summary>
    internal sealed class TokenRememberingCredential : TokenCredential
    {
        private readonly TokenCredential _inner;
        private readonly GraphErrors _errors;

        public TokenRememberingCredential(TokenCredential inner, GraphErrors errors)
        {
            _inner = inner;
            _errors = errors;
        }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            var token = _inner.GetToken(requestContext, cancellationToken);
            _errors.Remember(token.Token);
            return token;
        }

        public override async ValueTask<AccessToken> GetTokenAsync(
            TokenRequestContext requestContext,
            CancellationToken cancellationToken
        )
        {
            var token = await _inner.GetTokenAsync(requestContext, cancellationToken).ConfigureAwait(false);
            _errors.Remember(token.Token);
            return token;
        }
    }
}

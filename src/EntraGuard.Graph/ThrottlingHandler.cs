using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;

namespace EntraGuard.Graph
{
    /// <summary>
    /// The innermost handler of the Graph pipeline: every attempt that reaches the network, retries and redirects
    /// included, first takes a permit from the limiter of the API it calls and holds it until the response headers
    /// are back, so Graph's per-tenant limits are never exceeded by this process.
    /// </summary>
    internal sealed class ThrottlingHandler : DelegatingHandler
    {
        private readonly SlidingWindowRateLimiter _reports;
        private readonly SlidingWindowRateLimiter _identityProtection;

        public ThrottlingHandler(SlidingWindowRateLimiter reports, SlidingWindowRateLimiter identityProtection)
        {
            _reports = reports;
            _identityProtection = identityProtection;
        }

        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            var limiter = LimiterFor(request.RequestUri);
            if (limiter is null)
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            using (await limiter.AcquireAsync(cancellationToken).ConfigureAwait(false))
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
        }

        internal SlidingWindowRateLimiter? LimiterFor(Uri? uri)
        {
            var path = uri?.AbsolutePath ?? "";
            if (
                path.IndexOf("/auditLogs/", StringComparison.OrdinalIgnoreCase) >= 0
                || path.IndexOf("/reports/", StringComparison.OrdinalIgnoreCase) >= 0
            )
                return _reports;
            if (path.IndexOf("/identityProtection/", StringComparison.OrdinalIgnoreCase) >= 0)
                return _identityProtection;
            return null;
        }
    }
}

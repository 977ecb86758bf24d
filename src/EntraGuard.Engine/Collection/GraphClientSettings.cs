using System;

namespace EntraGuard.Collection
{
    /// <summary>
    /// Limits, retries and page sizes of the Graph seam. The defaults follow Graph's documented limits; tests shorten
    /// the waits and inject a clock.
    /// </summary>
    public sealed class GraphClientSettings
    {
        public static readonly GraphClientSettings Default = new();

        /// <summary>Retries the SDK's retry handler makes on 429/503/504 (honouring Retry-After) before giving
        /// up.</summary>
        public int MaxRetries { get; init; } = 3;

        /// <summary>The SDK's back-off base when no Retry-After comes: 2^n × this, whole seconds (0 to 180).</summary>
        public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(3);

        /// <summary>Attempts at one page after a failure the SDK does not retry (a cut connection, a truncated
        /// body).</summary>
        public int PageAttempts { get; init; } = 4;

        /// <summary>Base of the exponential back-off between page attempts.</summary>
        public TimeSpan PageRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

        /// <summary>The reports APIs (directory audits) allow 5 requests per 10 s per app per tenant.</summary>
        public int ReportsRequestsPerWindow { get; init; } = 5;

        /// <summary>The reports window, with a small margin so that network jitter cannot push a request into the
        /// server's window.</summary>
        public TimeSpan ReportsWindow { get; init; } = TimeSpan.FromSeconds(10.25);

        /// <summary>Identity Protection allows 1 request per second per tenant.</summary>
        public int IdentityProtectionRequestsPerWindow { get; init; } = 1;

        public TimeSpan IdentityProtectionWindow { get; init; } = TimeSpan.FromSeconds(1.05);

        /// <summary>Long ranges are collected in slices of at most this length, newest first.</summary>
        public TimeSpan SliceLength { get; init; } = TimeSpan.FromDays(7);

        /// <summary>Directory audits per page asked for; if Graph refuses it, the collection falls back to Graph's
        /// default.</summary>
        public int AuditPageSize { get; init; } = 999;

        /// <summary>Identity Protection's maximum page size.</summary>
        public int RiskDetectionPageSize { get; init; } = 500;

        /// <summary>Consecutive empty pages that still carry a nextLink before the collection stops as a server
        /// fault.</summary>
        public int MaxConsecutiveEmptyPages { get; init; } = 100;

        /// <summary>
        /// How long one HTTP request may take, its whole body included, unless the connection sets its own
        /// (<see cref="GraphConnectionOptions.RequestTimeout"/>). A page that stalls is asked once more, not more.
        /// </summary>
        public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

        public IWaitClock Clock { get; init; } = SystemWaitClock.Instance;
    }
}

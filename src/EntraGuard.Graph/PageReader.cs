using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;
using Microsoft.Kiota.Abstractions;

namespace EntraGuard.Graph
{
    /// <summary>
    /// Fetches one page at a time through the session, whole: a page counts only once its body has arrived complete
    /// and parsed, so a failure part-way leaves nothing half-delivered and the same link can simply be asked again.
    /// Failures the SDK does not retry (a cut connection, a truncated body) and those it gave up on are retried here
    /// with exponential back-off before they surface.
    /// </summary>
    internal sealed class PageReader
    {
        private readonly GraphSession _session;
        private readonly string _operation;
        private readonly string _permissions;
        private readonly bool _retryServerAnswers;
        private readonly MemoryStream _buffer = new();

        /// <param name="session">The connection.</param>
        /// <param name="operation">What is being read, for messages.</param>
        /// <param name="permissions">The permissions it needs, for a 403.</param>
        /// <param name="retryServerAnswers">
        /// Also ask again after an error status the SDK's retry handler already waited out (a collection that must be
        /// whole); false asks again only after a cut connection or body (a posture part, skipped on its own).
        /// </param>
        public PageReader(GraphSession session, string operation, string permissions, bool retryServerAnswers = true)
        {
            _session = session;
            _operation = operation;
            _permissions = permissions;
            _retryServerAnswers = retryServerAnswers;
        }

        /// <summary>
        /// Sends the request <paramref name="build"/> makes (a fresh one per attempt) and parses the body with
        /// <paramref name="parse"/>, which receives the whole body as a stream. <paramref name="retrying"/> hears of
        /// each retry.
        /// </summary>
        public async Task<TPage> ReadAsync<TPage>(
            Func<RequestInformation> build,
            Func<Stream, TPage> parse,
            Action<GraphRequestException, TimeSpan>? retrying,
            CancellationToken cancellationToken
        )
        {
            var settings = _session.Settings;
            var stalls = 0;
            for (var attempt = 1; ; attempt++)
            {
                // HttpClient's own timeout ends when the headers arrive; this one also covers a body that stalls.
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_session.RequestTimeout);
                var request = build();
                try
                {
                    _buffer.SetLength(0);
                    using (var body = await _session.SendForStreamAsync(request, timeout.Token).ConfigureAwait(false))
                    {
                        if (body != null)
                            await body.CopyToAsync(_buffer, 81920, timeout.Token).ConfigureAwait(false);
                    }
                    _buffer.Position = 0;
                    return parse(_buffer);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // A stall is asked once more, not PageAttempts times: each costs the whole timeout.
                    // Not the caller's cancellation (the filter says so): this request's timeout or HttpClient's.
                    var stalled = ex is OperationCanceledException;
                    var error = stalled
                        ? _session.Errors.TimedOut(request.URI, _session.RequestTimeout, _operation)
                        : _session.Errors.Map(ex, _operation, _permissions);
                    if (stalled)
                        stalls++;
                    var answered = error.StatusCode is not null;
                    if (
                        !error.IsTransient
                        || (answered && !_retryServerAnswers)
                        || attempt >= settings.PageAttempts
                        || stalls > 1
                    )
                        throw error;
                    var delay = TimeSpan.FromTicks(settings.PageRetryDelay.Ticks * (1L << (attempt - 1)));
                    retrying?.Invoke(error, delay);
                    await settings.Clock.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}

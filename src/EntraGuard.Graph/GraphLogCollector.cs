using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Ingest;
using Microsoft.Kiota.Abstractions;

namespace EntraGuard.Graph
{
    /// <summary>
    /// What the collectors of Graph's activity logs share: the query is checked before any request, events are
    /// delivered page by page (or streamed from a background reader), pages are followed under the reports API's
    /// limit, and a page size Graph refuses falls back to its default. A subclass says which requests a query makes
    /// and how a page is parsed (<see cref="LogRun"/>).
    /// </summary>
    public abstract class GraphLogCollector<TQuery, TEvent>
        where TQuery : class, ILogQuery<TEvent>
    {
        private protected GraphLogCollector(GraphSession session) =>
            Session = session ?? throw new ArgumentNullException(nameof(session));

        private protected GraphSession Session { get; }

        /// <summary>
        /// Runs the query, handing each matching event to <paramref name="deliver"/> page by page. With
        /// <paramref name="resumeFrom"/> (a nextLink from an interrupted run), that link's chain is followed first,
        /// then the part of the range older than it. Returns the number of events delivered.
        /// </summary>
        public async Task<long> CollectAsync(
            TQuery query,
            Action<TEvent> deliver,
            CollectionObserver? observer = null,
            string? resumeFrom = null,
            CancellationToken cancellationToken = default
        )
        {
            if (query is null)
                throw new ArgumentNullException(nameof(query));
            if (deliver is null)
                throw new ArgumentNullException(nameof(deliver));
            query.Validate();
            var run = StartRun(query, deliver, observer ?? CollectionObserver.None, cancellationToken);
            return await run.ExecuteAsync(resumeFrom).ConfigureAwait(false);
        }

        /// <summary>The query's events as a blocking enumerable (for hosts without async), pages fetched in the
        /// background.</summary>
        public IEnumerable<TEvent> Read(
            TQuery query,
            CollectionObserver? observer = null,
            string? resumeFrom = null,
            CancellationToken cancellationToken = default
        )
        {
            using var stream = new BackgroundStream<TEvent>(
                (deliver, token) => CollectAsync(query, deliver, observer, resumeFrom, token),
                Session.Settings.AuditPageSize * 2,
                cancellationToken
            );
            foreach (var logEvent in stream.Consume())
                yield return logEvent;
        }

        private protected abstract LogRun StartRun(
            TQuery query,
            Action<TEvent> deliver,
            CollectionObserver observer,
            CancellationToken cancellationToken
        );

        /// <summary>The state of one collection: what was delivered, how far back it reached, the slice being
        /// read.</summary>
        private protected abstract class LogRun
        {
            private readonly Action<TEvent> _deliver;
            private readonly Func<TEvent, DateTimeOffset> _timeOf;
            private int? _pageSize;

            protected LogRun(
                GraphSession session,
                string operation,
                string permissions,
                TQuery query,
                Action<TEvent> deliver,
                Func<TEvent, DateTimeOffset> timeOf,
                CollectionObserver observer,
                CancellationToken cancellationToken
            )
            {
                Session = session;
                Query = query;
                _deliver = deliver;
                _timeOf = timeOf;
                Observer = observer;
                CancellationToken = cancellationToken;
                Chain = new PageChain<TEvent>(session, operation, permissions, ParsePage, observer);
                _pageSize = session.Settings.AuditPageSize;
            }

            protected GraphSession Session { get; }
            protected TQuery Query { get; }
            protected CollectionObserver Observer { get; }
            protected CancellationToken CancellationToken { get; }
            protected PageChain<TEvent> Chain { get; }
            protected ReadStatistics Statistics { get; } = new();

            /// <summary>The page size asked for; null once Graph refused it.</summary>
            protected int? PageSize => _pageSize;
            protected long Delivered { get; private set; }

            /// <summary>The oldest time delivered (or read past) so far.</summary>
            protected DateTimeOffset? Reached { get; set; }
            protected TimeSlice CurrentSlice { get; set; }

            public abstract Task<long> ExecuteAsync(string? resumeFrom);

            /// <summary>Builds the first request of <see cref="CurrentSlice"/>.</summary>
            protected abstract RequestInformation FirstRequest();

            /// <summary>Parses one page's body, handing its nextLink to <paramref name="nextLink"/>.</summary>
            protected abstract IEnumerable<TEvent> ReadPage(Stream body, Action<string> nextLink);

            /// <summary>The progress line after a page.</summary>
            protected abstract string PageStatus();

            protected abstract void Report(string status);

            /// <summary>Runs <paramref name="collect"/> with progress reported while the reports API's limit
            /// holds a request back.</summary>
            protected async Task<long> UnderReportsLimitAsync(Func<Task<long>> collect)
            {
                var limiter = Session.ReportsLimiter;
                Action<TimeSpan> waiting = delay =>
                    Report(
                        $"waiting {delay.TotalSeconds:0.#} s for the reports API limit "
                            + $"({limiter.Permits} requests per {limiter.Window.TotalSeconds:0.#} s)"
                    );
                limiter.Waiting += waiting;
                try
                {
                    return await collect().ConfigureAwait(false);
                }
                finally
                {
                    limiter.Waiting -= waiting;
                }
            }

            /// <summary>Reads the current slice's first page (link null) or a link, then every nextLink after
            /// it.</summary>
            protected Task FollowAsync(string? link) =>
                Chain.FollowAsync(
                    FirstRequest,
                    link,
                    page =>
                    {
                        foreach (var logEvent in page.Items)
                        {
                            if (!Query.Matches(logEvent))
                                continue;
                            _deliver(logEvent);
                            Delivered++;
                            var time = _timeOf(logEvent);
                            if (Reached is null || time < Reached)
                                Reached = time;
                        }
                        Report(PageStatus());
                    },
                    RetryWithoutPageSize,
                    CancellationToken
                );

            /// <summary>Graph's maximum page size is undocumented: if it refuses ours, fall back to its
            /// default.</summary>
            private bool RetryWithoutPageSize(GraphRequestException error)
            {
                if (_pageSize is null || !ResumeLinks.RefusesPageSize(error))
                    return false;
                Observer.Verbose?.Invoke(
                    $"Graph refused $top={_pageSize} ({error.Message}); using its default page size."
                );
                _pageSize = null;
                return true;
            }

            private Page<TEvent> ParsePage(Stream body)
            {
                string? next = null;
                var events = ReadPage(body, link => next = link).ToList();
                return new Page<TEvent>(events, next);
            }
        }
    }
}

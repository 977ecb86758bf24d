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
    /// Collects directory audits from <c>/auditLogs/directoryAudits</c>: the query's conditions in <c>$filter</c>, long
    /// ranges in slices (newest first), 999 events a page, pages followed by <c>@odata.nextLink</c> exactly as given,
    /// each page parsed by EntraGuard's own streaming reader and delivered as soon as it is complete. A page that
    /// fails is asked again from the same link, so no event is lost or delivered twice; when that keeps failing, the
    /// error says what was delivered and how to resume.
    /// </summary>
    public sealed class GraphAuditCollector
    {
        public const string Permissions =
            "AuditLog.Read.All and Directory.Read.All (application or delegated; a delegated caller also needs the "
            + "Reports Reader, Security Reader or Security Administrator role)";
        private const string Operation = "reading directory audits";
        private const string ActivityText = "Directory audits from Microsoft Graph";

        private readonly GraphSession _session;

        public GraphAuditCollector(GraphSession session) =>
            _session = session ?? throw new ArgumentNullException(nameof(session));

        /// <summary>
        /// Runs the query, handing each matching event to <paramref name="deliver"/> page by page. With
        /// <paramref name="resumeFrom"/> (a nextLink from an interrupted run), that link's chain is followed first,
        /// then the part of the range older than it. Returns the number of events delivered.
        /// </summary>
        public async Task<long> CollectAsync(
            AuditQuery query,
            Action<AuditEvent> deliver,
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
            var run = new Run(this, query, deliver, observer ?? CollectionObserver.None, cancellationToken);
            return await run.ExecuteAsync(resumeFrom).ConfigureAwait(false);
        }

        /// <summary>The query's events as a blocking enumerable (for hosts without async), pages fetched in the
        /// background.</summary>
        public IEnumerable<AuditEvent> Read(
            AuditQuery query,
            CollectionObserver? observer = null,
            string? resumeFrom = null,
            CancellationToken cancellationToken = default
        )
        {
            using var stream = new BackgroundStream<AuditEvent>(
                (deliver, token) => CollectAsync(query, deliver, observer, resumeFrom, token),
                _session.Settings.AuditPageSize * 2,
                cancellationToken
            );
            foreach (var auditEvent in stream.Consume())
                yield return auditEvent;
        }

        /// <summary>The state of one collection.</summary>
        private sealed class Run
        {
            private readonly GraphAuditCollector _owner;
            private readonly AuditQuery _query;
            private readonly Action<AuditEvent> _deliver;
            private readonly CollectionObserver _observer;
            private readonly CancellationToken _cancellationToken;
            private readonly PageChain<AuditEvent> _chain;
            private readonly ReadStatistics _statistics = new();
            private int? _pageSize;
            private long _delivered;
            private DateTimeOffset? _completeFrom;
            private DateTimeOffset? _reached;
            private TimeSlice _currentSlice;
            private int _sliceNumber;
            private int _sliceCount;

            public Run(
                GraphAuditCollector owner,
                AuditQuery query,
                Action<AuditEvent> deliver,
                CollectionObserver observer,
                CancellationToken cancellationToken
            )
            {
                _owner = owner;
                _query = query;
                _deliver = deliver;
                _observer = observer;
                _cancellationToken = cancellationToken;
                _chain = new PageChain<AuditEvent>(owner._session, Operation, Permissions, ParsePage, observer);
                _pageSize = owner._session.Settings.AuditPageSize;
            }

            private GraphSession Session => _owner._session;

            public async Task<long> ExecuteAsync(string? resumeFrom)
            {
                var limiter = Session.ReportsLimiter;
                Action<TimeSpan> waiting = delay =>
                    Report(
                        $"waiting {delay.TotalSeconds:0.#} s for the reports API limit ({limiter.Permits} requests "
                            + $"per {limiter.Window.TotalSeconds:0.#} s)"
                    );
                limiter.Waiting += waiting;
                try
                {
                    var until = _query.Until;
                    if (resumeFrom != null)
                    {
                        var link = ResumeLinks.Check(Session, resumeFrom);
                        var bound = ResumeLinks.LowerBoundOf(link, "activityDateTime");
                        await FollowAsync(link).ConfigureAwait(false);
                        if (bound is null)
                        {
                            _observer.Warning?.Invoke(
                                "The resume link carries no time bound, so only its own pages were read; collect "
                                    + "any older part with -Since/-Until."
                            );
                            return _delivered;
                        }
                        if (bound.Value <= _query.Since)
                            return _delivered;
                        until = bound.Value.AddTicks(-1);
                    }

                    var slices = TimeSlice.Split(_query.Since, until, Session.Settings.SliceLength);
                    _sliceCount = slices.Count;
                    for (var i = 0; i < slices.Count; i++)
                    {
                        _sliceNumber = i + 1;
                        _currentSlice = slices[i];
                        await FollowAsync(null).ConfigureAwait(false);
                        _completeFrom = _currentSlice.From;
                        _reached = _currentSlice.From;
                    }
                    Report("done");
                    return _delivered;
                }
                catch (GraphRequestException error)
                {
                    throw new CollectionInterruptedException(
                        error,
                        _delivered,
                        _query.Since,
                        _completeFrom,
                        _chain.CurrentLink,
                        _completeFrom is null ? _query.Until : _completeFrom.Value.AddTicks(-1)
                    );
                }
                finally
                {
                    limiter.Waiting -= waiting;
                }
            }

            /// <summary>Reads a slice's first page (link null) or a link, then every nextLink after it.</summary>
            private Task FollowAsync(string? link) =>
                _chain.FollowAsync(
                    FirstRequest,
                    link,
                    page =>
                    {
                        foreach (var auditEvent in page.Items)
                        {
                            if (!_query.Matches(auditEvent))
                                continue;
                            _deliver(auditEvent);
                            _delivered++;
                            if (_reached is null || auditEvent.ActivityDateTime < _reached)
                                _reached = auditEvent.ActivityDateTime;
                        }
                        Report($"page {_chain.Pages}");
                    },
                    RetryWithoutPageSize,
                    _cancellationToken
                );

            /// <summary>Graph's maximum page size is undocumented: if it refuses ours, fall back to its
            /// default.</summary>
            private bool RetryWithoutPageSize(GraphRequestException error)
            {
                if (_pageSize is null || !ResumeLinks.RefusesPageSize(error))
                    return false;
                _observer.Verbose?.Invoke(
                    $"Graph refused $top={_pageSize} ({error.Message}); using its default page size."
                );
                _pageSize = null;
                return true;
            }

            private RequestInformation FirstRequest() =>
                Session.Client.AuditLogs.DirectoryAudits.ToGetRequestInformation(request =>
                {
                    request.QueryParameters.Filter = _query.BuildFilter(_currentSlice);
                    request.QueryParameters.Top = _pageSize;
                });

            private Page<AuditEvent> ParsePage(Stream body)
            {
                string? next = null;
                var events = AuditEventReader
                    .ReadStream(
                        body,
                        "graph",
                        new AuditReadOptions(),
                        _statistics,
                        _cancellationToken,
                        link => next = link
                    )
                    .ToList();
                return new Page<AuditEvent>(events, next);
            }

            private void Report(string status) =>
                _observer.Progress?.Invoke(
                    new CollectionProgress(
                        ActivityText,
                        _delivered,
                        _chain.Pages,
                        _reached,
                        _sliceNumber,
                        _sliceCount,
                        status
                    )
                );
        }
    }
}

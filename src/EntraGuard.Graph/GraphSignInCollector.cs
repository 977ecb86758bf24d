using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Ingest;
using Microsoft.Kiota.Abstractions;

namespace EntraGuard.Graph
{
    /// <summary>
    /// Collects sign-ins from <c>/auditLogs/signIns</c>, one log after the other: interactive user sign-ins from v1.0,
    /// the non-interactive, service-principal and managed-identity logs from beta (asked for by
    /// <c>signInEventTypes</c>; beta also carries the credential key id and user agent). Each log's read is the audit
    /// collector's: the query's conditions in <c>$filter</c>, long ranges in slices, pages followed by nextLink exactly
    /// as given under the reports API's limit, each page parsed by the same reader as sign-in files, so a sign-in from
    /// Graph is the same <see cref="SignInEvent"/> a file yields. A page that fails is asked again; when that keeps
    /// failing, the error says what was delivered and how to resume.
    /// </summary>
    public sealed class GraphSignInCollector
    {
        public const string Permissions =
            "AuditLog.Read.All and Directory.Read.All (and an Entra ID P1 or P2 licence; a delegated caller also "
            + "needs the Reports Reader, Security Reader or Security Administrator role)";
        private const string Operation = "reading sign-ins";
        private const string ActivityText = "Sign-ins from Microsoft Graph";
        private const string SignInsPath = "/auditLogs/signIns";
        private const string TimeProperty = "createdDateTime";

        private static readonly Regex EventTypeClause = new(
            @"signInEventTypes/any\(\s*\w+\s*:\s*\w+\s+eq\s+'(?<type>\w+)'\s*\)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant
        );

        private readonly GraphSession _session;

        public GraphSignInCollector(GraphSession session) =>
            _session = session ?? throw new ArgumentNullException(nameof(session));

        /// <summary>
        /// Runs the query, handing each matching sign-in to <paramref name="deliver"/> page by page, log by log.
        /// With <paramref name="resumeFrom"/> (a nextLink from an interrupted run), that link's chain is followed
        /// first, then the part of its log's range older than it, then the logs after it. Returns the number
        /// delivered.
        /// </summary>
        public async Task<long> CollectAsync(
            SignInQuery query,
            Action<SignInEvent> deliver,
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

        /// <summary>The query's sign-ins as a blocking enumerable, fetched in the background.</summary>
        public IEnumerable<SignInEvent> Read(
            SignInQuery query,
            CollectionObserver? observer = null,
            string? resumeFrom = null,
            CancellationToken cancellationToken = default
        )
        {
            using var stream = new BackgroundStream<SignInEvent>(
                (deliver, token) => CollectAsync(query, deliver, observer, resumeFrom, token),
                _session.Settings.AuditPageSize * 2,
                cancellationToken
            );
            foreach (var signIn in stream.Consume())
                yield return signIn;
        }

        /// <summary>The Graph root of a log: the session's (v1.0) for interactive sign-ins, else beta.</summary>
        internal Uri RootFor(SignInKind kind)
        {
            if (!SignInQuery.IsBetaLog(kind))
                return _session.BaseUrl;
            var text = _session.BaseUrl.ToString().TrimEnd('/');
            return new Uri(text.Substring(0, text.LastIndexOf('/')) + "/beta");
        }

        /// <summary>The log a resume link reads, by the <c>signInEventTypes</c> clause its filter carries.</summary>
        internal static SignInKind LogOf(string link)
        {
            var match = EventTypeClause.Match(ResumeLinks.FilterOf(link) ?? "");
            return match.Success && SignInEvent.KindNamed(match.Groups["type"].Value) is { } kind
                ? kind
                : SignInKind.InteractiveUser;
        }

        /// <summary>The state of one collection.</summary>
        private sealed class Run
        {
            private readonly GraphSignInCollector _owner;
            private readonly SignInQuery _query;
            private readonly Action<SignInEvent> _deliver;
            private readonly CollectionObserver _observer;
            private readonly CancellationToken _cancellationToken;
            private readonly PageChain<SignInEvent> _chain;
            private readonly ReadStatistics _statistics = new();
            private readonly IReadOnlyList<SignInKind> _logs;
            private int? _pageSize;
            private long _delivered;
            private int _logIndex;
            private DateTimeOffset? _completeFrom;
            private DateTimeOffset? _reached;
            private TimeSlice _currentSlice;

            public Run(
                GraphSignInCollector owner,
                SignInQuery query,
                Action<SignInEvent> deliver,
                CollectionObserver observer,
                CancellationToken cancellationToken
            )
            {
                _owner = owner;
                _query = query;
                _deliver = deliver;
                _observer = observer;
                _cancellationToken = cancellationToken;
                _logs = query.LogsToRead();
                _chain = new PageChain<SignInEvent>(owner._session, Operation, Permissions, ParsePage, observer);
                _pageSize = owner._session.Settings.AuditPageSize;
            }

            private GraphSession Session => _owner._session;
            private SignInKind Log => _logs[_logIndex];

            public async Task<long> ExecuteAsync(string? resumeFrom)
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
                    var first = 0;
                    if (resumeFrom != null)
                    {
                        var link = ResumeLinks.Check(Session, resumeFrom);
                        var log = LogOf(link);
                        _logIndex = IndexOf(log, link);
                        await FollowAsync(link).ConfigureAwait(false);
                        var bound = ResumeLinks.LowerBoundOf(link, TimeProperty);
                        if (bound is null)
                            _observer.Warning?.Invoke(
                                $"The resume link carries no time bound, so only its own pages of the "
                                    + $"{SignInQuery.EventTypeName(log)} log were read; read any older part of that "
                                    + "log with -Since/-Until."
                            );
                        else if (bound.Value > _query.Since)
                            await ReadLogAsync(bound.Value.AddTicks(-1)).ConfigureAwait(false);
                        first = _logIndex + 1;
                    }
                    for (_logIndex = first; _logIndex < _logs.Count; _logIndex++)
                        await ReadLogAsync(_query.Until).ConfigureAwait(false);
                    Report("done");
                    return _delivered;
                }
                catch (GraphRequestException error)
                {
                    // Logs after the failing one were not read at all: a re-read without the link must take the
                    // whole range then, and only the last log can say from when on it is complete.
                    var lastLog = _logIndex >= _logs.Count - 1;
                    var completeFrom = lastLog ? _completeFrom : null;
                    throw new CollectionInterruptedException(
                        error,
                        _delivered,
                        _query.Since,
                        completeFrom,
                        _chain.CurrentLink,
                        completeFrom is null ? _query.Until : completeFrom.Value.AddTicks(-1)
                    );
                }
                finally
                {
                    limiter.Waiting -= waiting;
                }
            }

            private int IndexOf(SignInKind log, string link)
            {
                for (var i = 0; i < _logs.Count; i++)
                {
                    if (_logs[i] == log)
                        return i;
                }
                throw new ArgumentException(
                    $"The resume link reads the {SignInQuery.EventTypeName(log)} sign-in log, which this query does "
                        + $"not ({string.Join(", ", _logs.Select(SignInQuery.EventTypeName))}): {link}",
                    "ResumeFrom"
                );
            }

            /// <summary>Reads the current log from the query's start to <paramref name="until"/>.</summary>
            private async Task ReadLogAsync(DateTimeOffset until)
            {
                _completeFrom = null;
                foreach (var slice in TimeSlice.Split(_query.Since, until, Session.Settings.SliceLength))
                {
                    _currentSlice = slice;
                    await FollowAsync(null).ConfigureAwait(false);
                    _completeFrom = slice.From;
                    _reached = slice.From;
                }
            }

            private Task FollowAsync(string? link) =>
                _chain.FollowAsync(
                    FirstRequest,
                    link,
                    page =>
                    {
                        foreach (var signIn in page.Items)
                        {
                            if (!_query.Matches(signIn))
                                continue;
                            _deliver(signIn);
                            _delivered++;
                            if (_reached is null || signIn.CreatedDateTime < _reached)
                                _reached = signIn.CreatedDateTime;
                        }
                        Report($"{SignInQuery.EventTypeName(Log)} sign-ins, page {_chain.Pages}");
                    },
                    RetryWithoutPageSize,
                    _cancellationToken
                );

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

            private RequestInformation FirstRequest()
            {
                var url =
                    _owner.RootFor(Log).ToString().TrimEnd('/')
                    + SignInsPath
                    + "?$filter="
                    + Uri.EscapeDataString(_query.BuildFilter(Log, _currentSlice))
                    + (_pageSize is { } top ? $"&$top={top}" : "");
                return GraphSession.GetRequest(url);
            }

            private Page<SignInEvent> ParsePage(Stream body)
            {
                string? next = null;
                var signIns = SignInEventReader
                    .ReadStream(body, "graph", new AuditReadOptions(), _statistics, _cancellationToken, l => next = l)
                    .ToList();
                return new Page<SignInEvent>(signIns, next);
            }

            private void Report(string status) =>
                _observer.Progress?.Invoke(
                    new CollectionProgress(
                        ActivityText,
                        _delivered,
                        _chain.Pages,
                        _reached,
                        Math.Min(_logIndex + 1, _logs.Count),
                        _logs.Count,
                        status
                    )
                );
        }
    }
}

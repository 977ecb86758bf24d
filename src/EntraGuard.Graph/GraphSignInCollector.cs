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
    public sealed class GraphSignInCollector : GraphLogCollector<SignInQuery, SignInEvent>
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

        public GraphSignInCollector(GraphSession session)
            : base(session) { }

        private protected override LogRun StartRun(
            SignInQuery query,
            Action<SignInEvent> deliver,
            CollectionObserver observer,
            CancellationToken cancellationToken
        ) => new Run(this, query, deliver, observer, cancellationToken);

        /// <summary>The Graph root of a log: the session's (v1.0) for interactive sign-ins, else beta.</summary>
        internal Uri RootFor(SignInKind kind)
        {
            return SignInQuery.IsBetaLog(kind) ? Session.BetaBaseUrl : Session.BaseUrl;
        }

        /// <summary>The log a resume link reads, by the <c>signInEventTypes</c> clause its filter carries.</summary>
        internal static SignInKind LogOf(string link)
        {
            var match = EventTypeClause.Match(ResumeLinks.FilterOf(link) ?? "");
            return match.Success && SignInEvent.KindNamed(match.Groups["type"].Value) is { } kind
                ? kind
                : SignInKind.InteractiveUser;
        }

        /// <summary>One collection, log after log.</summary>
        private sealed class Run : LogRun
        {
            private readonly GraphSignInCollector _owner;
            private readonly IReadOnlyList<SignInKind> _logs;
            private int _logIndex;
            private DateTimeOffset? _completeFrom;

            public Run(
                GraphSignInCollector owner,
                SignInQuery query,
                Action<SignInEvent> deliver,
                CollectionObserver observer,
                CancellationToken cancellationToken
            )
                : base(
                    owner.Session,
                    Operation,
                    Permissions,
                    query,
                    deliver,
                    signIn => signIn.CreatedDateTime,
                    observer,
                    cancellationToken
                )
            {
                _owner = owner;
                _logs = query.LogsToRead();
            }

            private SignInKind Log => _logs[_logIndex];

            public override Task<long> ExecuteAsync(string? resumeFrom) =>
                UnderReportsLimitAsync(async () =>
                {
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
                                Observer.Warning?.Invoke(
                                    $"The resume link carries no time bound, so only its own pages of the "
                                        + $"{SignInQuery.EventTypeName(log)} log were read; read any older part of "
                                        + "that log with -Since/-Until."
                                );
                            else if (bound.Value > Query.Since)
                                await ReadLogAsync(bound.Value.AddTicks(-1)).ConfigureAwait(false);
                            first = _logIndex + 1;
                        }
                        for (_logIndex = first; _logIndex < _logs.Count; _logIndex++)
                            await ReadLogAsync(Query.Until).ConfigureAwait(false);
                        Report("done");
                        return Delivered;
                    }
                    catch (GraphRequestException error)
                    {
                        // Logs after the failing one were not read at all: a re-read without the link must take the
                        // whole range then, and only the last log can say from when on it is complete.
                        var lastLog = _logIndex >= _logs.Count - 1;
                        var completeFrom = lastLog ? _completeFrom : null;
                        throw new CollectionInterruptedException(
                            error,
                            Delivered,
                            Query.Since,
                            completeFrom,
                            Chain.CurrentLink,
                            completeFrom is null ? Query.Until : completeFrom.Value.AddTicks(-1)
                        );
                    }
                });

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
                foreach (var slice in TimeSlice.Split(Query.Since, until, Session.Settings.SliceLength))
                {
                    CurrentSlice = slice;
                    await FollowAsync(null).ConfigureAwait(false);
                    _completeFrom = slice.From;
                    Reached = slice.From;
                }
            }

            protected override RequestInformation FirstRequest()
            {
                var url =
                    _owner.RootFor(Log).ToString().TrimEnd('/')
                    + SignInsPath
                    + "?$filter="
                    + Uri.EscapeDataString(Query.BuildFilter(Log, CurrentSlice))
                    + (PageSize is { } top ? $"&$top={top}" : "");
                return GraphSession.GetRequest(url);
            }

            protected override IEnumerable<SignInEvent> ReadPage(Stream body, Action<string> nextLink) =>
                SignInEventReader.ReadStream(
                    body,
                    "graph",
                    new AuditReadOptions(),
                    Statistics,
                    CancellationToken,
                    nextLink
                );

            protected override string PageStatus() => $"{SignInQuery.EventTypeName(Log)} sign-ins, page {Chain.Pages}";

            protected override void Report(string status) =>
                Observer.Progress?.Invoke(
                    new CollectionProgress(
                        ActivityText,
                        Delivered,
                        Chain.Pages,
                        Reached,
                        Math.Min(_logIndex + 1, _logs.Count),
                        _logs.Count,
                        status
                    )
                );
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
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
    public sealed class GraphAuditCollector : GraphLogCollector<AuditQuery, AuditEvent>
    {
        public const string Permissions =
            "AuditLog.Read.All and Directory.Read.All (application or delegated; a delegated caller also needs the "
            + "Reports Reader, Security Reader or Security Administrator role)";
        private const string Operation = "reading directory audits";
        private const string ActivityText = "Directory audits from Microsoft Graph";

        public GraphAuditCollector(GraphSession session)
            : base(session) { }

        private protected override LogRun StartRun(
            AuditQuery query,
            Action<AuditEvent> deliver,
            CollectionObserver observer,
            CancellationToken cancellationToken
        ) => new Run(Session, query, deliver, observer, cancellationToken);

        private sealed class Run : LogRun
        {
            private DateTimeOffset? _completeFrom;
            private int _sliceNumber;
            private int _sliceCount;

            public Run(
                GraphSession session,
                AuditQuery query,
                Action<AuditEvent> deliver,
                CollectionObserver observer,
                CancellationToken cancellationToken
            )
                : base(
                    session,
                    Operation,
                    Permissions,
                    query,
                    deliver,
                    auditEvent => auditEvent.ActivityDateTime,
                    observer,
                    cancellationToken
                ) { }

            public override Task<long> ExecuteAsync(string? resumeFrom) =>
                UnderReportsLimitAsync(async () =>
                {
                    try
                    {
                        var until = Query.Until;
                        if (resumeFrom != null)
                        {
                            var link = ResumeLinks.Check(Session, resumeFrom);
                            var bound = ResumeLinks.LowerBoundOf(link, "activityDateTime");
                            await FollowAsync(link).ConfigureAwait(false);
                            if (bound is null)
                            {
                                Observer.Warning?.Invoke(
                                    "The resume link carries no time bound, so only its own pages were read; "
                                        + "collect any older part with -Since/-Until."
                                );
                                return Delivered;
                            }
                            if (bound.Value <= Query.Since)
                                return Delivered;
                            until = bound.Value.AddTicks(-1);
                        }

                        var slices = TimeSlice.Split(Query.Since, until, Session.Settings.SliceLength);
                        _sliceCount = slices.Count;
                        for (var i = 0; i < slices.Count; i++)
                        {
                            _sliceNumber = i + 1;
                            CurrentSlice = slices[i];
                            await FollowAsync(null).ConfigureAwait(false);
                            _completeFrom = CurrentSlice.From;
                            Reached = CurrentSlice.From;
                        }
                        Report("done");
                        return Delivered;
                    }
                    catch (GraphRequestException error)
                    {
                        throw new CollectionInterruptedException(
                            error,
                            Delivered,
                            Query.Since,
                            _completeFrom,
                            Chain.CurrentLink,
                            _completeFrom is null ? Query.Until : _completeFrom.Value.AddTicks(-1)
                        );
                    }
                });

            protected override RequestInformation FirstRequest() =>
                Session.Client.AuditLogs.DirectoryAudits.ToGetRequestInformation(request =>
                {
                    request.QueryParameters.Filter = Query.BuildFilter(CurrentSlice);
                    request.QueryParameters.Top = PageSize;
                });

            protected override IEnumerable<AuditEvent> ReadPage(Stream body, Action<string> nextLink) =>
                AuditEventReader.ReadStream(
                    body,
                    "graph",
                    new AuditReadOptions(),
                    Statistics,
                    CancellationToken,
                    nextLink
                );

            protected override string PageStatus() => $"page {Chain.Pages}";

            protected override void Report(string status) =>
                Observer.Progress?.Invoke(
                    new CollectionProgress(
                        ActivityText,
                        Delivered,
                        Chain.Pages,
                        Reached,
                        _sliceNumber,
                        _sliceCount,
                        status
                    )
                );
        }
    }
}

using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Graph;
using EntraGuard.Ingest;

namespace EntraGuard.Commands
{
    /// <summary>
    /// What the cmdlets that get one of Graph's activity logs share: the file and Graph parameter sets, the time range,
    /// resuming an interrupted collection, and collecting from Graph on the pipeline thread with progress. A subclass
    /// turns its filter parameters into the log's query and reads its files. Not generic over the engine's types: a
    /// base type instantiated with them would load the engine while PowerShell lays out the cmdlets, before the
    /// module's resolver can offer its ReadyToRun image; the generic helpers are instantiated only when they run,
    /// and none constrains its type to an engine type.
    /// </summary>
    public abstract class GetLogEventCommand : EntraGuardCmdlet
    {
        private protected const string PathSet = "Path";
        private protected const string GraphSet = "Graph";

        private readonly string _graphActivity;
        private readonly int _progressId;
        private readonly string _queryErrorId;

        private protected GetLogEventCommand(string graphActivity, int progressId, string queryErrorId)
        {
            _graphActivity = graphActivity;
            _progressId = progressId;
            _queryErrorId = queryErrorId;
        }

        /// <summary>Files or folders holding Graph JSON, JSON lines or Azure Monitor diagnostic records (gzip
        /// too).</summary>
        [Parameter(
            Mandatory = true,
            Position = 0,
            ParameterSetName = PathSet,
            ValueFromPipeline = true,
            ValueFromPipelineByPropertyName = true
        )]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Skip records that cannot be read, warning with their count, instead of stopping.</summary>
        [Parameter(ParameterSetName = PathSet)]
        public SwitchParameter SkipInvalid { get; set; }

        /// <summary>Accept files that hold no event of the log (by default an error: a broken export is not
        /// quiet).</summary>
        [Parameter(ParameterSetName = PathSet)]
        public SwitchParameter AllowEmpty { get; set; }

        /// <summary>The oldest time to collect (from Graph, default: 24 hours before -Until; files: no
        /// limit).</summary>
        [Parameter]
        [Alias("StartTime", "From")]
        public DateTime? Since { get; set; }

        /// <summary>The newest time to collect, inclusive (from Graph, default: now; files: no limit).</summary>
        [Parameter]
        [Alias("EndTime", "To")]
        public DateTime? Until { get; set; }

        /// <summary>The nextLink an interrupted collection printed: continue exactly where it stopped.</summary>
        [Parameter(ParameterSetName = GraphSet)]
        [ValidateNotNullOrEmpty]
        public string? ResumeFrom { get; set; }

        // Paths come one pipeline item at a time: whether any held an event is judged once, at the end.
        private protected ReadStatistics Statistics { get; } = new();
        private protected List<string> Paths { get; } = new();

        /// <summary>Reads <see cref="Path"/> (the files' range: <see cref="FileRange"/>), writing the events the query
        /// matches.</summary>
        private protected abstract void ReadFiles(AuditReadOptions options);

        /// <summary>After every path was read: the summary, and an error when no path held an event.</summary>
        private protected abstract void CheckFilesRead();

        /// <summary>Collects from the connected tenant over <see cref="GraphRange"/>, through <see
        /// cref="CollectFromGraph{TEvent}"/>.</summary>
        private protected abstract void CollectFromGraph();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == GraphSet)
            {
                CollectFromGraph();
                return;
            }
            Paths.AddRange(Path);
            ReadFiles(new AuditReadOptions { SkipInvalid = SkipInvalid });
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == PathSet)
                CheckFilesRead();
        }

        /// <summary>Files: the range the parameters give, unbounded where they are silent. An export is filtered the
        /// way the tenant is: the same conditions, applied to each event read.</summary>
        private protected (DateTimeOffset Since, DateTimeOffset Until) FileRange() =>
            (Instant(Since) ?? DateTimeOffset.MinValue, Instant(Until) ?? DateTimeOffset.MaxValue);

        /// <summary>Graph: the parameters' range with its defaults (the last 24 hours).</summary>
        private protected (DateTimeOffset Since, DateTimeOffset Until) GraphRange() =>
            AuditQuery.ResolveRange(Instant(Since), Instant(Until), DateTimeOffset.UtcNow);

        /// <summary>The query <paramref name="build"/> makes (and checks) over the range <paramref name="range"/>
        /// gives; a contradictory one stops the cmdlet.</summary>
        private protected TQuery ValidQuery<TQuery>(
            Func<(DateTimeOffset Since, DateTimeOffset Until)> range,
            Func<DateTimeOffset, DateTimeOffset, TQuery> build
        )
        {
            try
            {
                var (since, until) = range();
                return build(since, until);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, _queryErrorId, null));
                throw; // not reached: ThrowTerminatingError throws
            }
        }

        /// <summary>Runs <paramref name="collect"/> (the log's collector over <paramref name="query"/>, <see
        /// cref="ResumeFrom"/> included) on the pipeline thread, writing each event and the progress.</summary>
        private protected void CollectFromGraph<TEvent>(
            ILogQuery<TEvent> query,
            Func<Action<TEvent>, CollectionObserver, CancellationToken, Task<long>> collect
        )
        {
            var session = GraphConnectionState.Require(this);
            CollectionProgress? latest = null;
            CollectionProgress? shown = null;
            // A new record each time: a host that keeps the records it is given (a hosted runspace's Progress stream)
            // must see each one as it was, not every one turned Completed at the end.
            var lastRecord = new ProgressRecord(_progressId, _graphActivity, "Starting");
            void ShowProgress()
            {
                var current = latest;
                if (current is null || ReferenceEquals(current, shown))
                    return;
                shown = current;
                lastRecord = new ProgressRecord(_progressId, _graphActivity, current.ToString());
                if (current.TimeReached is { } reached && query.Until > query.Since)
                {
                    lastRecord.PercentComplete = (int)
                        Math.Max(
                            0,
                            Math.Min(100, (query.Until - reached).Ticks * 100 / (query.Until - query.Since).Ticks)
                        );
                }
                WriteProgress(lastRecord);
            }

            var observer = new CollectionObserver
            {
                Progress = progress => latest = progress,
                Verbose = PostVerbose,
                Warning = PostWarning,
            };
            long collected = 0;
            try
            {
                RunOnPipelineThread<TEvent>(
                    (deliver, token) => collect(deliver, observer, token),
                    logEvent =>
                    {
                        collected++;
                        WriteObject(logEvent);
                        ShowProgress();
                    },
                    ShowProgress,
                    capacity: session.Settings.AuditPageSize * 2
                );
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, "InvalidResumeLink", ResumeFrom));
            }
            catch (CollectionInterruptedException ex)
            {
                WriteError(ToErrorRecord(ex, GraphErrorId(ex), ResumeFrom ?? ex.ResumeLink));
            }
            finally
            {
                WriteVerbose(query.DescribeWindow(collected));
                WriteProgress(
                    new ProgressRecord(_progressId, _graphActivity, lastRecord.StatusDescription)
                    {
                        RecordType = ProgressRecordType.Completed,
                    }
                );
            }
        }
    }
}

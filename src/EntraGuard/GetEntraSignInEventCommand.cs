using System;
using System.Collections.Generic;
using System.Management.Automation;
using EntraGuard.Collection;
using EntraGuard.Graph;
using EntraGuard.Ingest;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets Entra ID sign-ins of every log from Microsoft Graph or from exported files.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EntraSignInEvent", DefaultParameterSetName = GraphSet)]
    [OutputType(typeof(SignInEvent))]
    public sealed class GetEntraSignInEventCommand : EntraGuardCmdlet
    {
        private const string PathSet = "Path";
        private const string GraphSet = "Graph";

        /// <summary>Files or folders of sign-ins: Graph JSON, JSON lines, diagnostic records, gzip.</summary>
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

        /// <summary>Accept files that hold no sign-in (by default an error: a broken export is not quiet).</summary>
        [Parameter(ParameterSetName = PathSet)]
        public SwitchParameter AllowEmpty { get; set; }

        /// <summary>The oldest sign-in time (from Graph, default: 24 hours before -Until; files: no limit).</summary>
        [Parameter]
        [Alias("StartTime", "From")]
        public DateTime? Since { get; set; }

        /// <summary>The newest sign-in time, inclusive (from Graph, default: now; files: no limit).</summary>
        [Parameter]
        [Alias("EndTime", "To")]
        public DateTime? Until { get; set; }

        /// <summary>The user: object id or user principal name.</summary>
        [Parameter]
        [Alias("UserPrincipalName")]
        [ValidateNotNullOrEmpty]
        public string? UserId { get; set; }

        /// <summary>The object id of the service principal signing in.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ServicePrincipalId { get; set; }

        /// <summary>The application (client) id: the app signed in to, or the app signing in.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AppId { get; set; }

        /// <summary>The sign-in logs to read (default: every log the other filters allow).</summary>
        [Parameter]
        [Alias("SignInEventType")]
        public SignInKind[] EventType { get; set; } = Array.Empty<SignInKind>();

        /// <summary>The nextLink an interrupted collection printed: continue exactly where it stopped.</summary>
        [Parameter(ParameterSetName = GraphSet)]
        [ValidateNotNullOrEmpty]
        public string? ResumeFrom { get; set; }

        // Paths come one pipeline item at a time: whether any held a sign-in is judged once, at the end.
        private readonly ReadStatistics _statistics = new();
        private readonly List<string> _paths = new();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == GraphSet)
                CollectFromGraph();
            else
                ReadFiles();
        }

        /// <summary>The query the parameters describe; a contradictory one stops the cmdlet.</summary>
        private SignInQuery Query(DateTimeOffset? since, DateTimeOffset? until, bool fromGraph)
        {
            try
            {
                var (start, end) = fromGraph
                    ? AuditQuery.ResolveRange(since, until, DateTimeOffset.UtcNow)
                    : (since ?? DateTimeOffset.MinValue, until ?? DateTimeOffset.MaxValue);
                var query = new SignInQuery
                {
                    Since = start,
                    Until = end,
                    User = UserId,
                    ServicePrincipalId = ServicePrincipalId,
                    AppId = AppId,
                    Kinds = EventType,
                };
                query.Validate();
                return query;
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, "InvalidSignInQuery", null));
                throw; // not reached: ThrowTerminatingError throws
            }
        }

        private void ReadFiles()
        {
            var query = Query(Instant(Since), Instant(Until), fromGraph: false);
            _paths.AddRange(Path);
            ReadSignInPaths(
                Path,
                new AuditReadOptions { SkipInvalid = SkipInvalid },
                _statistics,
                signIn =>
                {
                    if (query.Matches(signIn))
                        WriteObject(signIn);
                }
            );
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName != PathSet)
                return;
            WriteReadSummary(_statistics, "only sign-in logs are read");
            if (AllowEmpty || AnyPathFailed)
                return;
            try
            {
                AuditCoverage.RequireSignIns(_paths, _statistics, "use -AllowEmpty if that is expected");
            }
            catch (NoAuditEventsException ex)
            {
                WriteError(new ErrorRecord(ex, "NoSignIns", ErrorCategory.InvalidData, _paths.ToArray()));
            }
        }

        private void CollectFromGraph()
        {
            var session = GraphConnectionState.Require(this);
            var query = Query(Instant(Since), Instant(Until), fromGraph: true);
            const string activity = "Sign-ins from Microsoft Graph";
            CollectionProgress? latest = null;
            var observer = new CollectionObserver
            {
                Progress = progress => latest = progress,
                Verbose = PostVerbose,
                Warning = PostWarning,
            };
            void ShowProgress()
            {
                if (latest is { } current)
                    WriteProgress(new ProgressRecord(2, activity, current.ToString()));
            }
            long collected = 0;
            try
            {
                var collector = new GraphSignInCollector(session);
                RunOnPipelineThread<SignInEvent>(
                    (deliver, token) => collector.CollectAsync(query, deliver, observer, ResumeFrom, token),
                    signIn =>
                    {
                        collected++;
                        WriteObject(signIn);
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
                WriteProgress(new ProgressRecord(2, activity, "done") { RecordType = ProgressRecordType.Completed });
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Management.Automation;
using EntraGuard.Collection;
using EntraGuard.Commands.Completion;
using EntraGuard.Graph;
using EntraGuard.Ingest;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets Entra ID directory audit events from Microsoft Graph or from exported files.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EntraAuditEvent", DefaultParameterSetName = GraphSet)]
    [OutputType(typeof(AuditEvent))]
    public sealed class GetEntraAuditEventCommand : EntraGuardCmdlet
    {
        private const string PathSet = "Path";
        private const string GraphSet = "Graph";

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

        /// <summary>Accept files that hold no audit event (by default an error: a broken export is not clean)</summary>
        [Parameter(ParameterSetName = PathSet)]
        public SwitchParameter AllowEmpty { get; set; }

        /// <summary>The oldest activity time to collect (from Graph, default: 24 hours before -Until; files: no
        /// limit).</summary>
        [Parameter]
        [Alias("StartTime", "From")]
        public DateTime? Since { get; set; }

        /// <summary>The newest activity time to collect, inclusive (from Graph, default: now; files: no
        /// limit).</summary>
        [Parameter]
        [Alias("EndTime", "To")]
        public DateTime? Until { get; set; }

        /// <summary>Activity names (compared with dashes and spaces normalized).</summary>
        [Parameter]
        [Alias("ActivityDisplayName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ActivityNameCompleter))]
        public string[] Activity { get; set; } = Array.Empty<string>();

        /// <summary>Audit categories (ApplicationManagement, GroupManagement, UserManagement, …).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Category { get; set; } = Array.Empty<string>();

        /// <summary>The initiating user: object id, user principal name or display name.</summary>
        [Parameter]
        [Alias("UserId", "UserPrincipalName")]
        [ValidateNotNullOrEmpty]
        public string? InitiatedByUser { get; set; }

        /// <summary>The initiating application: application (client) id or display name.</summary>
        [Parameter]
        [Alias("AppId")]
        [ValidateNotNullOrEmpty]
        public string? InitiatedByApp { get; set; }

        /// <summary>The object id of a target resource.</summary>
        [Parameter]
        [Alias("ObjectId")]
        [ValidateNotNullOrEmpty]
        public string? TargetId { get; set; }

        /// <summary>Only events with these results.</summary>
        [Parameter]
        [ValidateSet("success", "failure", "timeout", IgnoreCase = true)]
        public string[] Result { get; set; } = Array.Empty<string>();

        /// <summary>The nextLink an interrupted collection printed: continue exactly where it stopped.</summary>
        [Parameter(ParameterSetName = GraphSet)]
        [ValidateNotNullOrEmpty]
        public string? ResumeFrom { get; set; }

        // Paths come one pipeline item at a time: whether any held an event is judged once, at the end.
        private readonly ReadStatistics _statistics = new();
        private readonly AuditCoverage _coverage = new();
        private readonly List<string> _paths = new();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == GraphSet)
                CollectFromGraph();
            else
                ReadFiles();
        }

        private void ReadFiles()
        {
            // An export is filtered the way the tenant is: the same conditions, applied to each event read.
            // Coverage counts every event read: a filter that matches nothing is not an empty export.
            var query = Query(Instant(Since) ?? DateTimeOffset.MinValue, Instant(Until) ?? DateTimeOffset.MaxValue);
            _paths.AddRange(Path);
            ReadAuditPaths(
                Path,
                new AuditReadOptions { SkipInvalid = SkipInvalid },
                _statistics,
                auditEvent =>
                {
                    _coverage.Add(auditEvent);
                    if (query.Matches(auditEvent))
                        WriteObject(auditEvent);
                }
            );
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName != PathSet)
                return;
            WriteReadSummary(_statistics);
            if (CheckCoverage(_paths, _coverage, _statistics, AllowEmpty) is { } empty)
                WriteError(empty);
        }

        /// <summary>The query the parameters describe; a contradictory one stops the cmdlet.</summary>
        private AuditQuery Query(DateTimeOffset since, DateTimeOffset until)
        {
            var query = new AuditQuery
            {
                Since = since,
                Until = until,
                Activities = Activity,
                Categories = Category,
                InitiatedByUser = InitiatedByUser,
                InitiatedByApp = InitiatedByApp,
                TargetId = TargetId,
                Results = Result,
            };
            try
            {
                query.Validate();
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, "InvalidAuditQuery", null));
            }
            return query;
        }

        private void CollectFromGraph()
        {
            var session = GraphConnectionState.Require(this);
            AuditQuery query;
            try
            {
                var (since, until) = AuditQuery.ResolveRange(Instant(Since), Instant(Until), DateTimeOffset.UtcNow);
                query = Query(since, until);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, "InvalidAuditQuery", null));
                return;
            }

            const string activity = "Directory audits from Microsoft Graph";
            CollectionProgress? latest = null;
            CollectionProgress? shown = null;
            // A new record each time: a host that keeps the records it is given (a hosted runspace's Progress stream)
            // must see each one as it was, not every one turned Completed at the end.
            var lastRecord = new ProgressRecord(1, activity, "Starting");
            void ShowProgress()
            {
                var current = latest;
                if (current is null || ReferenceEquals(current, shown))
                    return;
                shown = current;
                lastRecord = new ProgressRecord(1, activity, current.ToString());
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
                var collector = new GraphAuditCollector(session);
                RunOnPipelineThread<AuditEvent>(
                    (deliver, token) => collector.CollectAsync(query, deliver, observer, ResumeFrom, token),
                    auditEvent =>
                    {
                        collected++;
                        WriteObject(auditEvent);
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
                    new ProgressRecord(1, activity, lastRecord.StatusDescription)
                    {
                        RecordType = ProgressRecordType.Completed,
                    }
                );
            }
        }
    }
}

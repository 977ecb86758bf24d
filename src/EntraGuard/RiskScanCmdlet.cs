using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using EntraGuard.Collection;
using EntraGuard.Configuration;
using EntraGuard.Detection;
using EntraGuard.Graph;
using EntraGuard.Ingest;

namespace EntraGuard.Commands
{
    /// <summary>
    /// What the scanning cmdlets share: audit events from the pipeline or from files, settings and suppressions,
    /// one scan session fed as events arrive and completed in EndProcessing (stateful rules need the whole stream;
    /// the session keeps compact keys, not the events).
    /// </summary>
    public abstract class RiskScanCmdlet : EntraGuardCmdlet
    {
        protected const string InputSet = "InputObject";
        protected const string PathSet = "Path";

        private DetectionSetup? _setup;
        private ScanSession? _session;
        private readonly ReadStatistics _statistics = new();
        private readonly AuditCoverage _coverage = new();
        private readonly List<string> _paths = new();
        private readonly List<string> _files = new();

        /// <summary>Audit events, typically from Get-EntraAuditEvent.</summary>
        [Parameter(ParameterSetName = InputSet, ValueFromPipeline = true)]
        public AuditEvent[] InputObject { get; set; } = Array.Empty<AuditEvent>();

        /// <summary>Audit files or folders (Graph JSON, JSON lines, Azure Monitor diagnostic records, gzip).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Skip unreadable records (counted, with a warning) instead of stopping at the first.</summary>
        [Parameter(ParameterSetName = PathSet)]
        public SwitchParameter SkipInvalid { get; set; }

        /// <summary>Accept files that hold no audit event (by default an error: no data gives no verdict).</summary>
        [Parameter(ParameterSetName = PathSet)]
        public SwitchParameter AllowEmpty { get; set; }

        /// <summary>Files (and parts of large files) read at once; by default one a processor.</summary>
        [Parameter(ParameterSetName = PathSet)]
        [ValidateRange(1, int.MaxValue)]
        public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

        /// <summary>A settings file (YAML or JSON).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SettingsPath { get; set; }

        /// <summary>A suppression file; overrides the settings' suppressionPath.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SuppressionPath { get; set; }

        /// <summary>The rules, settings and suppressions to scan with.</summary>
        protected abstract DetectionSetup LoadSetup(string? settingsPath, string? suppressionPath);

        protected abstract ScanOptions CreateOptions(DetectionSetup setup);

        /// <summary>Writes the scan's findings (the counters and warnings are already written).</summary>
        protected abstract void WriteResult(ScanResult result);

        /// <summary>
        /// The Graph query that feeds the scan when neither events nor -Path are given, or null when the cmdlet needs
        /// input. Called once the setup is loaded, before <see cref="CreateOptions"/>.
        /// </summary>
        protected virtual AuditQuery? GraphQuery(DetectionSetup setup) => null;

        /// <summary>
        /// How to let the cmdlet read Microsoft Graph itself, said when it has no input; null when it never does.
        /// </summary>
        protected virtual string? GraphHint => null;

        /// <summary>True when the scan reads its events from Microsoft Graph (see <see cref="GraphQuery"/>).</summary>
        protected bool FromGraph => _graphQuery != null;

        private AuditQuery? _graphQuery;

        protected override void BeginProcessing()
        {
            var noInput =
                ParameterSetName == InputSet
                && !MyInvocation.ExpectingInput
                && !MyInvocation.BoundParameters.ContainsKey(nameof(InputObject));
            try
            {
                _setup = LoadSetup(FilePath(SettingsPath), FilePath(SuppressionPath));
                if (noInput)
                    _graphQuery = GraphQuery(_setup);
                if (noInput && _graphQuery is null)
                {
                    ThrowTerminatingError(
                        new ErrorRecord(
                            new ArgumentException(
                                "No audit events: pass -Path, or pipe events in (e.g. Get-EntraAuditEvent -Path … | "
                                    + MyInvocation.MyCommand.Name
                                    + ")"
                                    + (GraphHint is null ? "." : $", or {GraphHint}.")
                            ),
                            "NoAuditSource",
                            ErrorCategory.InvalidArgument,
                            null
                        )
                    );
                }
                _session = _setup.Engine.BeginScan(CreateOptions(_setup));
            }
            catch (Exception ex)
                when (ex
                        is ConfigFormatException
                            or System.IO.IOException
                            or ArgumentException
                            or UnauthorizedAccessException
                )
            {
                ThrowTerminatingError(
                    new ErrorRecord(
                        ex,
                        "DetectionSetupFailed",
                        ex is ConfigFormatException ? ErrorCategory.InvalidData : CategoryOf(ex),
                        null
                    )
                );
            }
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputSet)
            {
                foreach (var auditEvent in InputObject)
                {
                    if (auditEvent != null)
                        _session!.Add(auditEvent);
                }
                return;
            }
            // The files are read together in EndProcessing, in parallel however they were bound.
            CollectAuditFiles(Path, _paths, _files);
        }

        /// <summary>Adds findings from other producers before the scan completes (nothing by default).</summary>
        protected virtual void AddFindings(ScanSession session) { }

        protected override void EndProcessing()
        {
            if (_graphQuery != null)
                ReadGraph(_graphQuery);
            if (ParameterSetName == PathSet)
                ScanAuditFiles(_session!, _files, SkipInvalid, ThrottleLimit, _statistics, _coverage);
            AddFindings(_session!);
            var result = _session!.Complete();
            WriteReadSummary(_statistics);
            if (ParameterSetName == PathSet && CheckCoverage(_paths, _coverage, _statistics, AllowEmpty) is { } empty)
            {
                ThrowTerminatingError(empty);
            }
            foreach (var warning in _setup!.Warnings.Concat(result.Warnings))
                WriteWarning(warning);
            WriteVerbose(
                $"Scanned {result.EventsSeen} event(s) with {_setup!.Engine.Rules.Count} rule(s): "
                    + $"{result.Findings.Count} finding(s) reported, "
                    + $"{result.SuppressedCount} suppressed, {result.BelowMinimumSeverityCount} below the minimum "
                    + $"severity."
            );
            WriteResult(result);
        }

        /// <summary>
        /// Feeds the scan from Graph with one filtered query. A collection that stops part-way ends the command: a
        /// verdict on part of the history could call an actor rare that is not. Never inlined: compiling it loads the
        /// Graph side, which a scan of files never needs.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void ReadGraph(AuditQuery query)
        {
            var graph = GraphConnectionState.Require(this);
            var observer = new CollectionObserver { Warning = PostWarning, Verbose = PostVerbose };
            try
            {
                long collected = 0;
                RunOnPipelineThread<AuditEvent>(
                    (deliver, token) =>
                        new GraphAuditCollector(graph).CollectAsync(query, deliver, observer, null, token),
                    auditEvent =>
                    {
                        collected++;
                        _session!.Add(auditEvent);
                    },
                    capacity: graph.Settings.AuditPageSize * 2
                );
                WriteVerbose(query.DescribeWindow(collected));
            }
            catch (CollectionInterruptedException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, GraphErrorId(ex), null));
            }
        }

        /// <summary>A provider path for a single file parameter (not required to exist: the engine names a missing
        /// file).</summary>
        protected string? FilePath(string? path) =>
            path is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

        protected IEnumerable<string> FilePaths(IEnumerable<string>? paths) =>
            (paths ?? Array.Empty<string>()).Select(p => FilePath(p)!);
    }
}

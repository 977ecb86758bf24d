using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using EntraGuard.Detection;
using EntraGuard.Ingest;
using EntraGuard.Investigation;
using EntraGuard.Output;
using EntraGuard.Posture;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Writes risk events (with their investigations and posture results) as one
    /// self-contained HTML report.</para>
    /// </summary>
    [Cmdlet(VerbsData.Export, "EntraGuardReport", DefaultParameterSetName = InputSet, SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportEntraGuardReportCommand : EntraGuardCmdlet
    {
        private const string InputSet = "InputObject";
        private const string PathSet = "Path";

        private readonly List<RiskEvent> _findings = new();
        private readonly List<string> _paths = new();
        private readonly List<string> _files = new();
        private readonly List<RiskEventContext> _contexts = new();
        private readonly ReadStatistics _statistics = new();
        private readonly AuditCoverage _coverage = new();
        private DetectionSetup? _setup;
        private ScanSession? _session;

        /// <summary>Risk events, typically from Get-EntraRiskEvent or Test-RareCredentialActor.</summary>
        [Parameter(ParameterSetName = InputSet, ValueFromPipeline = true)]
        public RiskEvent[] InputObject { get; set; } = Array.Empty<RiskEvent>();

        /// <summary>Audit files or folders to scan with every rule (as Get-EntraRiskEvent -Path does).</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>
        /// Investigations from Get-EntraRiskEventContext, shown with the findings they are about; they may also be
        /// piped in beside the risk events.
        /// </summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        public RiskEventContext[] Context { get; set; } = Array.Empty<RiskEventContext>();

        /// <summary>The HTML file to write; replaced when it exists.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string OutFile { get; set; } = "";

        /// <summary>Posture results from Test-EntraGuardPosture, shown in their own section.</summary>
        [Parameter]
        public PostureCheckResult[]? PostureResult { get; set; }

        /// <summary>The report's title.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Title { get; set; } = "EntraGuard report";

        /// <summary>A settings file (YAML or JSON) for the scan of -Path.</summary>
        [Parameter(ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string? SettingsPath { get; set; }

        /// <summary>A suppression file for the scan of -Path; overrides the settings' suppressionPath.</summary>
        [Parameter(ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string? SuppressionPath { get; set; }

        /// <summary>Skip unreadable records (counted, with a warning) instead of stopping at the first.</summary>
        [Parameter(ParameterSetName = PathSet)]
        public SwitchParameter SkipInvalid { get; set; }

        /// <summary>Accept files that hold no audit event (by default an error: no data gives no verdict).</summary>
        [Parameter(ParameterSetName = PathSet)]
        public SwitchParameter AllowEmpty { get; set; }

        /// <summary>Files (and parts of large files) read at once for -Path; by default one a processor.</summary>
        [Parameter(ParameterSetName = PathSet)]
        [ValidateRange(1, int.MaxValue)]
        public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

        protected override void BeginProcessing()
        {
            if (ParameterSetName != PathSet)
            {
                // An empty pipeline is a quiet day; no pipeline and no -Path is a mistake.
                if (!MyInvocation.ExpectingInput && !MyInvocation.BoundParameters.ContainsKey(nameof(InputObject)))
                {
                    var problem = new ArgumentException(
                        "No risk events: pipe them in (Get-EntraRiskEvent -Path … | Export-EntraGuardReport …), "
                            + "or pass -Path to scan audit files."
                    );
                    ThrowTerminatingError(
                        new ErrorRecord(problem, "NoReportInput", ErrorCategory.InvalidArgument, null)
                    );
                }
                return;
            }
            try
            {
                _setup = DetectionSetup.Load(Resolve(SettingsPath), null, Resolve(SuppressionPath), null);
                _session = _setup.Engine.BeginScan(_setup.Options());
            }
            catch (Exception ex)
                when (ex is RuleFormatException or IOException or ArgumentException or UnauthorizedAccessException)
            {
                var category = ex is RuleFormatException ? ErrorCategory.InvalidData : CategoryOf(ex);
                ThrowTerminatingError(new ErrorRecord(ex, "DetectionSetupFailed", category, null));
            }
        }

        protected override void ProcessRecord()
        {
            // One record binds either risk events or contexts: the one not bound keeps what the last record left.
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Context)))
                _contexts.AddRange(Context);
            if (ParameterSetName == InputSet && MyInvocation.BoundParameters.ContainsKey(nameof(InputObject)))
                _findings.AddRange(InputObject.Where(f => f != null));
            else if (ParameterSetName == PathSet)
                CollectAuditFiles(Path, _paths, _files); // read together in EndProcessing, in parallel
        }

        protected override void EndProcessing()
        {
            var now = DateTimeOffset.UtcNow;
            var posture = PostureResult is { Length: > 0 } results
                ? new PostureReport { EvaluatedAt = now, Results = results.Where(r => r != null).ToList() }
                : null;
            ReportContent content;
            if (ParameterSetName == PathSet)
            {
                ScanAuditFiles(_session!, _files, SkipInvalid, ThrottleLimit, _statistics, _coverage);
                var result = _session!.Complete();
                WriteReadSummary(_statistics);
                if (CheckCoverage(_paths, _coverage, _statistics, AllowEmpty) is { } empty)
                    ThrowTerminatingError(empty);
                foreach (var warning in _setup!.Warnings.Concat(result.Warnings))
                    WriteWarning(warning);
                var source = $"{string.Join(", ", _paths)}: {_statistics.Files.Count} file(s)";
                content = ReportContent.FromScan(
                    result,
                    _coverage,
                    _statistics.Files,
                    source,
                    now,
                    _setup.Warnings,
                    posture
                );
            }
            else
            {
                content = ReportContent.FromFindings(_findings, "risk events from the pipeline", now, posture);
            }

            content = content with { Title = Title, Contexts = _contexts };
            if (content.DescribeUnmatchedContexts() is { } unmatched)
                WriteWarning(unmatched);
            var file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);
            var findings = content.Findings.Count(f => !f.Suppressed);
            if (!ShouldProcess(file, $"Write an HTML report of {findings} finding(s)"))
                return;
            try
            {
                HtmlReportWriter.WriteFile(content, file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                ThrowTerminatingError(ToErrorRecord(ex, "ReportWriteFailed", file));
            }
            WriteObject(new FileInfo(file));
        }

        private string? Resolve(string? path) =>
            path is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
    }
}

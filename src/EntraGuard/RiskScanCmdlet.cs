using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EntraGuard.Detection;
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

        protected override void BeginProcessing()
        {
            if (ParameterSetName == InputSet && !MyInvocation.ExpectingInput && !MyInvocation.BoundParameters.ContainsKey(nameof(InputObject)))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("No audit events: pass -Path, or pipe events in (e.g. Get-EntraAuditEvent -Path … | " + MyInvocation.MyCommand.Name + ")."),
                    "NoAuditSource", ErrorCategory.InvalidArgument, null));
            }
            try
            {
                _setup = LoadSetup(FilePath(SettingsPath), FilePath(SuppressionPath));
                _session = _setup.Engine.BeginScan(CreateOptions(_setup));
            }
            catch (Exception ex) when (ex is RuleFormatException or System.IO.IOException or ArgumentException or UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "DetectionSetupFailed",
                    ex is RuleFormatException ? ErrorCategory.InvalidData : CategoryOf(ex), null));
            }
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputSet)
            {
                foreach (var auditEvent in InputObject)
                {
                    if (auditEvent != null) _session!.Add(auditEvent);
                }
                return;
            }
            var options = new AuditReadOptions { SkipInvalid = SkipInvalid };
            foreach (var path in Path)
            {
                try
                {
                    var files = GetResolvedProviderPathFromPSPath(path, out _);
                    foreach (var auditEvent in AuditEventReader.ReadPaths(files, options, _statistics, CancellationToken)) _session!.Add(auditEvent);
                }
                catch (Exception ex) when (ex is AuditDataException or System.IO.IOException or ItemNotFoundException)
                {
                    WriteError(ToErrorRecord(ex, "AuditReadFailed", path));
                }
            }
        }

        protected override void EndProcessing()
        {
            var result = _session!.Complete();
            WriteReadSummary(_statistics);
            foreach (var warning in result.Warnings) WriteWarning(warning);
            WriteVerbose($"Scanned {result.EventsSeen} event(s) with {_setup!.Engine.Rules.Count} rule(s): {result.Findings.Count} finding(s) reported, " +
                         $"{result.SuppressedCount} suppressed, {result.BelowMinimumSeverityCount} below the minimum severity.");
            WriteResult(result);
        }

        /// <summary>A provider path for a single file parameter (not required to exist: the engine names a missing file).</summary>
        protected string? FilePath(string? path) => path is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

        protected IEnumerable<string> FilePaths(IEnumerable<string>? paths) => (paths ?? Array.Empty<string>()).Select(p => FilePath(p)!);

        /// <summary>A PowerShell date (local when unspecified, as Get-Date gives) as an instant.</summary>
        protected static DateTimeOffset? Instant(DateTime? value) =>
            value is null ? null : new DateTimeOffset(value.Value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value.Value, DateTimeKind.Local) : value.Value);
    }
}

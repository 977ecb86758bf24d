using System.Management.Automation;
using EntraGuard.Commands.Completion;
using EntraGuard.Detection;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Runs EntraGuard's detection rules over audit events and writes the risk events found.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EntraRiskEvent", DefaultParameterSetName = InputSet)]
    [OutputType(typeof(RiskEvent))]
    public sealed class GetEntraRiskEventCommand : RiskScanCmdlet
    {
        /// <summary>Only these rules (wildcards allowed).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(RuleIdCompleter))]
        public string[]? RuleId { get; set; }

        /// <summary>Only findings at or above this severity.</summary>
        [Parameter]
        public Severity MinimumSeverity { get; set; } = Severity.Informational;

        /// <summary>Also write suppressed findings (Suppressed = $true, with the justification).</summary>
        [Parameter]
        public SwitchParameter IncludeSuppressed { get; set; }

        /// <summary>Rule files or folders added to the built-in catalog.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? RulePath { get; set; }

        protected override DetectionSetup LoadSetup(string? settingsPath, string? suppressionPath) =>
            DetectionSetup.Load(settingsPath, FilePaths(RulePath), suppressionPath, RuleId);

        protected override ScanOptions CreateOptions(DetectionSetup setup) => setup.Options(MinimumSeverity, IncludeSuppressed);

        protected override void WriteResult(ScanResult result)
        {
            foreach (var finding in result.Findings) WriteObject(finding);
        }
    }
}

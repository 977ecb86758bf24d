using System;
using System.Linq;
using System.Management.Automation;
using EntraGuard.Collection;
using EntraGuard.Detection;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Finds service principal credentials added by an actor that had not added one to the
    /// same service principal in the history window before (rule EG0001).</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "RareCredentialActor", DefaultParameterSetName = InputSet)]
    [OutputType(typeof(RiskEvent), typeof(bool))]
    public sealed class TestRareCredentialActorCommand : RiskScanCmdlet
    {
        /// <summary>The rule this cmdlet runs.</summary>
        public const string RuleId = "EG0001";

        /// <summary>Days before each judged event in which an earlier add by the same actor makes it not
        /// rare.</summary>
        [Parameter]
        [ValidateRange(1, 3650)]
        public int HistoryDays { get; set; } = EntraGuardSettings.DefaultHistoryDays;

        /// <summary>Judge only adds at or after this time; earlier events serve as history.</summary>
        [Parameter]
        public DateTime? Since { get; set; }

        /// <summary>Judge only adds at or before this time.</summary>
        [Parameter]
        public DateTime? Until { get; set; }

        /// <summary>Write one boolean: $true when a rare actor was found (as Test-Path answers whether a path
        /// exists), so a clean tenant reads <c>-Quiet | Should -BeFalse</c>.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        /// <summary>The window judged when reading from Graph without -Since: the seed rule's look-back.</summary>
        public static readonly TimeSpan GraphWindow = TimeSpan.FromMinutes(9);

        private DateTimeOffset? _graphSince;

        /// <summary>
        /// Without events or -Path, and connected: the window (default the last 9 minutes) and the history before it,
        /// in one query filtered to the rule's activity, so a quiet tenant costs a request or two, not ten days of
        /// audits.
        /// </summary>
        protected override AuditQuery? GraphQuery(DetectionSetup setup)
        {
            if (GraphConnectionState.Info is null)
                return null;
            var until = Instant(Until) ?? DateTimeOffset.UtcNow;
            _graphSince = Instant(Since) ?? until - GraphWindow;
            var historyDays = MyInvocation.BoundParameters.ContainsKey(nameof(HistoryDays))
                ? HistoryDays
                : setup.Settings.HistoryDays;
            return setup.Engine.GraphQuery(_graphSince.Value, until, historyDays);
        }

        protected override string GraphHint =>
            "run Connect-EntraGuard first to judge the last 9 minutes (and the history before them) from Microsoft "
            + "Graph";

        protected override DetectionSetup LoadSetup(string? settingsPath, string? suppressionPath) =>
            DetectionSetup.Load(settingsPath, null, suppressionPath, new[] { RuleId });

        protected override ScanOptions CreateOptions(DetectionSetup setup)
        {
            var since = Instant(Since) ?? (FromGraph ? _graphSince : null);
            var until = Instant(Until);
            if (since > until)
            {
                ThrowTerminatingError(
                    new ErrorRecord(
                        new ArgumentException($"-Since ({since:u}) is after -Until ({until:u})."),
                        "SinceAfterUntil",
                        ErrorCategory.InvalidArgument,
                        null
                    )
                );
            }
            // -HistoryDays given explicitly wins; otherwise the settings' value (10 by default) applies.
            var historyDays = MyInvocation.BoundParameters.ContainsKey(nameof(HistoryDays)) ? HistoryDays : (int?)null;
            return setup.Options(since: since, until: until, historyDays: historyDays);
        }

        protected override void WriteResult(ScanResult result)
        {
            if (Quiet)
            {
                WriteObject(result.Findings.Count > 0);
                return;
            }
            foreach (var finding in result.Findings)
                WriteObject(finding);
        }
    }
}

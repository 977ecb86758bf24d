using System;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using EntraGuard.Collection;
using EntraGuard.Commands.Completion;
using EntraGuard.Detection;
using EntraGuard.Graph;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Runs EntraGuard's detection rules over audit events and writes the risk events
    /// found.</para>
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
        public Severity MinimumSeverity
        {
            get => (Severity)_minimumSeverity;
            set => _minimumSeverity = value;
        }

        // Held boxed: an engine enum field would load the engine before the module's resolver (see ReadyToRunFolder).
        private object _minimumSeverity = Severity.Informational;

        /// <summary>Also write suppressed findings (Suppressed = $true, with the justification).</summary>
        [Parameter]
        public SwitchParameter IncludeSuppressed { get; set; }

        /// <summary>Rule files or folders added to the built-in catalog.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? RulePath { get; set; }

        /// <summary>
        /// Also return Microsoft Entra ID Protection risk detections (users and service principals) from Graph, as
        /// risk events with Source IdentityProtection, over the period the audit events cover (or the last 24 hours).
        /// </summary>
        [Parameter]
        public SwitchParameter IncludeIdentityProtection { get; set; }

        protected override void AddFindings(ScanSession session)
        {
            if (IncludeIdentityProtection)
                AddIdentityProtectionFindings(session);
        }

        // Its own method, never inlined: compiling it loads the Graph side, which a scan of files never needs.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void AddIdentityProtectionFindings(ScanSession session)
        {
            var graph = GraphConnectionState.Require(this);
            var until = DateTimeOffset.UtcNow;
            var since = session.DataStart ?? until - AuditQuery.DefaultLookBack;
            if (since > until)
                since = until;
            var observer = new CollectionObserver { Warning = PostWarning, Verbose = PostVerbose };
            try
            {
                RunOnPipelineThread<IdentityProtectionDetection>(
                    (deliver, token) =>
                        new GraphRiskDetectionCollector(graph).CollectAsync(
                            since,
                            until,
                            includeServicePrincipals: true,
                            deliver,
                            observer,
                            token
                        ),
                    detection =>
                    {
                        var finding = IdentityProtectionFindings.ToRiskEvent(detection);
                        if (RuleId is null || RuleId.Any(pattern => Wildcard.IsMatch(pattern, finding.RuleId)))
                            session.AddFinding(finding);
                    }
                );
            }
            catch (GraphRequestException ex)
            {
                WriteError(ToErrorRecord(ex, GraphErrorId(ex), "IdentityProtection"));
            }
        }

        protected override DetectionSetup LoadSetup(string? settingsPath, string? suppressionPath) =>
            DetectionSetup.Load(settingsPath, FilePaths(RulePath), suppressionPath, RuleId);

        protected override ScanOptions CreateOptions(DetectionSetup setup) =>
            setup.Options(MinimumSeverity, IncludeSuppressed);

        protected override void WriteResult(ScanResult result)
        {
            foreach (var finding in result.Findings)
                WriteObject(finding);
        }
    }
}

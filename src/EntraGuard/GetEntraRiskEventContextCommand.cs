using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Graph;
using EntraGuard.Ingest;
using EntraGuard.Investigation;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">States what the data says around each risk event: credential use, the actor's addresses
    /// and clients, the trail, and (from Graph) what the target can reach.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EntraRiskEventContext", DefaultParameterSetName = GraphSet)]
    [OutputType(typeof(RiskEventContext))]
    public sealed class GetEntraRiskEventContextCommand : EntraGuardCmdlet
    {
        private const string PathSet = "Path";
        private const string GraphSet = "Graph";
        private readonly List<RiskEvent> _riskEvents = new();

        /// <summary>Risk events from Get-EntraRiskEvent.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public RiskEvent[] InputObject { get; set; } = Array.Empty<RiskEvent>();

        /// <summary>Sign-in and audit files or folders, read in one pass each; without it, Microsoft Graph.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>How far before and after each risk event to look.</summary>
        [Parameter]
        public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

        /// <summary>
        /// How far before the window to compare with: an address unused in that span is new, an activity not done in
        /// it is a first (default 4 days).
        /// </summary>
        [Parameter]
        public TimeSpan History { get; set; } = new InvestigationOptions().History;

        /// <summary>The end of what is read from Graph, the new credential's use included (default: now).</summary>
        [Parameter(ParameterSetName = GraphSet)]
        [Alias("EndTime", "To")]
        public DateTime? Until { get; set; }

        /// <summary>Skip unreadable records (each a warning) instead of stopping.</summary>
        [Parameter(ParameterSetName = PathSet)]
        public SwitchParameter SkipInvalid { get; set; }

        protected override void ProcessRecord() => _riskEvents.AddRange(InputObject);

        protected override void EndProcessing()
        {
            var reads = new InvestigationReads();
            var options = new InvestigationOptions
            {
                Window = Window,
                History = History,
                Now = Instant(Until),
                ReadOptions = new AuditReadOptions { SkipInvalid = SkipInvalid },
            };
            IReadOnlyList<RiskEventContext> contexts;
            if (ParameterSetName == GraphSet)
            {
                var session = GraphConnectionState.Require(this);
                var source = new GraphInvestigationSource(
                    session,
                    new CollectionObserver { Warning = PostWarning, Verbose = PostVerbose }
                );
                var collected = new List<RiskEventContext>();
                try
                {
                    // Graph is read on a background thread; its warnings are written here as they come.
                    RunOnPipelineThread<RiskEventContext>(
                        (deliver, token) =>
                            Task.Run(
                                () =>
                                {
                                    foreach (
                                        var context in InvestigationSession.Investigate(
                                            _riskEvents,
                                            source,
                                            options,
                                            reads,
                                            token
                                        )
                                    )
                                        deliver(context);
                                },
                                token
                            ),
                        collected.Add
                    );
                }
                catch (Exception ex) when (ex is CollectionInterruptedException or GraphRequestException)
                {
                    ThrowTerminatingError(ToErrorRecord(ex, GraphErrorId(ex), null));
                    return;
                }
                contexts = collected;
            }
            else
            {
                var files = Path.SelectMany(p => GetResolvedProviderPathFromPSPath(p, out _)).ToArray();
                try
                {
                    contexts = InvestigationSession.Investigate(_riskEvents, files, options, reads, CancellationToken);
                }
                catch (Exception ex) when (ex is AuditDataException or System.IO.IOException)
                {
                    ThrowTerminatingError(ToErrorRecord(ex, "InvestigationInputInvalid", Path));
                    return;
                }
            }
            foreach (var message in reads.SignIns.InvalidRecordMessages.Concat(reads.AuditEvents.InvalidRecordMessages))
                WriteWarning(message);
            WriteVerbose(
                $"{contexts.Count} risk event(s) investigated over {reads.SignIns.Events} sign-in(s) and "
                    + $"{reads.AuditEvents.Events} audit event(s)."
            );
            foreach (var context in contexts)
                WriteObject(context);
        }
    }
}

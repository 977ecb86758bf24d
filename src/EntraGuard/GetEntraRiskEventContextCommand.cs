using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EntraGuard.Ingest;
using EntraGuard.Investigation;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">States what sign-ins and audit events say around each risk event: credential use, the
    /// actor's addresses and clients, the trail.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EntraRiskEventContext")]
    [OutputType(typeof(RiskEventContext))]
    public sealed class GetEntraRiskEventContextCommand : EntraGuardCmdlet
    {
        private readonly List<RiskEvent> _riskEvents = new();

        /// <summary>Risk events from Get-EntraRiskEvent.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public RiskEvent[] InputObject { get; set; } = Array.Empty<RiskEvent>();

        /// <summary>Sign-in and audit files or folders, read in one pass each.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>How far before and after each risk event to look.</summary>
        [Parameter]
        public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

        /// <summary>Skip unreadable records (each a warning) instead of stopping.</summary>
        [Parameter]
        public SwitchParameter SkipInvalid { get; set; }

        protected override void ProcessRecord() => _riskEvents.AddRange(InputObject);

        protected override void EndProcessing()
        {
            var files = Path.SelectMany(p => GetResolvedProviderPathFromPSPath(p, out _)).ToArray();
            var reads = new InvestigationReads();
            var options = new InvestigationOptions
            {
                Window = Window,
                ReadOptions = new AuditReadOptions { SkipInvalid = SkipInvalid },
            };
            IReadOnlyList<RiskEventContext> contexts;
            try
            {
                contexts = InvestigationSession.Investigate(_riskEvents, files, options, reads, CancellationToken);
            }
            catch (Exception ex) when (ex is AuditDataException or System.IO.IOException)
            {
                ThrowTerminatingError(ToErrorRecord(ex, "InvestigationInputInvalid", Path));
                return;
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

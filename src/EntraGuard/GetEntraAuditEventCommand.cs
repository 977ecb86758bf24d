using System.Management.Automation;
using EntraGuard.Ingest;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Reads Entra ID directory audit events from exported files.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EntraAuditEvent", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(AuditEvent))]
    public sealed class GetEntraAuditEventCommand : EntraGuardCmdlet
    {
        private const string PathSet = "Path";

        /// <summary>Files or folders holding Graph JSON, JSON lines or Azure Monitor diagnostic records (gzip too).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = System.Array.Empty<string>();

        /// <summary>Skip records that cannot be read, warning with their count, instead of stopping.</summary>
        [Parameter(ParameterSetName = PathSet)]
        public SwitchParameter SkipInvalid { get; set; }

        protected override void ProcessRecord()
        {
            var statistics = new ReadStatistics();
            var options = new AuditReadOptions { SkipInvalid = SkipInvalid };
            foreach (var path in Path)
            {
                var resolved = GetResolvedProviderPathFromPSPath(path, out _);
                try
                {
                    foreach (var auditEvent in AuditEventReader.ReadPaths(resolved, options, statistics, CancellationToken))
                    {
                        WriteObject(auditEvent);
                    }
                }
                catch (System.Exception ex) when (ex is AuditDataException or System.IO.IOException)
                {
                    WriteError(ToErrorRecord(ex, "AuditReadFailed", path));
                }
            }
            WriteReadSummary(statistics);
        }
    }
}

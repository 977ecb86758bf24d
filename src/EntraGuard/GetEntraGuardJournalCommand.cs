using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using EntraGuard.Response;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Reads the remediation journal: who did what to which object, when, the state before, and
    /// how it ended.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EntraGuardJournal", DefaultParameterSetName = QuerySet)]
    [OutputType(typeof(JournalRecord))]
    public sealed class GetEntraGuardJournalCommand : EntraGuardCmdlet
    {
        private const string QuerySet = "Query";
        private readonly List<string> _journalIds = new();

        /// <summary><para type="description">The journal file. Default: $env:ENTRAGUARD_JOURNAL, else
        /// EntraGuard/journal.jsonl under the local application data folder.</para></summary>
        [Parameter(ParameterSetName = QuerySet, Position = 0)]
        [Alias("JournalPath")]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary><para type="description">A settings file (YAML or JSON) whose journalPath names the journal when
        /// -Path is not given.</para></summary>
        [Parameter(ParameterSetName = QuerySet)]
        [ValidateNotNullOrEmpty]
        public string? SettingsPath { get; set; }

        /// <summary><para type="description">Only actions started at or after this time.</para></summary>
        [Parameter(ParameterSetName = QuerySet)]
        public DateTime? Since { get; set; }

        /// <summary><para type="description">Only actions started at or before this time.</para></summary>
        [Parameter(ParameterSetName = QuerySet)]
        public DateTime? Until { get; set; }

        /// <summary><para type="description">Only actions on these objects (object id or name,
        /// case-insensitive).</para></summary>
        [Parameter(ParameterSetName = QuerySet)]
        [ValidateNotNullOrEmpty]
        public string[]? Target { get; set; }

        /// <summary><para type="description">Only these actions.</para></summary>
        [Parameter(ParameterSetName = QuerySet)]
        public ResponseAction[]? Action { get; set; }

        /// <summary><para type="description">Only these outcomes; Pending shows actions whose run stopped before Graph
        /// answered.</para></summary>
        [Parameter(ParameterSetName = QuerySet)]
        public ActionStatus[]? Status { get; set; }

        /// <summary><para type="description">Only these records; binds from the JournalId of remediation
        /// results.</para></summary>
        [Parameter(ParameterSetName = QuerySet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? JournalId { get; set; }

        protected override void ProcessRecord()
        {
            if (JournalId != null)
                _journalIds.AddRange(JournalId);
        }

        protected override void EndProcessing()
        {
            var path = JournalLocation.Resolve(this, Path, SettingsPath);
            var query = new JournalQuery
            {
                Since = Instant(Since),
                Until = Instant(Until),
                Targets = Target ?? Array.Empty<string>(),
                Actions = Action ?? Array.Empty<ResponseAction>(),
                Statuses = Status ?? Array.Empty<ActionStatus>(),
                JournalIds = _journalIds.Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
            };
            var statistics = new JournalReadStatistics();
            try
            {
                WriteObject(JournalReader.Read(path, query, statistics), enumerateCollection: true);
            }
            catch (IOException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, "JournalReadFailed", path));
            }
            if (statistics.UnreadableLines.Count > 0)
            {
                WriteWarning(
                    $"Skipped {statistics.UnreadableLines.Count} unreadable journal line(s) (torn by a crash?): "
                        + $"{string.Join(", ", statistics.UnreadableLines.Take(5))}"
                );
            }
        }
    }
}

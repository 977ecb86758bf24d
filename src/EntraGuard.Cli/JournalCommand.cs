using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EntraGuard.Output;
using EntraGuard.Response;

namespace EntraGuard.Cli
{
    /// <summary><c>entraguard journal</c>: the remediation journal, filtered, as a table or JSON lines.</summary>
    internal static class JournalCommand
    {
        public const string Table = "table";
        public const string Json = "json";

        public static Command Create(TextWriter output)
        {
            var journalPath = new Option<string>("--journal")
            {
                Description =
                    "The journal file (default: the settings' journalPath, $ENTRAGUARD_JOURNAL, or "
                    + "EntraGuard/journal.jsonl in local app data).",
            };
            var settings = new Option<string>("--settings")
            {
                Description = "A settings file (YAML or JSON) whose journalPath names the journal.",
            };
            var since = new Option<string>("--since")
            {
                Description =
                    "Actions started at or after this time: a duration back from now (24h, 7d) or a timestamp.",
            };
            var until = new Option<string>("--until")
            {
                Description = "Actions started at or before this time: a duration back from now or a timestamp.",
            };
            var target = new Option<string[]>("--target")
            {
                Description = "Only actions on this object (id or name); repeat for several.",
            };
            var action = new Option<ResponseAction[]>("--action")
            {
                Description = "Only this action (RevokeCredential, DisableUser, …); repeat for several.",
            };
            var status = new Option<ActionStatus[]>("--status")
            {
                Description = "Only this outcome (Pending, Done, AlreadyDone, Refused, Failed); repeat for several.",
            };
            var format = new Option<string>("--format")
            {
                Description = "table (default) or json (one record a line).",
                DefaultValueFactory = _ => Table,
            };
            format.AcceptOnly(Table, Json);

            var command = new Command(
                "journal",
                "Show the remediation journal: who changed what, when, the state before, and the outcome (pending "
                    + "when a run stopped mid-call)."
            )
            {
                journalPath,
                settings,
                since,
                until,
                target,
                action,
                status,
                format,
            };
            command.SetAction(
                (parse, _) =>
                {
                    var path = ResponseJournal.ResolvePath(parse.GetValue(journalPath), parse.GetValue(settings));
                    var now = DateTimeOffset.UtcNow;
                    var query = new JournalQuery
                    {
                        Since = TimeArgument.Parse(parse.GetValue(since), "--since", now),
                        Until = TimeArgument.Parse(parse.GetValue(until), "--until", now),
                        Targets = parse.GetValue(target) ?? Array.Empty<string>(),
                        Actions = parse.GetValue(action) ?? Array.Empty<ResponseAction>(),
                        Statuses = parse.GetValue(status) ?? Array.Empty<ActionStatus>(),
                    };
                    var statistics = new JournalReadStatistics();
                    var records = JournalReader.Read(path, query, statistics);
                    if (parse.GetValue(format) == Json)
                        WriteJson(records, output);
                    else
                        WriteTable(records, output);
                    foreach (var line in statistics.UnreadableLines)
                        parse.InvocationConfiguration.Error.WriteLine(
                            $"entraguard: skipped unreadable journal line {line}"
                        );
                    return Task.FromResult(CliRunner.Success);
                }
            );
            return command.WithExamples(
                ("entraguard journal --since 7d", "Shows the remediation actions of the last week."),
                (
                    "entraguard journal --status Pending --format json",
                    "Lists the actions whose outcome was never recorded, as JSON lines."
                )
            );
        }

        private static void WriteTable(IReadOnlyList<JournalRecord> records, TextWriter output)
        {
            if (records.Count == 0)
            {
                output.WriteLine("No journal records.");
                return;
            }
            var rows = records
                .Select(r =>
                    new[]
                    {
                        r.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                        r.Status.ToString(),
                        r.Action.ToString(),
                        r.TargetName is null ? r.TargetId : $"{r.TargetName} ({r.TargetId})",
                        r.Detail ?? (r.Status == ActionStatus.Pending ? "no outcome recorded: check the target" : ""),
                    }
                )
                .ToList();
            var header = new[] { "Time (UTC)", "Status", "Action", "Target", "Detail" };
            TextTable.Write(header, rows, output, Terminal.Width(output));
        }

        private static void WriteJson(IReadOnlyList<JournalRecord> records, TextWriter output) =>
            JsonLines.Write(records, output, JournalRecordJson.Write);
    }
}

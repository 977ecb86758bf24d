using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using EntraGuard.Ingest;

namespace EntraGuard.Cli
{
    /// <summary><c>entraguard events</c>: what is in a set of audit files, or the events themselves as JSON
    /// lines.</summary>
    internal static class EventsCommand
    {
        public static Command Create(TextWriter output)
        {
            var source = new AuditSourceOptions();
            var format = new Option<string>("--format")
            {
                Description = "summary (default) or json (normalized events as JSON lines).",
                DefaultValueFactory = _ => "summary",
            };
            format.AcceptOnly("summary", "json");

            var command = new Command(
                "events",
                "Summarize audit events (counts per activity, time span, sources) or stream them as JSON lines."
            )
            {
                format,
            };
            source.AddTo(command);
            command.SetAction(
                (parse, cancellationToken) =>
                {
                    var statistics = new ReadStatistics();
                    var coverage = new AuditCoverage();
                    var events = source.Open(parse, statistics, coverage, cancellationToken);
                    if (parse.GetValue(format) == "json")
                    {
                        using (var writer = new AuditEventJsonWriter(output))
                        {
                            foreach (var auditEvent in events)
                                writer.Write(auditEvent);
                        }
                        source.CheckCoverage(parse, coverage, statistics);
                    }
                    else
                    {
                        WriteSummary(
                            events,
                            () => source.CheckCoverage(parse, coverage, statistics),
                            () => source.DescribeSource(parse, statistics),
                            statistics,
                            output
                        );
                    }
                    ReportSetAside(statistics, parse.InvocationConfiguration.Error);
                    return System.Threading.Tasks.Task.FromResult(CliRunner.Success);
                }
            );
            return command.WithExamples(
                (
                    "entraguard events samples/graph",
                    "Counts the sample tenant's audit events per activity, with their time span and files."
                ),
                (
                    "entraguard events exports/ --format json > events.jsonl",
                    "Streams the normalized events of a folder of exports as JSON lines."
                ),
                (
                    "entraguard events --graph --since 24h --tenant contoso.onmicrosoft.com --managed-identity",
                    "Summarizes the last day of directory audits read from Microsoft Graph as the managed identity."
                )
            );
        }

        private static void WriteSummary(
            IEnumerable<AuditEvent> events,
            Action checkRead,
            Func<string> describeSources,
            ReadStatistics statistics,
            TextWriter output
        )
        {
            var perActivity = new Dictionary<string, long>(ActivityName.Comparer);
            DateTimeOffset? first = null,
                last = null;
            long total = 0;
            foreach (var auditEvent in events)
            {
                total++;
                perActivity.TryGetValue(auditEvent.Activity, out var count);
                perActivity[auditEvent.Activity] = count + 1;
                if (first is null || auditEvent.ActivityDateTime < first)
                    first = auditEvent.ActivityDateTime;
                if (last is null || auditEvent.ActivityDateTime > last)
                    last = auditEvent.ActivityDateTime;
            }

            checkRead(); // before printing: an empty read is an error, not a summary of nothing
            output.WriteLine($"Events:   {total:N0}");
            output.WriteLine(
                first is null
                    ? "Span:     (no events)"
                    : $"Span:     {first.Value.UtcDateTime:u} .. {last!.Value.UtcDateTime:u}"
            );
            output.WriteLine($"Sources:  {describeSources()}"); // after the read: it counts the files read
            foreach (var file in statistics.Files)
                output.WriteLine($"  {file}");
            output.WriteLine();
            var width = Math.Max(8, perActivity.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max());
            output.WriteLine($"{"Activity".PadRight(width)}  {"Count", 8}");
            output.WriteLine($"{new string('-', width)}  {new string('-', 8)}");
            foreach (
                var entry in perActivity.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal)
            )
            {
                output.WriteLine($"{entry.Key.PadRight(width)}  {entry.Value, 8:N0}");
            }
        }

        /// <summary>Says on stderr what the read set aside, so nothing is dropped silently.</summary>
        internal static void ReportSetAside(
            ReadStatistics statistics,
            TextWriter error,
            string whatIsRead = "only AuditLogs is read"
        )
        {
            if (statistics.InvalidRecords > 0)
            {
                error.WriteLine($"entraguard: skipped {statistics.InvalidRecords} invalid record(s):");
                foreach (var message in statistics.InvalidRecordMessages)
                    error.WriteLine($"  {message}");
            }
            foreach (var category in statistics.OtherCategories.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                error.WriteLine(
                    $"entraguard: skipped {category.Value} diagnostic record(s) of category "
                        + $"{InputText.Quote(category.Key)} ({whatIsRead})"
                );
            }
            foreach (var file in statistics.IgnoredFiles)
            {
                error.WriteLine($"entraguard: ignored {InputText.OneLine(file)}: not JSON");
            }
        }
    }
}

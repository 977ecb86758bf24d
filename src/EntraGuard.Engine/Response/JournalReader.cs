using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace EntraGuard.Response
{
    /// <summary>Which journal records to return. Empty criteria match everything.</summary>
    public sealed class JournalQuery
    {
        /// <summary>Records started at or after this time.</summary>
        public DateTimeOffset? Since { get; init; }

        /// <summary>Records started at or before this time.</summary>
        public DateTimeOffset? Until { get; init; }

        /// <summary>Records whose target id or name equals one of these (case-insensitive).</summary>
        public IReadOnlyCollection<string> Targets { get; init; } = Array.Empty<string>();

        public IReadOnlyCollection<ResponseAction> Actions { get; init; } = Array.Empty<ResponseAction>();

        /// <summary>Records with one of these journal ids (what each ActionResult carries).</summary>
        public IReadOnlyCollection<string> JournalIds { get; init; } = Array.Empty<string>();
        public IReadOnlyCollection<ActionStatus> Statuses { get; init; } = Array.Empty<ActionStatus>();

        internal bool Matches(JournalRecord record) =>
            (Since is null || record.Time >= Since)
            && (Until is null || record.Time <= Until)
            && (
                Targets.Count == 0
                || Targets.Any(t =>
                    string.Equals(t, record.TargetId, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(t, record.TargetName, StringComparison.OrdinalIgnoreCase)
                )
            )
            && (Actions.Count == 0 || Actions.Contains(record.Action))
            && (JournalIds.Count == 0 || JournalIds.Contains(record.JournalId, StringComparer.OrdinalIgnoreCase))
            && (Statuses.Count == 0 || Statuses.Contains(record.Status));
    }

    /// <summary>What a journal read could not use.</summary>
    public sealed class JournalReadStatistics
    {
        /// <summary>Lines that are not journal entries (a line torn by a crash mid-write), by line number.</summary>
        public List<string> UnreadableLines { get; } = new();
    }

    /// <summary>
    /// Reads the journal back: each action's started and completed lines merged into one <see cref="JournalRecord"/>,
    /// in the order the actions started. An action with no outcome line is <see cref="ActionStatus.Pending"/>.
    /// Reads while a run is writing (the writer allows readers); a journal not written yet reads as empty.
    /// </summary>
    public static class JournalReader
    {
        public static IReadOnlyList<JournalRecord> Read(
            string path,
            JournalQuery query,
            JournalReadStatistics? statistics = null
        )
        {
            // A fresh machine has no journal file until the first change is journaled: that is an empty journal.
            if (!File.Exists(path))
                return Array.Empty<JournalRecord>();
            var order = new List<string>();
            var started = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            var completed = new Dictionary<string, JsonElement>(StringComparer.Ordinal);

            using (
                var stream = new FileStream(
                    path,
                    FileMode.Open,
                    FileAccess.Read,
                    FileShare.ReadWrite | FileShare.Delete
                )
            )
            using (var reader = new StreamReader(stream, new UTF8Encoding(false)))
            {
                var number = 0;
                string? line;
                while ((line = reader.ReadLine()) != null)
                {
                    number++;
                    if (line.Trim().Length == 0)
                        continue;
                    if (!TryParse(line, out var entry, out var id, out var phase))
                    {
                        statistics?.UnreadableLines.Add($"{path}:{number}");
                        continue;
                    }
                    if (!started.ContainsKey(id) && !completed.ContainsKey(id))
                        order.Add(id);
                    if (phase == ResponseJournal.StartedPhase)
                        started[id] = entry;
                    else
                        completed[id] = entry;
                }
            }

            var records = new List<JournalRecord>();
            foreach (var id in order)
            {
                started.TryGetValue(id, out var start);
                var hasStart = start.ValueKind == JsonValueKind.Object;
                var hasEnd = completed.TryGetValue(id, out var end);
                var record = Merge(id, hasStart ? start : end, hasEnd ? end : (JsonElement?)null);
                if (query.Matches(record))
                    records.Add(record);
            }
            return records;
        }

        private static bool TryParse(string line, out JsonElement entry, out string id, out string phase)
        {
            entry = default;
            id = phase = "";
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (
                    root.ValueKind != JsonValueKind.Object
                    || Text(root, JournalRecordJson.JournalId) is not { Length: > 0 } journalId
                )
                    return false;
                var linePhase = Text(root, JournalRecordJson.Phase);
                if (linePhase != ResponseJournal.StartedPhase && linePhase != ResponseJournal.CompletedPhase)
                    return false;
                entry = root.Clone();
                id = journalId;
                phase = linePhase!;
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private static JournalRecord Merge(string id, JsonElement description, JsonElement? outcome)
        {
            var target =
                description.TryGetProperty(JournalRecordJson.Target, out var t) && t.ValueKind == JsonValueKind.Object
                    ? t
                    : default;
            return new JournalRecord
            {
                JournalId = id,
                Time = Time(description) ?? default,
                CompletedTime = outcome is { } o ? Time(o) : null,
                Status =
                    outcome is { } done
                    && Enum.TryParse<ActionStatus>(Text(done, JournalRecordJson.Status), out var status)
                        ? status
                        : ActionStatus.Pending,
                Action = Enum.TryParse<ResponseAction>(Text(description, JournalRecordJson.Action), out var action)
                    ? action
                    : default,
                TenantId = Text(description, JournalRecordJson.TenantId),
                ConnectedAs = Text(description, JournalRecordJson.ConnectedAs),
                Operator = Text(description, JournalRecordJson.Operator),
                TargetType =
                    target.ValueKind == JsonValueKind.Object ? Text(target, JournalRecordJson.TargetType) ?? "" : "",
                TargetId =
                    target.ValueKind == JsonValueKind.Object
                        ? Text(target, JournalRecordJson.TargetIdentifier) ?? ""
                        : "",
                TargetName =
                    target.ValueKind == JsonValueKind.Object ? Text(target, JournalRecordJson.TargetName) : null,
                Calls =
                    description.TryGetProperty(JournalRecordJson.Calls, out var calls)
                    && calls.ValueKind == JsonValueKind.Array
                        ? calls
                            .EnumerateArray()
                            .Where(c => c.ValueKind == JsonValueKind.String)
                            .Select(c => c.GetString()!)
                            .ToArray()
                        : Array.Empty<string>(),
                PriorState = description.TryGetProperty(JournalRecordJson.PriorState, out var prior)
                    ? prior.GetRawText()
                    : null,
                Detail = outcome is { } d ? Text(d, JournalRecordJson.Detail) : null,
                ErrorKind = outcome is { } e ? Text(e, JournalRecordJson.ErrorKind) : null,
                CorrelationId = Text(description, JournalRecordJson.CorrelationId),
                RiskEventId = Text(description, JournalRecordJson.RiskEventId),
                Settles =
                    outcome is { } s
                    && s.TryGetProperty(JournalRecordJson.Settles, out var settles)
                    && settles.ValueKind == JsonValueKind.Array
                        ? settles
                            .EnumerateArray()
                            .Where(i => i.ValueKind == JsonValueKind.String)
                            .Select(i => i.GetString()!)
                            .ToArray()
                        : Array.Empty<string>(),
                SettledBy = outcome is { } b ? Text(b, JournalRecordJson.SettledBy) : null,
            };
        }

        private static DateTimeOffset? Time(JsonElement element) =>
            element.TryGetProperty(JournalRecordJson.Time, out var time)
            && time.ValueKind == JsonValueKind.String
            && time.TryGetDateTimeOffset(out var value)
                ? value
                : null;

        private static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace EntraGuard.Ingest
{
    /// <summary>
    /// What a read of audit files covered: how many events, and which hours each file holds. A read that found no
    /// event is not a clean tenant (a broken export looks exactly like one), and hours that no file covers inside the
    /// range read are a hole in the history the rules judge. Hosts observe the events they read through this and turn
    /// the answers into their own error and warning.
    /// </summary>
    public sealed class AuditCoverage
    {
        /// <summary>How many missing ranges a warning lists before it counts the rest.</summary>
        public const int ListedGaps = 5;

        // Azure Monitor's storage layout: …/y=2026/m=11/d=01/h=00/m=00/PT1H.json holds that hour's records.
        private static readonly Regex HourlyBlob = new(
            @"[\\/]y=(\d{4})[\\/]m=(\d{1,2})[\\/]d=(\d{1,2})[\\/]h=(\d{1,2})[\\/]",
            RegexOptions.CultureInvariant
        );

        // A date in a file name: auditlogs-20261113.json.gz, export-2026-11-13.json.
        private static readonly Regex DatedName = new(
            @"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)",
            RegexOptions.CultureInvariant
        );

        private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

        private readonly Dictionary<string, EventSpan> _spans = new(StringComparer.Ordinal);
        private EventSpan? _current;
        private string? _currentSource;

        // Events per UTC day, for a report's timeline: the current day is counted in a field (events come in runs of
        // one day), and folded into the dictionary when the day changes.
        private readonly Dictionary<DateTime, long> _perDay = new();
        private DateTime _day;
        private long _dayEvents;

        /// <summary>Events seen.</summary>
        public long Events { get; private set; }

        /// <summary>The oldest event's time, or null when none was seen.</summary>
        public DateTimeOffset? First { get; private set; }

        /// <summary>The newest event's time, or null when none was seen.</summary>
        public DateTimeOffset? Last { get; private set; }

        /// <summary>The events, unchanged, noting each as it passes.</summary>
        public IEnumerable<AuditEvent> Observe(IEnumerable<AuditEvent> events)
        {
            foreach (var auditEvent in events)
            {
                Add(auditEvent);
                yield return auditEvent;
            }
        }

        /// <summary>Notes one event: its time, and the span of the file it came from.</summary>
        public void Add(AuditEvent auditEvent) => Add(auditEvent.ActivityDateTime, auditEvent.Source);

        /// <summary>Notes an event by its time and the file it came from.</summary>
        internal void Add(DateTimeOffset time, string? source)
        {
            Events++;
            if (First is null || time < First)
                First = time;
            if (Last is null || time > Last)
                Last = time;
            var day = time.UtcDateTime.Date;
            if (day != _day)
            {
                FoldDay();
                _day = day;
            }
            _dayEvents++;
            source ??= "";
            // Events come file by file: one lookup per file, not per event.
            if (_current is null || !string.Equals(source, _currentSource, StringComparison.Ordinal))
            {
                _currentSource = source;
                if (!_spans.TryGetValue(source, out _current))
                {
                    _current = new EventSpan(time);
                    _spans.Add(source, _current);
                }
            }
            _current.Include(time);
        }

        /// <summary>Events seen per UTC day (midnight of the day, kind UTC), oldest first.</summary>
        public IReadOnlyList<KeyValuePair<DateTime, long>> EventsPerDay
        {
            get
            {
                FoldDay();
                return _perDay.OrderBy(d => d.Key).ToList();
            }
        }

        private void FoldDay()
        {
            if (_dayEvents == 0)
                return;
            _perDay.TryGetValue(_day, out var counted);
            _perDay[_day] = counted + _dayEvents;
            _dayEvents = 0;
        }

        /// <summary>Takes in what another coverage saw (a reader of a parallel scan).</summary>
        public void Merge(AuditCoverage part)
        {
            Events += part.Events;
            if (part.First is { } first && (First is null || first < First))
                First = first;
            if (part.Last is { } last && (Last is null || last > Last))
                Last = last;
            part.FoldDay();
            foreach (var day in part._perDay)
            {
                _perDay.TryGetValue(day.Key, out var counted);
                _perDay[day.Key] = counted + day.Value;
            }
            foreach (var entry in part._spans)
            {
                if (_spans.TryGetValue(entry.Key, out var span))
                {
                    span.Include(entry.Value.First);
                    span.Include(entry.Value.Last);
                }
                else
                    _spans.Add(entry.Key, entry.Value);
            }
        }

        /// <summary>
        /// Throws <see cref="NoAuditEventsException"/> when no event was seen: the message names what was read and
        /// ends with <paramref name="allowEmptyHint"/>, the host's own words for accepting an empty read.
        /// </summary>
        public void RequireEvents(IEnumerable<string> paths, ReadStatistics statistics, string allowEmptyHint)
        {
            if (Events > 0)
                return;
            throw new NoAuditEventsException(
                $"no audit events in {DescribePaths(paths)} ({DescribeRead(statistics)}); {allowEmptyHint}"
            );
        }

        /// <summary>
        /// As <see cref="RequireEvents"/> for a read of sign-ins: files that held none are an error, not quiet.
        /// </summary>
        public static void RequireSignIns(IEnumerable<string> paths, ReadStatistics statistics, string allowEmptyHint)
        {
            if (statistics.Events > 0)
                return;
            throw new NoAuditEventsException(
                $"no sign-ins in {DescribePaths(paths)} ({DescribeRead(statistics)}); {allowEmptyHint}"
            );
        }

        /// <summary>
        /// The whole UTC hours inside the range read that no file covers, merged into ranges (start inclusive, end
        /// exclusive). A file covers the hours from its first event to its last, and what its path names even when it
        /// holds no event (see <see cref="NamedRange"/>). One file leaves no gap by this measure; a quiet stretch
        /// between two files whose names say nothing does.
        /// </summary>
        public IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> MissingHours(IEnumerable<string> filesRead)
        {
            var covered = new List<(DateTimeOffset Start, DateTimeOffset End)>();
            foreach (var span in _spans.Values)
                covered.Add((FloorHour(span.First), FloorHour(span.Last) + Hour));
            foreach (var file in filesRead)
            {
                _spans.TryGetValue(file, out var span);
                if (NamedRange(file, span) is { } named)
                    covered.Add(named);
            }
            var gaps = new List<(DateTimeOffset, DateTimeOffset)>();
            if (covered.Count < 2)
                return gaps;
            covered.Sort((a, b) => a.Start.CompareTo(b.Start));
            var coveredUntil = covered[0].End;
            foreach (var (start, end) in covered.Skip(1))
            {
                if (start > coveredUntil)
                    gaps.Add((coveredUntil, start));
                if (end > coveredUntil)
                    coveredUntil = end;
            }
            return gaps;
        }

        /// <summary>
        /// One line for a warning about <see cref="MissingHours"/>, or null when there is no gap: the ranges (the
        /// first <see cref="ListedGaps"/>, then a count) and the hours missing in all.
        /// </summary>
        public string? DescribeGaps(IEnumerable<string> filesRead)
        {
            var gaps = MissingHours(filesRead);
            if (gaps.Count == 0)
                return null;
            var hours = gaps.Sum(g => (long)(g.End - g.Start).TotalHours);
            var listed = string.Join(", ", gaps.Take(ListedGaps).Select(g => $"{Format(g.Start)} .. {Format(g.End)}"));
            var more = gaps.Count > ListedGaps ? $" and {gaps.Count - ListedGaps} more range(s)" : "";
            return $"the files read leave {hours} hour(s) uncovered between {Format(First!.Value)} and "
                + $"{Format(Last!.Value)} (UTC): {listed}{more}; findings over this history miss what happened then";
        }

        private static string DescribePaths(IEnumerable<string> paths)
        {
            var quoted = paths.Select(p => InputText.Quote(p)).ToList();
            if (quoted.Count == 0)
                return "no path";
            var listed = string.Join(", ", quoted.Take(3));
            return quoted.Count <= 3 ? listed : $"{listed} and {quoted.Count - 3} more";
        }

        private static string DescribeRead(ReadStatistics statistics)
        {
            var parts = new List<string> { $"{statistics.Files.Count} file(s) read" };
            if (statistics.IgnoredFiles.Count > 0)
                parts.Add($"{statistics.IgnoredFiles.Count} not JSON");
            if (statistics.OtherCategoryRecords > 0)
            {
                parts.Add($"{statistics.OtherCategoryRecords} record(s) of other logs");
            }
            if (statistics.InvalidRecords > 0)
                parts.Add($"{statistics.InvalidRecords} invalid record(s) skipped");
            return string.Join(", ", parts);
        }

        /// <summary>
        /// The range a file's path says it holds, or null: the hour of an Azure Monitor blob (its whole day when its
        /// events run past that hour, as in a blob written a day at a time), or the day a file name's date names
        /// (auditlogs-20261113.json.gz) when its events fall on that day.
        /// </summary>
        private static (DateTimeOffset Start, DateTimeOffset End)? NamedRange(string file, EventSpan? span)
        {
            if (Time(HourlyBlob.Match(file), hasHour: true) is { } hour)
            {
                var spills = span != null && (span.First < hour || span.Last >= hour + Hour);
                return spills ? (hour.Date, hour.Date.AddDays(1)) : (hour, hour + Hour);
            }
            if (Time(DatedName.Match(Path.GetFileName(file)), hasHour: false) is { } day)
            {
                var within = span is null || (span.First >= day && span.Last < day.AddDays(1));
                return within ? (day, day.AddDays(1)) : null;
            }
            return null;
        }

        private static DateTimeOffset? Time(Match match, bool hasHour)
        {
            if (!match.Success)
                return null;
            int Part(int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
            try
            {
                return new DateTimeOffset(Part(1), Part(2), Part(3), hasHour ? Part(4) : 0, 0, 0, TimeSpan.Zero);
            }
            catch (ArgumentOutOfRangeException)
            {
                return null; // a name that only looks like a date (h=25, 20261399) says nothing about coverage
            }
        }

        private static DateTimeOffset FloorHour(DateTimeOffset time)
        {
            var utc = time.ToUniversalTime();
            return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
        }

        private static string Format(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

        private sealed class EventSpan
        {
            public EventSpan(DateTimeOffset time)
            {
                First = time;
                Last = time;
            }

            public DateTimeOffset First { get; private set; }
            public DateTimeOffset Last { get; private set; }

            public void Include(DateTimeOffset time)
            {
                if (time < First)
                    First = time;
                if (time > Last)
                    Last = time;
            }
        }
    }

    /// <summary>A read of audit files that found no event at all: an error unless the host was told to allow
    /// it.</summary>
    public sealed class NoAuditEventsException : Exception
    {
        public NoAuditEventsException(string message)
            : base(message) { }
    }
}

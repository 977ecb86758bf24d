using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Detection;
using EntraGuard.Ingest;
using EntraGuard.Investigation;
using EntraGuard.Posture;

namespace EntraGuard.Output
{
    /// <summary>
    /// What a report shows: the findings and what they were judged over (events read, the time range, hours no file
    /// covered), and, when given, a posture run. Hosts build it with <see cref="FromScan"/> or
    /// <see cref="FromFindings"/> and hand it to <see cref="HtmlReportWriter"/>.
    /// </summary>
    public sealed record ReportContent
    {
        public string Title { get; init; } = "EntraGuard report";

        public DateTimeOffset GeneratedAt { get; init; }

        /// <summary>Where the events came from, in a few words ("samples/graph: 14 file(s)").</summary>
        public string Source { get; init; } = "";

        public IReadOnlyList<RiskEvent> Findings { get; init; } = Array.Empty<RiskEvent>();

        /// <summary>Audit events read; null when the findings arrived without the events they came from.</summary>
        public long? EventsRead { get; init; }

        /// <summary>The oldest and newest event read (or, without events, the findings' span).</summary>
        public DateTimeOffset? DataStart { get; init; }

        public DateTimeOffset? DataEnd { get; init; }

        /// <summary>Events per UTC day, oldest first; empty when the events were not seen.</summary>
        public IReadOnlyList<KeyValuePair<DateTime, long>> EventsPerDay { get; init; } =
            Array.Empty<KeyValuePair<DateTime, long>>();

        /// <summary>Findings a suppression matched, listed or not.</summary>
        public int SuppressedCount { get; init; }

        /// <summary>Findings left out for being below the minimum severity.</summary>
        public int BelowMinimumSeverityCount { get; init; }

        /// <summary>Whole hours inside the range read that no file covered (start inclusive, end exclusive).</summary>
        public IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> CoverageGaps { get; init; } =
            Array.Empty<(DateTimeOffset, DateTimeOffset)>();

        public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();

        /// <summary>A posture run to show beside the findings, or null for none.</summary>
        public PostureReport? Posture { get; init; }

        /// <summary>Investigations of the findings (matched by risk event id), shown with each.</summary>
        public IReadOnlyList<RiskEventContext> Contexts { get; init; } = Array.Empty<RiskEventContext>();

        /// <summary>
        /// What to say of investigations whose risk event is not among the findings (another scan's, or a finding
        /// left out by severity or suppression), or null when every investigation has its finding.
        /// </summary>
        public string? DescribeUnmatchedContexts()
        {
            var ids = new HashSet<string>(Findings.Select(f => f.RiskEventId), StringComparer.Ordinal);
            var unmatched = Contexts.Select(c => c.RiskEventId).Where(id => !ids.Contains(id)).Distinct().ToList();
            if (unmatched.Count == 0)
                return null;
            var listed = string.Join(", ", unmatched.Take(3)) + (unmatched.Count > 3 ? ", …" : "");
            return $"{unmatched.Count} investigation(s) name a risk event this report does not show ({listed}).";
        }

        /// <summary>A scan's result with what its read covered.</summary>
        public static ReportContent FromScan(
            ScanResult result,
            AuditCoverage coverage,
            IEnumerable<string> filesRead,
            string source,
            DateTimeOffset generatedAt,
            IEnumerable<string>? warnings = null,
            PostureReport? posture = null
        ) =>
            new()
            {
                GeneratedAt = generatedAt,
                Source = source,
                Findings = result.Findings,
                EventsRead = result.EventsSeen,
                DataStart = result.DataStart ?? coverage.First,
                DataEnd = result.DataEnd ?? coverage.Last,
                EventsPerDay = coverage.EventsPerDay,
                SuppressedCount = result.SuppressedCount,
                BelowMinimumSeverityCount = result.BelowMinimumSeverityCount,
                CoverageGaps = coverage.MissingHours(filesRead),
                Warnings = (warnings ?? Array.Empty<string>()).Concat(result.Warnings).ToList(),
                Posture = posture,
            };

        /// <summary>Findings that arrived on their own (a pipeline): the events behind them are not known.</summary>
        public static ReportContent FromFindings(
            IReadOnlyList<RiskEvent> findings,
            string source,
            DateTimeOffset generatedAt,
            PostureReport? posture = null
        ) =>
            new()
            {
                GeneratedAt = generatedAt,
                Source = source,
                Findings = findings,
                DataStart = findings.Count == 0 ? null : findings.Min(f => f.TimeGenerated),
                DataEnd = findings.Count == 0 ? null : findings.Max(f => f.TimeGenerated),
                SuppressedCount = findings.Count(f => f.Suppressed),
                Posture = posture,
            };
    }
}

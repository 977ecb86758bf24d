using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using EntraGuard.Detection;
using EntraGuard.Ingest;

namespace EntraGuard.Cli
{
    /// <summary>What a scan ran with and what it found, with what its read covered.</summary>
    internal sealed record ScanOutcome(
        DetectionSetup Setup,
        ScanResult Result,
        AuditCoverage Coverage,
        ReadStatistics Statistics
    );

    /// <summary>
    /// The options a scan reads its events, rules and suppressions by, and the scan itself: declared once for
    /// <c>scan</c> and <c>report</c>, which differ only in how they write what was found.
    /// </summary>
    internal sealed class ScanInputs
    {
        public AuditSourceOptions Source { get; } = new();
        public DetectionOptions Detection { get; } = new();

        public Option<Severity?> MinSeverity { get; } =
            SeverityOption("--min-severity", "Report only findings at or above this severity.");

        public Option<string?> Suppressions { get; } =
            new("--suppressions")
            {
                Description = "A suppression file (YAML); overrides the settings' suppressionPath.",
            };

        public Option<bool> IncludeSuppressed { get; } =
            new("--include-suppressed") { Description = "Also report suppressed findings (marked as such)." };

        public Option<DateTimeOffset?> AsOf { get; } =
            new("--as-of")
            {
                Description =
                    "Judge suppression expiry as of this date/time instead of now (reproducible reports of past data).",
                CustomParser = result =>
                {
                    var text = result.Tokens.Single().Value;
                    if (
                        DateTimeOffset.TryParse(
                            text,
                            CultureInfo.InvariantCulture,
                            DateTimeStyles.AssumeUniversal,
                            out var instant
                        )
                    )
                        return instant;
                    result.AddError($"--as-of: '{text}' is not a date or a date and time.");
                    return null;
                },
            };

        public Option<int> MaxParallelism { get; } = CreateMaxParallelism();

        private static Option<int> CreateMaxParallelism()
        {
            var option = new Option<int>("--max-parallelism")
            {
                Description =
                    "Files (and parts of large files) read at once; default one a processor, 1 reads one at a time.",
                DefaultValueFactory = _ => Environment.ProcessorCount,
            };
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 1)
                    result.AddError("--max-parallelism must be 1 or more.");
            });
            return option;
        }

        public void AddTo(Command command)
        {
            command.Options.Add(MinSeverity);
            command.Options.Add(Suppressions);
            command.Options.Add(IncludeSuppressed);
            command.Options.Add(AsOf);
            command.Options.Add(MaxParallelism);
            Source.AddTo(command);
            Detection.AddTo(command);
        }

        /// <summary>
        /// Loads the rules, reads the events and scans them; files without any event are an error here (unless
        /// --allow-empty) and uncovered hours a warning on stderr.
        /// </summary>
        public ScanOutcome Run(ParseResult parse, CancellationToken cancellationToken)
        {
            var setup = Detection.Load(parse, parse.GetValue(Suppressions));
            var statistics = new ReadStatistics();
            var options = setup.Options(
                parse.GetValue(MinSeverity) ?? Severity.Informational,
                parse.GetValue(IncludeSuppressed),
                now: parse.GetValue(AsOf)
            );
            var coverage = new AuditCoverage();
            var session = setup.Engine.BeginScan(options);
            if (Source.FromFiles(parse) is { } paths && !paths.Contains(AuditSourceOptions.Stdin))
            {
                var fileOptions = new FileScanOptions
                {
                    SkipInvalid = parse.GetValue(Source.SkipInvalid),
                    MaxParallelism = parse.GetValue(MaxParallelism),
                    Statistics = statistics,
                    Coverage = coverage,
                };
                session.AddFiles(paths, fileOptions, cancellationToken);
            }
            else
            {
                // Graph, or stdin: one stream.
                foreach (var auditEvent in Source.Open(parse, statistics, coverage, cancellationToken))
                    session.Add(auditEvent);
            }
            var result = session.Complete();
            Source.CheckCoverage(parse, coverage, statistics);
            return new ScanOutcome(setup, result, coverage, statistics);
        }

        /// <summary>What the read set aside, the scan's warnings and the one summary line, on stderr.</summary>
        public void WriteSummary(ParseResult parse, ScanOutcome outcome, TextWriter error)
        {
            var result = outcome.Result;
            EventsCommand.ReportSetAside(outcome.Statistics, error);
            foreach (var warning in result.Warnings)
                error.WriteLine($"entraguard: warning: {warning}");
            var partial = Source.IsResume(parse) ? $" (resumed: {AuditSourceOptions.PartialWindow})" : "";
            error.WriteLine(
                $"entraguard: {result.EventsSeen:N0} event(s), {result.Findings.Count:N0} finding(s) reported, "
                    + $"{result.SuppressedCount:N0} suppressed, "
                    + $"{result.BelowMinimumSeverityCount:N0} below --min-severity{partial}"
            );
        }

        /// <summary>A severity option (--fail-on, --min-severity) that names the allowed values.</summary>
        internal static Option<Severity?> SeverityOption(string name, string description) =>
            new(name)
            {
                Description = description + " (" + SeverityNames.Allowed + ")",
                CustomParser = result =>
                {
                    var text = result.Tokens.Single().Value;
                    if (SeverityNames.TryParse(text, out var severity))
                        return severity;
                    result.AddError($"{name}: '{text}' is not a severity (use {SeverityNames.Allowed}).");
                    return null;
                },
            };
    }
}

using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EntraGuard.Detection;
using EntraGuard.Ingest;
using EntraGuard.Output;

namespace EntraGuard.Cli
{
    /// <summary><c>entraguard scan</c>: run the detection rules over audit files and report the findings.</summary>
    internal static class ScanCommand
    {
        public static Command Create(TextWriter output)
        {
            var source = new AuditSourceOptions();
            var detection = new DetectionOptions();
            var format = new Option<string>("--format")
            {
                Description = "table (default), json (JSON lines, one finding a line) or csv.",
                DefaultValueFactory = _ => RiskEventWriter.Table,
            };
            format.AcceptOnly(RiskEventWriter.Table, RiskEventWriter.Json, RiskEventWriter.Csv);
            var failOn = SeverityOption(
                "--fail-on",
                "Exit with 1 when an unsuppressed finding at or above this severity is reported."
            );
            var minSeverity = SeverityOption("--min-severity", "Report only findings at or above this severity.");
            var suppressions = new Option<string?>("--suppressions")
            {
                Description = "A suppression file (YAML); overrides the settings' suppressionPath.",
            };
            var includeSuppressed = new Option<bool>("--include-suppressed")
            {
                Description = "Also report suppressed findings (marked as such).",
            };
            var asOf = new Option<DateTimeOffset?>("--as-of")
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

            var maxParallelism = new Option<int>("--max-parallelism")
            {
                Description =
                    "Files (and parts of large files) read at once; default one a processor, 1 reads one at a time.",
                DefaultValueFactory = _ => Environment.ProcessorCount,
            };
            maxParallelism.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 1)
                    result.AddError("--max-parallelism must be 1 or more.");
            });

            var command = new Command(
                "scan",
                "Run EntraGuard's detection rules over audit files and report risk events."
            )
            {
                format,
                failOn,
                minSeverity,
                suppressions,
                includeSuppressed,
                asOf,
                maxParallelism,
            };
            source.AddTo(command);
            detection.AddTo(command);
            command.SetAction(
                (parse, cancellationToken) =>
                {
                    var error = parse.InvocationConfiguration.Error;
                    var setup = detection.Load(parse, parse.GetValue(suppressions));
                    var statistics = new ReadStatistics();
                    var options = setup.Options(
                        parse.GetValue(minSeverity) ?? Severity.Informational,
                        parse.GetValue(includeSuppressed),
                        now: parse.GetValue(asOf)
                    );
                    var coverage = new AuditCoverage();
                    var session = setup.Engine.BeginScan(options);
                    if (source.FromFiles(parse) is { } paths)
                    {
                        var fileOptions = new FileScanOptions
                        {
                            SkipInvalid = parse.GetValue(source.SkipInvalid),
                            MaxParallelism = parse.GetValue(maxParallelism),
                            Statistics = statistics,
                            Coverage = coverage,
                        };
                        session.AddFiles(paths, fileOptions, cancellationToken);
                    }
                    else
                    {
                        foreach (var auditEvent in source.Open(parse, statistics, coverage, cancellationToken))
                            session.Add(auditEvent);
                    }
                    var result = session.Complete();
                    source.CheckCoverage(parse, coverage, statistics);

                    RiskEventWriter.Write(parse.GetValue(format)!, result.Findings, output);
                    EventsCommand.ReportSetAside(statistics, error);
                    foreach (var warning in result.Warnings)
                        error.WriteLine($"entraguard: warning: {warning}");
                    var partial = source.IsResume(parse) ? $" (resumed: {AuditSourceOptions.PartialWindow})" : "";
                    error.WriteLine(
                        $"entraguard: {result.EventsSeen:N0} event(s), {result.Findings.Count} finding(s) reported, "
                            + $"{result.SuppressedCount} suppressed, "
                            + $"{result.BelowMinimumSeverityCount} below --min-severity{partial}"
                    );

                    var threshold = parse.GetValue(failOn);
                    var fail = threshold is { } floor && result.Findings.Any(f => !f.Suppressed && f.Severity >= floor);
                    return Task.FromResult(fail ? CliRunner.FindingsAtOrAboveThreshold : CliRunner.Success);
                }
            );
            return command;
        }

        /// <summary>A severity option (--fail-on, --min-severity) that names the allowed values when given a wrong one.</summary>
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

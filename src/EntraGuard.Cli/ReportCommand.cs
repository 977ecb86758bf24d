using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Ingest;
using EntraGuard.Investigation;
using EntraGuard.Output;
using EntraGuard.Posture;

namespace EntraGuard.Cli
{
    /// <summary>
    /// <c>entraguard report</c>: scan as <c>scan</c> does and write what was found as one self-contained HTML file
    /// (with a saved posture run beside it when --posture names one, and an investigation of each finding with
    /// --investigate or --contexts).
    /// </summary>
    internal static class ReportCommand
    {
        public const string DefaultFile = "report.html";

        public static Command Create(TextWriter output)
        {
            var inputs = new ScanInputs();
            var outFile = new Option<string>("--out", "-o")
            {
                Description =
                    $"The HTML file to write (replaced when it exists); '-' for stdout. Default: {DefaultFile}.",
                DefaultValueFactory = _ => DefaultFile,
            };
            var posture = new Option<string?>("--posture")
            {
                Description = "A saved posture run ('entraguard posture --format json' output) to show in the report.",
            };
            var investigate = new Option<bool>("--investigate")
            {
                Description =
                    "Investigate each finding over the same files (give the sign-in exports too) or, with --graph, "
                    + "over Microsoft Graph, and show what the data says with it.",
            };
            var contexts = new Option<string?>("--contexts")
            {
                Description =
                    "Investigations to show with their findings ('entraguard investigate --format json' output), "
                    + "'-' for stdin.",
            };
            var title = new Option<string>("--title")
            {
                Description = "The report's title. Default: EntraGuard report.",
                DefaultValueFactory = _ => "EntraGuard report",
            };
            var command = new Command(
                "report",
                "Scan audit files (or Microsoft Graph) and write the findings as one self-contained HTML report: "
                    + "summary, timeline, findings with their evidence, MITRE ATT&CK, investigation and response."
            )
            {
                outFile,
                posture,
                investigate,
                contexts,
                title,
            };
            inputs.AddTo(command);
            command.Validators.Add(result =>
            {
                var readsStdin =
                    Array.IndexOf(
                        result.GetValue(inputs.Source.Paths) ?? Array.Empty<string>(),
                        AuditSourceOptions.Stdin
                    ) >= 0;
                if (result.GetValue(investigate) && result.GetValue(contexts) != null)
                    result.AddError("Give either --investigate or --contexts, not both.");
                else if (result.GetValue(investigate) && readsStdin)
                    result.AddError(
                        "--investigate reads the files again, which stdin ('-') cannot be; use --contexts."
                    );
                else if (result.GetValue(contexts) == AuditSourceOptions.Stdin && readsStdin)
                    result.AddError("Audit events and --contexts cannot both come from stdin ('-').");
            });
            command.SetAction(
                (parse, cancellationToken) =>
                {
                    var error = parse.InvocationConfiguration.Error;
                    // Read first: a bad posture file should stop the run before a long scan.
                    var postureReport = parse.GetValue(posture) is { } posturePath
                        ? PostureResultJson.Read(posturePath)
                        : null;
                    var givenContexts = parse.GetValue(contexts) is { } contextsPath
                        ? ReadContexts(contextsPath)
                        : null;
                    var outcome = inputs.Run(parse, cancellationToken);
                    var content = ReportContent.FromScan(
                        outcome.Result,
                        outcome.Coverage,
                        outcome.Statistics.Files,
                        inputs.Source.DescribeSource(parse, outcome.Statistics),
                        DateTimeOffset.UtcNow,
                        outcome.Setup.Warnings,
                        postureReport
                    ) with
                    {
                        Title = parse.GetValue(title)!,
                        Contexts =
                            givenContexts
                            ?? (
                                parse.GetValue(investigate)
                                    ? Investigate(parse, inputs, outcome, error, cancellationToken)
                                    : Array.Empty<RiskEventContext>()
                            ),
                    };
                    if (content.DescribeUnmatchedContexts() is { } unmatched)
                        error.WriteLine($"entraguard: warning: {unmatched}");
                    var path = parse.GetValue(outFile)!;
                    if (path == "-")
                        HtmlReportWriter.Write(content, output);
                    else
                        HtmlReportWriter.WriteFile(content, Path.GetFullPath(path));
                    inputs.WriteSummary(parse, outcome, error);
                    if (path != "-")
                        error.WriteLine($"entraguard: report written to {InputText.Quote(Path.GetFullPath(path))}");
                    return Task.FromResult(CliRunner.Success);
                }
            );
            return command.WithExamples(
                (
                    "entraguard report samples/graph --settings samples/settings.yaml --out report.html",
                    "Writes an HTML report of the sample tenant's findings."
                ),
                (
                    "entraguard report exports/ --posture posture.json --title 'Contoso weekly' --out weekly.html",
                    "Adds a saved posture run to the report of a folder of exports."
                ),
                (
                    "entraguard report samples/graph samples/signins --settings samples/settings.yaml --investigate",
                    "Shows with each finding what the sample sign-ins and audits say around it."
                )
            );
        }

        private static IReadOnlyList<RiskEventContext> ReadContexts(string path)
        {
            if (path == AuditSourceOptions.Stdin)
                return RiskEventContextJsonReader.ReadJsonLines(Console.In, "stdin");
            using var reader = new StreamReader(path);
            return RiskEventContextJsonReader.ReadJsonLines(reader, path);
        }

        /// <summary>The scan's findings investigated where its events came from: the same files, or Graph.</summary>
        private static IReadOnlyList<RiskEventContext> Investigate(
            ParseResult parse,
            ScanInputs inputs,
            ScanOutcome outcome,
            TextWriter error,
            CancellationToken cancellationToken
        ) =>
            InvestigateCommand.Investigate(
                outcome.Result.Findings,
                inputs.Source.FromFiles(parse),
                () => inputs.Source.Connection.ConnectionOptions(parse),
                new InvestigationOptions
                {
                    // The investigation reads up to the report's --until, as the scan did.
                    Now = TimeArgument.Parse(parse.GetValue(inputs.Source.Until), "--until", DateTimeOffset.UtcNow),
                    ReadOptions = new AuditReadOptions { SkipInvalid = parse.GetValue(inputs.Source.SkipInvalid) },
                },
                error,
                cancellationToken
            );
    }
}

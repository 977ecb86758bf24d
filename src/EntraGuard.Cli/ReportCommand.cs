using System;
using System.CommandLine;
using System.IO;
using System.Threading.Tasks;
using EntraGuard.Output;
using EntraGuard.Posture;

namespace EntraGuard.Cli
{
    /// <summary>
    /// <c>entraguard report</c>: scan as <c>scan</c> does and write what was found as one self-contained HTML file
    /// (with a saved posture run beside it when --posture names one).
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
                title,
            };
            inputs.AddTo(command);
            command.SetAction(
                (parse, cancellationToken) =>
                {
                    var error = parse.InvocationConfiguration.Error;
                    // Read first: a bad posture file should stop the run before a long scan.
                    var postureReport = parse.GetValue(posture) is { } posturePath
                        ? PostureResultJson.Read(posturePath)
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
                    };
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
                )
            );
        }
    }
}

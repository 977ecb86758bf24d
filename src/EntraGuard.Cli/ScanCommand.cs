using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EntraGuard.Output;

namespace EntraGuard.Cli
{
    /// <summary><c>entraguard scan</c>: run the detection rules over audit files and report the findings.</summary>
    internal static class ScanCommand
    {
        public static Command Create(TextWriter output)
        {
            var inputs = new ScanInputs();
            var format = new Option<string>("--format")
            {
                Description = "table (default), json (JSON lines, one finding a line) or csv.",
                DefaultValueFactory = _ => RiskEventWriter.Table,
            };
            format.AcceptOnly(RiskEventWriter.Table, RiskEventWriter.Json, RiskEventWriter.Csv);
            var failOn = ScanInputs.SeverityOption(
                "--fail-on",
                "Exit with 1 when an unsuppressed finding at or above this severity is reported."
            );

            var command = new Command(
                "scan",
                "Run EntraGuard's detection rules over audit files and report risk events."
            )
            {
                format,
                failOn,
            };
            inputs.AddTo(command);
            command.SetAction(
                (parse, cancellationToken) =>
                {
                    var outcome = inputs.Run(parse, cancellationToken);
                    RiskEventWriter.Write(
                        parse.GetValue(format)!,
                        outcome.Result.Findings,
                        output,
                        Terminal.Width(output)
                    );
                    inputs.WriteSummary(parse, outcome, parse.InvocationConfiguration.Error);

                    var threshold = parse.GetValue(failOn);
                    var fail =
                        threshold is { } floor
                        && outcome.Result.Findings.Any(f => !f.Suppressed && f.Severity >= floor);
                    return Task.FromResult(fail ? CliRunner.FindingsAtOrAboveThreshold : CliRunner.Success);
                }
            );
            return command.WithExamples(
                (
                    "entraguard scan samples/graph --settings samples/settings.yaml",
                    "Runs every rule over the sample tenant and prints a table of the findings."
                ),
                (
                    "entraguard scan exports/ --format json --fail-on high > findings.jsonl",
                    "Writes the findings as JSON lines and exits 1 when one is high or critical (for a scheduled job)."
                ),
                (
                    "entraguard scan --graph --since 9m --rule EG0001 --tenant contoso.onmicrosoft.com "
                        + "--managed-identity",
                    "Judges the last nine minutes from Microsoft Graph with the rare-credential-actor rule."
                )
            );
        }
    }
}

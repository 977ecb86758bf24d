using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EntraGuard.Detection;
using EntraGuard.Output;

namespace EntraGuard.Cli
{
    /// <summary><c>entraguard rules</c>: the rule catalog (plus any user rules) as a table.</summary>
    internal static class RulesCommand
    {
        public static Command Create(TextWriter output)
        {
            var detection = new DetectionOptions();
            var command = new Command(
                "rules",
                "List the detection rules: the built-in catalog plus rule files given with --rules or in the settings."
            );
            detection.AddTo(command);
            command.Subcommands.Add(RulesExportCommand.Create(output));
            command.SetAction(
                (parse, _) =>
                {
                    var rules = detection.Load(parse).Engine.Rules;
                    var rows = rules
                        .Select(r =>
                            new[]
                            {
                                r.Id,
                                r.Kind.ToString(),
                                r.Severity.ToName(),
                                r.RiskScore.ToString(CultureInfo.InvariantCulture),
                                string.Join(",", r.Techniques),
                                r.SuggestedResponse,
                                r.Name,
                            }
                        )
                        .ToList();
                    var header = new[] { "Id", "Kind", "Severity", "Score", "Techniques", "Response", "Name" };
                    TextTable.Write(header, rows, output, Terminal.Width(output));
                    return Task.FromResult(CliRunner.Success);
                }
            );
            return command.WithExamples(
                ("entraguard rules", "Lists the built-in rule catalog."),
                (
                    "entraguard rules --rules my-rules/ --rule 'EG000*'",
                    "Lists rules EG0001 to EG0009 together with the rule files in my-rules/."
                )
            );
        }
    }
}

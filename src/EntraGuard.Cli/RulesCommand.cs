using System.CommandLine;
using System.IO;
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
            var format = new Option<string>("--format")
            {
                Description = "table (default) or json (JSON lines, one rule a line, every field).",
                DefaultValueFactory = _ => RuleWriter.Table,
            };
            format.AcceptOnly(RuleWriter.Table, RuleWriter.Json);
            command.Options.Add(format);
            detection.AddTo(command);
            command.Subcommands.Add(RulesExportCommand.Create(output));
            command.SetAction(
                (parse, _) =>
                {
                    var rules = detection.Load(parse).Engine.Rules;
                    RuleWriter.Write(parse.GetValue(format)!, rules, output, Terminal.Width(output));
                    return Task.FromResult(CliRunner.Success);
                }
            );
            return command.WithExamples(
                ("entraguard rules", "Lists the built-in rule catalog."),
                (
                    "entraguard rules --rules my-rules/ --rule 'EG000*'",
                    "Lists rules EG0001 to EG0009 together with the rule files in my-rules/."
                ),
                ("entraguard rules --format json > rules.jsonl", "Writes every rule with all its fields as JSON lines.")
            );
        }
    }
}

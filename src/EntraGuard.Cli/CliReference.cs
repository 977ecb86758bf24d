using System;
using System.Collections;
using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using System.IO;
using System.Linq;

namespace EntraGuard.Cli
{
    /// <summary>
    /// docs/cli.md, written from the command definitions themselves (every verb, argument, option, default and
    /// example), so the reference cannot say what the command does not do. A test fails when the file drifts.
    /// </summary>
    internal static class CliReference
    {
        public const string RegenerateHint =
            "ENTRAGUARD_UPDATE_DOCS=1 dotnet test tests/EntraGuard.Cli.Tests --filter CliReferenceTests";

        public static void Write(RootCommand root, TextWriter output)
        {
            output.WriteLine("# The `entraguard` command line");
            output.WriteLine();
            output.WriteLine(
                $"<!-- Generated from the command definitions; do not edit. To update: {RegenerateHint} -->"
            );
            output.WriteLine();
            output.WriteLine(root.Description);
            output.WriteLine();
            output.WriteLine(
                "Exit codes: `0` success, `1` a finding (or failed posture check) at or above `--fail-on`, `2` bad "
                    + "input or usage (one line on stderr naming the file, record or option), `3` a failure (Microsoft "
                    + "Graph refused or stopped, the journal is locked, …). Every verb takes `-h`/`--help`, which "
                    + "prints its options and examples."
            );
            foreach (var command in root.Subcommands.Where(c => !c.Hidden))
                WriteCommand(command, "entraguard", output);
            var examples = CliExamples.Of(root);
            if (examples.Count > 0)
            {
                output.WriteLine();
                output.WriteLine("## Examples");
                WriteExamples(examples, output);
            }
        }

        private static void WriteCommand(Command command, string parent, TextWriter output)
        {
            var path = $"{parent} {command.Name}";
            output.WriteLine();
            output.WriteLine($"## {path}");
            output.WriteLine();
            output.WriteLine(command.Description);
            output.WriteLine();
            output.WriteLine("    " + Usage(command, path));
            var arguments = command.Arguments.Where(a => !a.Hidden).ToList();
            if (arguments.Count > 0)
            {
                output.WriteLine();
                output.WriteLine("| Argument | Description |");
                output.WriteLine("|---|---|");
                foreach (var argument in arguments)
                    output.WriteLine($"| `<{argument.Name}>` | {Cell(argument.Description)} |");
            }
            var options = command.Options.Where(o => !o.Hidden && o is not HelpOption).ToList();
            if (options.Count > 0)
            {
                output.WriteLine();
                output.WriteLine("| Option | Values | Default | Description |");
                output.WriteLine("|---|---|---|---|");
                foreach (var option in options)
                {
                    var names = string.Join(", ", option.Aliases.Prepend(option.Name).Select(n => $"`{n}`"));
                    var required = option.Required ? " (required)" : "";
                    output.WriteLine(
                        $"| {names}{required} | {Cell(Values(option))} | {Cell(Default(option))} | "
                            + $"{Cell(option.Description)} |"
                    );
                }
            }
            var examples = CliExamples.Of(command);
            if (examples.Count > 0)
            {
                output.WriteLine();
                output.WriteLine("Examples:");
                WriteExamples(examples, output);
            }
            foreach (var subcommand in command.Subcommands.Where(c => !c.Hidden))
                WriteCommand(subcommand, path, output);
        }

        private static void WriteExamples(
            System.Collections.Generic.IEnumerable<CliExample> examples,
            TextWriter output
        )
        {
            foreach (var example in examples)
            {
                output.WriteLine();
                output.WriteLine($"    {example.CommandLine}");
                output.WriteLine();
                output.WriteLine(example.Explanation);
            }
        }

        private static string Usage(Command command, string path)
        {
            var parts = new System.Collections.Generic.List<string> { path };
            foreach (var argument in command.Arguments.Where(a => !a.Hidden))
            {
                var many = argument.Arity.MaximumNumberOfValues > 1 ? "..." : "";
                parts.Add(
                    argument.Arity.MinimumNumberOfValues == 0
                        ? $"[<{argument.Name}>{many}]"
                        : $"<{argument.Name}>{many}"
                );
            }
            if (command.Subcommands.Any(c => !c.Hidden))
                parts.Add("[command]");
            parts.Add("[options]");
            return string.Join(" ", parts);
        }

        // The values an option offers for completion (its enum names, or the words it accepts), except true/false.
        private static string Values(Option option)
        {
            if (option.ValueType == typeof(bool))
                return "";
            var values = option.GetCompletions(CompletionContext.Empty).Select(c => c.Label).ToList();
            return values.Count == 0 ? "" : string.Join(", ", values);
        }

        private static string Default(Option option)
        {
            if (!option.HasDefaultValue)
                return "";
            return option.GetDefaultValue() switch
            {
                null or false => "", // a switch is off unless given
                string text => text,
                IEnumerable list => string.Join(", ", list.Cast<object>()),
                var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
            };
        }

        private static string Cell(string? text) => (text ?? "").Replace("|", "\\|").Replace("\n", " ");
    }
}

using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Linq;
using System.Runtime.CompilerServices;

namespace EntraGuard.Cli
{
    /// <summary>One example of a verb: the command line, and what it does.</summary>
    internal sealed record CliExample(string CommandLine, string Explanation);

    /// <summary>
    /// Examples for a verb's --help (System.CommandLine has no section for them) and for docs/cli.md: kept with the
    /// command, printed after the options.
    /// </summary>
    internal static class CliExamples
    {
        private static readonly ConditionalWeakTable<Command, IReadOnlyList<CliExample>> Table = new();

        /// <summary>Attaches examples to <paramref name="command"/>, each a line starting "entraguard".</summary>
        public static Command WithExamples(this Command command, params (string Line, string Explanation)[] examples)
        {
            Table.AddOrUpdate(command, examples.Select(e => new CliExample(e.Line, e.Explanation)).ToList());
            return command;
        }

        public static IReadOnlyList<CliExample> Of(Command command) =>
            Table.TryGetValue(command, out var examples) ? examples : new List<CliExample>();

        /// <summary>Makes the root's --help print the asked command's examples after the usual help.</summary>
        public static void ShowInHelp(RootCommand root)
        {
            var help = root.Options.OfType<HelpOption>().Single();
            if (help.Action is HelpAction standard)
                help.Action = new WithExamplesAction(standard);
        }

        private sealed class WithExamplesAction : SynchronousCommandLineAction
        {
            private readonly HelpAction _standard;

            public WithExamplesAction(HelpAction standard) => _standard = standard;

            // As the standard help: help for a command given no arguments is not an error.
            public override bool ClearsParseErrors => _standard.ClearsParseErrors;

            public override int Invoke(ParseResult parseResult)
            {
                var exit = _standard.Invoke(parseResult);
                var examples = Of(parseResult.CommandResult.Command);
                if (examples.Count == 0)
                    return exit;
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var example in examples)
                {
                    output.WriteLine($"  {example.CommandLine}");
                    output.WriteLine($"      {example.Explanation}");
                }
                output.WriteLine();
                return exit;
            }
        }
    }
}

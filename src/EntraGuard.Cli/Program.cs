using System.CommandLine;

namespace EntraGuard.Cli
{
    /// <summary>The <c>entraguard</c> command: each verb lives in its own class and registers here.</summary>
    public static class Program
    {
        public static int Main(string[] args) => Run(args, System.Console.Out, System.Console.Error);

        /// <summary>Runs the command line with the given writers (tests call this in-process).</summary>
        public static int Run(string[] args, System.IO.TextWriter output, System.IO.TextWriter error) =>
            CliRunner.Invoke(BuildRoot(output), args, output, error);

        /// <summary>Every verb, its options and examples: what runs, and what docs/cli.md is generated from.</summary>
        internal static RootCommand BuildRoot(System.IO.TextWriter output)
        {
            var root = new RootCommand(
                "EntraGuard: find and answer identity attacks in Microsoft Entra ID audit logs."
            );
            root.Subcommands.Add(EventsCommand.Create(output));
            root.Subcommands.Add(ScanCommand.Create(output));
            root.Subcommands.Add(SignInsCommand.Create(output));
            root.Subcommands.Add(InvestigateCommand.Create(output));
            root.Subcommands.Add(RulesCommand.Create(output));
            root.Subcommands.Add(RespondCommand.Create(output));
            root.Subcommands.Add(JournalCommand.Create(output));
            root.Subcommands.Add(PostureCommand.Create(output));
            root.Subcommands.Add(ReportCommand.Create(output));
            root.WithExamples(
                (
                    "entraguard scan samples/graph --settings samples/settings.yaml",
                    "Runs every detection over the bundled sample tenant."
                ),
                ("entraguard scan --help", "Shows a verb's options, defaults and examples.")
            );
            CliExamples.ShowInHelp(root);
            return root;
        }
    }
}

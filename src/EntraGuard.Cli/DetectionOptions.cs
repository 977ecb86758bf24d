using System.CommandLine;
using EntraGuard.Detection;

namespace EntraGuard.Cli
{
    /// <summary>The options that say which rules, suppressions and settings a command uses, declared once.</summary>
    internal sealed class DetectionOptions
    {
        public Option<string[]> Rules { get; } =
            new("--rules")
            {
                Description = "A rule file or folder (*.yaml) added to the built-in catalog; repeat for several.",
            };

        public Option<string[]> RuleIds { get; } =
            new("--rule")
            {
                Description =
                    "Rule ids to use (PowerShell wildcards: *, ?, [ab], [0-9]); every rule when absent. "
                    + "An id without wildcards that names no rule is an error.",
                AllowMultipleArgumentsPerToken = true,
            };

        public Option<string?> Settings { get; } =
            new("--settings")
            {
                Description =
                    "A settings file (YAML or JSON): rule paths, suppression file, privileged groups, history days.",
            };

        public void AddTo(Command command)
        {
            command.Options.Add(Rules);
            command.Options.Add(RuleIds);
            command.Options.Add(Settings);
        }

        /// <summary>Loads the setup; says on stderr what it warns about (a --rule wildcard matching nothing).</summary>
        public DetectionSetup Load(ParseResult parse, string? suppressionPath = null)
        {
            var setup = DetectionSetup.Load(
                parse.GetValue(Settings),
                parse.GetValue(Rules),
                suppressionPath,
                parse.GetValue(RuleIds)
            );
            var error = parse.InvocationConfiguration.Error;
            foreach (var warning in setup.Warnings)
                error.WriteLine($"entraguard: warning: {warning}");
            return setup;
        }
    }
}

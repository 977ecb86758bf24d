using System.CommandLine;
using EntraGuard.Detection;

namespace EntraGuard.Cli
{
    /// <summary>The options that say which rules, suppressions and settings a command uses, declared once.</summary>
    internal sealed class DetectionOptions
    {
        public Option<string[]> Rules { get; } = new("--rules")
        {
            Description = "A rule file or folder (*.yaml) added to the built-in catalog; repeat for several.",
        };

        public Option<string?> Settings { get; } = new("--settings")
        {
            Description = "A settings file (YAML or JSON): rule paths, suppression file, privileged groups, history days.",
        };

        public void AddTo(Command command)
        {
            command.Options.Add(Rules);
            command.Options.Add(Settings);
        }

        public DetectionSetup Load(ParseResult parse, string? suppressionPath = null) =>
            DetectionSetup.Load(parse.GetValue(Settings), parse.GetValue(Rules), suppressionPath);
    }
}

using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;

namespace EntraGuard.Commands.Completion
{
    // Tab completion for the values EntraGuard's parameters share. Attach one to a parameter with
    //     [ArgumentCompleter(typeof(ActivityNameCompleter))]
    // (a contract test asks for it on every parameter named Activity, RuleId, Severity or MinimumSeverity).
    // Completers answer from local data only: no Graph call ever runs inside one.

    /// <summary>Completes Entra audit activity names from <see cref="KnownActivities"/>; en dash and hyphen are interchangeable.</summary>
    public sealed class ActivityNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionResults.From(CompletionMatcher.Match(
                KnownActivities.All.Select(a => (a.Name, (string?)$"{a.Name} ({a.Category}, {a.LoggedByService})")),
                wordToComplete,
                ActivityName.Normalize));
    }

    /// <summary>Completes severities, lowest first in the help text: informational, low, medium, high, critical.</summary>
    public sealed class SeverityCompleter : IArgumentCompleter
    {
        // The severity scale of the rule catalog (issue 3). When the engine's severity type lands, take the names from it.
        private static readonly string[] Severities = { "Informational", "Low", "Medium", "High", "Critical" };

        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionResults.From(CompletionMatcher.Match(Severities.Select(s => (s, (string?)null)), wordToComplete));
    }

    /// <summary>
    /// Completes rule ids from the rules Get-EntraGuardRule lists in this session (built-in ones, plus the user's when
    /// -RulePath is already on the command line), with each rule's name as the tooltip. Until a rules cmdlet is loaded
    /// it offers nothing rather than guessing.
    /// </summary>
    public sealed class RuleIdCompleter : IArgumentCompleter
    {
        public const string RulesCommand = "Get-EntraGuardRule";
        private const string RulePathParameter = "RulePath";

        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            using var powerShell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            powerShell.AddCommand(RulesCommand);
            if (fakeBoundParameters != null && fakeBoundParameters.Contains(RulePathParameter))
            {
                powerShell.AddParameter(RulePathParameter, fakeBoundParameters[RulePathParameter]);
            }
            ICollection<PSObject> rules;
            try
            {
                rules = powerShell.Invoke();
            }
            catch (RuntimeException)
            {
                return Enumerable.Empty<CompletionResult>();
            }
            var values = rules
                .Select(rule => (Id: Property(rule, "Id") ?? Property(rule, "RuleId"), Name: Property(rule, "Name")))
                .Where(rule => rule.Id != null)
                .Select(rule => (rule.Id!, rule.Name == null ? null : (string?)$"{rule.Id}: {rule.Name}"));
            return CompletionResults.From(CompletionMatcher.Match(values, wordToComplete));
        }

        private static string? Property(PSObject rule, string name) => rule.Properties[name]?.Value?.ToString();
    }

    internal static class CompletionResults
    {
        public static IEnumerable<CompletionResult> From(IEnumerable<CompletionCandidate> candidates) =>
            candidates.Select(c => new CompletionResult(c.CompletionText, c.ListItemText, CompletionResultType.ParameterValue, c.ToolTip));
    }
}

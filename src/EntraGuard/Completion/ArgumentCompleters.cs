using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using EntraGuard.Configuration;
using EntraGuard.Detection;

namespace EntraGuard.Commands.Completion
{
    // Tab completion for the values EntraGuard's parameters share. Attach one to a parameter with
    //     [ArgumentCompleter(typeof(ActivityNameCompleter))]
    // (a contract test asks for it on every parameter named Activity, ActivityName or RuleId). Severities need no
    // completer: parameters take the engine's Severity enum, which PowerShell completes and validates itself.
    // Completers answer from local data only: no Graph call ever runs inside one.

    /// <summary>Completes Entra audit activity names from <see cref="KnownActivities"/>; en dash and hyphen are
    /// interchangeable.</summary>
    public sealed class ActivityNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName,
            string parameterName,
            string wordToComplete,
            CommandAst commandAst,
            IDictionary fakeBoundParameters
        ) =>
            CompletionResults.From(
                CompletionMatcher.Match(
                    KnownActivities.All.Select(a => (a.Name, (string?)$"{a.Name} ({a.Category}, {a.LoggedByService})")),
                    wordToComplete,
                    ActivityName.Normalize
                )
            );
    }

    /// <summary>
    /// Completes rule ids from the rule catalog: the built-in rules, plus the user's when -RulePath is already on the
    /// command line, with each rule's severity and name as the tooltip. A rule file that does not load leaves the
    /// built-in ids (the command itself will report the file's error).
    /// </summary>
    public sealed class RuleIdCompleter : IArgumentCompleter
    {
        private const string RulePathParameter = "RulePath";

        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName,
            string parameterName,
            string wordToComplete,
            CommandAst commandAst,
            IDictionary fakeBoundParameters
        )
        {
            RuleCatalog catalog;
            try
            {
                catalog = RuleCatalog.Load(RulePaths(fakeBoundParameters));
            }
            catch (Exception ex)
                when (ex
                        is ConfigFormatException
                            or IOException
                            or UnauthorizedAccessException
                            or PSInvalidCastException
                )
            {
                catalog = RuleCatalog.BuiltIn;
            }
            return CompletionResults.From(
                CompletionMatcher.Match(
                    catalog.Rules.Select(rule => (rule.Id, (string?)$"{rule.Id} ({rule.Severity}): {rule.Name}")),
                    wordToComplete
                )
            );
        }

        /// <summary>-RulePath as typed so far, relative paths taken from the current PowerShell location.</summary>
        private static IEnumerable<string> RulePaths(IDictionary? fakeBoundParameters)
        {
            var value = fakeBoundParameters?[RulePathParameter];
            if (value is null)
                return Array.Empty<string>();
            var location =
                Runspace.DefaultRunspace?.SessionStateProxy.Path.CurrentFileSystemLocation.ProviderPath
                ?? Environment.CurrentDirectory;
            return LanguagePrimitives.ConvertTo<string[]>(value).Select(path => Path.Combine(location, path));
        }
    }

    internal static class CompletionResults
    {
        public static IEnumerable<CompletionResult> From(IEnumerable<CompletionCandidate> candidates) =>
            candidates.Select(c => new CompletionResult(
                c.CompletionText,
                c.ListItemText,
                CompletionResultType.ParameterValue,
                c.ToolTip
            ));
    }
}

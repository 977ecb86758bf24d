using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using EntraGuard.Posture;

namespace EntraGuard.Commands.Completion
{
    /// <summary>Completes posture check ids from the catalog, with each check's severity and title as the
    /// tooltip.</summary>
    public sealed class PostureCheckIdCompleter : IArgumentCompleter
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
                    PostureCatalog.All.Select(check =>
                        (check.Id, (string?)$"{check.Id} ({check.Severity}): {check.Title}")
                    ),
                    wordToComplete
                )
            );
    }
}

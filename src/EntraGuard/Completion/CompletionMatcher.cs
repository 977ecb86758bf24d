using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using EntraGuard.Detection;

namespace EntraGuard.Commands.Completion
{
    /// <summary>One tab-completion answer: the text inserted, the text listed, and a tooltip.</summary>
    internal readonly struct CompletionCandidate
    {
        public CompletionCandidate(string completionText, string listItemText, string toolTip)
        {
            CompletionText = completionText;
            ListItemText = listItemText;
            ToolTip = toolTip;
        }

        public string CompletionText { get; }
        public string ListItemText { get; }
        public string ToolTip { get; }
    }

    /// <summary>
    /// What the argument completers share, free of PowerShell types so it can be tested directly: match the word
    /// typed so far as a case-insensitive wildcard prefix with the engine's <see cref="Wildcard"/> (<c>Add s</c> and
    /// <c>*secrets*</c> both work, as in SecretManagement's completers), and quote what is inserted when PowerShell
    /// would otherwise split or misread it, in the quote style the user started with.
    /// </summary>
    internal static class CompletionMatcher
    {
        /// <param name="values">Each value with a tooltip (null: the value itself).</param>
        /// <param name="wordToComplete">What the user typed, possibly starting with a quote.</param>
        /// <param name="normalize">Applied to both sides before matching (e.g. en dash and hyphen made equal).</param>
        public static IReadOnlyList<CompletionCandidate> Match(
            IEnumerable<(string Value, string? ToolTip)> values,
            string? wordToComplete,
            Func<string, string>? normalize = null
        )
        {
            var word = wordToComplete ?? "";
            var quote = word.Length > 0 && IsQuote(word[0]) ? word[0] : '\0';
            if (quote != '\0')
                word = word.Substring(1);
            if (word.Length > 0 && IsQuote(word[word.Length - 1]))
                word = word.Substring(0, word.Length - 1);
            normalize ??= s => s;
            var pattern = normalize(word) + "*";

            return values
                .Where(v => !string.IsNullOrEmpty(v.Value))
                .GroupBy(v => v.Value, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .Where(v => Wildcard.IsMatch(pattern, normalize(v.Value)))
                .OrderBy(v => v.Value, StringComparer.OrdinalIgnoreCase)
                .Select(v => new CompletionCandidate(Quote(v.Value, quote), v.Value, v.ToolTip ?? v.Value))
                .ToList();
        }

        /// <summary>The value as PowerShell must see it typed: bare when it is a plain word, quoted
        /// otherwise.</summary>
        public static string Quote(string value, char preferredQuote = '\0')
        {
            var needsQuotes =
                preferredQuote != '\0'
                || value.Length == 0
                || IsDash(value[0])
                || value.Any(c => !(char.IsLetterOrDigit(c) || c == '-' || c == '.' || c == '_'));
            if (!needsQuotes)
                return value;
            if (preferredQuote == '"')
            {
                var escaped = new StringBuilder();
                foreach (var c in value)
                {
                    if (c is '`' or '"' or '$' or '\u201C' or '\u201D' or '\u201E')
                        escaped.Append('`');
                    escaped.Append(c);
                }
                return "\"" + escaped + "\"";
            }
            var single = new StringBuilder();
            foreach (var c in value)
            {
                // PowerShell treats the typographic single quotes as quotes too, so they are doubled like '.
                if (IsSingleQuote(c))
                    single.Append(c);
                single.Append(c);
            }
            return "'" + single + "'";
        }

        private static bool IsQuote(char c) => c == '"' || IsSingleQuote(c);

        private static bool IsSingleQuote(char c) => c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B';

        private static bool IsDash(char c) => c is '-' or '\u2013' or '\u2014' or '\u2015';
    }
}

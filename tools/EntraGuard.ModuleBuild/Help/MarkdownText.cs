using System.Text.RegularExpressions;

namespace EntraGuard.ModuleBuild.Help
{
    /// <summary>Inline markdown turned into the plain text a console shows.</summary>
    public static class MarkdownText
    {
        private static readonly Regex InlineLink = new(
            @"\[(?<text>[^\]]+)\]\((?<uri>[^)\s]+)\)",
            RegexOptions.CultureInvariant
        );
        private static readonly Regex Emphasis = new(@"(\*\*|__)(?<text>.+?)\1", RegexOptions.CultureInvariant);
        private static readonly Regex InlineCode = new(@"`(?<text>[^`]+)`", RegexOptions.CultureInvariant);

        /// <summary>Links keep their text (and a web address in brackets), emphasis and code marks go.</summary>
        public static string ToPlainText(string markdown)
        {
            var text = InlineLink.Replace(
                markdown,
                m =>
                    m.Groups["uri"].Value.StartsWith("http", System.StringComparison.OrdinalIgnoreCase)
                        ? $"{m.Groups["text"].Value} ({m.Groups["uri"].Value})"
                        : m.Groups["text"].Value
            );
            text = Emphasis.Replace(text, m => m.Groups["text"].Value);
            return InlineCode.Replace(text, m => m.Groups["text"].Value);
        }
    }
}

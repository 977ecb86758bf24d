using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace EntraGuard.ModuleBuild.Help
{
    /// <summary>
    /// Turns a PlatyPS about page (<c># about_Name</c>, <c>## SHORT DESCRIPTION</c>, <c>## LONG DESCRIPTION</c>, …)
    /// into the plain-text <c>about_Name.help.txt</c> that <c>Get-Help about_Name</c> prints: section titles in
    /// capitals at the margin, prose indented four spaces and wrapped at 80 columns, code indented eight.
    /// </summary>
    public static class AboutTopicWriter
    {
        private const int Width = 80;
        private static readonly string[] RequiredSections = { "SHORT DESCRIPTION", "LONG DESCRIPTION" };

        public static bool IsAboutPage(string path) =>
            System.IO.Path.GetFileName(path).StartsWith("about_", StringComparison.OrdinalIgnoreCase);

        /// <summary>The topic name and its help text.</summary>
        public static (string Name, string Text) Write(MarkdownDocument document)
        {
            var file = document.Path;
            document.RejectPlaceholders();
            var titles = MarkdownDocument.Sections(document.Body, 1);
            if (titles.Count != 1)
                throw new HelpFormatException(file, 0, "an about page needs exactly one '# about_Name' title");
            var name = titles[0].Title.Trim();
            var expected = System.IO.Path.GetFileNameWithoutExtension(file);
            if (!string.Equals(name, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new HelpFormatException(
                    file,
                    titles[0].Line,
                    $"the title '{name}' must match the file name '{expected}'"
                );
            }
            var sections = MarkdownDocument.Sections(titles[0].Body, 2);
            foreach (var required in RequiredSections)
            {
                if (!sections.Any(s => string.Equals(s.Title, required, StringComparison.OrdinalIgnoreCase)))
                {
                    throw new HelpFormatException(file, 0, $"section '## {required}' is missing");
                }
            }

            var text = new StringBuilder();
            text.Append("TOPIC").Append('\n').Append("    ").Append(name).Append('\n');
            foreach (var section in sections)
            {
                text.Append('\n').Append(section.Title.ToUpperInvariant()).Append('\n');
                AppendBody(text, section.Body);
            }
            return (name, text.ToString());
        }

        private static void AppendBody(StringBuilder text, IReadOnlyList<MarkdownLine> lines)
        {
            var inFence = false;
            var paragraph = new List<string>();
            var first = true;
            foreach (var line in lines)
            {
                if (MarkdownDocument.IsFence(line.Text))
                {
                    Flush();
                    if (!inFence)
                        Separate();
                    inFence = !inFence;
                    continue;
                }
                if (inFence)
                {
                    text.Append(line.Text.Length == 0 ? "" : "        " + line.Text).Append('\n');
                    continue;
                }
                var trimmed = line.Text.Trim();
                if (MarkdownDocument.HeadingOf(trimmed) is { } heading)
                {
                    Flush();
                    Separate();
                    text.Append("    ").Append(MarkdownText.ToPlainText(heading.Title)).Append('\n');
                    first = true;
                    continue;
                }
                if (trimmed.Length == 0)
                {
                    Flush();
                    continue;
                }
                if (
                    paragraph.Count > 0
                    && (
                        trimmed.StartsWith("- ", StringComparison.Ordinal)
                        || trimmed.StartsWith("* ", StringComparison.Ordinal)
                    )
                )
                {
                    Flush();
                }
                paragraph.Add(trimmed);
            }
            Flush();

            void Separate()
            {
                if (!first)
                    text.Append('\n');
                first = false;
            }

            void Flush()
            {
                if (paragraph.Count == 0)
                    return;
                Separate();
                var joined = MarkdownText.ToPlainText(string.Join(" ", paragraph));
                var bullet =
                    joined.StartsWith("- ", StringComparison.Ordinal)
                    || joined.StartsWith("* ", StringComparison.Ordinal);
                var body = bullet ? joined.Substring(2) : joined;
                Wrap(text, body, bullet ? "    - " : "    ", bullet ? "      " : "    ");
                paragraph.Clear();
            }
        }

        private static void Wrap(StringBuilder text, string paragraph, string firstIndent, string indent)
        {
            var line = new StringBuilder(firstIndent);
            var empty = true;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!empty && line.Length + 1 + word.Length > Width)
                {
                    text.Append(line).Append('\n');
                    line.Clear().Append(indent);
                    empty = true;
                }
                if (!empty)
                    line.Append(' ');
                line.Append(word);
                empty = false;
            }
            text.Append(line).Append('\n');
        }
    }
}

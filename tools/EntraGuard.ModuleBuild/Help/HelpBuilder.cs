using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace EntraGuard.ModuleBuild.Help
{
    /// <summary>The help the docs folder holds: cmdlet pages, about topics, and the problems found reading
    /// them.</summary>
    public sealed class HelpSet
    {
        public List<CommandHelp> Commands { get; } = new();
        public List<(string Name, string Text)> AboutTopics { get; } = new();
        public List<HelpFormatException> Errors { get; } = new();
    }

    /// <summary>
    /// Reads every top-level page of docs/ and writes the culture folder of the module: one MAML file per
    /// "external help file" named by the cmdlet pages, and one about_*.help.txt per about page.
    /// </summary>
    public static class HelpBuilder
    {
        public const string Culture = "en-US";

        // Cmdlet pages are PascalCase Verb-Noun; a lower-case hyphenated page (posture-coverage.md) is prose.
        private static readonly Regex CommandFileName = new(
            @"^[A-Z][A-Za-z]*-[A-Z][A-Za-z0-9]*\.md$",
            RegexOptions.CultureInvariant
        );

        public static HelpSet Read(string docsDirectory)
        {
            var help = new HelpSet();
            foreach (var path in Directory.GetFiles(docsDirectory, "*.md").OrderBy(p => p, StringComparer.Ordinal))
            {
                try
                {
                    var document = MarkdownDocument.Load(path);
                    if (AboutTopicWriter.IsAboutPage(path))
                    {
                        help.AboutTopics.Add(AboutTopicWriter.Write(document));
                    }
                    else if (CommandHelpReader.IsCommandPage(document))
                    {
                        help.Commands.Add(CommandHelpReader.Read(document));
                    }
                    else if (CommandFileName.IsMatch(Path.GetFileName(path)))
                    {
                        throw new HelpFormatException(
                            path,
                            1,
                            $"a cmdlet page needs front matter naming its '{CommandHelpReader.ExternalHelpFileKey}'"
                        );
                    }
                }
                catch (HelpFormatException error)
                {
                    help.Errors.Add(error);
                }
            }
            return help;
        }

        /// <summary>Writes the help into <c>&lt;moduleDirectory&gt;/en-US</c>, removing help files no page produces any
        /// more.</summary>
        public static void Write(HelpSet help, string moduleDirectory)
        {
            var cultureDirectory = Path.Combine(moduleDirectory, Culture);
            Directory.CreateDirectory(cultureDirectory);
            var written = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var group in help.Commands.GroupBy(c => c.ExternalHelpFile, StringComparer.OrdinalIgnoreCase))
            {
                var path = Path.Combine(cultureDirectory, group.Key);
                var document = MamlWriter.Write(group);
                using (var writer = new StringWriterWithEncoding())
                {
                    document.Save(writer);
                    OutputFile.WriteIfChanged(path, writer.ToString());
                }
                written.Add(path);
            }
            foreach (var (name, text) in help.AboutTopics)
            {
                var path = Path.Combine(cultureDirectory, name + ".help.txt");
                OutputFile.WriteIfChanged(path, text);
                written.Add(path);
            }
            foreach (var stale in Directory.GetFiles(cultureDirectory).Where(p => !written.Contains(p)))
            {
                File.Delete(stale);
            }
        }

        /// <summary>XDocument writes the encoding its writer reports; say UTF-8, not the UTF-16 of a plain
        /// StringWriter.</summary>
        private sealed class StringWriterWithEncoding : StringWriter
        {
            public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        }
    }
}

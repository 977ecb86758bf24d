using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace EntraGuard.ModuleBuild.Help
{
    /// <summary>
    /// Reads a cmdlet page written in PlatyPS's markdown schema (platyPS 0.14 "schema: 2.0.0"): front matter, <c>#
    /// Verb-Noun</c>, then SYNOPSIS, SYNTAX (one block per parameter set), DESCRIPTION, EXAMPLES, PARAMETERS (a yaml
    /// block per parameter), INPUTS, OUTPUTS, NOTES, RELATED LINKS. Anything PowerShell's help would show wrong — a
    /// missing section, a left-over placeholder, a syntax block that disagrees with the parameters' sets — is an error
    /// naming the file and line.
    /// </summary>
    public static class CommandHelpReader
    {
        public const string ExternalHelpFileKey = "external help file";
        private const string AllParameterSetsName = "__AllParameterSets";

        private static readonly string[] RequiredSections =
        {
            "SYNOPSIS",
            "SYNTAX",
            "DESCRIPTION",
            "EXAMPLES",
            "PARAMETERS",
            "INPUTS",
            "OUTPUTS",
        };
        private static readonly string[] KnownSections = RequiredSections
            .Concat(new[] { "NOTES", "RELATED LINKS" })
            .ToArray();
        private static readonly Regex CommandName = new(@"^[A-Za-z]+-[A-Za-z0-9]+$", RegexOptions.CultureInvariant);
        private static readonly Regex SyntaxParameter = new(
            @"(?<![\w-])-([A-Za-z][A-Za-z0-9]*)",
            RegexOptions.CultureInvariant
        );
        private static readonly Regex Link = new(
            @"\[(?<text>[^\]]+)\]\((?<uri>[^)\s]*)\)",
            RegexOptions.CultureInvariant
        );

        /// <summary>Whether a docs file is a cmdlet page (its front matter names the MAML file it belongs
        /// to).</summary>
        public static bool IsCommandPage(MarkdownDocument document) =>
            document.FrontMatter.ContainsKey(ExternalHelpFileKey);

        public static CommandHelp Read(MarkdownDocument document)
        {
            var file = document.Path;
            document.RejectPlaceholders();

            var titles = MarkdownDocument.Sections(document.Body, 1);
            if (titles.Count != 1)
                throw new HelpFormatException(file, 0, "a cmdlet page needs exactly one '# Verb-Noun' title");
            var name = titles[0].Title;
            if (!CommandName.IsMatch(name))
                throw new HelpFormatException(file, titles[0].Line, $"'{name}' is not a Verb-Noun command name");
            var expectedFile = name + ".md";
            if (!string.Equals(System.IO.Path.GetFileName(file), expectedFile, StringComparison.OrdinalIgnoreCase))
            {
                throw new HelpFormatException(
                    file,
                    titles[0].Line,
                    $"the page for {name} must be named {expectedFile}"
                );
            }

            var sections = MarkdownDocument.Sections(titles[0].Body, 2);
            foreach (var section in sections)
            {
                if (!KnownSections.Contains(section.Title, StringComparer.Ordinal))
                {
                    throw new HelpFormatException(
                        file,
                        section.Line,
                        $"unknown section '## {section.Title}' (expected one of: {string.Join(", ", KnownSections)})"
                    );
                }
                if (sections.Count(s => s.Title == section.Title) > 1)
                {
                    throw new HelpFormatException(file, section.Line, $"section '## {section.Title}' appears twice");
                }
            }
            foreach (var required in RequiredSections)
            {
                if (sections.All(s => s.Title != required))
                    throw new HelpFormatException(file, 0, $"section '## {required}' is missing");
            }
            MarkdownSection Section(string title) => sections.First(s => s.Title == title);
            MarkdownSection? Optional(string title) => sections.FirstOrDefault(s => s.Title == title);

            var synopsis = string.Join(" ", MarkdownDocument.Paragraphs(Section("SYNOPSIS").Body));
            if (synopsis.Length == 0)
                throw new HelpFormatException(file, Section("SYNOPSIS").Line, "the synopsis is empty");

            var description = MarkdownDocument.Paragraphs(Section("DESCRIPTION").Body);
            if (description.Count == 0)
                throw new HelpFormatException(file, Section("DESCRIPTION").Line, "the description is empty");

            var parameters = ReadParameters(file, Section("PARAMETERS"), out var commonParameters);
            var syntax = ReadSyntax(file, name, Section("SYNTAX"), parameters);
            var examples = ReadExamples(file, Section("EXAMPLES"));

            var help = new CommandHelp
            {
                SourceFile = file,
                Name = name,
                ExternalHelpFile = document.FrontMatter[ExternalHelpFileKey],
                OnlineVersion =
                    document.FrontMatter.TryGetValue("online version", out var online) && online.Length > 0
                        ? online
                        : null,
                Synopsis = synopsis,
                Description = description,
                Syntax = syntax,
                Examples = examples,
                Parameters = parameters,
                SupportsCommonParameters = commonParameters,
                Inputs = ReadTypes(file, Section("INPUTS")),
                Outputs = ReadTypes(file, Section("OUTPUTS")),
                Notes = Optional("NOTES") is { } notes
                    ? MarkdownDocument.Paragraphs(notes.Body)
                    : Array.Empty<string>(),
                RelatedLinks = Optional("RELATED LINKS") is { } links ? ReadLinks(links) : Array.Empty<LinkHelp>(),
            };
            return help;
        }

        private static IReadOnlyList<ParameterHelp> ReadParameters(
            string file,
            MarkdownSection section,
            out bool commonParameters
        )
        {
            commonParameters = false;
            var parameters = new List<ParameterHelp>();
            foreach (var entry in MarkdownDocument.Sections(section.Body, 3))
            {
                if (entry.Title == "CommonParameters")
                {
                    commonParameters = true;
                    continue;
                }
                if (!entry.Title.StartsWith("-", StringComparison.Ordinal) || entry.Title.Length < 2)
                {
                    throw new HelpFormatException(
                        file,
                        entry.Line,
                        $"a parameter heading must be '### -Name', not '### {entry.Title}'"
                    );
                }
                var name = entry.Title.Substring(1);
                if (parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    throw new HelpFormatException(file, entry.Line, $"parameter -{name} is documented twice");
                }
                var blocks = MarkdownDocument
                    .FencedBlocks(entry.Body, file)
                    .Where(b => b.Info.Equals("yaml", StringComparison.OrdinalIgnoreCase))
                    .ToList();
                if (blocks.Count == 0)
                    throw new HelpFormatException(file, entry.Line, $"parameter -{name} has no ```yaml block");
                var description = MarkdownDocument.Paragraphs(entry.Body);
                if (description.Count == 0)
                    throw new HelpFormatException(file, entry.Line, $"parameter -{name} has no description");
                parameters.Add(
                    new ParameterHelp
                    {
                        Name = name,
                        Description = description,
                        Metadata = blocks.Select(b => ReadMetadata(file, name, b.Code, b.Line)).ToList(),
                        Line = entry.Line,
                    }
                );
            }
            return parameters;
        }

        private static ParameterMetadataHelp ReadMetadata(string file, string parameter, string yaml, int blockLine)
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var lineNumber = blockLine;
            foreach (var line in yaml.Split('\n'))
            {
                lineNumber++;
                if (line.Trim().Length == 0)
                    continue;
                var colon = line.IndexOf(':');
                if (colon <= 0)
                    throw new HelpFormatException(
                        file,
                        lineNumber,
                        $"-{parameter}: '{line.Trim()}' is not 'Key: value'"
                    );
                values[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
            }

            string Get(string key) =>
                values.TryGetValue(key, out var value)
                    ? value
                    : throw new HelpFormatException(file, blockLine, $"-{parameter}: the yaml block has no '{key}:'");

            bool Flag(string key)
            {
                var value = Get(key);
                return value.Equals("True", StringComparison.OrdinalIgnoreCase) ? true
                    : value.Equals("False", StringComparison.OrdinalIgnoreCase) ? false
                    : throw new HelpFormatException(
                        file,
                        blockLine,
                        $"-{parameter}: '{key}' must be True or False, not '{value}'"
                    );
            }

            var position = Get("Position");
            int? positionValue =
                position.Equals("Named", StringComparison.OrdinalIgnoreCase) ? null
                : int.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p
                : throw new HelpFormatException(
                    file,
                    blockLine,
                    $"-{parameter}: Position must be a number or Named, not '{position}'"
                );

            var pipeline = Get("Accept pipeline input");
            var byValue = false;
            var byPropertyName = false;
            if (!pipeline.Equals("False", StringComparison.OrdinalIgnoreCase))
            {
                var match = Regex.Match(pipeline, @"^True\s*\((?<kinds>[^)]*)\)$", RegexOptions.IgnoreCase);
                if (!match.Success)
                    throw new HelpFormatException(
                        file,
                        blockLine,
                        $"-{parameter}: 'Accept pipeline input' must be False or True (ByValue / ByPropertyName), "
                            + $"not '{pipeline}'"
                    );
                foreach (var kind in match.Groups["kinds"].Value.Split(',').Select(k => k.Trim()))
                {
                    if (kind.Equals("ByValue", StringComparison.OrdinalIgnoreCase))
                        byValue = true;
                    else if (kind.Equals("ByPropertyName", StringComparison.OrdinalIgnoreCase))
                        byPropertyName = true;
                    else
                        throw new HelpFormatException(
                            file,
                            blockLine,
                            $"-{parameter}: unknown pipeline input kind '{kind}'"
                        );
                }
            }

            var sets = SplitList(Get("Parameter Sets"));
            if (sets.Count == 0)
                throw new HelpFormatException(file, blockLine, $"-{parameter}: 'Parameter Sets' is empty (use (All))");
            var aliases = Get("Aliases");
            var type = Get("Type");
            if (type.Length == 0)
                throw new HelpFormatException(file, blockLine, $"-{parameter}: 'Type' is empty");

            return new ParameterMetadataHelp
            {
                Type = type,
                ParameterSets = sets,
                Aliases = aliases.Equals("None", StringComparison.OrdinalIgnoreCase)
                    ? Array.Empty<string>()
                    : SplitList(aliases),
                Required = Flag("Required"),
                Position = positionValue,
                DefaultValue = Get("Default value"),
                ByValue = byValue,
                ByPropertyName = byPropertyName,
                AcceptsWildcards = Flag("Accept wildcard characters"),
            };
        }

        private static IReadOnlyList<SyntaxHelp> ReadSyntax(
            string file,
            string name,
            MarkdownSection section,
            IReadOnlyList<ParameterHelp> parameters
        )
        {
            var result = new List<SyntaxHelp>();
            var blocks = MarkdownDocument.Sections(section.Body, 3);
            // platyPS writes a cmdlet with a single parameter set as one bare code block, without a set heading.
            if (blocks.Count == 0 && MarkdownDocument.FencedBlocks(section.Body, file).Count == 1)
            {
                blocks = new[] { new MarkdownSection(AllParameterSetsName + " (Default)", section.Line, section.Body) };
            }
            foreach (var block in blocks)
            {
                var title = block.Title.Trim();
                var isDefault = title.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase);
                var setName = isDefault ? title.Substring(0, title.Length - "(Default)".Length).Trim() : title;
                var code = MarkdownDocument.FencedBlocks(block.Body, file);
                if (code.Count != 1)
                    throw new HelpFormatException(
                        file,
                        block.Line,
                        $"syntax block '{title}' needs exactly one code block"
                    );
                var text = code[0].Code.Trim();
                if (!text.StartsWith(name, StringComparison.OrdinalIgnoreCase))
                {
                    throw new HelpFormatException(file, code[0].Line, $"syntax block '{title}' must start with {name}");
                }
                var listed = SyntaxParameter.Matches(text).Select(m => m.Groups[1].Value).ToList();

                // The syntax block and the parameters' "Parameter Sets" must tell the same story.
                foreach (var parameterName in listed)
                {
                    var parameter =
                        parameters.FirstOrDefault(p =>
                            string.Equals(p.Name, parameterName, StringComparison.OrdinalIgnoreCase)
                        )
                        ?? throw new HelpFormatException(
                            file,
                            code[0].Line,
                            $"syntax block '{title}' lists -{parameterName}, which has no entry under PARAMETERS"
                        );
                    if (!IsInSet(parameter, setName))
                    {
                        throw new HelpFormatException(
                            file,
                            code[0].Line,
                            $"syntax block '{title}' lists -{parameterName}, but its Parameter Sets do not include "
                                + $"'{setName}'"
                        );
                    }
                }
                foreach (var parameter in parameters.Where(p => IsInSet(p, setName)))
                {
                    if (!listed.Contains(parameter.Name, StringComparer.OrdinalIgnoreCase))
                    {
                        throw new HelpFormatException(
                            file,
                            code[0].Line,
                            $"syntax block '{title}' leaves out -{parameter.Name}, which belongs to that set"
                        );
                    }
                }
                result.Add(new SyntaxHelp(setName, isDefault, text, listed));
            }
            if (result.Count == 0)
                throw new HelpFormatException(
                    file,
                    section.Line,
                    "SYNTAX needs one '### SetName' block per parameter set (or a single code block for a cmdlet "
                        + "without sets)"
                );
            if (result.Count > 1 && result.Count(s => s.IsDefault) != 1)
            {
                throw new HelpFormatException(
                    file,
                    section.Line,
                    "with several parameter sets, exactly one syntax block must be marked (Default)"
                );
            }
            foreach (var parameter in parameters)
            {
                foreach (var metadata in parameter.Metadata.Where(m => !m.AppliesToAllSets))
                {
                    foreach (var set in metadata.ParameterSets)
                    {
                        if (
                            !result.Any(s => string.Equals(s.ParameterSetName, set, StringComparison.OrdinalIgnoreCase))
                        )
                        {
                            throw new HelpFormatException(
                                file,
                                parameter.Line,
                                $"-{parameter.Name} names parameter set '{set}', which has no syntax block"
                            );
                        }
                    }
                }
            }
            return result;

            static bool IsInSet(ParameterHelp parameter, string setName) =>
                setName == AllParameterSetsName || parameter.InSet(setName) != null;
        }

        private static IReadOnlyList<ExampleHelp> ReadExamples(string file, MarkdownSection section)
        {
            var examples = new List<ExampleHelp>();
            foreach (var entry in MarkdownDocument.Sections(section.Body, 3))
            {
                var code = MarkdownDocument.FencedBlocks(entry.Body, file);
                if (code.Count == 0)
                    throw new HelpFormatException(file, entry.Line, $"example '{entry.Title}' has no code block");
                var remarks = MarkdownDocument.Paragraphs(entry.Body);
                if (remarks.Count == 0)
                    throw new HelpFormatException(
                        file,
                        entry.Line,
                        $"example '{entry.Title}' does not say what it does"
                    );
                examples.Add(
                    new ExampleHelp(
                        entry.Title,
                        string.Join("\n\n", code.Select(c => c.Code.Trim())),
                        remarks,
                        entry.Line
                    )
                );
            }
            if (examples.Count == 0)
                throw new HelpFormatException(file, section.Line, "EXAMPLES has no '### Example' entries");
            return examples;
        }

        private static IReadOnlyList<TypeHelp> ReadTypes(string file, MarkdownSection section)
        {
            var types = MarkdownDocument
                .Sections(section.Body, 3)
                .Select(entry => new TypeHelp(entry.Title.Trim(), MarkdownDocument.Paragraphs(entry.Body)))
                .ToList();
            if (types.Count == 0)
                throw new HelpFormatException(
                    file,
                    section.Line,
                    $"{section.Title} needs one '### TypeName' entry per type (### None when there is none)"
                );
            return types;
        }

        private static IReadOnlyList<LinkHelp> ReadLinks(MarkdownSection section) =>
            section
                .Body.SelectMany(line =>
                    Link.Matches(line.Text).Select(m => new LinkHelp(m.Groups["text"].Value, m.Groups["uri"].Value))
                )
                .ToList();

        private static IReadOnlyList<string> SplitList(string value) =>
            value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
    }
}

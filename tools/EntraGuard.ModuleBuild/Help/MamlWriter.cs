using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace EntraGuard.ModuleBuild.Help
{
    /// <summary>
    /// Writes cmdlet help as MAML, the XML that PowerShell's Get-Help reads for binary cmdlets
    /// (<c>en-US/&lt;Assembly&gt;.dll-Help.xml</c>), in the same shape platyPS's New-ExternalHelp produces.
    /// </summary>
    public static class MamlWriter
    {
        public static readonly XNamespace Msh = "http://msh";
        public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
        public static readonly XNamespace MsHelp = "http://msdn.microsoft.com/mshelp";

        public static XDocument Write(IEnumerable<CommandHelp> commands) =>
            new(
                new XDeclaration("1.0", "utf-8", null),
                new XElement(
                    Msh + "helpItems",
                    new XAttribute("schema", "maml"),
                    commands.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Select(WriteCommand)
                )
            );

        private static XElement WriteCommand(CommandHelp help) =>
            new(
                Command + "command",
                new XAttribute(XNamespace.Xmlns + "maml", Maml),
                new XAttribute(XNamespace.Xmlns + "command", Command),
                new XAttribute(XNamespace.Xmlns + "dev", Dev),
                new XAttribute(XNamespace.Xmlns + "MSHelp", MsHelp),
                new XElement(
                    Command + "details",
                    new XElement(Command + "name", help.Name),
                    new XElement(Command + "verb", help.Verb),
                    new XElement(Command + "noun", help.Noun),
                    Description(new[] { help.Synopsis })
                ),
                Description(help.Description),
                new XElement(Command + "syntax", help.Syntax.Select(s => SyntaxItem(help, s))),
                new XElement(Command + "parameters", help.Parameters.Select(p => Parameter(p, p.Metadata[0]))),
                new XElement(Command + "inputTypes", help.Inputs.Select(t => TypeEntry("inputType", t))),
                new XElement(Command + "returnValues", help.Outputs.Select(t => TypeEntry("returnValue", t))),
                new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(help.Notes))),
                new XElement(Command + "examples", help.Examples.Select(Example)),
                new XElement(Command + "relatedLinks", RelatedLinks(help))
            );

        private static XElement SyntaxItem(CommandHelp help, SyntaxHelp syntax) =>
            new(
                Command + "syntaxItem",
                new XElement(Maml + "name", help.Name),
                syntax.ParameterNames.Select(name =>
                {
                    var parameter = help.FindParameter(name)!;
                    var metadata = parameter.InSet(syntax.ParameterSetName) ?? parameter.Metadata[0];
                    return Parameter(parameter, metadata);
                })
            );

        private static XElement Parameter(ParameterHelp parameter, ParameterMetadataHelp metadata) =>
            new(
                Command + "parameter",
                new XAttribute("required", metadata.Required ? "true" : "false"),
                new XAttribute("variableLength", metadata.IsArray ? "true" : "false"),
                new XAttribute("globbing", metadata.AcceptsWildcards ? "true" : "false"),
                new XAttribute("pipelineInput", metadata.PipelineInputText),
                new XAttribute(
                    "position",
                    metadata.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named"
                ),
                new XAttribute("aliases", metadata.Aliases.Count == 0 ? "none" : string.Join(", ", metadata.Aliases)),
                new XElement(Maml + "name", parameter.Name),
                Description(parameter.Description),
                // A switch takes no value, so PowerShell prints no <Type> after it.
                metadata.IsSwitch
                    ? null
                    : new XElement(
                        Command + "parameterValue",
                        new XAttribute("required", "true"),
                        new XAttribute("variableLength", metadata.IsArray ? "true" : "false"),
                        metadata.Type
                    ),
                new XElement(Dev + "type", new XElement(Maml + "name", metadata.Type), new XElement(Maml + "uri")),
                new XElement(Dev + "defaultValue", metadata.DefaultValue)
            );

        private static XElement TypeEntry(string element, TypeHelp type) =>
            new(
                Command + element,
                new XElement(Dev + "type", new XElement(Maml + "name", type.TypeName)),
                Description(type.Description)
            );

        private static XElement Example(ExampleHelp example) =>
            new(
                Command + "example",
                new XElement(Maml + "title", $"-------------------------- {example.Title} --------------------------"),
                new XElement(Dev + "code", example.Code),
                new XElement(Dev + "remarks", Paragraphs(example.Remarks))
            );

        private static IEnumerable<XElement> RelatedLinks(CommandHelp help)
        {
            if (help.OnlineVersion != null)
            {
                yield return Link("Online Version:", help.OnlineVersion);
            }
            foreach (var link in help.RelatedLinks)
            {
                // Relative links point at sibling markdown pages; in console help the topic name is what helps.
                var isWeb =
                    link.Uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                    || link.Uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
                yield return Link(link.Text, isWeb ? link.Uri : "");
            }
        }

        private static XElement Link(string text, string uri) =>
            new(Maml + "navigationLink", new XElement(Maml + "linkText", text), new XElement(Maml + "uri", uri));

        private static XElement Description(IEnumerable<string> paragraphs) =>
            new(Maml + "description", Paragraphs(paragraphs));

        private static IEnumerable<XElement> Paragraphs(IEnumerable<string> paragraphs) =>
            paragraphs.Select(p => new XElement(Maml + "para", MarkdownText.ToPlainText(p)));
    }
}

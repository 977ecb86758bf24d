using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using EntraGuard.Module.Tests.Contracts;
using EntraGuard.Module.Tests.Infrastructure;
using EntraGuard.ModuleBuild.Help;

namespace EntraGuard.Module.Tests
{
    /// <summary>The markdown-to-MAML generator (tools/EntraGuard.ModuleBuild) and the help the build wrote with
    /// it.</summary>
    [Collection(BuiltModuleCollection.Name)]
    public sealed class HelpGeneratorTests
    {
        private readonly BuiltModule _built;

        public HelpGeneratorTests(BuiltModule built) => _built = built;

        [Fact]
        public void The_built_MAML_has_the_structure_Get_Help_reads_for_every_cmdlet()
        {
            var maml = XDocument.Load(TestPaths.MamlFile);
            Assert.Empty(MamlRules.Check(maml, _built.Cmdlets));
        }

        [Fact]
        public void MAML_missing_a_syntax_item_or_example_code_is_caught()
        {
            var maml = XDocument.Load(TestPaths.MamlFile);
            XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
            XNamespace dev = "http://schemas.microsoft.com/maml/dev/2004/10";
            var auditEvent = maml.Root!.Elements(command + "command")
                .Single(c =>
                    (string?)c.Element(command + "details")!.Element(command + "name") == "Get-EntraAuditEvent"
                );
            auditEvent.Descendants(command + "syntaxItem").First().Remove();
            auditEvent.Descendants(dev + "code").First().Value = "";
            var violations = MamlRules.Check(maml, _built.Cmdlets);
            Assert.Contains("Get-EntraAuditEvent: 1 syntax item(s) for 2 parameter set(s)", violations);
            Assert.Contains("Get-EntraAuditEvent: an example has no code", violations);
            Assert.All(violations, v => Assert.StartsWith("Get-EntraAuditEvent: ", v));
        }

        [Fact]
        public void The_MAML_of_Get_EntraAuditEvent_says_what_the_cmdlet_declares()
        {
            XNamespace maml = "http://schemas.microsoft.com/maml/2004/10";
            XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
            var document = XDocument.Load(TestPaths.MamlFile);
            var parameters = document
                .Root!.Elements(command + "command")
                .Single(c =>
                    (string?)c.Element(command + "details")!.Element(command + "name") == "Get-EntraAuditEvent"
                )
                .Element(command + "parameters")!
                .Elements(command + "parameter")
                .ToList();
            var path = parameters.Single(p => (string?)p.Element(maml + "name") == "Path");
            Assert.Equal("true", (string?)path.Attribute("required"));
            Assert.Equal("0", (string?)path.Attribute("position"));
            Assert.Equal("True (ByPropertyName, ByValue)", (string?)path.Attribute("pipelineInput"));
            Assert.Equal("FullName, PSPath", (string?)path.Attribute("aliases"));
            Assert.Equal("true", (string?)path.Attribute("variableLength"));
            var skipInvalid = parameters.Single(p => (string?)p.Element(maml + "name") == "SkipInvalid");
            // A switch takes no value: no parameterValue, so Get-Help prints [-SkipInvalid] without a <type>.
            Assert.Null(skipInvalid.Element(command + "parameterValue"));
        }

        [Fact]
        public void The_built_about_topics_are_plain_text_within_80_columns()
        {
            foreach (var name in new[] { "about_EntraGuard", "about_EntraGuard_Runbooks" })
            {
                var lines = File.ReadAllLines(Path.Combine(TestPaths.ModuleDirectory, "en-US", name + ".help.txt"));
                Assert.Equal("TOPIC", lines[0].TrimStart('\uFEFF'));
                Assert.Equal("    " + name, lines[1]);
                Assert.Contains("SHORT DESCRIPTION", lines);
                Assert.Contains("LONG DESCRIPTION", lines);
                Assert.All(
                    lines,
                    line =>
                        Assert.True(
                            line.Length <= 80 || line.StartsWith("        ", StringComparison.Ordinal),
                            $"{name}: '{line}' is over 80 columns"
                        )
                );
                Assert.DoesNotContain(
                    lines,
                    line => line.StartsWith("#", StringComparison.Ordinal) || line.Contains("```")
                );
            }
        }

        [Fact]
        public void A_page_reads_into_the_model_PowerShell_help_needs()
        {
            var help = CommandHelpReader.Read(
                MarkdownDocument.Parse("Get-EntraThing.md", HelpContractTests.ThingPage())
            );
            Assert.Equal("Get-EntraThing", help.Name);
            Assert.Equal("Get", help.Verb);
            Assert.Equal("EntraThing", help.Noun);
            Assert.Equal("Gets a thing.", help.Synopsis);
            var syntax = Assert.Single(help.Syntax);
            Assert.Equal("__AllParameterSets", syntax.ParameterSetName);
            Assert.Equal(new[] { "Name" }, syntax.ParameterNames);
            var name = Assert.Single(help.Parameters);
            Assert.True(name.Metadata[0].Required);
            Assert.Equal(0, name.Metadata[0].Position);
            Assert.True(help.SupportsCommonParameters);
            Assert.Equal(2, help.Examples.Count);
            Assert.Equal("Get-EntraThing -Name x1", help.Examples[0].Code);
            Assert.Equal("System.String", Assert.Single(help.Outputs).TypeName);
        }

        [Fact]
        public void MAML_written_from_a_page_is_well_formed_and_complete()
        {
            var help = CommandHelpReader.Read(
                MarkdownDocument.Parse("Get-EntraThing.md", HelpContractTests.ThingPage())
            );
            var xml = MamlWriter.Write(new[] { help }).ToString();
            var reread = XDocument.Parse(xml);
            XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
            XNamespace maml = "http://schemas.microsoft.com/maml/2004/10";
            var element = Assert.Single(reread.Root!.Elements(command + "command"));
            Assert.Equal("Get-EntraThing", (string?)element.Element(command + "details")!.Element(command + "name"));
            Assert.Equal("Gets a thing.", element.Element(command + "details")!.Element(maml + "description")!.Value);
            var parameter = element
                .Element(command + "syntax")!
                .Element(command + "syntaxItem")!
                .Element(command + "parameter")!;
            Assert.Equal(
                "String",
                element
                    .Element(command + "parameters")!
                    .Element(command + "parameter")!
                    .Element(command + "parameterValue")!
                    .Value
            );
            Assert.Equal("0", (string?)parameter.Attribute("position"));
            Assert.Equal("False", (string?)parameter.Attribute("pipelineInput"));
            Assert.Equal(2, element.Element(command + "examples")!.Elements().Count());
        }

        [Theory]
        [InlineData("## SYNOPSIS\nGets a thing.\n", "## SYNOPSIS\n", "the synopsis is empty")]
        [InlineData(
            "Gets the thing with a name.",
            "{{ Fill in the Description }}",
            "placeholder left in the help text"
        )]
        [InlineData("Required: True", "Required: Yes", "-Name: 'Required' must be True or False, not 'Yes'")]
        [InlineData("Position: 0", "Position: first", "-Name: Position must be a number or Named, not 'first'")]
        [InlineData(
            "Accept pipeline input: False",
            "Accept pipeline input: True (ByMagic)",
            "-Name: unknown pipeline input kind 'ByMagic'"
        )]
        [InlineData(
            "Get-EntraThing [-Name] <String> [<CommonParameters>]",
            "Get-EntraThing [<CommonParameters>]",
            "syntax block '__AllParameterSets' leaves out -Name"
        )]
        [InlineData(
            "Get-EntraThing [-Name] <String> [<CommonParameters>]",
            "Get-EntraThing [-Name] <String> [-Force] [<CommonParameters>]",
            "lists -Force, which has no entry under PARAMETERS"
        )]
        [InlineData("## OUTPUTS", "## OUTPUT", "unknown section '## OUTPUT'")]
        [InlineData(
            "Parameter Sets: (All)",
            "Parameter Sets: ById",
            "-Name names parameter set 'ById', which has no syntax block"
        )]
        public void A_malformed_page_fails_with_its_file_line_and_reason(string find, string replace, string expected)
        {
            var page = HelpContractTests.ThingPage();
            Assert.Contains(find, page);
            var error = Assert.Throws<HelpFormatException>(() =>
                CommandHelpReader.Read(MarkdownDocument.Parse("docs/Get-EntraThing.md", page.Replace(find, replace)))
            );
            Assert.Contains(expected, error.Message);
            Assert.Matches(@"^docs/Get-EntraThing\.md\(\d+\): error EGHELP: ", error.ToBuildError());
        }

        [Fact]
        public void A_page_named_for_another_cmdlet_or_with_an_open_code_block_fails()
        {
            Assert.Contains(
                "must be named Get-EntraThing.md",
                Assert
                    .Throws<HelpFormatException>(() =>
                        CommandHelpReader.Read(MarkdownDocument.Parse("Get-Other.md", HelpContractTests.ThingPage()))
                    )
                    .Message
            );
            var unclosed = HelpContractTests
                .ThingPage()
                .Replace("Get-EntraThing -Name x2\n```", "Get-EntraThing -Name x2\n");
            Assert.Contains(
                "never closed",
                Assert
                    .Throws<HelpFormatException>(() =>
                        CommandHelpReader.Read(MarkdownDocument.Parse("Get-EntraThing.md", unclosed))
                    )
                    .Message
            );
        }

        [Fact]
        public void The_generator_reports_every_broken_page_and_ignores_other_markdown()
        {
            var docs = HelpContractTests.TemporaryDocs(
                ("Get-EntraThing.md", HelpContractTests.ThingPage().Replace("## DESCRIPTION", "## DESCRIPTIONS")),
                ("Get-EntraOther.md", "# Get-EntraOther\n\nNo front matter.\n"),
                ("about_Thing.md", "# about_Thing\n\n## SHORT DESCRIPTION\nShort.\n"),
                ("README.md", "# Notes for contributors\n")
            );
            var help = HelpBuilder.Read(docs);
            Assert.Empty(help.Commands);
            Assert.Equal(3, help.Errors.Count);
            Assert.Contains(
                help.Errors,
                e => e.File.EndsWith("Get-EntraThing.md") && e.Message.Contains("DESCRIPTIONS")
            );
            Assert.Contains(
                help.Errors,
                e => e.File.EndsWith("Get-EntraOther.md") && e.Message.Contains("front matter")
            );
            Assert.Contains(
                help.Errors,
                e => e.File.EndsWith("about_Thing.md") && e.Message.Contains("LONG DESCRIPTION")
            );
        }

        [Fact]
        public void Writing_help_removes_files_no_page_produces_any_more()
        {
            var docs = HelpContractTests.TemporaryDocs(("Get-EntraThing.md", HelpContractTests.ThingPage()));
            var module = HelpContractTests.TemporaryDocs();
            var stale = Path.Combine(module, HelpBuilder.Culture, "about_Gone.help.txt");
            Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
            File.WriteAllText(stale, "old");
            HelpBuilder.Write(HelpBuilder.Read(docs), module);
            Assert.False(File.Exists(stale));
            Assert.True(File.Exists(Path.Combine(module, HelpBuilder.Culture, "EntraGuard.dll-Help.xml")));
        }

        [Fact]
        public void About_pages_become_wrapped_indented_text()
        {
            var (name, text) = AboutTopicWriter.Write(
                MarkdownDocument.Parse(
                    "about_Thing.md",
                    """
                    # about_Thing

                    ## SHORT DESCRIPTION
                    A `thing` with a [link](https://example.com/thing) and **bold** words.

                    ## LONG DESCRIPTION
                    One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen.

                    - first item
                    - second item

                    ```powershell
                    Get-EntraThing -Name x
                    ```
                    """
                )
            );
            Assert.Equal("about_Thing", name);
            var lines = text.Split('\n');
            Assert.Equal("TOPIC", lines[0]);
            Assert.Equal("    about_Thing", lines[1]);
            Assert.Contains("    A thing with a link (https://example.com/thing) and bold words.", lines);
            Assert.Contains("    - first item", lines);
            Assert.Contains("        Get-EntraThing -Name x", lines);
            Assert.All(lines, l => Assert.True(l.Length <= 80));
            Assert.Contains(lines, l => l.StartsWith("    One two", StringComparison.Ordinal));
            // wrapped onto a second line
            Assert.DoesNotContain(lines, l => l.Contains("One") && l.Contains("seventeen"));
        }
    }
}

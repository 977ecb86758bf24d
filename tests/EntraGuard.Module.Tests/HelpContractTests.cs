using System;
using System.IO;
using System.Linq;
using EntraGuard.Module.Tests.Contracts;
using EntraGuard.Module.Tests.Infrastructure;
using EntraGuard.ModuleBuild.Help;

namespace EntraGuard.Module.Tests
{
    /// <summary>docs/ against the cmdlets: every cmdlet and parameter documented as declared, examples that could
    /// run.</summary>
    [Collection(BuiltModuleCollection.Name)]
    public sealed class HelpContractTests
    {
        private readonly BuiltModule _built;

        public HelpContractTests(BuiltModule built) => _built = built;

        [Fact]
        public void Every_docs_page_reads_without_error()
        {
            Assert.Empty(_built.Help.Errors.Select(e => e.ToBuildError()));
        }

        [Fact]
        public void Every_cmdlet_and_every_parameter_is_documented_as_declared()
        {
            var violations = HelpRules.Coverage(_built.Cmdlets, _built.Help);
            Assert.True(violations.Count == 0, string.Join("\n", violations));
        }

        [Fact]
        public void An_undocumented_or_misdocumented_parameter_is_caught()
        {
            using var broken = ModuleUnderTest.Load(
                FixtureCompiler.CompileCmdlets(
                    """
                    using System.Management.Automation;
                    namespace Broken
                    {
                        [Cmdlet(VerbsCommon.Get, "EntraThing")] [OutputType(typeof(EntraGuard.AuditEvent))]
                        public sealed class GetEntraThingCommand : PSCmdlet
                        {
                            [Parameter(Mandatory = true, Position = 0)] [SupportsWildcards] public string Name { get; set; } = "";
                            [Parameter] public SwitchParameter Extra { get; set; }
                        }
                    }
                    """
                )
            );
            var docs = TemporaryDocs(("Get-EntraThing.md", ThingPage(required: "False", examples: 1)));
            var violations = HelpRules.Coverage(broken.Cmdlets, HelpBuilder.Read(docs));
            Assert.Contains("Get-EntraThing: -Extra is not documented under PARAMETERS", violations);
            Assert.Contains(
                violations,
                v =>
                    v.Contains(
                        "-Name in set '__AllParameterSets' is documented Required: False but is Mandatory = True"
                    )
            );
            Assert.Contains(violations, v => v.Contains("1 example(s); at least 2"));
            Assert.Contains("Get-EntraThing: OUTPUTS does not list EntraGuard.AuditEvent", violations);
            Assert.Contains(
                "Get-EntraThing: -Name is documented with 'Accept wildcard characters: False' but has "
                    + "[SupportsWildcards]",
                violations
            );
        }

        [Fact]
        public void A_cmdlet_without_a_page_is_caught()
        {
            var violations = HelpRules.Coverage(_built.Cmdlets, HelpBuilder.Read(TemporaryDocs()));
            Assert.Contains(violations, v => v.StartsWith("Get-EntraAuditEvent: no help page"));
        }

        [Fact]
        public void Examples_run_their_cmdlet_and_pass_only_real_parameters()
        {
            Assert.Empty(HelpRules.ExampleParameters(_built.Cmdlets, _built.Help));
        }

        [Fact]
        public void An_example_passing_a_parameter_the_cmdlet_lacks_is_caught()
        {
            var page = File.ReadAllText(Path.Combine(TestPaths.DocsDirectory, "Get-EntraAuditEvent.md"))
                .Replace(
                    "## PARAMETERS",
                    "### Example 9: A typo\n```powershell\nGet-EntraAuditEvent -Path ./x -SkipInvalids | "
                        + "Select-Object -First 1\n```\n\nPasses a parameter that does not exist.\n\n## PARAMETERS"
                );
            var help = HelpBuilder.Read(TemporaryDocs(("Get-EntraAuditEvent.md", page)));
            Assert.Empty(help.Errors);
            var violation = Assert.Single(HelpRules.ExampleParameters(_built.Cmdlets, help));
            Assert.Equal(
                "Get-EntraAuditEvent: example 'Example 9: A typo' passes -SkipInvalids to Get-EntraAuditEvent, "
                    + "which has no such parameter",
                violation
            );
        }

        [Fact]
        public void Every_cmdlet_page_has_at_least_two_examples()
        {
            Assert.All(
                _built.Help.Commands,
                page =>
                    Assert.True(
                        page.Examples.Count >= HelpRules.MinimumExamples,
                        $"{page.Name} has {page.Examples.Count} example(s)"
                    )
            );
        }

        [Fact]
        public void The_module_page_lists_every_cmdlet()
        {
            var modulePage = MarkdownDocument.Load(Path.Combine(TestPaths.DocsDirectory, "EntraGuard.md"));
            Assert.Empty(HelpRules.ModulePage(_built.Cmdlets, modulePage, (string)_built.Manifest["GUID"]!));
        }

        [Fact]
        public void A_module_page_missing_a_cmdlet_is_caught()
        {
            var modulePage = MarkdownDocument.Parse(
                "EntraGuard.md",
                "---\nModule Name: EntraGuard\nModule Guid: 00000000-0000-0000-0000-000000000000\n---\n\n# "
                    + "EntraGuard Module\n\n## EntraGuard Cmdlets\n"
            );
            var violations = HelpRules.ModulePage(_built.Cmdlets, modulePage, (string)_built.Manifest["GUID"]!);
            Assert.Contains(
                "Get-EntraAuditEvent: docs/EntraGuard.md has no '### "
                    + "[Get-EntraAuditEvent](Get-EntraAuditEvent.md)' entry",
                violations
            );
            Assert.Contains(violations, v => v.Contains("Module Guid"));
        }

        [Fact]
        public void The_required_about_topics_exist()
        {
            var topics = _built.Help.AboutTopics.Select(t => t.Name).ToList();
            Assert.Contains("about_EntraGuard", topics);
            Assert.Contains("about_EntraGuard_Runbooks", topics);
        }

        internal static string TemporaryDocs(params (string Name, string Text)[] pages)
        {
            var directory = TestPaths.NewFixtureFolder();
            Directory.CreateDirectory(directory);
            foreach (var (name, text) in pages)
                File.WriteAllText(Path.Combine(directory, name), text);
            return directory;
        }

        internal static string ThingPage(string required = "True", int examples = 2) =>
            $$"""
                ---
                external help file: EntraGuard.dll-Help.xml
                Module Name: EntraGuard
                online version:
                schema: 2.0.0
                ---

                # Get-EntraThing

                ## SYNOPSIS
                Gets a thing.

                ## SYNTAX

                ### __AllParameterSets
                ```
                Get-EntraThing [-Name] <String> [<CommonParameters>]
                ```

                ## DESCRIPTION
                Gets the thing with a name.

                ## EXAMPLES

                {{string.Join(
                    "\n",
                    Enumerable.Range(1, examples).Select(i =>
                        $"### Example {i}: Get one\n```powershell\nGet-EntraThing -Name x{i}\n```\n\nGets thing x{i}.\n"
                    )
                )}}
                ## PARAMETERS

                ### -Name
                The name.

                ```yaml
                Type: String
                Parameter Sets: (All)
                Aliases: None

                Required: {{required}}
                Position: 0
                Default value: None
                Accept pipeline input: False
                Accept wildcard characters: False
                ```

                ### CommonParameters
                This cmdlet supports the common parameters.

                ## INPUTS

                ### None

                ## OUTPUTS

                ### System.String
                The thing.
                """;
    }
}

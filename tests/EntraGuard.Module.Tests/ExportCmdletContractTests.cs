using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace EntraGuard.Module.Tests
{
    /// <summary>Export-EntraGuardRule's PowerShell surface, read from the built assembly, and its help page.</summary>
    public sealed class ExportCmdletContractTests : IDisposable
    {
        private readonly MetadataLoadContext _context;
        private readonly Type _cmdlet;

        public ExportCmdletContractTests()
        {
            var here = AppContext.BaseDirectory;
            var packages =
                Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var automation = Directory
                .GetFiles(
                    Path.Combine(packages, "powershellstandard.library"),
                    "System.Management.Automation.dll",
                    SearchOption.AllDirectories
                )
                .First();
            var paths = Directory
                .GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
                .Concat(Directory.GetFiles(here, "*.dll"))
                .Append(automation);
            _context = new MetadataLoadContext(new PathAssemblyResolver(paths));
            _cmdlet = _context
                .LoadFromAssemblyPath(Path.Combine(here, "EntraGuard.dll"))
                .GetType("EntraGuard.Commands.ExportEntraGuardRuleCommand", throwOnError: true)!;
        }

        public void Dispose() => _context.Dispose();

        private static string? Named(CustomAttributeData attribute, string name) =>
            attribute
                .NamedArguments.Where(a => a.MemberName == name)
                .Select(a => a.TypedValue.Value?.ToString())
                .FirstOrDefault();

        private List<CustomAttributeData> ParameterAttributes(string property) =>
            _cmdlet
                .GetProperty(property)!
                .GetCustomAttributesData()
                .Where(a => a.AttributeType.Name == "ParameterAttribute")
                .ToList();

        [Fact]
        public void Is_Export_EntraGuardRule_with_ShouldProcess_and_a_text_default()
        {
            var cmdlet = _cmdlet.GetCustomAttributesData().Single(a => a.AttributeType.Name == "CmdletAttribute");
            Assert.Equal(
                new[] { "Export", "EntraGuardRule" },
                cmdlet.ConstructorArguments.Select(a => a.Value?.ToString())
            );
            Assert.Equal("Text", Named(cmdlet, "DefaultParameterSetName"));
            Assert.Equal("True", Named(cmdlet, "SupportsShouldProcess"));

            var outputs = _cmdlet
                .GetCustomAttributesData()
                .Where(a => a.AttributeType.Name == "OutputTypeAttribute")
                .Select(a =>
                    ((IEnumerable<CustomAttributeTypedArgument>)a.ConstructorArguments.Single().Value!)
                        .Single()
                        .Value!.ToString()
                )
                .ToList();
            Assert.Equal(new[] { "EntraGuard.Export.RuleExport", "System.IO.FileInfo" }, outputs);
        }

        [Fact]
        public void Parameters_bind_rules_from_Get_EntraGuardRule_and_ids_by_property_name()
        {
            var parameters = _cmdlet
                .GetProperties()
                .Where(p => p.GetCustomAttributesData().Any(a => a.AttributeType.Name == "ParameterAttribute"))
                .Select(p => p.Name)
                .OrderBy(n => n);
            Assert.Equal(
                new[] { "Format", "InputObject", "OutputPath", "RuleId", "RulePath", "SettingsPath" },
                parameters
            );

            var ruleId = Assert.Single(ParameterAttributes("RuleId"));
            Assert.Equal("True", Named(ruleId, "ValueFromPipelineByPropertyName"));
            Assert.Equal("0", Named(ruleId, "Position"));
            var aliases = _cmdlet
                .GetProperty("RuleId")!
                .GetCustomAttributesData()
                .Single(a => a.AttributeType.Name == "AliasAttribute");
            Assert.Contains(
                "Id",
                ((IEnumerable<CustomAttributeTypedArgument>)aliases.ConstructorArguments.Single().Value!).Select(a =>
                    a.Value?.ToString()
                )
            );
            Assert.Equal("True", Named(Assert.Single(ParameterAttributes("InputObject")), "ValueFromPipeline"));
            Assert.Equal("True", Named(Assert.Single(ParameterAttributes("Format")), "Mandatory"));
            var output = Assert.Single(ParameterAttributes("OutputPath"));
            Assert.Equal("True", Named(output, "Mandatory"));
            Assert.Equal("File", Named(output, "ParameterSetName"));
        }

        [Fact]
        public void Help_page_documents_every_parameter_with_its_yaml_block()
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(folder!.FullName, "EntraGuard.sln")))
                folder = folder.Parent;
            var help = File.ReadAllText(Path.Combine(folder.FullName, "docs", "Export-EntraGuardRule.md"));

            foreach (
                var section in new[]
                {
                    "## SYNOPSIS",
                    "## SYNTAX",
                    "### Text (Default)",
                    "### File",
                    "## DESCRIPTION",
                    "## EXAMPLES",
                    "## PARAMETERS",
                    "## INPUTS",
                    "## OUTPUTS",
                    "## NOTES",
                    "## RELATED LINKS",
                }
            )
            {
                Assert.Contains(section, help);
            }
            Assert.True(Regex.Matches(help, @"^### Example \d+", RegexOptions.Multiline).Count >= 2);
            foreach (
                var parameter in new[]
                {
                    "Format",
                    "InputObject",
                    "OutputPath",
                    "RuleId",
                    "RulePath",
                    "SettingsPath",
                    "Confirm",
                    "WhatIf",
                }
            )
            {
                var at = help.IndexOf("### -" + parameter + "\n", StringComparison.Ordinal);
                Assert.True(at >= 0, $"-{parameter} is not documented");
                var block = help.Substring(
                    at,
                    help.IndexOf(
                        "```\n\n",
                        help.IndexOf("```yaml", at, StringComparison.Ordinal),
                        StringComparison.Ordinal
                    ) - at
                );
                foreach (
                    var key in new[]
                    {
                        "Type:",
                        "Parameter Sets:",
                        "Aliases:",
                        "Required:",
                        "Position:",
                        "Default value:",
                        "Accept pipeline input:",
                        "Accept wildcard characters:",
                    }
                )
                {
                    Assert.Contains(key, block);
                }
            }
        }
    }
}

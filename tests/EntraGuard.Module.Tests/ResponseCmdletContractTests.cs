using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace EntraGuard.Module.Tests
{
    /// <summary>
    /// The remediation cmdlets' PowerShell surface, read from the built module with MetadataLoadContext: approved
    /// verbs, names no Microsoft module exports, ShouldProcess with ConfirmImpact High on every change, output types,
    /// pipeline binding from RiskEvent (and Get-Mg* output through Id/ObjectId), and a help page documenting every
    /// parameter.
    /// </summary>
    public sealed class ResponseCmdletContractTests : IDisposable
    {
        private readonly MetadataLoadContext _context;
        private readonly Assembly _module;
        private readonly Assembly _engine;
        private readonly Assembly _automation;

        public ResponseCmdletContractTests()
        {
            var here = AppContext.BaseDirectory;
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var automation = Directory.GetFiles(Path.Combine(packages, "powershellstandard.library"), "System.Management.Automation.dll", SearchOption.AllDirectories).First();
            var paths = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll").Concat(Directory.GetFiles(here, "*.dll")).Append(automation);
            _context = new MetadataLoadContext(new PathAssemblyResolver(paths));
            _module = _context.LoadFromAssemblyPath(Path.Combine(here, "EntraGuard.dll"));
            _engine = _context.LoadFromAssemblyPath(Path.Combine(here, "EntraGuard.Engine.dll"));
            _automation = _context.LoadFromAssemblyPath(automation);
        }

        public void Dispose() => _context.Dispose();

        private const string Result = "EntraGuard.Response.ActionResult";

        /// <summary>Cmdlet class → verb, noun, whether it changes state, output type.</summary>
        private static readonly Dictionary<string, (string Verb, string Noun, bool Changes, string Output)> Specs = new()
        {
            ["InvokeCredentialRevocationCommand"] = ("Invoke", "CredentialRevocation", true, Result),
            ["DisableEntraServicePrincipalCommand"] = ("Disable", "EntraServicePrincipal", true, Result),
            ["EnableEntraServicePrincipalCommand"] = ("Enable", "EntraServicePrincipal", true, Result),
            ["RevokeEntraUserSessionCommand"] = ("Revoke", "EntraUserSession", true, Result),
            ["DisableEntraUserCommand"] = ("Disable", "EntraUser", true, Result),
            ["EnableEntraUserCommand"] = ("Enable", "EntraUser", true, Result),
            ["RestoreEntraGroupMemberCommand"] = ("Restore", "EntraGroupMember", true, Result),
            ["NewEntraTemporaryAccessPassCommand"] = ("New", "EntraTemporaryAccessPass", true, Result),
            ["GetEntraUserSecurityInfoCommand"] = ("Get", "EntraUserSecurityInfo", false, "EntraGuard.Response.AuthenticationMethodInfo"),
            ["GetEntraGuardJournalCommand"] = ("Get", "EntraGuardJournal", false, "EntraGuard.Response.JournalRecord"),
        };

        public static TheoryData<string> Cmdlets => new(Specs.Keys);

        /// <summary>Names the Microsoft.Entra (and .Beta) modules export that are close to ours: none may be ours.</summary>
        private static readonly string[] MicrosoftEntraNames =
        {
            "Get-EntraUserAuthenticationMethod", "Revoke-EntraUserAllRefreshToken", "Set-EntraUser", "Add-EntraGroupMember",
            "Remove-EntraGroupMember", "Remove-EntraServicePrincipalPasswordCredential", "Remove-EntraServicePrincipalKeyCredential",
            "Remove-EntraApplicationPassword", "Remove-EntraApplicationKey", "Set-EntraServicePrincipal", "Restore-EntraDeletedDirectoryObject",
        };

        private Type Cmdlet(string name) => _module.GetType("EntraGuard.Commands." + name, throwOnError: true)!;

        private static CustomAttributeData Attribute(MemberInfo member, string name) => member.GetCustomAttributesData().Single(a => a.AttributeType.Name == name);

        private static string? Named(CustomAttributeData attribute, string name) =>
            attribute.NamedArguments.Where(a => a.MemberName == name).Select(a => a.TypedValue.Value?.ToString()).FirstOrDefault();

        private static IEnumerable<string> Strings(CustomAttributeData attribute) =>
            ((IEnumerable<CustomAttributeTypedArgument>)attribute.ConstructorArguments.Single().Value!).Select(a => a.Value!.ToString()!);

        private static IReadOnlyList<(PropertyInfo Property, List<CustomAttributeData> Sets)> Parameters(Type type) =>
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => (p, p.GetCustomAttributesData().Where(a => a.AttributeType.Name == "ParameterAttribute").ToList()))
                .Where(p => p.Item2.Count > 0).ToList();

        private static string[] Aliases(PropertyInfo property) =>
            property.GetCustomAttributesData().Where(a => a.AttributeType.Name == "AliasAttribute").SelectMany(Strings).ToArray();

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Each_cmdlet_has_an_approved_verb_its_own_name_and_declares_its_output(string typeName)
        {
            var (verb, noun, changes, output) = Specs[typeName];
            var type = Cmdlet(typeName);
            var cmdlet = Attribute(type, "CmdletAttribute");
            Assert.Equal(new[] { verb, noun }, cmdlet.ConstructorArguments.Select(a => a.Value?.ToString()));
            var approved = new[] { "VerbsCommon", "VerbsLifecycle", "VerbsSecurity", "VerbsData", "VerbsDiagnostic", "VerbsCommunications", "VerbsOther" }
                .SelectMany(v => _automation.GetType("System.Management.Automation." + v, throwOnError: true)!.GetFields())
                .Select(f => f.GetRawConstantValue()?.ToString());
            Assert.Contains(verb, approved);
            Assert.DoesNotContain($"{verb}-{noun}", MicrosoftEntraNames);
            Assert.False(noun.StartsWith("Mg", StringComparison.Ordinal), "Microsoft.Graph's prefix");
            Assert.NotNull(Named(cmdlet, "DefaultParameterSetName"));
            Assert.Equal(new[] { output }, Strings(Attribute(type, "OutputTypeAttribute")).Select(t => t));
            Assert.Equal(changes ? "True" : null, Named(cmdlet, "SupportsShouldProcess"));
            Assert.Equal(changes ? "3" : null, Named(cmdlet, "ConfirmImpact")); // ConfirmImpact.High
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Pipeline_input_binds_from_risk_events_results_or_Get_Mg_output(string typeName)
        {
            var riskEvent = _engine.GetType("EntraGuard.RiskEvent", throwOnError: true)!.GetProperties().Select(p => p.Name).ToHashSet();
            var actionResult = _engine.GetType("EntraGuard.Response.ActionResult", throwOnError: true)!.GetProperties().Select(p => p.Name).ToHashSet();
            var byName = Parameters(Cmdlet(typeName)).Where(p => p.Sets.Any(s => Named(s, "ValueFromPipelineByPropertyName") == "True")).ToList();
            Assert.NotEmpty(byName);
            foreach (var (property, _) in byName)
            {
                var names = Aliases(property).Append(property.Name).ToArray();
                Assert.True(names.Any(n => riskEvent.Contains(n) || actionResult.Contains(n)),
                    $"{typeName}.{property.Name} binds by property name but neither RiskEvent nor ActionResult has {string.Join("/", names)}");
            }
            // The object a cmdlet acts on also binds from Get-Mg* output (Id) where one object is its target.
            var target = byName.Select(p => p.Property).FirstOrDefault(p => p.Name is "ServicePrincipalId" or "UserId" or "MemberId");
            if (target != null) Assert.Equal(new[] { "Id", "ObjectId" }, Aliases(target));
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void The_self_lockout_override_is_Force_only_where_a_guard_exists(string typeName)
        {
            var changes = Specs[typeName].Changes;
            var guarded = new[] { "InvokeCredentialRevocationCommand", "DisableEntraServicePrincipalCommand", "RevokeEntraUserSessionCommand", "DisableEntraUserCommand" };
            var parameters = Parameters(Cmdlet(typeName)).Select(p => p.Property.Name).ToArray();
            Assert.Equal(guarded.Contains(typeName), parameters.Contains("Force"));
            Assert.Equal(changes, parameters.Contains("JournalPath") && parameters.Contains("RiskEventId"));
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Each_cmdlet_has_a_help_page_documenting_every_parameter(string typeName)
        {
            var (verb, noun, changes, output) = Specs[typeName];
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(folder!.FullName, "EntraGuard.sln"))) folder = folder.Parent;
            var help = File.ReadAllText(Path.Combine(folder.FullName, "docs", $"{verb}-{noun}.md")).Replace("\r\n", "\n");

            Assert.StartsWith("---\nexternal help file: EntraGuard.dll-Help.xml\nModule Name: EntraGuard\n", help);
            Assert.Contains($"\n# {verb}-{noun}\n", help);
            foreach (var section in new[] { "## SYNOPSIS", "## SYNTAX", "## DESCRIPTION", "## EXAMPLES", "## PARAMETERS", "## INPUTS", "## OUTPUTS", "## NOTES", "## RELATED LINKS" })
            {
                Assert.Contains("\n" + section + "\n", help);
            }
            Assert.True(Regex.Matches(help, @"^### Example \d+", RegexOptions.Multiline).Count >= 2, "at least two examples");
            Assert.Contains(output, help);

            var parameters = Parameters(Cmdlet(typeName));
            var documented = changes ? parameters.Select(p => p.Property.Name).Concat(new[] { "Confirm", "WhatIf" }) : parameters.Select(p => p.Property.Name);
            foreach (var name in documented)
            {
                var at = help.IndexOf("### -" + name + "\n", StringComparison.Ordinal);
                Assert.True(at >= 0, $"-{name} is not documented in {verb}-{noun}.md");
                var yaml = help.IndexOf("```yaml", at, StringComparison.Ordinal);
                var block = help.Substring(yaml, help.IndexOf("```\n", yaml + 7, StringComparison.Ordinal) - yaml);
                foreach (var key in new[] { "Type:", "Parameter Sets:", "Aliases:", "Required:", "Position:", "Default value:", "Accept pipeline input:", "Accept wildcard characters:" })
                {
                    Assert.Contains(key, block);
                }
                if (parameters.FirstOrDefault(p => p.Property.Name == name).Property is { } property)
                {
                    var required = parameters.Single(p => p.Property == property).Sets.Any(s => Named(s, "Mandatory") == "True");
                    Assert.Contains($"Required: {required}", block);
                    foreach (var alias in Aliases(property)) Assert.Contains(alias, block.Split('\n').Single(l => l.StartsWith("Aliases:", StringComparison.Ordinal)));
                }
            }
        }
    }
}

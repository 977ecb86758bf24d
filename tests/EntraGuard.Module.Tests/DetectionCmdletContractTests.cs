using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace EntraGuard.Module.Tests
{
    /// <summary>
    /// The PowerShell surface of the detection cmdlets, read from the built module assembly with
    /// MetadataLoadContext (no PowerShell needed): names, parameter sets, pipeline binding, output types, and the
    /// RiskEvent properties the response cmdlets bind by name.
    /// </summary>
    public sealed class DetectionCmdletContractTests : IDisposable
    {
        private readonly MetadataLoadContext _context;
        private readonly Assembly _module;

        public DetectionCmdletContractTests()
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
            _module = _context.LoadFromAssemblyPath(Path.Combine(here, "EntraGuard.dll"));
        }

        public void Dispose() => _context.Dispose();

        private Type Cmdlet(string typeName) => _module.GetType("EntraGuard.Commands." + typeName, throwOnError: true)!;

        private static CustomAttributeData Attribute(MemberInfo member, string name) =>
            member.GetCustomAttributesData().Single(a => a.AttributeType.Name == name);

        private static string? Named(CustomAttributeData attribute, string name) =>
            attribute
                .NamedArguments.Where(a => a.MemberName == name)
                .Select(a => a.TypedValue.Value?.ToString())
                .FirstOrDefault();

        /// <summary>Parameter name → its [Parameter] attributes (one per parameter set), inherited ones
        /// included.</summary>
        private static Dictionary<string, List<CustomAttributeData>> Parameters(Type type) =>
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p =>
                    (
                        p.Name,
                        Attributes: p.GetCustomAttributesData()
                            .Where(a => a.AttributeType.Name == "ParameterAttribute")
                            .ToList()
                    )
                )
                .Where(p => p.Attributes.Count > 0)
                .ToDictionary(p => p.Name, p => p.Attributes);

        [Theory]
        [InlineData("GetEntraRiskEventCommand", "Get", "EntraRiskEvent", "InputObject", "EntraGuard.RiskEvent")]
        [InlineData(
            "TestRareCredentialActorCommand",
            "Test",
            "RareCredentialActor",
            "InputObject",
            "EntraGuard.RiskEvent,System.Boolean"
        )]
        [InlineData("GetEntraGuardRuleCommand", "Get", "EntraGuardRule", null, "EntraGuard.Detection.Rule")]
        public void Cmdlets_have_their_names_default_sets_and_output_types(
            string typeName,
            string verb,
            string noun,
            string? defaultSet,
            string outputs
        )
        {
            var type = Cmdlet(typeName);
            var cmdlet = Attribute(type, "CmdletAttribute");
            Assert.Equal(new[] { verb, noun }, cmdlet.ConstructorArguments.Select(a => a.Value?.ToString()));
            Assert.Equal(defaultSet, Named(cmdlet, "DefaultParameterSetName"));

            var declared = Attribute(type, "OutputTypeAttribute").ConstructorArguments.Single().Value;
            var types = ((IEnumerable<CustomAttributeTypedArgument>)declared!).Select(a => ((Type)a.Value!).FullName);
            Assert.Equal(outputs.Split(','), types);
        }

        [Theory]
        [InlineData(
            "GetEntraRiskEventCommand",
            "InputObject,Path,SkipInvalid,AllowEmpty,ThrottleLimit,SettingsPath,SuppressionPath,RuleId,MinimumSeverity,"
                + "IncludeSuppressed,RulePath,IncludeIdentityProtection"
        )]
        [InlineData(
            "TestRareCredentialActorCommand",
            "InputObject,Path,SkipInvalid,AllowEmpty,ThrottleLimit,SettingsPath,SuppressionPath,HistoryDays,Since,"
                + "Until,Quiet"
        )]
        public void Scanning_cmdlets_take_events_by_value_and_files_by_property_name(string typeName, string expected)
        {
            var parameters = Parameters(Cmdlet(typeName));
            Assert.Equal(expected.Split(',').OrderBy(n => n), parameters.Keys.OrderBy(n => n));

            var input = Assert.Single(parameters["InputObject"]);
            Assert.Equal("True", Named(input, "ValueFromPipeline"));
            Assert.Equal("InputObject", Named(input, "ParameterSetName"));
            var path = Assert.Single(parameters["Path"]);
            Assert.Equal("True", Named(path, "ValueFromPipelineByPropertyName"));
            Assert.Equal("True", Named(path, "Mandatory"));
            Assert.Equal("0", Named(path, "Position"));
        }

        [Fact]
        public void Risk_events_expose_the_responder_keys_by_name()
        {
            var riskEvent = _context
                .LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, "EntraGuard.Engine.dll"))
                .GetType("EntraGuard.RiskEvent", throwOnError: true)!;
            var properties = riskEvent.GetProperties().Select(p => p.Name).ToHashSet();

            foreach (
                var key in new[]
                {
                    "ServicePrincipalId",
                    "ApplicationId",
                    "KeyId",
                    "KeyType",
                    "UserId",
                    "GroupId",
                    "MemberId",
                    "ActorServicePrincipalId",
                    "RiskEventId",
                    "EventIds",
                    "SuggestedResponse",
                }
            )
            {
                Assert.Contains(key, properties);
            }
        }
    }
}

using System.IO;
using System.Linq;
using EntraGuard.Module.Tests.Contracts;
using EntraGuard.Module.Tests.Infrastructure;

namespace EntraGuard.Module.Tests
{
    /// <summary>
    /// The cmdlet-shape rules over the built module (which must pass), each beside a cmdlet compiled to break it
    /// (which must fail), so a rule that stopped checking would be noticed.
    /// </summary>
    [Collection(BuiltModuleCollection.Name)]
    public sealed class CmdletContractTests
    {
        private const string Usings = "using System.Management.Automation;\nusing EntraGuard;\nnamespace Broken {\n";
        private readonly BuiltModule _built;

        public CmdletContractTests(BuiltModule built) => _built = built;

        private static ModuleUnderTest Broken(string classes, params string[] references) =>
            ModuleUnderTest.Load(FixtureCompiler.CompileCmdlets(Usings + classes + "\n}", references));

        [Fact]
        public void The_module_has_cmdlets_to_check()
        {
            Assert.Contains(_built.Cmdlets, c => c.Name == "Get-EntraAuditEvent");
        }

        [Fact]
        public void Verbs_are_approved() => Assert.Empty(ContractRules.ApprovedVerbs(_built.Cmdlets));

        [Fact]
        public void An_unapproved_verb_is_caught()
        {
            using var broken = Broken(
                """
                [Cmdlet("Fetch", "EntraThing")] [OutputType(typeof(string))]
                public sealed class FetchEntraThingCommand : PSCmdlet { }
                """
            );
            var violation = Assert.Single(ContractRules.ApprovedVerbs(broken.Cmdlets));
            Assert.Contains("'Fetch' is not an approved verb", violation);
        }

        [Fact]
        public void Nouns_are_singular_and_prefixed() =>
            Assert.Empty(ContractRules.PrefixedSingularNouns(_built.Cmdlets));

        [Fact]
        public void A_plural_or_unprefixed_noun_is_caught()
        {
            using var broken = Broken(
                """
                [Cmdlet(VerbsCommon.Get, "EntraAuditEvents")] [OutputType(typeof(AuditEvent))]
                public sealed class GetEntraAuditEventsCommand : PSCmdlet { }
                [Cmdlet(VerbsCommon.Get, "RiskThing")] [OutputType(typeof(string))]
                public sealed class GetRiskThingCommand : PSCmdlet { }
                """
            );
            var violations = ContractRules.PrefixedSingularNouns(broken.Cmdlets);
            Assert.Contains(violations, v => v.StartsWith("Get-EntraAuditEvents:") && v.Contains("plural"));
            Assert.Contains(violations, v => v.StartsWith("Get-RiskThing:") && v.Contains("must start with 'Entra'"));
            Assert.Equal(2, violations.Count);
        }

        [Fact]
        public void State_changing_cmdlets_support_ShouldProcess() =>
            Assert.Empty(ContractRules.ShouldProcess(_built.Cmdlets));

        [Fact]
        public void A_destructive_cmdlet_without_ShouldProcess_or_high_impact_is_caught()
        {
            using var broken = Broken(
                """
                [Cmdlet(VerbsCommon.Remove, "EntraThing")] [OutputType(typeof(string))]
                public sealed class RemoveEntraThingCommand : PSCmdlet { }
                [Cmdlet(VerbsLifecycle.Invoke, "EntraCredentialRevocation", SupportsShouldProcess = true)] [OutputType(typeof(string))]
                public sealed class InvokeEntraCredentialRevocationCommand : PSCmdlet { }
                [Cmdlet(VerbsCommon.New, "EntraThing", SupportsShouldProcess = true)] [OutputType(typeof(string))]
                public sealed class NewEntraThingCommand : PSCmdlet { }
                """
            );
            var violations = ContractRules.ShouldProcess(broken.Cmdlets);
            Assert.Contains(violations, v => v.StartsWith("Remove-EntraThing:") && v.Contains("SupportsShouldProcess"));
            Assert.Contains(violations, v => v.StartsWith("Remove-EntraThing:") && v.Contains("ConfirmImpact.High"));
            Assert.Contains(
                violations,
                v => v.StartsWith("Invoke-EntraCredentialRevocation:") && v.Contains("ConfirmImpact.High, not Medium")
            );
            Assert.DoesNotContain(violations, v => v.StartsWith("New-EntraThing:"));
            Assert.Equal(3, violations.Count);
        }

        [Fact]
        public void Output_types_are_declared_and_real() =>
            Assert.Empty(ContractRules.OutputTypes(_built.Module, _built.Cmdlets));

        [Fact]
        public void A_missing_or_unresolvable_output_type_is_caught()
        {
            using var broken = Broken(
                """
                [Cmdlet(VerbsCommon.Get, "EntraThing")]
                public sealed class GetEntraThingCommand : PSCmdlet { }
                [Cmdlet(VerbsCommon.Get, "EntraOtherThing")] [OutputType("EntraGuard.NoSuchType")]
                public sealed class GetEntraOtherThingCommand : PSCmdlet { }
                """
            );
            var violations = ContractRules.OutputTypes(broken, broken.Cmdlets);
            Assert.Contains(violations, v => v.StartsWith("Get-EntraThing: no [OutputType]"));
            Assert.Contains(
                violations,
                v => v.StartsWith("Get-EntraOtherThing:") && v.Contains("EntraGuard.NoSuchType")
            );
            Assert.Equal(2, violations.Count);
        }

        [Fact]
        public void Parameter_sets_have_a_default_and_valid_metadata() =>
            Assert.Empty(ContractRules.ParameterSets(_built.Cmdlets));

        [Fact]
        public void Sets_without_a_default_and_clashing_names_are_caught()
        {
            using var broken = Broken(
                """
                [Cmdlet(VerbsCommon.Get, "EntraThing")] [OutputType(typeof(string))]
                public sealed class GetEntraThingCommand : PSCmdlet
                {
                    [Parameter(ParameterSetName = "ById", Mandatory = true, Position = 0)] [Alias("Id")]
                    public string ObjectId { get; set; } = "";
                    [Parameter(ParameterSetName = "ByName", Mandatory = true, Position = 0)] [Alias("Id")]
                    public string Name { get; set; } = "";
                    [Parameter(ParameterSetName = "ByName", Position = 0)] [Alias("vb")]
                    public string Filter { get; set; } = "";
                }
                """
            );
            var violations = ContractRules.ParameterSets(broken.Cmdlets);
            Assert.Contains(violations, v => v.Contains("no DefaultParameterSetName"));
            Assert.Contains(violations, v => v.Contains("'Id' of -Name is already taken by -ObjectId"));
            Assert.Contains(violations, v => v.Contains("'vb' of -Filter is already taken by a common parameter"));
            Assert.Contains(violations, v => v.Contains("in set 'ByName', -Name and -Filter share position 0"));
            Assert.Equal(4, violations.Count);
        }

        [Fact]
        public void Cmdlets_derive_from_the_base_and_keep_pipeline_methods_synchronous() =>
            Assert.Empty(ContractRules.PipelineHabits(_built.Cmdlets));

        [Fact]
        public void A_cmdlet_off_the_base_or_with_an_async_ProcessRecord_is_caught()
        {
            using var broken = Broken(
                """
                [Cmdlet(VerbsCommon.Get, "EntraThing")] [OutputType(typeof(string))]
                public sealed class GetEntraThingCommand : PSCmdlet
                {
                    protected override async void ProcessRecord()
                    {
                        await System.Threading.Tasks.Task.Yield();
                        WriteObject("too late");
                    }
                }
                """
            );
            var violations = ContractRules.PipelineHabits(broken.Cmdlets);
            Assert.Contains(
                violations,
                v => v.StartsWith("Get-EntraThing: derive from EntraGuard.Commands.EntraGuardCmdlet")
            );
            Assert.Contains(violations, v => v.StartsWith("Get-EntraThing: ProcessRecord is async"));
            Assert.Equal(2, violations.Count);
        }

        [Fact]
        public void The_cmdlet_assembly_references_no_isolated_dependency()
        {
            Assert.Empty(ContractRules.NoIsolatedReferences(_built.Module.CmdletAssembly));
        }

        [Fact]
        public void No_Graph_Azure_or_Kiota_type_is_on_the_surface()
        {
            Assert.Empty(
                ContractRules.NoIsolatedTypesOnSurface(_built.Module, _built.Cmdlets, _built.DependencyAssemblyNames)
            );
        }

        [Fact]
        public void A_cmdlet_taking_an_Azure_type_is_caught_by_both_guards()
        {
            var azureCore = Path.Combine(TestPaths.DependenciesDirectory, "Azure.Core.dll");
            using var broken = Broken(
                """
                [Cmdlet(VerbsCommunications.Connect, "EntraThing")] [OutputType(typeof(Azure.Core.AccessToken))]
                public sealed class ConnectEntraThingCommand : PSCmdlet
                {
                    [Parameter] public Azure.Core.TokenCredential? Credential { get; set; }
                }
                """,
                azureCore
            );
            Assert.Contains(
                ContractRules.NoIsolatedReferences(broken.CmdletAssembly),
                v => v.Contains("references Azure.Core directly")
            );
            var surface = ContractRules.NoIsolatedTypesOnSurface(
                broken,
                broken.Cmdlets,
                _built.DependencyAssemblyNames
            );
            Assert.Contains(surface, v => v.Contains("parameter -Credential exposes Azure.Core.TokenCredential"));
            Assert.Contains(surface, v => v.Contains("output type exposes Azure.Core.AccessToken"));
        }

        [Fact]
        public void Completers_are_usable_and_on_every_vocabulary_parameter() =>
            Assert.Empty(ContractRules.Completers(_built.Cmdlets));

        [Fact]
        public void A_vocabulary_parameter_without_completer_a_bad_completer_and_a_text_severity_are_caught()
        {
            using var broken = Broken(
                """
                public sealed class NotACompleter { }
                [Cmdlet(VerbsCommon.Get, "EntraThing")] [OutputType(typeof(string))]
                public sealed class GetEntraThingCommand : PSCmdlet
                {
                    [Parameter] public string[] Activity { get; set; } = System.Array.Empty<string>();
                    [Parameter] [ArgumentCompleter(typeof(NotACompleter))] public string RuleId { get; set; } = "";
                    [Parameter] public string MinimumSeverity { get; set; } = "Low";
                    [Parameter] public Severity Severity { get; set; }
                }
                """
            );
            var violations = ContractRules.Completers(broken.Cmdlets);
            Assert.Contains(violations, v => v.Contains("-MinimumSeverity is String; type it as EntraGuard.Severity"));
            Assert.DoesNotContain(violations, v => v.Contains("-Severity "));
            Assert.Contains(
                violations,
                v =>
                    v.Contains(
                        "-Activity takes Activity values; add [ArgumentCompleter(typeof(ActivityNameCompleter))]"
                    )
            );
            Assert.Contains(
                violations,
                v => v.Contains("-RuleId's completer Broken.NotACompleter does not implement IArgumentCompleter")
            );
            Assert.Contains(violations, v => v.Contains("-RuleId takes RuleId values"));
        }

        [Fact]
        public void Completer_types_in_the_module_are_the_ones_the_rule_expects()
        {
            foreach (var completer in ContractRules.VocabularyCompleters.Values.Distinct())
            {
                var type = _built.Module.CmdletAssembly.GetType(completer);
                Assert.True(type != null, $"{completer} is not in the cmdlet assembly");
                Assert.Contains(
                    type!.GetInterfaces(),
                    i => i.FullName == "System.Management.Automation.IArgumentCompleter"
                );
            }
        }
    }
}

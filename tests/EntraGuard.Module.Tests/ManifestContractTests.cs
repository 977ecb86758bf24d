using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using EntraGuard.Module.Tests.Contracts;
using EntraGuard.Module.Tests.Infrastructure;
using EntraGuard.ModuleBuild;

namespace EntraGuard.Module.Tests
{
    /// <summary>EntraGuard.psd1 against the built assembly and the Gallery's expectations.</summary>
    [Collection(BuiltModuleCollection.Name)]
    public sealed class ManifestContractTests
    {
        private readonly BuiltModule _built;

        public ManifestContractTests(BuiltModule built) => _built = built;

        [Fact]
        public void CmdletsToExport_is_exactly_the_cmdlets_of_the_assembly()
        {
            var exported = PowerShellDataFile.GetStrings(_built.Manifest, "CmdletsToExport");
            Assert.Empty(ContractRules.ManifestExports(exported, _built.Cmdlets));
        }

        [Fact]
        public void A_missing_extra_wildcard_or_unsorted_export_list_is_caught()
        {
            var broken = PowerShellDataFile.Parse(
                """
                @{
                    CmdletsToExport = 'Get-EntraNothing', 'Get-Entra*'
                }
                """
            );
            var violations = ContractRules.ManifestExports(
                PowerShellDataFile.GetStrings(broken, "CmdletsToExport"),
                _built.Cmdlets
            );
            Assert.Contains(
                "Get-EntraAuditEvent: in the assembly but not in CmdletsToExport; add 'Get-EntraAuditEvent' to "
                    + "EntraGuard.psd1",
                violations
            );
            Assert.Contains("Get-EntraNothing: in CmdletsToExport but no such cmdlet is in the assembly", violations);
            Assert.Contains("CmdletsToExport holds the wildcard 'Get-Entra*'; list each cmdlet by name", violations);
            Assert.Contains(violations, v => v.StartsWith("CmdletsToExport is not alphabetical"));
            Assert.Equal(3 + _built.Cmdlets.Count, violations.Count);
        }

        [Fact]
        public void Nothing_but_cmdlets_is_exported_and_the_lists_are_explicit()
        {
            foreach (var key in new[] { "FunctionsToExport", "AliasesToExport", "VariablesToExport" })
            {
                Assert.True(
                    _built.Manifest.ContainsKey(key),
                    $"{key} must be present (an absent list exports everything)"
                );
                Assert.Empty(PowerShellDataFile.GetStrings(_built.Manifest, key)!);
            }
        }

        [Fact]
        public void The_manifest_declares_editions_versions_and_gallery_data()
        {
            var manifest = _built.Manifest;
            Assert.Equal(new[] { "Desktop", "Core" }, PowerShellDataFile.GetStrings(manifest, "CompatiblePSEditions"));
            Assert.Equal("5.1", manifest["PowerShellVersion"]);
            Assert.Equal("0.1.0", manifest["ModuleVersion"]);
            Assert.True(Guid.TryParse((string)manifest["GUID"]!, out _));
            Assert.False(string.IsNullOrWhiteSpace((string?)manifest["Description"]));
            var psData =
                (IReadOnlyDictionary<string, object?>)
                    ((IReadOnlyDictionary<string, object?>)manifest["PrivateData"]!)["PSData"]!;
            Assert.Contains("PSEdition_Core", PowerShellDataFile.GetStrings(psData, "Tags")!);
            Assert.Contains("PSEdition_Desktop", PowerShellDataFile.GetStrings(psData, "Tags")!);
            // The Gallery rejects tags with spaces.
            Assert.DoesNotContain(PowerShellDataFile.GetStrings(psData, "Tags")!, t => t.Contains(' '));
            foreach (var key in new[] { "ProjectUri", "LicenseUri" })
            {
                Assert.True(
                    Uri.TryCreate((string?)psData[key], UriKind.Absolute, out var uri) && uri.Scheme == "https",
                    $"{key} must be an https address"
                );
            }
            Assert.False(string.IsNullOrWhiteSpace((string?)psData["ReleaseNotes"]));
        }

        [Fact]
        public void Every_path_of_the_root_manifest_exists_after_a_build()
        {
            foreach (var path in ManifestPaths(_built.Manifest))
            {
                Assert.True(
                    File.Exists(Path.Combine(TestPaths.RepositoryRoot, path)),
                    $"root manifest names '{path}', which the build did not produce"
                );
            }
        }

        [Fact]
        public void The_module_folder_manifest_is_the_root_one_with_the_folder_prefix_removed()
        {
            var rootText = File.ReadAllText(TestPaths.RootManifest);
            var copyText = File.ReadAllText(Path.Combine(TestPaths.ModuleDirectory, "EntraGuard.psd1"));
            Assert.Equal(ModuleManifestCopy.Create(rootText, "artifacts/module"), copyText);

            var copy = PowerShellDataFile.Parse(copyText);
            Assert.Equal(new[] { "EntraGuard.dll" }, PowerShellDataFile.GetStrings(copy, "NestedModules"));
            foreach (var path in ManifestPaths(copy))
            {
                Assert.True(
                    File.Exists(Path.Combine(TestPaths.ModuleDirectory, path)),
                    $"module manifest names '{path}', which is not in the module folder"
                );
            }
            // Same manifest otherwise: every key and every export list agree.
            Assert.Equal(_built.Manifest.Keys.OrderBy(k => k), copy.Keys.OrderBy(k => k));
            Assert.Equal(
                PowerShellDataFile.GetStrings(_built.Manifest, "CmdletsToExport"),
                PowerShellDataFile.GetStrings(copy, "CmdletsToExport")
            );
        }

        private static IEnumerable<string> ManifestPaths(IReadOnlyDictionary<string, object?> manifest) =>
            new[]
            {
                "RootModule",
                "NestedModules",
                "FormatsToProcess",
                "TypesToProcess",
                "RequiredAssemblies",
            }.SelectMany(key => PowerShellDataFile.GetStrings(manifest, key) ?? Array.Empty<string>());
    }
}

using System;
using System.Collections.Generic;
using EntraGuard.ModuleBuild;

namespace EntraGuard.Module.Tests
{
    /// <summary>Reading and rewriting .psd1 files without PowerShell.</summary>
    public sealed class PowerShellDataFileTests
    {
        [Fact]
        public void Every_form_a_manifest_uses_reads()
        {
            var data = PowerShellDataFile.Parse(
                """
                # a comment
                <# a block
                   comment #>
                @{
                    RootModule = 'EntraGuard.dll'   # trailing comment
                    'Quoted Key' = "double ""quoted"" `t"
                    CmdletsToExport = @(
                        'Get-B'
                        'Get-A', 'Get-C'
                    )
                    Tags = 'one', 'two'
                    Empty = @()
                    Number = 42; Flag = $true; Nothing = $null
                    PrivateData = @{ PSData = @{ ReleaseNotes = @'
                line one
                  'line two'
                '@ } }
                }
                """
            );
            Assert.Equal("EntraGuard.dll", data["rootmodule"]);
            Assert.Equal("double \"quoted\" \t", data["Quoted Key"]);
            Assert.Equal(new[] { "Get-B", "Get-A", "Get-C" }, PowerShellDataFile.GetStrings(data, "CmdletsToExport"));
            Assert.Equal(new[] { "one", "two" }, PowerShellDataFile.GetStrings(data, "Tags"));
            Assert.Empty(PowerShellDataFile.GetStrings(data, "Empty")!);
            Assert.Equal(42L, data["Number"]);
            Assert.Equal(true, data["Flag"]);
            Assert.Null(data["Nothing"]);
            Assert.Null(PowerShellDataFile.GetStrings(data, "Absent"));
            var psData =
                (IReadOnlyDictionary<string, object?>)
                    ((IReadOnlyDictionary<string, object?>)data["PrivateData"]!)["PSData"]!;
            Assert.Equal("line one\n  'line two'", psData["ReleaseNotes"]);
        }

        [Theory]
        [InlineData("@{ A = 'open }", "line 1: a single-quoted string is never closed")]
        [InlineData("@{\n A = 1\n A = 2\n}", "line 3: key 'A' appears twice")]
        [InlineData("@{ A = $env:PATH }", "variable $env:PATH is not allowed")]
        [InlineData("@{ A = \"$($x)\" }", "expands a variable or expression")]
        [InlineData("@{ A = 1 B = 2 }", "expected a new line, ';' or '}' after the value of 'A'")]
        [InlineData("'just a string'", "must hold one hashtable")]
        public void Anything_else_is_an_error_with_its_line(string text, string expected)
        {
            var error = Assert.Throws<FormatException>(() => PowerShellDataFile.Parse(text));
            Assert.Contains(expected, error.Message);
        }

        [Fact]
        public void Rewriting_strings_keeps_everything_else_byte_for_byte()
        {
            const string text =
                "# keep 'artifacts/module/x' in comments\n@{\n  A = 'artifacts/module/a.dll' ; B = "
                + "\"artifacts\\module\\b.txt\"\n  C = 'other'\n}\n";
            var rewritten = PowerShellDataFile.RewriteStrings(
                text,
                s => s.Replace('\\', '/').StartsWith("artifacts/module/") ? s.Replace('\\', '/').Substring(17) : null
            );
            Assert.Equal(
                "# keep 'artifacts/module/x' in comments\n@{\n  A = 'a.dll' ; B = \"b.txt\"\n  C = 'other'\n}\n",
                rewritten
            );
        }

        [Fact]
        public void Rewritten_strings_are_quoted_safely()
        {
            Assert.Equal("@{ A = 'it''s' }", PowerShellDataFile.RewriteStrings("@{ A = 'x' }", _ => "it's"));
            Assert.Equal(
                "@{ A = \"`$x `\"y`\"\" }",
                PowerShellDataFile.RewriteStrings("@{ A = \"x\" }", _ => "$x \"y\"")
            );
        }

        [Fact]
        public void The_module_folder_copy_drops_the_prefix_from_paths_only()
        {
            const string root =
                "# Points into artifacts/module/ after a build.\n@{\n    RootModule = "
                + "'artifacts/module/EntraGuard.dll'\n    FormatsToProcess = "
                + "@('artifacts\\module\\EntraGuard.format.ps1xml')\n    Description = 'Built into artifacts/"
                + "module by dotnet build.'\n}\n";
            var copy = ModuleManifestCopy.Create(root, "artifacts/module");
            Assert.StartsWith(ModuleManifestCopy.GeneratedHeader, copy);
            Assert.Contains("# Points into artifacts/module/ after a build.", copy);
            Assert.Contains("RootModule = 'EntraGuard.dll'", copy);
            Assert.Contains("FormatsToProcess = @('EntraGuard.format.ps1xml')", copy);
            Assert.Contains("Description = 'Built into artifacts/module by dotnet build.'", copy);
        }

        [Fact]
        public void A_root_manifest_PowerShell_could_not_read_fails_the_copy()
        {
            Assert.Throws<FormatException>(() =>
                ModuleManifestCopy.Create("@{ RootModule = 'artifacts/module/EntraGuard.dll' ", "artifacts/module")
            );
        }
    }
}

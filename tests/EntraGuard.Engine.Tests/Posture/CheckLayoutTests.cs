using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using EntraGuard.Posture;

namespace EntraGuard.Tests.Posture
{
    /// <summary>One check per file, as PSScriptAnalyzer keeps one rule per file: a check is found by its class
    /// name.</summary>
    public sealed class CheckLayoutTests
    {
        private static readonly string Folder = Path.Combine(
            TestFiles.RepositoryRoot,
            "src",
            "EntraGuard.Engine",
            "Posture",
            "Checks"
        );

        [Fact]
        public void Every_check_lives_alone_in_the_file_named_after_it_in_the_namespace_of_its_folder()
        {
            foreach (var check in PostureCatalog.All)
            {
                var type = check.GetType();
                var file = Path.Combine(Folder, type.Name + ".cs");
                Assert.True(File.Exists(file), $"{check.Id}: {type.Name} is not in Posture/Checks/{type.Name}.cs");
                Assert.Equal("EntraGuard.Posture.Checks", type.Namespace);
                var declared = Regex
                    .Matches(File.ReadAllText(file), @"\b(?:class|struct|enum)\s+(\w+)")
                    .Select(m => m.Groups[1].Value);
                Assert.Equal(new[] { type.Name }, declared);
            }
        }
    }
}

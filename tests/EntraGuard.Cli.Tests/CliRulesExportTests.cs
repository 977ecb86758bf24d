using System.IO;
using System.Linq;
using EntraGuard.Graph.Tests;
using EntraGuard.Graph.Tests.Response;
using EntraGuard.Graph.Tests.StandIn;
using EntraGuard.Tests;
using EntraGuard.Tests.Export;
using static EntraGuard.Cli.Tests.Entraguard;

namespace EntraGuard.Cli.Tests
{
    public sealed class CliRulesExportTests : System.IDisposable
    {
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        [Fact]
        public void Exports_the_rules_a_wildcard_set_names()
        {
            var (exit, output, _) = Run("rules", "export", "--format", "kql", "--rule", "EG000[12]");

            Assert.Equal(0, exit);
            Assert.Contains("// EntraGuard EG0001: ", output);
            Assert.Contains("// EntraGuard EG0002: ", output);
            Assert.DoesNotContain("EG0003", output);
        }

        [Theory]
        [InlineData("sentinel")]
        [InlineData("sigma")]
        public void Yaml_documents_on_stdout_are_separated_and_none_is_left_empty(string format)
        {
            var one = Run("rules", "export", "--format", format, "--rule", "EG0002");
            var two = Run("rules", "export", "--format", format, "--rule", "EG0002", "--rule", "EG0004");

            Assert.Equal(0, one.Exit);
            Assert.DoesNotContain("\n---", one.Out);
            var lines = two.Out.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
            Assert.Equal(1, lines.Count(line => line == "---"));
            Assert.NotEqual("---", lines[^1]);
            Assert.StartsWith(one.Out.Replace("\r\n", "\n") + "---\n", two.Out.Replace("\r\n", "\n"));
        }

        [Fact]
        public void Exports_one_rule_to_stdout()
        {
            var (exit, output, error) = Run("rules", "export", "--format", "kql", "--rule", "EG0001");

            Assert.Equal(0, exit);
            Assert.Equal("", error);
            Assert.StartsWith("// EntraGuard EG0001: ", output);
            Assert.Contains("let historyWindow = 10d;", output);
            Assert.DoesNotContain("EG0002", output);
        }

        [Fact]
        public void Writes_one_file_per_rule_and_lists_what_a_format_cannot_express()
        {
            var folder = Path.Combine(_files.Root, "out");
            var (exit, output, error) = Run("rules", "export", "--format", "sigma", "--output", folder);

            Assert.Equal(0, exit);
            Assert.True(File.Exists(Path.Combine(folder, "EG0002.yml")));
            Assert.False(File.Exists(Path.Combine(folder, "EG0001.yml")));
            Assert.Contains(Path.Combine(folder, "EG0002.yml"), output);
            Assert.Contains("EG0001 is not exportable to sigma: ", error);
            Assert.Contains("**EG0001**", File.ReadAllText(Path.Combine(folder, "not-exportable.md")));
        }

        [Fact]
        public void All_formats_go_to_one_folder_each_and_user_rules_come_along()
        {
            var rules = _files.Write("mine.yaml", ExportFixtures.UserRulesYaml);
            var folder = Path.Combine(_files.Root, "all");
            var (exit, _, _) = Run(
                "rules",
                "export",
                "--format",
                "all",
                "--output",
                folder,
                "--rules",
                rules,
                "--rule",
                "USER-RARE",
                "EG0001"
            );

            Assert.Equal(0, exit);
            Assert.Equal(
                new[] { "elastic", "kql", "sentinel", "sigma" },
                Directory.GetDirectories(folder).Select(Path.GetFileName).OrderBy(n => n)
            );
            Assert.True(File.Exists(Path.Combine(folder, "kql", "USER-RARE.kql")));
            Assert.True(File.Exists(Path.Combine(folder, "sentinel", "EG0001.yaml")));
            Assert.Equal(2, File.ReadAllLines(Path.Combine(folder, "elastic", "USER-RARE.ndjson")).Length);
        }

        [Theory]
        [InlineData("rules", "export", "--format", "all")]
        [InlineData("rules", "export", "--format", "kql", "--rule", "EG9999")]
        [InlineData("rules", "export", "--format", "splunk")]
        public void Bad_usage_exits_2_with_one_line(params string[] args)
        {
            var (exit, _, error) = Run(args);

            Assert.Equal(CliRunner.BadInputOrUsage, exit);
            Assert.StartsWith("entraguard: ", error);
        }
    }
}

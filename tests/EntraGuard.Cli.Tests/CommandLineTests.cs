using System;
using System.IO;
using EntraGuard.Tests;
using static EntraGuard.Cli.Tests.Entraguard;

namespace EntraGuard.Cli.Tests
{
    /// <summary>The command line as an operator meets it: mistyped options, a fresh machine, plain messages.</summary>
    public sealed class CommandLineTests : IDisposable
    {
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        private static readonly string Graph = Path.Combine(TestFiles.RepositoryRoot, "samples", "graph");

        [Theory]
        [InlineData("scan", "--formt", "unknown option '--formt'; did you mean '--format'?")]
        [InlineData("events", "--skip-invalis", "unknown option '--skip-invalis'; did you mean '--skip-invalid'?")]
        [InlineData("journal", "--staus", "unknown option '--staus'; did you mean '--status'?")]
        [InlineData("scan", "--nothing-like-it", "unknown option '--nothing-like-it'; see entraguard scan --help")]
        public void A_mistyped_option_is_an_error_with_the_nearest_real_one(string verb, string typo, string message)
        {
            var (exit, output, error) = verb == "journal" ? Run(verb, typo, "x") : Run(verb, Graph, typo, "json");

            Assert.Equal(2, exit);
            Assert.Equal("", output);
            Assert.Equal("entraguard: " + message, error.Trim());
        }

        [Fact]
        public void After_a_double_dash_a_word_like_an_option_is_a_path()
        {
            var (exit, _, error) = Run("events", "--", "--not-an-option.json");

            Assert.Equal(2, exit);
            Assert.Contains("--not-an-option.json", error);
            Assert.DoesNotContain("unknown option", error);
        }

        [Fact]
        public void A_journal_that_does_not_exist_yet_is_an_empty_journal()
        {
            var path = Path.Combine(_files.Root, "fresh", "journal.jsonl");

            var (exit, output, _) = Run("journal", "--journal", path);
            var (jsonExit, json, _) = Run("journal", "--journal", path, "--format", "json");

            Assert.Equal(0, exit);
            Assert.Equal("No journal records.", output.Trim());
            Assert.Equal(0, jsonExit);
            Assert.Equal("", json);
        }

        [Theory]
        [InlineData("historyDays: ten\n", "line 1: field 'historyDays': 'ten' is not a whole number")]
        [InlineData(
            "histroyDays: 10\n",
            "line 1: field 'histroyDays': is not a known field; did you mean 'historyDays'? (known: "
        )]
        [InlineData(
            "privilegedGroups: {a: 1}\n",
            "line 1: field 'privilegedGroups': expected a text or a list of texts, found a mapping"
        )]
        public void A_bad_setting_is_one_plain_line_naming_the_key(string yaml, string message)
        {
            var settings = _files.Write("settings.yaml", yaml);

            var (exit, _, error) = Run("scan", Graph, "--settings", settings);

            Assert.Equal(2, exit);
            Assert.StartsWith($"entraguard: {settings}: {message}", error);
            Assert.DoesNotContain("EntraGuard.EntraGuardSettings", error);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        [Theory]
        [InlineData(
            new[] { "journal", "--status", "Finished" },
            "--status: 'Finished' is not one of Pending, Done, AlreadyDone, Refused, Failed"
        )]
        [InlineData(new[] { "scan", "x", "--format", "sarif" }, "--format: 'sarif' is not one of table, json, csv")]
        [InlineData(new[] { "signins", "x", "--format", "xml" }, "--format: 'xml' is not one of table, json, csv")]
        [InlineData(
            new[] { "investigate", "x", "--format", "html" },
            "--format: 'html' is not one of table, json, markdown"
        )]
        [InlineData(new[] { "events", "--graph", "--since", "1d", "--until", "2d" }, "The start of the range")]
        public void A_bad_option_value_is_one_plain_line_with_the_valid_values(string[] args, string message)
        {
            var (exit, _, error) = Run(args);

            Assert.Equal(2, exit);
            Assert.StartsWith("entraguard: " + message, error);
            Assert.DoesNotContain("(Parameter '", error);
            Assert.DoesNotContain("expected type", error);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        [Fact]
        public void A_suppression_for_a_rule_that_does_not_exist_is_warned_with_its_file_and_line()
        {
            var suppressions = _files.Write(
                "suppressions.yaml",
                "suppressions:\n"
                    + "  - ruleId: EG0001\n    justification: known\n    expires: 2099-01-01\n"
                    + "  - ruleId: EG9999\n    justification: typo\n    expires: 2099-01-01\n"
            );

            var (exit, _, error) = Run("scan", Graph, "--suppressions", suppressions, "--rule", "EG0002");

            Assert.Equal(0, exit);
            var warning = Assert.Single(error.Split('\n'), line => line.Contains("names no rule"));
            Assert.Equal(
                $"entraguard: warning: suppression #2 (EG9999) in {suppressions} line 5 names no rule "
                    + "in the catalog ('EG9999'): it suppresses nothing",
                warning.TrimEnd()
            );
        }

        [Fact]
        public void A_rule_wildcard_that_matches_nothing_is_said()
        {
            var (exit, output, error) = Run("rules", "export", "--format", "kql", "--rule", "EG99*");

            Assert.Equal(0, exit);
            Assert.Equal("", output);
            Assert.Equal("entraguard: warning: no rule matches 'EG99*'", error.Trim());
        }
    }
}

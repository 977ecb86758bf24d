using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using EntraGuard.Tests;
using static EntraGuard.Cli.Tests.Entraguard;

namespace EntraGuard.Cli.Tests
{
    /// <summary>docs/cli.md against the command definitions, and every verb's examples against its options.</summary>
    public sealed class CliReferenceTests
    {
        private static readonly string DocsFile = Path.Combine(TestFiles.RepositoryRoot, "docs", "cli.md");

        private static string Generate()
        {
            using var text = new StringWriter();
            CliReference.Write(Program.BuildRoot(TextWriter.Null), text);
            return text.ToString();
        }

        private static IEnumerable<(string Path, Command Command)> Verbs(Command command, string path)
        {
            foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
            {
                var subPath = $"{path} {sub.Name}";
                yield return (subPath, sub);
                foreach (var nested in Verbs(sub, subPath))
                    yield return nested;
            }
        }

        [Fact]
        public void Docs_cli_md_is_what_the_command_definitions_say()
        {
            var generated = Generate();
            if (Environment.GetEnvironmentVariable("ENTRAGUARD_UPDATE_DOCS") == "1")
                File.WriteAllText(DocsFile, generated);

            var onDisk = File.Exists(DocsFile) ? File.ReadAllText(DocsFile).Replace("\r\n", "\n") : "(missing)";
            Assert.True(
                onDisk == generated.Replace("\r\n", "\n"),
                $"docs/cli.md differs from the command definitions; regenerate it: {CliReference.RegenerateHint}"
            );
        }

        [Fact]
        public void The_reference_lists_every_verb_option_and_default()
        {
            var reference = Generate();

            foreach (var (path, command) in Verbs(Program.BuildRoot(TextWriter.Null), "entraguard"))
            {
                Assert.Contains($"\n## {path}\n", reference);
                foreach (var option in command.Options.Where(o => o is not System.CommandLine.Help.HelpOption))
                    Assert.Contains($"`{option.Name}`", reference);
            }
            Assert.Contains("| `--format` | csv, json, table | table |", reference);
            Assert.Contains("| `--out`, `-o` |  | report.html |", reference);
        }

        [Fact]
        public void Every_verb_has_examples_that_use_only_its_real_options()
        {
            var root = Program.BuildRoot(TextWriter.Null);
            foreach (var (path, command) in Verbs(root, "entraguard"))
            {
                var examples = CliExamples.Of(command);
                Assert.True(examples.Count > 0, $"{path} has no example");
                foreach (var example in examples)
                {
                    // An example runs the verb it documents (perhaps after another, in a pipe).
                    Assert.Contains(
                        example.CommandLine.Split(" | "),
                        segment => (segment + " ").StartsWith(path + " ", StringComparison.Ordinal)
                    );
                    // Each command of a pipe, without its redirection, parses as the shell would hand it over.
                    foreach (var segment in example.CommandLine.Split(" | "))
                    {
                        var words = ShellWords(segment.Split(" > ")[0]);
                        Assert.Equal("entraguard", words[0]);
                        var parse = root.Parse(words.Skip(1).ToArray());
                        Assert.True(
                            parse.Errors.Count == 0,
                            $"{example.CommandLine}: {string.Join("; ", parse.Errors.Select(e => e.Message))}"
                        );
                    }
                }
            }
        }

        /// <summary>Words as a POSIX shell splits a simple command line (single quotes only).</summary>
        private static string[] ShellWords(string line)
        {
            var words = new List<string>();
            var word = new System.Text.StringBuilder();
            var quoted = false;
            var any = false;
            foreach (var c in line)
            {
                if (c == '\'')
                {
                    quoted = !quoted;
                    any = true;
                }
                else if (c == ' ' && !quoted)
                {
                    if (any)
                        words.Add(word.ToString());
                    word.Clear();
                    any = false;
                }
                else
                {
                    word.Append(c);
                    any = true;
                }
            }
            if (any)
                words.Add(word.ToString());
            return words.ToArray();
        }

        [Fact]
        public void Help_ends_with_the_verbs_examples()
        {
            var (exit, output, _) = Run("report", "--help");

            Assert.Equal(0, exit);
            Assert.Contains(
                "Examples:\n  entraguard report samples/graph --settings samples/settings.yaml --out report.html\n"
                    + "      Writes an HTML report of the sample tenant's findings.\n",
                output.Replace("\r\n", "\n")
            );
        }
    }
}

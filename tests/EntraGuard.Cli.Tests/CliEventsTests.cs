using System;
using System.IO;
using System.Linq;
using EntraGuard.Graph.Tests;
using EntraGuard.Graph.Tests.Response;
using EntraGuard.Graph.Tests.StandIn;
using EntraGuard.Tests;
using static EntraGuard.Cli.Tests.Entraguard;

namespace EntraGuard.Cli.Tests
{
    public sealed class CliEventsTests : IDisposable
    {
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        [Fact]
        public void Events_summarizes_counts_span_and_sources()
        {
            var (exit, output, error) = Run("events", Path.Combine(TestFiles.RepositoryRoot, "samples", "graph"));

            Assert.Equal(0, exit);
            Assert.Equal("", error);
            Assert.Contains("Events:   5,066", output);
            Assert.Contains("Span:     2026-11-01 03:00:33Z .. 2026-11-14 19:57:24Z", output);
            Assert.Contains("Sources:  6 file(s)", output);
            Assert.Matches(@"Add service principal credentials\s+46\b", output);
        }

        [Fact]
        public void Events_as_json_writes_one_normalized_event_a_line()
        {
            var path = _files.Write(
                "a.json",
                "[{\"id\":\"a\",\"activityDateTime\":\"2026-11-13T02:11:07Z\",\"activityDisplayName\":\"Update "
                    + "application \u2013 Certificates and secrets management \"}]"
            );

            var (exit, output, _) = Run("events", path, "--format", "json");

            Assert.Equal(0, exit);
            var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("\"activity\":\"Update application - Certificates and secrets management\"", line);
            Assert.Contains("\"activityDateTime\":\"2026-11-13T02:11:07.0000000Z\"", line);
        }

        [Fact]
        public void Bad_input_exits_2_with_one_line_naming_the_record()
        {
            var path = _files.Write("bad.json", "[{\"id\":\"a\"}]");

            var (exit, output, error) = Run("events", path);

            Assert.Equal(2, exit);
            Assert.Equal(
                $"entraguard: {path}: record 1 (line 1, byte 2; offset 1): the record has no activityDateTime",
                error.TrimEnd()
            );
            Assert.DoesNotContain("   at ", error);
        }

        [Fact]
        public void Json_lines_stream_until_bad_bytes_then_the_last_line_says_so_and_the_exit_is_2()
        {
            var good = "{\"id\":\"a\",\"activityDateTime\":\"2026-11-13T02:11:07Z\"}\n";
            var bytes = System.Text.Encoding.UTF8.GetBytes(good + good.Replace("\"a\"", "\"b\u00e9\"") + good);
            bytes[Array.IndexOf(bytes, (byte)0xC3)] = 0xFF;
            var path = Path.Combine(_files.Root, "bad.jsonl");
            File.WriteAllBytes(path, bytes);

            var (exit, output, error) = Run("events", path, "--format", "json");

            Assert.Equal(2, exit);
            Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"entraguard: {path}: record 2 (line 2, ", line);
            Assert.Contains("not valid UTF-8", line);
        }

        [Fact]
        public void A_category_from_the_input_is_quoted_in_the_set_aside_report()
        {
            var path = _files.Write(
                "diag.jsonl",
                "{\"time\":\"2026-11-13T03:00:00Z\",\"category\":\"Sign\\nentraguard: forged\",\"properties\":{}}\n"
            );

            var (exit, _, error) = Run("events", path, "--allow-empty");

            Assert.Equal(0, exit);
            Assert.Equal(
                "entraguard: skipped 1 diagnostic record(s) of category 'Sign\\nentraguard: forged' "
                    + "(only AuditLogs is read)",
                error.TrimEnd()
            );
        }

        [Fact]
        public void Skipped_records_are_reported_on_stderr()
        {
            var path = _files.Write(
                "mixed.jsonl",
                "{\"id\":\"a\",\"activityDateTime\":\"2026-11-13T02:11:07Z\"}\n{\"id\":\"b\"}\n"
            );

            var (exit, output, error) = Run("events", path, "--skip-invalid");

            Assert.Equal(0, exit);
            Assert.Contains("Events:   1", output);
            Assert.Contains("entraguard: skipped 1 invalid record(s):", error);
            Assert.Contains("record 2 (line 2, byte 1;", error);
        }

        [Theory]
        [InlineData("events")]
        [InlineData("events x.json --format xml")]
        [InlineData("nonsense")]
        public void Usage_errors_exit_2(string commandLine)
        {
            var (exit, _, error) = Run(commandLine.Split(' '));

            Assert.Equal(2, exit);
            Assert.StartsWith("entraguard: ", error);
        }

        [Fact]
        public void A_missing_path_exits_2_naming_it()
        {
            var (exit, _, error) = Run("events", "/no/such/file.json");

            Assert.Equal(2, exit);
            Assert.Equal("entraguard: Cannot find '/no/such/file.json': no such file or folder.", error.TrimEnd());
        }
    }
}

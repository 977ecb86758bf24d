using System;
using System.IO;
using EntraGuard.Ingest;
using EntraGuard.Tests;
using static EntraGuard.Cli.Tests.Entraguard;

namespace EntraGuard.Cli.Tests
{
    /// <summary>Input that yields no audit event is not a clean tenant; hours no file covers are said.</summary>
    public sealed class EmptyInputTests : IDisposable
    {
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        private static string Event(string id, string time) =>
            $"{{\"id\":\"{id}\",\"activityDateTime\":\"{time}\",\"activityDisplayName\":\"Update user\"}}";

        [Theory]
        [InlineData("scan")]
        [InlineData("events")]
        public void An_empty_file_is_an_error_that_names_it_and_the_switch(string verb)
        {
            var path = _files.Write("empty.json", "{\"value\":[]}");

            var (exit, output, error) = verb == "scan" ? Run(verb, path, "--fail-on", "high") : Run(verb, path);

            Assert.Equal(2, exit);
            Assert.DoesNotContain("No findings.", output);
            Assert.Equal(
                $"entraguard: no audit events in '{path}' (1 file(s) read); "
                    + "pass --allow-empty if that is expected",
                error.Trim()
            );
        }

        [Fact]
        public void A_folder_without_json_is_an_error_too()
        {
            _files.Write("runbook.ps1", "Write-Output 'hello'");

            var (exit, _, error) = Run("scan", _files.Root);

            Assert.Equal(2, exit);
            Assert.Contains("no audit events in", error);
            Assert.Contains("(0 file(s) read, 1 not JSON)", error);
        }

        [Fact]
        public void Allow_empty_makes_an_empty_read_a_success()
        {
            var path = _files.Write("empty.json", "[]");

            var (exit, output, error) = Run("scan", path, "--allow-empty", "--fail-on", "high");

            Assert.Equal(0, exit);
            Assert.Contains("No findings.", output);
            Assert.Contains("0 event(s)", error);
        }

        [Fact]
        public void Hours_no_file_covers_are_warned_with_the_missing_ranges()
        {
            var first = _files.Write(
                "a.json",
                $"[{Event("a", "2026-11-01T00:10:00Z")},{Event("b", "2026-11-01T01:50:00Z")}]"
            );
            var second = _files.Write("b.json", $"[{Event("c", "2026-11-01T05:05:00Z")}]");

            var (exit, _, error) = Run("events", first, second);

            Assert.Equal(0, exit);
            Assert.Contains(
                "entraguard: warning: the files read leave 3 hour(s) uncovered between "
                    + "2026-11-01 00:10 and 2026-11-01 05:05 (UTC): 2026-11-01 02:00 .. 2026-11-01 05:00;",
                error
            );
        }

        [Fact]
        public void The_samples_have_no_gap()
        {
            foreach (var folder in new[] { "graph", "diagnostic" })
            {
                var (exit, _, error) = Run("events", Path.Combine(TestFiles.RepositoryRoot, "samples", folder));
                Assert.Equal(0, exit);
                Assert.DoesNotContain("uncovered", error);
            }
        }
    }
}

using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;

namespace EntraGuard.Cli.Tests
{
    /// <summary><c>scan -</c> reads audit events from stdin, piped into a child process as a shell does.</summary>
    public sealed class StdinTests
    {
        private static (int Exit, string Out, string Err) RunWithStdin(string stdin, params string[] args)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "entraguard.dll"));
            foreach (var arg in args)
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(120_000), "entraguard did not finish");
            return (process.ExitCode, output, error.Result);
        }

        [Fact]
        public void Scan_dash_reads_the_events_piped_in()
        {
            var sample = File.ReadAllText(
                Path.Combine(
                    EntraGuard.Tests.TestFiles.RepositoryRoot,
                    "samples",
                    "graph",
                    "directoryAudits-page06.json"
                )
            );

            var piped = RunWithStdin(sample, "scan", "-", "--format", "json");
            var empty = RunWithStdin("", "scan", "-");

            Assert.True(piped.Exit == 0, piped.Err);
            var first = JsonDocument.Parse(piped.Out.Split('\n')[0]).RootElement;
            Assert.StartsWith("EG", first.GetProperty("RuleId").GetString());
            Assert.Matches(@"entraguard: [\d,]+ event\(s\), [\d,]+ finding\(s\) reported", piped.Err);
            Assert.Equal(2, empty.Exit);
            Assert.Contains("no audit events in '-'", empty.Err);
        }

        [Fact]
        public void Report_contexts_dash_reads_the_investigations_piped_in()
        {
            var audits = Path.Combine(EntraGuard.Tests.TestFiles.RepositoryRoot, "samples", "graph");
            var investigated = Entraguard.Run("investigate", audits, "--format", "json");
            Assert.True(investigated.Exit == 0, investigated.Err);

            var report = RunWithStdin(investigated.Out, "report", audits, "--contexts", "-", "--out", "-");

            Assert.True(report.Exit == 0, report.Err);
            var lines = investigated.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            Assert.Equal(
                lines,
                System.Text.RegularExpressions.Regex.Matches(report.Out, "<div class=\"investigation\">").Count
            );
            Assert.DoesNotContain("name a risk event this report does not show", report.Err);
        }
    }
}

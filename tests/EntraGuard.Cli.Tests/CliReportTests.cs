using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using EntraGuard.Ingest;
using EntraGuard.Posture;
using EntraGuard.Tests;
using static EntraGuard.Cli.Tests.Entraguard;
using static EntraGuard.Tests.Detection.Audit;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Cli.Tests
{
    /// <summary><c>entraguard report</c>: the HTML file, checked as text and in a real browser.</summary>
    public sealed class CliReportTests : IDisposable
    {
        private readonly TestFiles _files = new();
        private static readonly string Samples = Path.Combine(TestFiles.RepositoryRoot, "samples");
        private static readonly string SampleAudits = Path.Combine(Samples, "graph");
        private static readonly string SampleSettings = Path.Combine(Samples, "settings.yaml");

        // Markup an attacker can put in a display name; it must reach the page as text.
        private const string Planted = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>";

        public void Dispose() => _files.Dispose();

        private static int Count(string text, string pattern) => Regex.Matches(text, pattern).Count;

        /// <summary>The findings `scan --format json` prints for the same input: what the report must show.</summary>
        private static JsonElement[] ScanJson(params string[] args)
        {
            var (exit, output, error) = Run(new[] { "scan", "--format", "json" }.Concat(args).ToArray());
            Assert.True(exit == 0, error);
            return output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement)
                .ToArray();
        }

        private string Report(out string error, params string[] args)
        {
            var file = Path.Combine(_files.Root, "report.html");
            var run = Run(new[] { "report", "--out", file }.Concat(args).ToArray());
            Assert.True(run.Exit == 0, run.Err);
            error = run.Err;
            return File.ReadAllText(file);
        }

        private string PostureResults()
        {
            var report = PostureEvaluator.Evaluate(
                WithPolicies(Policy("Require MFA for admins", roles: new[] { "62e90394-69f5-4237-9190-012177145e10" })),
                BreakGlass,
                PostureCatalog.All,
                Now
            );
            using var text = new StringWriter();
            PostureResultJson.Write(report, text);
            return _files.Write("posture.json", text.ToString());
        }

        [Fact]
        public void The_samples_report_shows_the_figures_scan_prints()
        {
            var findings = ScanJson(SampleAudits, "--settings", SampleSettings);
            var html = Report(out var error, SampleAudits, "--settings", SampleSettings);

            Assert.Equal(findings.Length, Count(html, "<tr class=\"finding"));
            Assert.Equal(findings.Length, Count(html, "<details class=\"detail\" id=\"f\\d+\""));
            var events = Regex.Match(error, @"entraguard: ([\d,]+) event\(s\)").Groups[1].Value;
            Assert.Contains($"<div class=\"card\" id=\"card-events\"><div class=\"value\">{events}</div>", html);
            foreach (var severity in new[] { "critical", "high", "medium", "low", "informational" })
            {
                var expected = findings.Count(f => f.GetProperty("Severity").GetString() == severity);
                Assert.Contains($"data-severity=\"{severity}\">{expected}</td>", html);
            }
            foreach (var rule in findings.GroupBy(f => f.GetProperty("RuleId").GetString()))
                Assert.Matches(
                    $"<td>{rule.Key}</td><td>[^<]+</td><td>.+?</td><td class=\"num\">{rule.Count()}</td>",
                    html
                );
            // Self-contained: nothing is fetched, and the page's policy would refuse it anyway.
            Assert.DoesNotMatch("<link|<img|@import|url\\(|src=\"http", html);
            Assert.Contains("Content-Security-Policy\" content=\"default-src 'none';", html);
            Assert.Contains("report written to", error);
        }

        [BrowserFact]
        public void A_browser_renders_the_findings_the_timeline_and_the_posture()
        {
            var findings = ScanJson(SampleAudits, "--settings", SampleSettings);
            var posture = PostureResults();
            Report(out _, SampleAudits, "--settings", SampleSettings, "--posture", posture);
            var file = Path.Combine(_files.Root, "report.html");

            var dom = Browser.DumpDom(file);

            Assert.Contains("data-ready=\"true\"", dom); // the inline script ran: the policy's hash matches it
            Assert.Contains($"{findings.Length} of {findings.Length} shown", dom);
            Assert.Equal(findings.Length, Count(dom, "<tr class=\"finding"));
            foreach (var finding in findings)
                Assert.Contains(finding.GetProperty("RiskEventId").GetString()!, dom);
            // 14 days of samples, each a group in the timeline.
            Assert.Equal(14, Count(dom, "<g class=\"day\""));
            var saved = PostureResultJson.Read(posture);
            foreach (var result in saved.Results)
            {
                var status = result.Result == PostureStatus.NotApplicable ? "Not applicable" : result.Result.ToString();
                Assert.Matches(
                    $"<tr class=\"check {result.Result.ToString().ToLowerInvariant()}\"><td><a href=\"#check-"
                        + $"{result.CheckId}\">{result.CheckId}</a></td>.*?<td class=\"status\">{status}</td>",
                    dom
                );
            }
            Assert.Contains(saved.Results, r => r.Result == PostureStatus.Failed);

            // Kept beside the test results: what a person would see.
            var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "report.png");
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            Browser.Screenshot(file, screenshot);
            Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is (nearly) empty");
        }

        private string PlantedEvents()
        {
            var events = new[]
            {
                CredentialAdded("add-1", "2026-11-13T02:11:07Z", User(Planted), "Payroll" + Planted, "k1", "success"),
            };
            using var text = new StringWriter();
            using (var writer = new AuditEventJsonWriter(text))
            {
                foreach (var e in events)
                    writer.Write(e);
            }
            return _files.Write("planted.jsonl", text.ToString());
        }

        [Fact]
        public void Markup_in_an_actor_name_is_encoded()
        {
            var html = Report(out _, PlantedEvents());

            Assert.Equal(1, Count(html, "<script"));
            Assert.DoesNotContain("<img", html);
            Assert.Contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;", html);
        }

        [BrowserFact]
        public void Markup_in_an_actor_name_stays_inert_in_a_browser()
        {
            Report(out _, PlantedEvents());

            var dom = Browser.DumpDom(Path.Combine(_files.Root, "report.html"));

            Assert.Contains("<title>EntraGuard report</title>", dom);
            Assert.Equal(1, Count(dom, "<script")); // the page's own
            Assert.DoesNotContain("<img", dom);
            Assert.Contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;", dom);
            Assert.Contains("data-ready=\"true\"", dom);
        }

        [Fact]
        public void Hours_no_file_covers_are_listed()
        {
            _files.Write(
                "a.json",
                "{\"value\":["
                    + AuditJson("e1", "2026-11-01T10:15:00Z")
                    + ","
                    + AuditJson("e2", "2026-11-01T11:05:00Z")
                    + "]}"
            );
            _files.Write("b.json", "{\"value\":[" + AuditJson("e3", "2026-11-01T15:30:00Z") + "]}");

            var html = Report(out var error, _files.Root);

            Assert.Contains("<li>2026-11-01 12:00:00 to 2026-11-01 15:00:00 (3 hour(s))</li>", html);
            Assert.Contains("<div class=\"card\" id=\"card-gaps\"><div class=\"value\">3</div>", html);
            Assert.Contains("warning: the files read leave 3 hour(s) uncovered", error);
            Assert.Contains("<p id=\"no-findings\">No findings.</p>", html);
        }

        private static string AuditJson(string id, string time) =>
            $"{{\"id\":\"{id}\",\"activityDateTime\":\"{time}\",\"activityDisplayName\":\"Update user\","
            + "\"category\":\"UserManagement\",\"result\":\"success\",\"initiatedBy\":{\"user\":{\"id\":\"u1\","
            + "\"userPrincipalName\":\"a@contoso.com\"}},\"targetResources\":[]}";

        [Fact]
        public void Dash_writes_the_report_to_stdout()
        {
            var (exit, output, error) = Run("report", PlantedEvents(), "--out", "-", "--title", "Nightly <check>");

            Assert.Equal(0, exit);
            Assert.StartsWith("<!DOCTYPE html>", output);
            Assert.Contains("<title>Nightly &lt;check&gt;</title>", output);
            Assert.DoesNotContain("report written", error);
        }

        [Fact]
        public void A_posture_file_that_is_not_a_result_set_is_named()
        {
            var bad = _files.Write("posture.json", "{\"tool\":\"EntraGuard\"}");
            var wrongStatus = _files.Write(
                "status.json",
                "{\"evaluatedAt\":\"2026-11-20T12:00:00Z\",\"results\":[{\"checkId\":\"EGP001\",\"severity\":\"High\","
                    + "\"result\":\"Broken\"}]}"
            );

            var (exit, _, error) = Run("report", PlantedEvents(), "--out", "-", "--posture", bad);
            var status = Run("report", PlantedEvents(), "--out", "-", "--posture", wrongStatus);

            Assert.Equal(2, exit);
            Assert.Contains(bad, error);
            Assert.Contains("expected an object with a 'results' list", error);
            Assert.Equal(2, status.Exit);
            Assert.Contains(
                "results[0]: 'result' is 'Broken', not one of Passed, Failed, Skipped, NotApplicable",
                status.Err
            );
        }

        [Fact]
        public void Files_without_events_are_an_error_and_no_report_is_left()
        {
            var empty = _files.Write("empty.json", "{\"value\":[]}");
            var target = Path.Combine(_files.Root, "out.html");

            var (exit, _, error) = Run("report", empty, "--out", target);

            Assert.Equal(2, exit);
            Assert.Contains("no audit events in", error);
            Assert.False(File.Exists(target));
        }
    }
}

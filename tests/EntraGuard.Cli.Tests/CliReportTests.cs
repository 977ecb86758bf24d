using System;
using System.Collections.Generic;
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

        private static readonly string SampleSignIns = Path.Combine(Samples, "signins");

        /// <summary>What `investigate --format json` prints for the samples' findings: the report shows it.</summary>
        private string InvestigationJson()
        {
            var run = Run("investigate", SampleAudits, SampleSignIns, "--settings", SampleSettings, "--format", "json");
            Assert.True(run.Exit == 0, run.Err);
            return _files.Write("contexts.jsonl", run.Out);
        }

        private static JsonElement[] Lines(string file) =>
            File.ReadAllLines(file)
                .Where(line => line.Length > 0)
                .Select(line => JsonDocument.Parse(line).RootElement)
                .ToArray();

        // What the page shows, read from its DOM after its script ran.
        private const string Figures = """
            (() => {
              const text = s => document.querySelector(s)?.textContent ?? null;
              const box = document.querySelector("#timeline svg").getBoundingClientRect();
              const facts = d => Object.fromEntries([...d.querySelectorAll("dt")].map(t => [t.textContent,
                t.nextElementSibling.textContent]));
              return {
                ready: document.documentElement.dataset.ready ?? null,
                shown: text("#shown"),
                events: text("#card-events .value"),
                findings: text("#card-findings .value"),
                investigated: text("#card-investigated .value"),
                rows: document.querySelectorAll("#findings-table tbody tr:not([hidden])").length,
                severities: Object.fromEntries([...document.querySelectorAll("#by-severity td[data-severity]")]
                  .map(td => [td.dataset.severity, td.textContent])),
                rules: Object.fromEntries([...document.querySelectorAll("#by-rule tbody tr")]
                  .map(r => [r.cells[0].textContent, r.cells[3].textContent])),
                details: [...document.querySelectorAll("#findings details.detail")].map(d => ({
                  id: facts(d)["Risk event id"],
                  summary: d.querySelector(".context-summary")?.textContent ?? null,
                  newAddresses: [...d.querySelectorAll(".investigation .tag.new")]
                    .map(t => t.previousSibling.textContent.split(", ").pop().trim()),
                })),
                timeline: { width: box.width, height: box.height, days: document.querySelectorAll("g.day").length,
                  findings: [...document.querySelectorAll("g.day")].reduce((n, g) => n + +g.dataset.findings, 0) },
                posture: [...document.querySelectorAll("#posture-table tbody tr")]
                  .map(r => [r.cells[0].textContent, r.cells[2].textContent]),
              };
            })()
            """;

        [BrowserFact]
        public void A_browser_shows_the_figures_scan_and_investigate_print_without_a_console_error()
        {
            var findings = ScanJson(SampleAudits, "--settings", SampleSettings);
            var contextsFile = InvestigationJson();
            var contexts = Lines(contextsFile);
            var posture = PostureResults();
            Report(out _, SampleAudits, "--settings", SampleSettings, "--posture", posture, "--contexts", contextsFile);

            using var browser = Browser.Open(Path.Combine(_files.Root, "report.html"));
            var page = browser.Evaluate(Figures);

            Assert.Equal("true", page.GetProperty("ready").GetString()); // the policy's hash lets the script run
            Assert.Equal($"{findings.Length} of {findings.Length} shown", page.GetProperty("shown").GetString());
            Assert.Equal(findings.Length, page.GetProperty("rows").GetInt32());
            Assert.Equal($"{findings.Length}", page.GetProperty("findings").GetString());
            foreach (var severity in new[] { "critical", "high", "medium", "low", "informational" })
            {
                var expected = findings.Count(f => f.GetProperty("Severity").GetString() == severity);
                Assert.Equal($"{expected}", page.GetProperty("severities").GetProperty(severity).GetString());
            }
            foreach (var rule in findings.GroupBy(f => f.GetProperty("RuleId").GetString()!))
                Assert.Equal($"{rule.Count()}", page.GetProperty("rules").GetProperty(rule.Key).GetString());

            // Each finding's detail carries its investigation: the summary investigate printed, new addresses marked.
            var details = page.GetProperty("details")
                .EnumerateArray()
                .ToDictionary(d => d.GetProperty("id").GetString()!);
            Assert.Equal(findings.Select(f => f.GetProperty("RiskEventId").GetString()!).Order(), details.Keys.Order());
            Assert.Equal($"{contexts.Length}", page.GetProperty("investigated").GetString());
            foreach (var context in contexts)
            {
                var shown = details[context.GetProperty("RiskEventId").GetString()!];
                Assert.Equal(context.GetProperty("Summary").GetString(), shown.GetProperty("summary").GetString());
                var expectedNew = context.GetProperty("ActorNewIpAddresses") is { ValueKind: JsonValueKind.Array } a
                    ? a.EnumerateArray().Select(ip => ip.GetString()!).Order().ToArray()
                    : Array.Empty<string>();
                var markedNew = shown.GetProperty("newAddresses").EnumerateArray().Select(t => t.GetString()!);
                Assert.Equal(expectedNew, markedNew.Order().ToArray());
            }
            Assert.Contains(contexts, c => c.GetProperty("ActorNewIpAddresses").GetArrayLength() > 0);

            // 14 days of samples, each a bar group; the bars hold every finding; the chart takes room on the page.
            var timeline = page.GetProperty("timeline");
            Assert.Equal(14, timeline.GetProperty("days").GetInt32());
            Assert.Equal(findings.Length, timeline.GetProperty("findings").GetInt32());
            Assert.True(
                timeline.GetProperty("width").GetDouble() > 0 && timeline.GetProperty("height").GetDouble() > 0
            );

            var saved = PostureResultJson.Read(posture);
            var checks = page.GetProperty("posture")
                .EnumerateArray()
                .ToDictionary(r => r[0].GetString()!, r => r[1].GetString());
            foreach (var result in saved.Results)
            {
                var status = result.Result == PostureStatus.NotApplicable ? "Not applicable" : result.Result.ToString();
                Assert.Equal(status, checks[result.CheckId]);
            }
            Assert.Contains(saved.Results, r => r.Result == PostureStatus.Failed);

            // Kept beside the test results: what a person would see, with the newest finding opened.
            browser.Evaluate("document.querySelector('#findings details').open = true");
            var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "report.png");
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            browser.Screenshot(screenshot);
            Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is (nearly) empty");
            Assert.Empty(browser.Problems);
        }

        [BrowserFact]
        public void A_console_error_in_the_page_fails_the_browser_check()
        {
            // The check itself must be able to fail: a page whose script throws and logs an error.
            var page = _files.Write(
                "broken.html",
                "<!DOCTYPE html><html><body><script>console.error('seen');undefinedFunction();</script></body></html>"
            );

            using var browser = Browser.Open(page);
            browser.Evaluate("1");

            Assert.Contains(browser.Problems, p => p.StartsWith("console: seen", StringComparison.Ordinal));
            Assert.Contains(
                browser.Problems,
                p => p.StartsWith("uncaught:", StringComparison.Ordinal) && p.Contains("undefinedFunction")
            );
        }

        [Fact]
        public void Investigate_shows_what_investigate_prints_for_the_same_files()
        {
            var contexts = Lines(InvestigationJson());
            var html = Report(
                out var error,
                SampleAudits,
                SampleSignIns,
                "--settings",
                SampleSettings,
                "--investigate"
            );

            Assert.Equal(contexts.Length, Count(html, "<div class=\"investigation\">"));
            foreach (var context in contexts)
            {
                var summary = System.Net.WebUtility.HtmlEncode(context.GetProperty("Summary").GetString());
                Assert.Contains($"<p class=\"context-summary\">{summary}</p>", html);
            }
            Assert.Contains(
                $"<div class=\"card\" id=\"card-investigated\"><div class=\"value\">{contexts.Length}</div>",
                html
            );
            // The planted credential was used: credential facts shown; unknown reach says unknown, not no.
            Assert.Contains("<dt>Credential used</dt><dd>yes</dd>", html);
            Assert.Contains("<dt>Target privileged</dt><dd><span class=\"unknown\">unknown</span></dd>", html);
            Assert.Contains("<span class=\"tag new\">new</span>", html);
            Assert.Matches(@"entraguard: [\d,]+ risk event\(s\) investigated over [\d,]+ sign-in\(s\)", error);
        }

        [Fact]
        public void Investigate_refuses_stdin_and_contexts_together()
        {
            var both = Run("report", SampleAudits, "--investigate", "--contexts", "x.jsonl");
            var stdin = Run("report", "-", "--investigate");

            Assert.Equal(2, both.Exit);
            Assert.Contains("Give either --investigate or --contexts, not both.", both.Err);
            Assert.Equal(2, stdin.Exit);
            Assert.Contains("--investigate reads the files again", stdin.Err);
        }

        [Fact]
        public void A_contexts_line_that_is_not_an_investigation_is_named()
        {
            var bad = _files.Write(
                "bad.jsonl",
                "{\"RiskEventId\":\"r1\",\"TimeGenerated\":\"2026-11-13T02:11:07Z\",\"Summary\":\"s\"}\n"
                    + "{\"RiskEventId\":\"r2\",\"TimeGenerated\":\"2026-11-13T02:11:07Z\","
                    + "\"ActorSignInCount\":\"many\"}\n"
            );
            var noId = _files.Write("noid.jsonl", "{\"Summary\":\"s\"}\n");

            var (exit, _, error) = Run("report", PlantedEvents(), "--out", "-", "--contexts", bad);
            var missing = Run("report", PlantedEvents(), "--out", "-", "--contexts", noId);

            Assert.Equal(2, exit);
            Assert.Contains($"{bad}: line 2: not an investigation", error);
            Assert.Contains("key 'ActorSignInCount' has a value of the wrong kind", error);
            Assert.Single(error.Trim().Split('\n'));
            Assert.Equal(2, missing.Exit);
            Assert.Contains($"{noId}: line 1: not an investigation", missing.Err);
            Assert.Contains("it has no RiskEventId", missing.Err);
        }

        [Fact]
        public void Investigations_of_findings_the_report_does_not_show_are_a_warning()
        {
            var contexts = _files.Write(
                "other.jsonl",
                "{\"RiskEventId\":\"not-in-this-scan\",\"TimeGenerated\":\"2026-11-13T02:11:07Z\",\"Summary\":\"s\"}\n"
            );

            var html = Report(out var error, PlantedEvents(), "--contexts", contexts);

            const string Said = "1 investigation(s) name a risk event this report does not show (not-in-this-scan).";
            Assert.Contains($"warning: {Said}", error);
            Assert.Contains($"<li>{Said}</li>", html);
            Assert.DoesNotContain("<div class=\"investigation\">", html);
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

        /// <summary>An investigation of the planted finding with markup in every text it states.</summary>
        private string PlantedContexts(string events)
        {
            var finding = ScanJson(events).First(f => f.GetProperty("RuleId").GetString() == "EG0001");
            var context = new Dictionary<string, object?>
            {
                ["RiskEventId"] = finding.GetProperty("RiskEventId").GetString(),
                ["RuleId"] = "EG0001",
                ["TimeGenerated"] = "2026-11-13T02:11:07Z",
                ["Summary"] = "Summary " + Planted,
                ["CredentialKeyId"] = "k1" + Planted,
                ["ActorIpAddresses"] = new[] { "198.51.100.7", Planted },
                ["ActorNewIpAddresses"] = new[] { Planted },
                ["ActorUserAgents"] = new[] { Planted },
                ["RelatedEventIds"] = new[] { Planted },
                ["ReachDirectoryRoles"] = new[] { Planted },
            };
            return _files.Write("planted-contexts.jsonl", JsonSerializer.Serialize(context) + "\n");
        }

        [Fact]
        public void Markup_in_an_investigation_is_encoded()
        {
            var events = PlantedEvents();
            var html = Report(out _, events, "--contexts", PlantedContexts(events));

            Assert.Equal(1, Count(html, "<script"));
            Assert.DoesNotContain("<img", html);
            Assert.Contains("<p class=\"context-summary\">Summary &lt;script&gt;", html);
            // The new address is marked, its markup still text.
            Assert.Contains("&lt;img src=x onerror=alert(1)&gt; <span class=\"tag new\">new</span>", html);
        }

        [BrowserFact]
        public void Markup_in_an_actor_name_or_an_investigation_stays_inert_in_a_browser()
        {
            var events = PlantedEvents();
            Report(out _, events, "--contexts", PlantedContexts(events));

            using var browser = Browser.Open(Path.Combine(_files.Root, "report.html"));
            var page = browser.Evaluate(
                """
                ({ title: document.title, scripts: document.scripts.length, images: document.images.length,
                   ready: document.documentElement.dataset.ready ?? null,
                   summary: document.querySelector(".context-summary").textContent,
                   actor: document.querySelector("#findings-table tbody td:nth-child(5)").textContent })
                """
            );

            Assert.Equal("EntraGuard report", page.GetProperty("title").GetString());
            Assert.Equal(1, page.GetProperty("scripts").GetInt32()); // the page's own
            Assert.Equal(0, page.GetProperty("images").GetInt32());
            Assert.Equal("true", page.GetProperty("ready").GetString());
            Assert.Equal("Summary " + Planted, page.GetProperty("summary").GetString());
            Assert.StartsWith(Planted, page.GetProperty("actor").GetString());
            Assert.Empty(browser.Problems); // nothing planted ran, and nothing was refused either
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

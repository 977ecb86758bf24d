using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using EntraGuard.Graph.Tests;
using EntraGuard.Graph.Tests.Response;
using EntraGuard.Graph.Tests.StandIn;
using EntraGuard.Tests;
using static EntraGuard.Cli.Tests.Entraguard;
using static EntraGuard.Tests.Detection.Audit;

namespace EntraGuard.Cli.Tests
{
    /// <summary><c>entraguard scan</c> and <c>entraguard rules</c>, run in-process.</summary>
    public sealed class CliScanTests : IDisposable
    {
        private readonly TestFiles _files = new();
        private static readonly string Samples = Path.Combine(TestFiles.RepositoryRoot, "samples");

        public void Dispose() => _files.Dispose();

        /// <summary>Three events: a rare credential add (medium), a TAP (high) and a removal by the rotation app
        /// (low).</summary>
        private string Fixture()
        {
            var events = new[]
            {
                CredentialAdded(
                    "add-1",
                    "2026-11-13T02:11:07Z",
                    User("megan", "203.0.113.77"),
                    "Payroll-Sync",
                    keyId: "k-rogue",
                    "success",
                    "k-old"
                ),
                Event(
                    "tap-1",
                    "2026-11-14T09:30:15Z",
                    "Admin registered security info",
                    User("megan", "203.0.113.77"),
                    new[] { TargetUser("lee.gu") },
                    resultReason: "Admin registered temporary access pass method for user"
                ),
                Event(
                    "rm-1",
                    "2026-11-13T03:02:00Z",
                    "Remove service principal credentials",
                    App("svc-keyrotation"),
                    new[] { ServicePrincipal("HR-Connector") }
                ),
            };
            using var text = new StringWriter();
            using (var writer = new EntraGuard.Ingest.AuditEventJsonWriter(text))
            {
                foreach (var e in events)
                    writer.Write(e);
            }
            return _files.Write("events.jsonl", text.ToString());
        }

        [Fact]
        public void Max_parallelism_caps_the_readers_and_every_cap_reports_the_same_findings()
        {
            var samples = Path.Combine(Samples, "diagnostic");
            var settings = Path.Combine(Samples, "settings.yaml");

            var one = Run("scan", samples, "--settings", settings, "--format", "json", "--max-parallelism", "1");
            var four = Run("scan", samples, "--settings", settings, "--format", "json", "--max-parallelism", "4");
            var byDefault = Run("scan", samples, "--settings", settings, "--format", "json");
            var zero = Run("scan", samples, "--max-parallelism", "0");

            Assert.Equal(0, one.Exit);
            Assert.True(one.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 30);
            Assert.Equal(one, four);
            Assert.Equal(one, byDefault);
            Assert.NotEqual(0, zero.Exit);
            Assert.Contains("--max-parallelism must be 1 or more", zero.Err);
        }

        [Fact]
        public void Json_writes_one_finding_a_line_with_the_promised_fields()
        {
            var (exit, output, error) = Run("scan", Fixture(), "--format", "json");

            Assert.Equal(0, exit);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, lines.Length);
            var first = JsonDocument.Parse(lines[0]).RootElement;
            Assert.Equal("EG0001", first.GetProperty("RuleId").GetString());
            Assert.Equal(
                "Service principal credential added by a rare actor",
                first.GetProperty("RuleName").GetString()
            );
            Assert.Equal("medium", first.GetProperty("Severity").GetString());
            Assert.Equal(47, first.GetProperty("RiskScore").GetInt32());
            Assert.Equal("2026-11-13T02:11:07Z", first.GetProperty("TimeGenerated").GetString());
            Assert.Equal("megan@contoso.com", first.GetProperty("Actor").GetString());
            Assert.Equal("Payroll-Sync", first.GetProperty("Target").GetString());
            Assert.Equal(new[] { "add-1" }, first.GetProperty("EventIds").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("k-rogue", first.GetProperty("KeyId").GetString());
            Assert.Equal("sp-Payroll-Sync", first.GetProperty("ServicePrincipalId").GetString());
            Assert.False(first.GetProperty("HistoryComplete").GetBoolean());
            Assert.StartsWith("EG0001-", first.GetProperty("RiskEventId").GetString());
            Assert.Contains(
                "entraguard: 3 event(s), 3 finding(s) reported, 0 suppressed, 0 below --min-severity",
                error
            );
        }

        [Fact]
        public void Csv_has_a_header_quotes_fields_and_defuses_formulas()
        {
            var (exit, output, _) = Run("scan", Fixture(), "--format", "csv", "--min-severity", "medium");

            Assert.Equal(0, exit);
            var lines = output.Split(new[] { "\r\n", "\n" }, StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("RiskEventId,TimeGenerated,RuleId,RuleName,Severity,RiskScore,Actor,", lines[0]);
            Assert.Equal(3, lines.Length); // header + the medium and the high finding
            Assert.Contains(",EG0009,Temporary access pass issued,high,73,megan@contoso.com,", lines[2]);
            Assert.Equal("\"a,\"\"b\"\"\"", EntraGuard.Output.CsvText.Field("a,\"b\""));
            Assert.Equal(
                "'=HYPERLINK(\"x\")",
                EntraGuard.Output.CsvText.Field("=HYPERLINK(\"x\")").Trim('"').Replace("\"\"", "\"")
            );
        }

        [Theory]
        [InlineData("high", 1)]
        [InlineData("medium", 1)]
        [InlineData("critical", 0)]
        public void Fail_on_exits_1_when_a_finding_at_or_above_the_severity_is_reported(string severity, int expected)
        {
            Assert.Equal(expected, Run("scan", Fixture(), "--fail-on", severity).Exit);
        }

        [Fact]
        public void Suppressed_findings_never_fail_the_run_and_can_be_shown()
        {
            var suppressions = _files.Write(
                "s.yaml",
                "- ruleId: EG0009\n  actor: megan*\n  justification: Drill.\n  expires: 2099-12-31\n"
            );

            var hidden = Run("scan", Fixture(), "--suppressions", suppressions, "--fail-on", "high");
            Assert.Equal(0, hidden.Exit);
            Assert.DoesNotContain("EG0009", hidden.Out);
            Assert.Contains("1 suppressed", hidden.Err);

            var shown = Run(
                "scan",
                Fixture(),
                "--suppressions",
                suppressions,
                "--include-suppressed",
                "--fail-on",
                "high"
            );
            Assert.Equal(0, shown.Exit);
            Assert.Matches(
                @"EG0009\s+high\s+73\s+megan@contoso.com\s+lee.gu@contoso.com\s+Temporary access pass issued\s+yes",
                shown.Out
            );
        }

        [Fact]
        public void Expired_suppressions_are_warned_about_on_stderr()
        {
            var suppressions = _files.Write(
                "s.yaml",
                "- ruleId: EG0002\n  justification: Rotation.\n  expires: 2026-11-20\n"
            );

            var (exit, output, error) = Run("scan", Fixture(), "--suppressions", suppressions, "--as-of", "2026-12-01");

            Assert.Equal(0, exit);
            Assert.Contains("EG0002", output);
            Assert.Contains("entraguard: warning: suppression #1 (EG0002) in ", error);
            Assert.Contains(
                "expired on 2026-11-21 00:00 UTC and no longer applies; 1 finding(s) it matches are reported",
                error
            );
        }

        [Theory]
        [InlineData("--fail-on", "urgent", "--fail-on: 'urgent' is not a severity")]
        [InlineData("--format", "xml", "xml")]
        [InlineData("--rules", "missing-rules", "Cannot find rule file or folder 'missing-rules'.")]
        [InlineData("--settings", "missing.yaml", "Cannot find settings file 'missing.yaml'.")]
        [InlineData("--as-of", "someday", "--as-of: 'someday' is not a date or a date and time.")]
        public void Bad_options_exit_2_with_one_line(string option, string value, string expected)
        {
            var (exit, _, error) = Run("scan", Fixture(), option, value);

            Assert.Equal(2, exit);
            Assert.Contains(expected, error);
            Assert.DoesNotContain("   at ", error);
        }

        [Fact]
        public void A_malformed_rule_file_exits_2_naming_file_line_and_field()
        {
            var rules = _files.Write("bad.yaml", "id: X1\nname: n\ndescription: d\nseverity: urgent\n");

            var (exit, _, error) = Run("scan", Fixture(), "--rules", rules);

            Assert.Equal(2, exit);
            Assert.Equal(
                $"entraguard: {rules}: line 4: rule X1: field 'severity': 'urgent' is not a severity (use "
                    + $"informational, low, medium, high or critical){Environment.NewLine}",
                error
            );
        }

        [Fact]
        public void Scan_and_rules_take_rule_ids_with_PowerShell_wildcards()
        {
            var (exit, output, _) = Run("scan", Fixture(), "--format", "json", "--rule", "EG000[19]");
            Assert.Equal(0, exit);
            Assert.Equal(
                new[] { "EG0001", "EG0009" },
                output
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                    .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("RuleId").GetString())
                    .OrderBy(id => id)
            );

            var rules = Run("rules", "--rule", "EG000[12]", "EG99*");
            Assert.Equal(0, rules.Exit);
            Assert.Equal(
                new[] { "EG0001", "EG0002" },
                rules.Out.Split('\n').Skip(2).Where(line => line.Length > 0).Select(line => line.Split(' ')[0])
            );
        }

        [Theory]
        [InlineData("scan")]
        [InlineData("rules")]
        public void A_rule_id_naming_no_rule_exits_2_naming_it(string verb)
        {
            var args =
                verb == "scan"
                    ? new[] { "scan", Fixture(), "--rule", "EG0001", "EG9999" }
                    : new[] { "rules", "--rule", "EG9999" };
            var (exit, output, error) = Run(args);

            Assert.Equal(CliRunner.BadInputOrUsage, exit);
            Assert.Equal("", output);
            Assert.Equal("entraguard: No rule has the id 'EG9999'.", error.TrimEnd());
        }

        [Fact]
        public void Rules_lists_the_catalog()
        {
            var (exit, output, _) = Run("rules");

            Assert.Equal(0, exit);
            Assert.Matches(
                @"EG0001\s+NewTerms\s+medium\s+47\s+T1098\.001\s+Invoke-CredentialRevocation\s+"
                    + "Service principal credential added by a rare actor",
                output
            );
            Assert.Equal(73, output.Split('\n').Count(l => l.StartsWith("EG")));
        }

        [Fact]
        public void Rules_as_json_lines_carry_every_field_a_script_branches_on()
        {
            var (exit, output, _) = Run("rules", "--format", "json", "--rule", "EG000[14]");

            Assert.Equal(0, exit);
            var rules = output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement)
                .ToArray();
            Assert.Equal(new[] { "EG0001", "EG0004" }, rules.Select(r => r.GetProperty("Id").GetString()));
            var rare = rules[0];
            Assert.Equal("NewTerms", rare.GetProperty("Kind").GetString());
            Assert.Equal("medium", rare.GetProperty("Severity").GetString());
            Assert.Equal("revokeCredential", rare.GetProperty("ResponseAction").GetString());
            Assert.Equal("Invoke-CredentialRevocation", rare.GetProperty("SuggestedResponse").GetString());
            Assert.Contains("T1098.001", rare.GetProperty("Techniques").EnumerateArray().Select(t => t.GetString()));
            Assert.NotEmpty(rare.GetProperty("InvestigationSteps").EnumerateArray());
            Assert.Equal("restoreGroupMember", rules[1].GetProperty("ResponseAction").GetString());
        }

        /// <summary>
        /// What samples/README.md promises under "Expected findings": every finding of the sample tenant, in order.
        /// </summary>
        private static readonly (
            string Time,
            string Rule,
            string Severity,
            string Actor,
            string Target
        )[] SampleFindings =
        {
            ("2026-11-02T10:15:00Z", "EG0004", "low", "it.admin@fabrikam.example", "Project-Phoenix"),
            ("2026-11-03T14:02:00Z", "EG0005", "low", "it.admin@fabrikam.example", "Expense-Portal"),
            ("2026-11-03T14:06:00Z", "EG0001", "medium", "it.admin@fabrikam.example", "Expense-Portal"),
            ("2026-11-03T14:06:00Z", "EG0012", "high", "it.admin@fabrikam.example", "Expense-Portal"),
            ("2026-11-03T14:09:00Z", "EG0008", "low", "it.admin@fabrikam.example", "Expense-Portal"),
            ("2026-11-05T08:12:00Z", "EG0003", "medium", "diego.siciliani@fabrikam.example", "diego.siciliani"),
            ("2026-11-07T16:40:00Z", "EG0004", "low", "it.admin@fabrikam.example", "Contractors"),
            ("2026-11-11T09:05:00Z", "EG0004", "low", "grace.admin@fabrikam.example", "Sales-EMEA"),
            ("2026-11-13T02:11:07Z", "EG0001", "medium", "megan.bowen@fabrikam.example", "Payroll-Sync"),
            ("2026-11-13T02:12:40Z", "EG0006", "medium", "megan.bowen@fabrikam.example", "Payroll-Sync"),
            ("2026-11-13T02:12:40Z", "EG0012", "high", "megan.bowen@fabrikam.example", "Payroll-Sync"),
            ("2026-11-13T02:14:02Z", "EG0002", "low", "megan.bowen@fabrikam.example", "Payroll-Sync"),
            ("2026-11-13T02:20:31Z", "EG0005", "low", "megan.bowen@fabrikam.example", "Backup-Helper"),
            ("2026-11-13T02:21:05Z", "EG0007", "low", "megan.bowen@fabrikam.example", "Backup-Helper"),
            ("2026-11-13T02:22:18Z", "EG0008", "medium", "megan.bowen@fabrikam.example", "Backup-Helper"),
            ("2026-11-13T02:22:18Z", "EG0042", "high", "megan.bowen@fabrikam.example", "Backup-Helper"),
            ("2026-11-13T02:23:44Z", "EG0001", "medium", "megan.bowen@fabrikam.example", "Backup-Helper"),
            ("2026-11-13T02:23:44Z", "EG0012", "high", "megan.bowen@fabrikam.example", "Backup-Helper"),
            ("2026-11-13T02:23:44Z", "EG0037", "high", "megan.bowen@fabrikam.example", "Backup-Helper"),
            ("2026-11-13T02:30:12Z", "EG0004", "high", "megan.bowen@fabrikam.example", "Tier0-Admins"),
            ("2026-11-13T02:35:09Z", "EG0004", "low", "megan.bowen@fabrikam.example", "SOC-Analysts"),
            ("2026-11-13T02:36:16Z", "EG0004", "low", "megan.bowen@fabrikam.example", "SOC-Analysts"),
            ("2026-11-13T02:37:23Z", "EG0004", "low", "megan.bowen@fabrikam.example", "SOC-Analysts"),
            ("2026-11-13T02:38:30Z", "EG0004", "low", "megan.bowen@fabrikam.example", "SOC-Analysts"),
            ("2026-11-13T02:39:37Z", "EG0004", "low", "megan.bowen@fabrikam.example", "SOC-Analysts"),
            ("2026-11-13T02:40:44Z", "EG0004", "low", "megan.bowen@fabrikam.example", "SOC-Analysts"),
            ("2026-11-13T02:40:44Z", "EG0011", "high", "megan.bowen@fabrikam.example", "SOC-Analysts"),
            ("2026-11-14T09:05:03Z", "EG0003", "medium", "adele.vance@fabrikam.example", "adele.vance"),
            ("2026-11-14T09:09:41Z", "EG0013", "high", "adele.vance@fabrikam.example", "adele.vance"),
            ("2026-11-14T09:30:15Z", "EG0009", "high", "megan.bowen@fabrikam.example", "lee.gu"),
            ("2026-11-14T09:31:02Z", "EG0010", "medium", "megan.bowen@fabrikam.example", "lee.gu"),
            ("2026-11-14T11:00:27Z", "EG0001", "medium", "Legacy-Reporting", "Mail-Relay"),
        };

        [Theory]
        [InlineData("graph")]
        [InlineData("diagnostic")]
        public void Scan_reports_exactly_the_findings_the_samples_readme_promises(string folder)
        {
            // --as-of keeps the sample suppressions' expiry judged at the time the data describes.
            var (exit, output, error) = Run(
                "scan",
                Path.Combine(Samples, folder),
                "--settings",
                Path.Combine(Samples, "settings.yaml"),
                "--format",
                "json",
                "--as-of",
                "2026-11-15",
                "--fail-on",
                "high"
            );

            Assert.Equal(1, exit); // high findings exist
            var findings = output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement)
                .ToList();
            var actual = findings
                .Select(f =>
                    (
                        f.GetProperty("TimeGenerated").GetString()!,
                        f.GetProperty("RuleId").GetString()!,
                        f.GetProperty("Severity").GetString()!,
                        f.GetProperty("Actor").GetString()!,
                        f.GetProperty("Target").GetString()!
                    )
                )
                .ToArray();
            Assert.Equal(SampleFindings, actual);
            Assert.Contains("5,066 event(s), 32 finding(s) reported, 44 suppressed", error);

            var incomplete = findings
                .Where(f => f.TryGetProperty("HistoryComplete", out var h) && !h.GetBoolean())
                .Select(f => f.GetProperty("TimeGenerated").GetString());
            // Expense-Portal: only two days of data before it
            Assert.Equal(new[] { "2026-11-03T14:06:00Z" }, incomplete);

            // The README's readme command without --as-of shows the same findings while the suppressions are current.
            var readme = Run(
                "scan",
                Path.Combine(Samples, folder),
                "--settings",
                Path.Combine(Samples, "settings.yaml")
            );
            if (DateTimeOffset.UtcNow < new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero))
                Assert.Equal(0, readme.Exit);
        }

        [Fact]
        public void The_samples_readme_table_lists_the_same_findings()
        {
            var readme = File.ReadAllText(Path.Combine(Samples, "README.md"));
            foreach (var (time, rule, severity, actor, target) in SampleFindings)
            {
                var when = DateTimeOffset
                    .Parse(time, CultureInfo.InvariantCulture)
                    .UtcDateTime.ToString("dd MMM HH:mm:ss", CultureInfo.InvariantCulture);
                var row = string.Join(
                    " | ",
                    new[] { when, rule, severity, actor.Split('@')[0], target }.Select(
                        System.Text.RegularExpressions.Regex.Escape
                    )
                );
                Assert.Matches($@"\| {row} \|", readme);
            }
        }
    }
}

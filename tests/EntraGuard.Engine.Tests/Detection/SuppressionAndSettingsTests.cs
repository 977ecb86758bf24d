using System;
using System.IO;
using System.Linq;
using EntraGuard.Detection;
using static EntraGuard.Tests.Detection.Audit;

namespace EntraGuard.Tests.Detection
{
    public sealed class SuppressionAndSettingsTests : IDisposable
    {
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        private static readonly DateTimeOffset Now = At("2026-11-20T00:00:00Z");

        private static readonly AuditEvent[] Removals =
        {
            Event(
                "r1",
                "2026-11-13T03:02:00Z",
                "Remove service principal credentials",
                App("svc-keyrotation"),
                new[] { ServicePrincipal("Payroll-Sync") }
            ),
            Event(
                "r2",
                "2026-11-13T03:06:00Z",
                "Remove service principal credentials",
                App("svc-keyrotation"),
                new[] { ServicePrincipal("HR-Connector") }
            ),
            Event(
                "r3",
                "2026-11-13T02:14:00Z",
                "Remove service principal credentials",
                User("megan", "203.0.113.77"),
                new[] { ServicePrincipal("Payroll-Sync") }
            ),
        };

        private ScanResult ScanWith(string suppressions, bool includeSuppressed = false) =>
            Scan(
                Removals,
                "EG0002",
                new ScanOptions
                {
                    Suppressions = SuppressionSet.Load(_files.Write("s.yaml", suppressions)),
                    IncludeSuppressed = includeSuppressed,
                    Now = Now,
                }
            );

        [Fact]
        public void A_suppression_hides_matching_findings_counts_them_and_can_show_them()
        {
            const string file = """
                suppressions:
                  - ruleId: EG000*
                    actor: svc-keyrotation
                    justification: Daily rotation (CHG-2291).
                    expires: 2026-12-31
                """;

            var hidden = ScanWith(file);
            Assert.Equal(new[] { "r3" }, hidden.Findings.Select(f => f.EventIds.Single()));
            Assert.Equal(2, hidden.SuppressedCount);
            Assert.Empty(hidden.Warnings);

            var shown = ScanWith(file, includeSuppressed: true);
            Assert.Equal(3, shown.Findings.Count);
            var suppressed = shown.Findings.Where(f => f.Suppressed).ToList();
            Assert.Equal(new[] { "r1", "r2" }, suppressed.Select(f => f.EventIds.Single()).OrderBy(id => id));
            Assert.All(suppressed, f => Assert.Equal("Daily rotation (CHG-2291).", f.SuppressionJustification));
            Assert.Equal(2, shown.SuppressedCount);
        }

        [Theory]
        [InlineData("target: HR-Connector", new[] { "r1", "r3" })]
        [InlineData("target: sp-Payroll*", new[] { "r2" })]
        [InlineData("ipAddress: 203.0.113.0/24", new[] { "r1", "r2" })]
        [InlineData("actor: megan@contoso.com", new[] { "r1", "r2" })]
        [InlineData("actor: appid-svc-keyrotation", new[] { "r3" })]
        public void Actor_target_and_address_narrow_a_suppression(string condition, string[] reported)
        {
            var result = ScanWith(
                $"""
                - ruleId: EG0002
                  {condition}
                  justification: Test.
                  expires: 2026-12-31T12:00:00Z
                """
            );

            Assert.Equal(reported, result.Findings.Select(f => f.EventIds.Single()).OrderBy(id => id));
        }

        [Fact]
        public void An_expired_suppression_warns_and_no_longer_applies()
        {
            var result = ScanWith(
                """
                suppressions:
                  - ruleId: EG0002
                    actor: svc-keyrotation
                    justification: Daily rotation.
                    expires: 2026-11-19
                """
            );

            Assert.Equal(3, result.Findings.Count);
            Assert.Equal(0, result.SuppressedCount);
            var warning = Assert.Single(result.Warnings);
            Assert.Contains("suppression #1 (EG0002, actor svc-keyrotation)", warning);
            // a date alone lasts to the end of that UTC day
            Assert.Contains("expired on 2026-11-20 00:00 UTC", warning);
            Assert.Contains("2 finding(s) it matches are reported", warning);
        }

        [Theory]
        [InlineData(
            "- ruleId: EG0002\n  expires: 2026-12-31\n",
            "s.yaml: line 1: suppression #1: field 'justification': is required"
        )]
        [InlineData(
            "- ruleId: EG0002\n  justification: x\n  expires: someday\n",
            "s.yaml: line 3: suppression #1: field 'expires': 'someday' is not a date (yyyy-MM-dd) or a date and time"
        )]
        [InlineData(
            "- ruleId: EG0002\n  justification: x\n  expires: 2026-12-31\n  ipAddress: 10.0.0.0/40\n",
            "s.yaml: line 4: suppression #1: field 'ipAddress': '10.0.0.0/40' is not an IP address or CIDR range"
        )]
        [InlineData(
            "- ruleId: EG0002\n  justification: x\n  expires: 2026-12-31\n  user: bob\n",
            "s.yaml: line 4: suppression #1: field 'user': is not a known field "
                + "(known: ruleId, actor, target, ipAddress, justification, expires)"
        )]
        [InlineData(
            "rules:\n  - ruleId: EG0002\n",
            "s.yaml: line 1: field 'suppressions': is required (a list of suppressions)"
        )]
        public void A_malformed_suppression_file_is_named(string content, string expectedEnd)
        {
            var path = _files.Write("s.yaml", content);
            var error = Assert.Throws<RuleFormatException>(() => SuppressionSet.Load(path));
            Assert.Equal(Path.Combine(_files.Root, expectedEnd), error.Message);
        }

        [Fact]
        public void Settings_load_from_yaml_or_json_with_paths_relative_to_the_file()
        {
            var yaml = _files.Write(
                "conf/settings.yaml",
                "privilegedGroups: [Tier0-Admins]\nsuppressionPath: suppressions.yaml\nrulePaths: "
                    + "[rules]\nhistoryDays: 14\n"
            );
            var json = _files.Write(
                "conf/settings.json",
                "{ \"PrivilegedGroups\": [\"Tier0-Admins\"], \"historyDays\": 14, // comment\n "
                    + "\"suppressionPath\": \"suppressions.yaml\", \"rulePaths\": [\"rules\"] }"
            );

            foreach (var path in new[] { yaml, json })
            {
                var settings = EntraGuardSettings.Load(path);
                Assert.Equal(new[] { "Tier0-Admins" }, settings.PrivilegedGroups);
                Assert.Equal(14, settings.HistoryDays);
                Assert.Equal(Path.Combine(_files.Root, "conf", "suppressions.yaml"), settings.SuppressionPath);
                Assert.Equal(new[] { Path.Combine(_files.Root, "conf", "rules") }, settings.RulePaths);
                Assert.Equal(path, settings.SourcePath);
            }

            var defaults = new EntraGuardSettings();
            Assert.Equal(10, defaults.HistoryDays);
            Assert.Empty(defaults.PrivilegedGroups);
        }

        [Theory]
        [InlineData(
            "settings.yaml",
            "historyDays: 10\nprivilegedGroup: [x]\n",
            "settings.yaml: line 2: field 'privilegedGroup': is not a known field; did you mean 'privilegedGroups'? "
                + "(known: rulePaths, suppressionPath, privilegedGroups, historyDays, journalPath, posture)"
        )]
        [InlineData(
            "settings.yaml",
            "historyDays: 0\n",
            "settings.yaml: line 1: field 'historyDays': '0' is not a whole number from 1 to 3650"
        )]
        [InlineData(
            "settings.json",
            "{ \"historyDays\": \"ten\" }",
            "settings.json: line 1: field 'historyDays': 'ten' is not a whole number from 1 to 3650"
        )]
        [InlineData(
            "settings.json",
            "{ \"journal\": 1 }",
            "settings.json: line 1: field 'journal': is not a known field; did you mean 'journalPath'? "
                + "(known: rulePaths, suppressionPath, privilegedGroups, historyDays, journalPath, posture)"
        )]
        public void Malformed_settings_are_named(string name, string content, string expectedEnd)
        {
            var path = _files.Write(name, content);
            var error = Assert.Throws<SettingsFormatException>(() => EntraGuardSettings.Load(path));
            Assert.Equal(Path.Combine(_files.Root, expectedEnd), error.Message);
        }

        [Fact]
        public void Setup_combines_settings_rules_and_suppressions_and_rejects_unknown_rule_ids()
        {
            _files.Write("conf/suppressions.yaml", "- ruleId: EG0002\n  justification: x\n  expires: 2099-01-01\n");
            var settingsPath = _files.Write("conf/settings.yaml", "suppressionPath: suppressions.yaml\n");

            var setup = DetectionSetup.Load(settingsPath, ruleIds: new[] { "EG0002", "EG001?" });
            var expected = new[] { "EG0002" }.Concat(Enumerable.Range(10, 10).Select(i => $"EG{i:0000}"));
            Assert.Equal(expected, setup.Engine.Rules.Select(r => r.Id));
            Assert.Single(setup.Suppressions.Entries);
            Assert.Empty(
                DetectionSetup
                    .Load(settingsPath, suppressionPath: _files.Write("none.yaml", "suppressions:\n"))
                    .Suppressions.Entries
            );

            var error = Assert.Throws<UnknownIdException>(() => DetectionSetup.Load(ruleIds: new[] { "EG9999" }));
            Assert.Equal("No rule has the id 'EG9999'.", error.Message);
        }
    }
}

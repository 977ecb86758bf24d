using System;
using System.IO;
using EntraGuard.Configuration;
using EntraGuard.Detection;

namespace EntraGuard.Tests.Configuration
{
    /// <summary>
    /// The one reader behind settings, rules and suppressions: YAML and JSON give the same tree, every mistake is named
    /// by file, line and field in one way, and each file kind reports with its own exception type.
    /// </summary>
    public sealed class ConfigReaderTests : IDisposable
    {
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        private string ErrorOf(string name, string text)
        {
            var path = _files.Write(name, text);
            var error = Assert.Throws<SettingsFormatException>(() => EntraGuardSettings.Load(path));
            return error.Message.Replace(path, name);
        }

        [Fact]
        public void Yaml_and_json_settings_read_the_same_values_with_keys_in_any_case()
        {
            var yaml = EntraGuardSettings.Load(
                _files.Write(
                    "s.yaml",
                    "HistoryDays: 21\nprivilegedGroups: [Tier0]\nposture:\n  minGlobalAdministrators: 3\n"
                )
            );
            var json = EntraGuardSettings.Load(
                _files.Write(
                    "s.json",
                    "{\n  // comments and trailing commas are allowed\n  \"historyDays\": 21,\n"
                        + "  \"PrivilegedGroups\": [\"Tier0\"],\n  \"posture\": { \"minGlobalAdministrators\": 3, },\n}"
                )
            );

            foreach (var settings in new[] { yaml, json })
            {
                Assert.Equal(21, settings.HistoryDays);
                Assert.Equal(new[] { "Tier0" }, settings.PrivilegedGroups);
                Assert.Equal(3, settings.Posture.MinGlobalAdministrators);
            }
        }

        [Fact]
        public void An_empty_settings_file_gives_the_defaults()
        {
            var settings = EntraGuardSettings.Load(_files.Write("empty.yaml", "# nothing set yet\n"));

            Assert.Equal(EntraGuardSettings.DefaultHistoryDays, settings.HistoryDays);
            Assert.Empty(settings.RulePaths);
        }

        [Theory]
        [InlineData(
            "s.json",
            "{\n  \"historyDays\": 3,\n  \"rulePaths\": [\n    \"rules\",\n    7,\n    {}\n  ]\n}",
            "s.json: line 6: field 'rulePaths[2]': expected a text value, found a mapping"
        )]
        [InlineData(
            "s.json",
            "{\n  \"historyDays\": 3,\n  \"HISTORYDAYS\": 4\n}",
            "s.json: line 3: field 'HISTORYDAYS': the key appears twice (first on line 2)"
        )]
        [InlineData(
            "s.json",
            "{\n  \"historyDays\": 3,\n  \"journalPath\": \n}",
            "s.json: line 4: not valid JSON: '}' is an invalid start of a value"
        )]
        [InlineData(
            "s.json",
            "{ \"historyDays\": 3 } { }",
            "s.json: line 1: not valid JSON: '{' is invalid after a single JSON value"
        )]
        [InlineData("s.yaml", "historyDays: 3\n---\nhistoryDays: 4\n", "s.yaml: line 3: holds more than one document")]
        [InlineData("s.yaml", "- historyDays: 3\n", "s.yaml: line 1: expected a mapping of fields, found a list")]
        [InlineData(
            "s.yaml",
            "historyDays: [3]\n",
            "s.yaml: line 1: field 'historyDays': expected a text value, found a list"
        )]
        [InlineData(
            "s.yaml",
            "journalPath: x\nposture: 7\n",
            "s.yaml: line 2: field 'posture': expected a mapping of fields, found '7'"
        )]
        public void A_mistake_is_named_by_file_line_and_field(string name, string text, string expectedStart)
        {
            Assert.StartsWith(expectedStart, ErrorOf(name, text));
        }

        [Fact]
        public void A_rule_file_in_json_reads_like_its_yaml_and_reports_as_a_rule_file()
        {
            const string json = """
                [{ "id": "FAB0002", "name": "Owner added", "description": "An owner was added.",
                   "severity": "medium", "riskScore": 40, "tactics": ["TA0003"], "techniques": ["T1098"],
                   "match": { "activities": ["Add owner to application"], "result": "success" },
                   "target": "Application",
                   "investigation": ["Ask the actor."], "falsePositives": ["Planned change."],
                   "response": { "action": "revokeUserSession", "user": "actor" } }]
                """;
            Assert.Equal("FAB0002", Assert.Single(RuleCatalog.Parse(json, "rules.json")).Id);

            var error = Assert.Throws<RuleFormatException>(() =>
                RuleCatalog.Parse(json.Replace("\"riskScore\": 40", "\"riskScore\": \"high\""), "bad.json")
            );
            Assert.Equal(2, error.Line);
            Assert.Equal("riskScore", error.Field);
            Assert.IsAssignableFrom<ConfigFormatException>(error);
        }
    }
}

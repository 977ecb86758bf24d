using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using EntraGuard.Export;
using YamlDotNet.RepresentationModel;

namespace EntraGuard.Tests.Export
{
    /// <summary>
    /// Each platform's documented rule format, asserted on every exported rule: Sentinel's template validation
    /// (Azure-Sentinel .script/tests/detectionTemplateSchemaValidation), Elastic's rule import schema, Sigma's rule
    /// specification.
    /// </summary>
    public sealed class PlatformFormatTests
    {
        private static readonly Regex Duration = new(@"^(\d+)([mhd])$");
        private static readonly string[] SentinelTactics =
        {
            "InitialAccess",
            "Execution",
            "Persistence",
            "PrivilegeEscalation",
            "DefenseEvasion",
            "CredentialAccess",
            "Discovery",
            "LateralMovement",
            "Collection",
            "Exfiltration",
            "CommandAndControl",
            "Impact",
            "Reconnaissance",
            "ResourceDevelopment",
            "ImpairProcessControl",
            "InhibitResponseFunction",
        };
        private static readonly Dictionary<string, string[]> SentinelIdentifiers = new()
        {
            ["Account"] = new[]
            {
                "Name",
                "FullName",
                "NTDomain",
                "DnsDomain",
                "UPNSuffix",
                "Sid",
                "AadTenantId",
                "AadUserId",
                "PUID",
                "IsDomainJoined",
                "DisplayName",
                "ObjectGuid",
            },
            ["IP"] = new[] { "Address" },
            ["CloudApplication"] = new[] { "AppId", "Name", "InstanceName" },
        };
        private static readonly Regex ColumnName = new(@"^[a-zA-Z_]+\w*$");

        public static IEnumerable<object[]> RuleIds => ExportFixtures.AllRules.Select(r => new object[] { r.Id });

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Sentinel_rules_meet_the_template_schema(string ruleId)
        {
            var export = ExportFixtures.Export(ruleId, ExportFormat.SentinelAnalyticsRule);
            if (!export.Exportable)
            {
                Assert.StartsWith("USER-", ruleId); // every catalog rule exports to Sentinel
                Assert.False(string.IsNullOrWhiteSpace(export.NotExportableReason));
                return;
            }
            var rule = Mapping(export.Content!);

            Assert.Equal(ExportNames.StableGuid("sentinel", ruleId), Guid.Parse(Text(rule, "id")));
            Assert.InRange(Text(rule, "name").Length, 1, 256);
            Assert.InRange(Text(rule, "description").Length, 1, 5000);
            Assert.Contains(Text(rule, "severity"), new[] { "Informational", "Low", "Medium", "High" });
            var connector = (YamlMappingNode)((YamlSequenceNode)rule["requiredDataConnectors"]).Children.Single();
            Assert.Equal("AzureActiveDirectory", Text(connector, "connectorId"));
            Assert.Equal(new[] { "AuditLogs" }, Strings(connector, "dataTypes"));
            var frequency = Span(Text(rule, "queryFrequency"));
            var period = Span(Text(rule, "queryPeriod"));
            Assert.InRange(frequency, TimeSpan.FromMinutes(5), TimeSpan.FromDays(14));
            Assert.InRange(period, TimeSpan.FromMinutes(5), TimeSpan.FromDays(14));
            Assert.True(period >= frequency, "queryPeriod must be at least queryFrequency");
            Assert.True(
                period < TimeSpan.FromDays(2) || frequency >= TimeSpan.FromHours(1),
                "from 2 days of period Sentinel allows at most hourly runs"
            );
            Assert.Contains(Text(rule, "triggerOperator"), new[] { "gt", "lt", "eq", "ne" });
            Assert.InRange(int.Parse(Text(rule, "triggerThreshold")), 0, 10000);
            Assert.All(Strings(rule, "tactics"), t => Assert.Contains(t, SentinelTactics));
            Assert.All(Strings(rule, "relevantTechniques"), t => Assert.Matches(@"^T\d{4}(\.\d{3})?$", t));
            Assert.InRange(Text(rule, "query").Length, 1, 10000);
            Assert.Matches(@"^\d+\.\d+\.\d+$", Text(rule, "version"));
            Assert.Equal("Scheduled", Text(rule, "kind"));

            var columns = ProjectedColumns(Text(rule, "query"));
            var mappings = ((YamlSequenceNode)rule["entityMappings"]).Children.Cast<YamlMappingNode>().ToList();
            Assert.InRange(mappings.Count, 1, 5);
            foreach (var mapping in mappings)
            {
                var type = Text(mapping, "entityType");
                var fields = ((YamlSequenceNode)mapping["fieldMappings"]).Children.Cast<YamlMappingNode>().ToList();
                Assert.InRange(fields.Count, 1, 3);
                Assert.Equal(fields.Count, fields.Select(f => Text(f, "identifier")).Distinct().Count());
                foreach (var field in fields)
                {
                    Assert.Contains(Text(field, "identifier"), SentinelIdentifiers[type]);
                    Assert.Matches(ColumnName, Text(field, "columnName"));
                    Assert.Contains(Text(field, "columnName"), columns);
                }
            }
            var details = (YamlMappingNode)rule["customDetails"];
            Assert.InRange(details.Children.Count, 1, 20);
            foreach (var detail in details.Children)
            {
                var key = ((YamlScalarNode)detail.Key).Value!;
                Assert.Matches(@"^[a-zA-Z]+\w*$", key);
                Assert.InRange(key.Length, 1, 20);
                Assert.Contains(((YamlScalarNode)detail.Value).Value!, columns);
            }
            var overrides = (YamlMappingNode)rule["alertDetailsOverride"];
            foreach (Match placeholder in Regex.Matches(Text(overrides, "alertDisplayNameFormat"), @"\{\{(\w+)\}\}"))
                Assert.Contains(placeholder.Groups[1].Value, columns);
            if (overrides.Children.ContainsKey(new YamlScalarNode("alertSeverityColumnName")))
                Assert.Contains(Text(overrides, "alertSeverityColumnName"), columns);
        }

        [Fact]
        public void Sentinel_ids_are_unique_and_stable()
        {
            var first = ExportFixtures
                .Catalog.Select(r =>
                    Text(Mapping(ExportFixtures.Export(r, ExportFormat.SentinelAnalyticsRule).Content!), "id")
                )
                .ToList();
            var again = ExportFixtures
                .Catalog.Select(r =>
                    Text(Mapping(ExportFixtures.Export(r, ExportFormat.SentinelAnalyticsRule).Content!), "id")
                )
                .ToList();
            Assert.Equal(first, again);
            Assert.Equal(first.Count, first.Distinct().Count());
            // RFC 4122 version 5 (name-based): the same rule id always gives the same template id.
            Assert.All(first, id => Assert.Equal('5', id[14]));
        }

        [Fact]
        public void Sentinel_EG0001_runs_hourly_over_the_history_window_plus_one_hour()
        {
            var rule = Mapping(ExportFixtures.Export("EG0001", ExportFormat.SentinelAnalyticsRule).Content!);
            Assert.Equal("1h", Text(rule, "queryFrequency"));
            Assert.Equal("241h", Text(rule, "queryPeriod"));
            Assert.Equal(new[] { "Persistence" }, Strings(rule, "tactics"));
            Assert.Equal(new[] { "T1098.001" }, Strings(rule, "relevantTechniques"));
            Assert.Contains("let runWindow = 1h;", Text(rule, "query"));
            Assert.Contains("Investigation steps:", Text(rule, "description"));
            Assert.Contains("Known false positives:", Text(rule, "description"));
            Assert.Equal("KeyId", Text((YamlMappingNode)rule["customDetails"], "KeyId"));
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Elastic_rules_meet_the_rule_import_schema(string ruleId)
        {
            var export = ExportFixtures.Export(ruleId, ExportFormat.ElasticRule);
            if (!export.Exportable)
            {
                Assert.False(string.IsNullOrWhiteSpace(export.NotExportableReason));
                return;
            }
            var lines = export.Content!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.NotEmpty(lines);
            foreach (var line in lines)
            {
                using var document = JsonDocument.Parse(line);
                var rule = document.RootElement;
                Assert.True(Guid.TryParse(rule.GetProperty("rule_id").GetString(), out _));
                Assert.False(string.IsNullOrWhiteSpace(rule.GetProperty("name").GetString()));
                Assert.False(string.IsNullOrWhiteSpace(rule.GetProperty("description").GetString()));
                Assert.InRange(rule.GetProperty("risk_score").GetInt32(), 0, 100);
                Assert.Contains(
                    rule.GetProperty("severity").GetString(),
                    new[] { "low", "medium", "high", "critical" }
                );
                var type = rule.GetProperty("type").GetString();
                Assert.Contains(type, new[] { "query", "new_terms", "threshold", "eql" });
                Assert.Equal(type == "eql" ? "eql" : "kuery", rule.GetProperty("language").GetString());
                Assert.False(string.IsNullOrWhiteSpace(rule.GetProperty("query").GetString()));
                Assert.Equal(
                    new[] { "filebeat-*", "logs-azure.auditlogs-*" },
                    rule.GetProperty("index").EnumerateArray().Select(e => e.GetString())
                );
                Assert.Matches(@"^now-\d+[smhd]$", rule.GetProperty("from").GetString());
                Assert.Matches(@"^\d+[smhd]$", rule.GetProperty("interval").GetString());
                Assert.InRange(rule.GetProperty("max_signals").GetInt32(), 1, 1000);
                Assert.False(string.IsNullOrWhiteSpace(rule.GetProperty("note").GetString()));
                Assert.NotEmpty(rule.GetProperty("false_positives").EnumerateArray());
                Assert.InRange(rule.GetProperty("version").GetInt32(), 1, int.MaxValue);
                if (type == "new_terms")
                {
                    Assert.InRange(rule.GetProperty("new_terms_fields").GetArrayLength(), 1, 3);
                    Assert.Matches(@"^now-\d+d$", rule.GetProperty("history_window_start").GetString());
                }
                if (type == "threshold")
                {
                    Assert.InRange(rule.GetProperty("threshold").GetProperty("field").GetArrayLength(), 1, 5);
                    Assert.InRange(rule.GetProperty("threshold").GetProperty("value").GetInt32(), 1, int.MaxValue);
                }
                if (type == "eql")
                    Assert.StartsWith("sequence by ", rule.GetProperty("query").GetString());
                foreach (var threat in rule.GetProperty("threat").EnumerateArray())
                {
                    Assert.Equal("MITRE ATT&CK", threat.GetProperty("framework").GetString());
                    Assert.Matches(@"^TA\d{4}$", threat.GetProperty("tactic").GetProperty("id").GetString());
                    Assert.StartsWith(
                        "https://attack.mitre.org/tactics/",
                        threat.GetProperty("tactic").GetProperty("reference").GetString()
                    );
                    if (threat.TryGetProperty("technique", out var techniques))
                    {
                        foreach (var technique in techniques.EnumerateArray())
                        {
                            Assert.Matches(@"^T\d{4}$", technique.GetProperty("id").GetString());
                            Assert.False(string.IsNullOrEmpty(technique.GetProperty("name").GetString()));
                        }
                    }
                }
            }
        }

        [Fact]
        public void Elastic_EG0001_is_the_seed_rule_with_app_actors_covered()
        {
            var lines = ExportFixtures
                .Export("EG0001", ExportFormat.ElasticRule)
                .Content!.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement)
                .ToList();

            Assert.Equal(2, lines.Count);
            Assert.All(
                lines,
                rule =>
                {
                    Assert.Equal("new_terms", rule.GetProperty("type").GetString());
                    Assert.Equal("now-10d", rule.GetProperty("history_window_start").GetString());
                    Assert.Equal("now-9m", rule.GetProperty("from").GetString());
                    Assert.Equal("5m", rule.GetProperty("interval").GetString());
                    Assert.Equal(100, rule.GetProperty("max_signals").GetInt32());
                    Assert.Equal("medium", rule.GetProperty("severity").GetString());
                    Assert.Equal(47, rule.GetProperty("risk_score").GetInt32());
                    Assert.Contains(
                        "azure.auditlogs.operation_name : (\"Add service principal credentials\"",
                        rule.GetProperty("query").GetString()
                    );
                    Assert.Contains("event.outcome : \"success\"", rule.GetProperty("query").GetString());
                    var threat = rule.GetProperty("threat")[0];
                    Assert.Equal("TA0003", threat.GetProperty("tactic").GetProperty("id").GetString());
                    Assert.Equal(
                        "T1098.001",
                        threat.GetProperty("technique")[0].GetProperty("subtechnique")[0].GetProperty("id").GetString()
                    );
                }
            );
            Assert.Equal(
                "azure.auditlogs.properties.initiated_by.user.id",
                lines[0].GetProperty("new_terms_fields")[0].GetString()
            );
            Assert.Equal(
                "azure.auditlogs.properties.initiated_by.app.servicePrincipalId",
                lines[1].GetProperty("new_terms_fields")[0].GetString()
            );
            Assert.Contains(
                "not azure.auditlogs.properties.initiated_by.user.id : *",
                lines[1].GetProperty("query").GetString()
            );
            Assert.NotEqual(lines[0].GetProperty("rule_id").GetString(), lines[1].GetProperty("rule_id").GetString());
        }

        [Fact]
        public void Elastic_sequence_is_EQL_with_the_rule_window()
        {
            var rule = JsonDocument
                .Parse(ExportFixtures.Export("EG0013", ExportFormat.ElasticRule).Content!.Trim())
                .RootElement;
            Assert.StartsWith(
                "sequence by azure.auditlogs.properties.target_resources.`0`.id with maxspan=1h\n  [any where ",
                rule.GetProperty("query").GetString()
            );
        }

        private static readonly string[] SigmaTopLevel =
        {
            "title",
            "id",
            "related",
            "name",
            "taxonomy",
            "status",
            "description",
            "license",
            "references",
            "author",
            "date",
            "modified",
            "tags",
            "logsource",
            "detection",
            "fields",
            "falsepositives",
            "level",
            "scope",
        };

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Sigma_rules_meet_the_rule_specification(string ruleId)
        {
            var export = ExportFixtures.Export(ruleId, ExportFormat.Sigma);
            var rule = ExportFixtures.AllRules.Single(r => r.Id == ruleId);
            if (!export.Exportable)
            {
                Assert.False(string.IsNullOrWhiteSpace(export.NotExportableReason));
                return;
            }
            Assert.Equal(EntraGuard.Detection.RuleKind.Match, rule.Kind);
            var sigma = Mapping(export.Content!);

            Assert.All(sigma.Children.Keys, k => Assert.Contains(((YamlScalarNode)k).Value, SigmaTopLevel));
            Assert.InRange(Text(sigma, "title").Length, 1, 256);
            Assert.Equal(ExportNames.StableGuid("sigma", ruleId), Guid.Parse(Text(sigma, "id")));
            Assert.Contains(
                Text(sigma, "status"),
                new[] { "stable", "test", "experimental", "deprecated", "unsupported" }
            );
            Assert.Contains(Text(sigma, "level"), new[] { "informational", "low", "medium", "high", "critical" });
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", Text(sigma, "date"));
            Assert.All(
                Strings(sigma, "tags"),
                t => Assert.Matches(@"^attack\.([a-z]+(-[a-z]+)*|t\d{4}(\.\d{3})?)$", t)
            );
            var logsource = (YamlMappingNode)sigma["logsource"];
            Assert.Equal("azure", Text(logsource, "product"));
            Assert.Equal("auditlogs", Text(logsource, "service"));
            var detection = (YamlMappingNode)sigma["detection"];
            var condition = Text(detection, "condition");
            var names = detection
                .Children.Keys.Select(k => ((YamlScalarNode)k).Value!)
                .Where(k => k != "condition")
                .ToList();
            Assert.All(
                Regex.Matches(condition, @"\b(selection\w*|filter\w*)\b").Select(m => m.Value),
                n => Assert.Contains(n, names)
            );
            Assert.All(names, n => Assert.Matches(@"\b" + n + @"\b", condition));
            foreach (var name in names)
            {
                foreach (
                    var field in ((YamlMappingNode)detection[name]).Children.Keys.Select(k =>
                        ((YamlScalarNode)k).Value!
                    )
                )
                {
                    Assert.Matches(@"^[A-Za-z][\w.]*(\|(contains|startswith|endswith|re|i|cidr|exists|all))*$", field);
                }
            }
            Assert.NotEmpty(Strings(sigma, "falsepositives"));
        }

        [Fact]
        public void Sigma_lists_what_it_cannot_express_with_reasons()
        {
            var exports = RuleExporter.Export(ExportFixtures.Catalog, ExportFormat.Sigma, ExportFixtures.Options());
            var skipped = exports.Where(e => !e.Exportable).ToDictionary(e => e.RuleId, e => e.NotExportableReason!);

            // Stateful kinds, derived facts, and conditions on targets or their modified properties.
            var expected = new[]
            {
                "EG0001",
                "EG0006",
                "EG0011",
                "EG0012",
                "EG0013",
                "EG0014",
                "EG0015",
                "EG0016",
                "EG0022",
                "EG0023",
                "EG0024",
                "EG0026",
                "EG0029",
                "EG0030",
                "EG0031",
                "EG0032",
                "EG0033",
                "EG0037",
                "EG0038",
                "EG0039",
                "EG0041",
                "EG0042",
                "EG0048",
                "EG0049",
                "EG0054",
                "EG0055",
                "EG0057",
                "EG0062",
                "EG0063",
                "EG0064",
                "EG0065",
                "EG0066",
                "EG0067",
                "EG0068",
                "EG0069",
                "EG0070",
                "EG0071",
                "EG0072",
                "EG0073",
                "EG0074",
                "EG0075",
                "EG0076",
            };
            Assert.Equal(expected, skipped.Keys.OrderBy(k => k));
            Assert.Contains("sameAs", skipped["EG0073"]);
            Assert.Contains("history window", skipped["EG0001"]);
            Assert.Contains("would alert on every event", skipped["EG0011"]);
            Assert.Contains("credential.keysAdded", skipped["EG0006"]);
            var report = ExportFormats.NotExportableReport(exports)!;
            Assert.All(skipped.Keys, id => Assert.Contains("**" + id + "**", report));
        }

        // ---- helpers ----

        internal static YamlMappingNode Mapping(string yaml)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            return (YamlMappingNode)stream.Documents.Single().RootNode;
        }

        private static string Text(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

        private static IReadOnlyList<string> Strings(YamlMappingNode node, string key) =>
            ((YamlSequenceNode)node[key]).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();

        private static TimeSpan Span(string text)
        {
            var match = Duration.Match(text);
            Assert.True(match.Success, $"'{text}' is not <number><m|h|d>");
            var amount = int.Parse(match.Groups[1].Value);
            return match.Groups[2].Value switch
            {
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }

        private static IReadOnlyList<string> ProjectedColumns(string query)
        {
            var projection = query.Substring(
                query.LastIndexOf("| project ", StringComparison.Ordinal) + "| project ".Length
            );
            return projection.Split(',').Select(c => c.Trim().Split(' ')[0]).ToList();
        }
    }
}

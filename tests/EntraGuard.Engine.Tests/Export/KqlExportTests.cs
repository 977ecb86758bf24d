using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Export;
using YamlDotNet.RepresentationModel;

namespace EntraGuard.Tests.Export
{
    public sealed class KqlExportTests
    {
        [Fact]
        public void Every_exported_query_passes_the_Kusto_language_service_against_the_AuditLogs_schema()
        {
            var queries = new List<(string Name, string Query)>();
            foreach (var rule in ExportFixtures.AllRules)
            {
                var kql = ExportFixtures.Export(rule, ExportFormat.Kql);
                if (kql.Exportable)
                    queries.Add(($"{rule.Id}.kql", kql.Content!));
                var sentinel = ExportFixtures.Export(rule, ExportFormat.SentinelAnalyticsRule);
                if (sentinel.Exportable)
                    queries.Add(($"{rule.Id}.sentinel", SentinelQuery(sentinel.Content!)));
            }
            // The checker itself must be able to fail: an unknown column and a syntax error.
            queries.Add(("unknown-column", "AuditLogs | where NoSuchColumn == 1"));
            queries.Add(("syntax-error", "AuditLogs | wher Result == 1"));

            var results = KqlLanguageService.Check(queries);

            Assert.Contains(
                results["unknown-column"],
                d => d.Severity == "Error" && d.Message.Contains("NoSuchColumn")
            );
            Assert.Contains(results["syntax-error"], d => d.Severity == "Error");
            var problems = results
                .Where(r => r.Key is not ("unknown-column" or "syntax-error"))
                .SelectMany(r =>
                    r.Value.Where(d => d.Severity == "Error")
                        .Select(d => $"{r.Key} line {d.Line}: {d.Code} {d.Message} [{d.Text}]")
                )
                .ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            // Every catalog rule reached the checker in both formats, and every user rule but the .NET-only regex as
            // KQL.
            foreach (var rule in ExportFixtures.Catalog)
            {
                Assert.Contains(rule.Id + ".kql", results.Keys);
                Assert.Contains(rule.Id + ".sentinel", results.Keys);
            }
            Assert.Equal(
                4,
                results.Keys.Count(k =>
                    k.StartsWith("USER-", StringComparison.Ordinal) && k.EndsWith(".kql", StringComparison.Ordinal)
                )
            );
        }

        [Fact]
        public void EG0001_keeps_the_engine_key_history_window_and_run_window()
        {
            var kql = ExportFixtures.Export("EG0001", ExportFormat.Kql).Content!;

            Assert.Contains("let runWindow = 9m;", kql);
            Assert.Contains("let historyWindow = 10d;", kql);
            Assert.Contains("| where Activity in~ (\"Add service principal credentials\")", kql);
            Assert.Contains("| where Result =~ \"success\"", kql);
            // The actor key: user id (or UPN), else the app's service principal id (or app id); the target service
            // principal.
            Assert.Contains(
                "ActorId = coalesce(ActorUserId, ActorUserPrincipalName, ActorServicePrincipalId, ActorAppId)",
                kql
            );
            Assert.Contains("ActorUserId = tostring(InitiatedBy.user.id)", kql);
            Assert.Contains("ActorServicePrincipalId = tostring(InitiatedBy.app.servicePrincipalId)", kql);
            Assert.Contains(
                "TargetServicePrincipalIds = make_list_if(tostring(Target.id), TargetType =~ \"ServicePrincipal\" "
                    + "and isnotempty(tostring(Target.id)), 1)",
                kql
            );
            Assert.Contains("| extend Key1 = tolower(ActorId), Key2 = tolower(TargetServicePrincipalId)", kql);
            Assert.Contains("| where isnotempty(Key1) and isnotempty(Key2)", kql);
            // History: the same query over runWindow + historyWindow, earlier occurrences within historyWindow of each
            // event.
            Assert.Contains("let candidates = ruleEvents(ago(runWindow), now());", kql);
            Assert.Contains("join kind=inner (ruleEvents(ago(runWindow + historyWindow), now())", kql);
            Assert.Contains("| where EarlierTime >= TimeGenerated - historyWindow", kql);
            Assert.Contains(
                "(EarlierTime < TimeGenerated or (EarlierTime == TimeGenerated and strcmp(EarlierId, Id) < 0))",
                kql
            );
            Assert.Contains("| join kind=leftanti (seenBefore) on Id", kql);
            Assert.Contains("HistoryComplete = dataStart <= TimeGenerated - historyWindow", kql);
            Assert.Contains("KeyId", kql.Substring(kql.LastIndexOf("| project", StringComparison.Ordinal)));
        }

        [Fact]
        public void History_window_follows_the_settings_unless_the_rule_fixes_it()
        {
            var kql = ExportFixtures
                .Export("EG0001", ExportFormat.Kql, new EntraGuardSettings { HistoryDays = 4 })
                .Content!;
            Assert.Contains("let historyWindow = 4d;", kql);

            var fixedRule = EntraGuard
                .Detection.RuleCatalog.Parse(
                    ExportFixtures.UserRulesYaml.Replace(
                        "fields: [initiatedBy.key, 'targetResources[ServicePrincipal].id']",
                        "fields: [initiatedBy.key, 'targetResources[ServicePrincipal].id']\n    historyDays: 20"
                    ),
                    "u.yaml"
                )
                .Single(r => r.Id == "USER-RARE");
            Assert.Contains("let historyWindow = 20d;", ExportFixtures.Export(fixedRule, ExportFormat.Kql).Content);
            var sentinel = ExportFixtures.Export(fixedRule, ExportFormat.SentinelAnalyticsRule);
            Assert.False(sentinel.Exportable);
            Assert.Contains("at most 14 days", sentinel.NotExportableReason);
        }

        [Fact]
        public void A_user_rule_file_exports_the_same_way_as_the_catalog()
        {
            static string Body(RuleExport export) =>
                export
                    .Content!.Substring(export.Content!.IndexOf("let runWindow", StringComparison.Ordinal))
                    .Replace(export.RuleId, "ID")
                    .Replace(export.RuleName, "NAME");

            foreach (var format in new[] { ExportFormat.Kql, ExportFormat.SentinelAnalyticsRule })
            {
                var catalog = ExportFixtures.Export("EG0001", format);
                var user = ExportFixtures.Export("USER-RARE", format);
                Assert.Equal(Body(catalog), Body(user));
            }
            var elastic = ExportFixtures.Export("USER-RARE", ExportFormat.ElasticRule).Content!;
            Assert.Contains(
                "\"new_terms_fields\":[\"azure.auditlogs.properties.initiated_by.user.id\","
                    + "\"azure.auditlogs.properties.target_resources.0.id\"]",
                elastic
            );
        }

        [Fact]
        public void Activity_names_match_every_dash_and_space_variant_the_engine_accepts()
        {
            var kql = ExportFixtures.Export("EG0006", ExportFormat.Kql).Content!;

            Assert.Contains("| extend Activity = normalizeActivity(OperationName)", kql);
            Assert.Contains("replace_regex(name, @\"[\\x{2010}-\\x{2015}\\x{2212}]\", \"-\")", kql);
            Assert.Contains("trim(@\"[\\s\\p{Z}]+\"", kql);
            Assert.Contains("in~ (\"Update application - Certificates and secrets management\")", kql);
            Assert.Contains("| where not((isnotempty(KeysAdded) and KeysAdded in~ (\"0\")))", kql);
        }

        [Fact]
        public void Threshold_is_a_sliding_count_and_sequence_a_time_bounded_self_join()
        {
            var threshold = ExportFixtures.Export("EG0011", ExportFormat.Kql);
            Assert.Contains("let window = 10m;", threshold.Content);
            Assert.Contains("let threshold = 5;", threshold.Content);
            Assert.Contains("| extend Key1 = tolower(ActorId), Key2 = tolower(GroupId)", threshold.Content);
            Assert.Contains("| where BurstTime between (TimeGenerated .. (TimeGenerated + window))", threshold.Content);
            Assert.Contains("| where EventCount >= threshold and LastEventTime >= ago(runWindow);", threshold.Content);
            Assert.Contains(threshold.Caveats, c => c.Contains("consecutive bursts"));

            var sequence = ExportFixtures.Export("EG0013", ExportFormat.Kql).Content!;
            Assert.Contains("let window = 1h;", sequence);
            Assert.Contains(
                "Step1 = Activity in~ (\"User deleted security info\", \"Admin deleted security info\")",
                sequence
            );
            Assert.Contains("| summarize arg_max(PriorTime, *) by Id", sequence);
            Assert.Contains("| where TimeGenerated - FirstTime <= window", sequence);
            Assert.Contains("| summarize arg_min(TimeGenerated, *) by PriorId", sequence);

            // Three steps chain through an intermediate set; a moving key reads each step's own key columns.
            var chained = ExportFixtures.Export("EG0076", ExportFormat.Kql).Content!;
            Assert.Contains("let chains2 = events", chained);
            Assert.Contains("| extend Key1 = Step3Key1", chained);
            Assert.Contains("Step1 = Step1 and isnotempty(Step1Key1)", chained);
            var distinct = ExportFixtures.Export("EG0063", ExportFormat.Kql).Content!;
            Assert.Contains("EventCount = count_distinct(BurstValue)", distinct);
            var same = ExportFixtures.Export("EG0073", ExportFormat.Kql).Content!;
            Assert.Contains("=~ ActorUserId)", same);
        }

        [Fact]
        public void Escalations_set_the_severity_column_and_privileged_groups_come_from_the_settings()
        {
            var settings = new EntraGuardSettings
            {
                PrivilegedGroups = { "Tier0-Admins", "5c1c8e0f-0000-4000-8000-000000000001" },
            };
            var export = ExportFixtures.Export("EG0004", ExportFormat.Kql, settings);

            Assert.Contains(
                "GroupId in~ (dynamic([\"Tier0-Admins\", \"5c1c8e0f-0000-4000-8000-000000000001\"]))",
                export.Content
            );
            Assert.Contains(
                "Severity = case(((isnotempty(GroupPrivileged) and GroupPrivileged in~ (\"true\"))), \"High\", "
                    + "\"Low\")",
                export.Content
            );
            Assert.Contains(
                "RiskScore = case(((isnotempty(GroupPrivileged) and GroupPrivileged in~ (\"true\"))), 73, 21)",
                export.Content
            );
            Assert.Contains(export.Caveats, c => c.Contains("Tier0-Admins"));
        }

        [Fact]
        public void Cidr_regex_and_negation_keep_the_engine_meaning()
        {
            var kql = ExportFixtures.Export("USER-FIELDS", ExportFormat.Kql).Content!;

            Assert.Contains(
                "not((isnotempty(IpAddress) and (ipv4_is_in_range(replace_regex(IpAddress, @\"^::ffff:\", \"\"), "
                    + "\"10.0.0.0/8\") == true",
                kql
            );
            Assert.Contains("ipv6_is_match(IpAddress, \"2001:db8::/32\") == true", kql);
            Assert.Contains("\"192.0.2.7/32\"", kql);
            Assert.Contains("UserAgent matches regex @\"(?i)^python-requests/\\d\"", kql);
            Assert.Contains("Hits", kql);
            Assert.Contains("== 0", kql); // a negated target condition: no target matches

            var lookahead = ExportFixtures.Export("USER-LOOKAHEAD", ExportFormat.Kql);
            Assert.False(lookahead.Exportable);
            Assert.Contains("RE2", lookahead.NotExportableReason);
        }

        private static string SentinelQuery(string yaml)
        {
            var stream = new YamlStream();
            stream.Load(new System.IO.StringReader(yaml));
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            return ((YamlScalarNode)root.Children[new YamlScalarNode("query")]).Value!;
        }
    }
}

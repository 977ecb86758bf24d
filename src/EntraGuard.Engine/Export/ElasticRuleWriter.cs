using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EntraGuard.Detection;

namespace EntraGuard.Export
{
    /// <summary>
    /// Elastic Security detection rules for the Azure integration's audit logs (<c>logs-azure.auditlogs-*</c>, and
    /// <c>filebeat-*</c> for the Filebeat module), one rule object a line as the rule import accepts: match → query,
    /// newTerms → new_terms, threshold → threshold, sequence → EQL <c>sequence by … with maxspan</c>.
    /// </summary>
    internal static class ElasticRuleWriter
    {
        private const string Dataset = "azure.auditlogs";
        private const string Properties = "azure.auditlogs.properties.";
        private const string Targets = Properties + "target_resources.";
        private const string UserId = Properties + "initiated_by.user.id";
        private const string UserPrincipalName = Properties + "initiated_by.user.userPrincipalName";
        private const string AppServicePrincipalId = Properties + "initiated_by.app.servicePrincipalId";

        // The integration flattens targetResources into numbered objects (target_resources.0, .1, …).
        private const int TargetPositions = 4;

        private static readonly string[] Indices = { "filebeat-*", "logs-azure.auditlogs-*" };

        private static readonly Dictionary<string, string> EventFields = new(StringComparer.Ordinal)
        {
            ["id"] = Properties + "id",
            ["activitydisplayname"] = Properties + "activity_display_name",
            ["category"] = Properties + "category",
            ["loggedbyservice"] = Properties + "logged_by_service",
            ["operationtype"] = Properties + "operation_type",
            ["result"] = "event.outcome",
            ["resultreason"] = Properties + "result_reason",
            ["correlationid"] = Properties + "correlation_id",
            ["tenantid"] = "azure.tenant_id",
            ["initiatedby.user.id"] = UserId,
            ["initiatedby.user.userprincipalname"] = UserPrincipalName,
            ["initiatedby.user.displayname"] = Properties + "initiated_by.user.displayName",
            ["initiatedby.ipaddress"] = Properties + "initiated_by.user.ipAddress",
            ["initiatedby.user.ipaddress"] = Properties + "initiated_by.user.ipAddress",
            ["initiatedby.app.appid"] = Properties + "initiated_by.app.appId",
            ["initiatedby.app.displayname"] = Properties + "initiated_by.app.displayName",
            ["initiatedby.app.serviceprincipalid"] = AppServicePrincipalId,
            ["initiatedby.app.serviceprincipalname"] = Properties + "initiated_by.app.servicePrincipalName",
        };

        private static readonly Dictionary<string, string> TargetFields = new(StringComparer.OrdinalIgnoreCase)
        {
            ["id"] = "id",
            ["displayName"] = "display_name",
            ["type"] = "type",
            ["userPrincipalName"] = "user_principal_name",
        };

        /// <summary>Which actors one Elastic rule covers: Elastic cannot coalesce two fields into one term.</summary>
        private sealed class ActorVariant
        {
            public ActorVariant(string suffix, string? field, params string[] absent)
            {
                Suffix = suffix;
                Field = field;
                Absent = absent;
            }

            public string Suffix { get; }

            /// <summary>The field holding the actor key for these actors.</summary>
            public string? Field { get; }

            /// <summary>Fields that must be missing (a user actor wins over an app actor, as in the engine).</summary>
            public IReadOnlyList<string> Absent { get; }
        }

        public static string Write(Rule rule, EntraGuardSettings settings, List<string> caveats)
        {
            var logic = rule.Logic;
            var usesActorKey = logic.KeyFields.Any(f => FieldPath.Parse(f.Path).EventName == "initiatedby.key");
            var variants = usesActorKey
                ? new[]
                {
                    new ActorVariant("user", UserId),
                    new ActorVariant("app", AppServicePrincipalId, UserId, UserPrincipalName),
                }
                : new[] { new ActorVariant("", null) };
            if (usesActorKey)
            {
                caveats.Add(
                    "Elastic terms cannot fall back from one field to another, so the rule is split in two: actors "
                        + "with a user object id, and app actors with a service principal id; records that name "
                        + "the actor only by UPN or app id are not covered"
                );
            }
            if (logic.Escalations.Count > 0)
            {
                caveats.Add(
                    "the severity escalation ("
                        + string.Join("; ", logic.Escalations.Select(e => e.Severity.ToName()))
                        + ") depends on conditions Elastic's severity mapping cannot test; alerts carry the base "
                        + "severity"
                );
            }

            var lines = new StringBuilder();
            foreach (var variant in variants)
            {
                var dialect = logic.Kind == RuleKind.Sequence ? Dialect.Eql : Dialect.Kuery;
                var translator = new ElasticConditions(dialect, variant, caveats);
                var fields = logic.KeyFields.Select(f => translator.KeyField(FieldPath.Parse(f.Path))).ToList();
                var distinct = logic.DistinctField is { } counted
                    ? translator.KeyField(FieldPath.Parse(counted.Path)).Field
                    : null;
                string query;
                if (logic.Kind == RuleKind.Sequence && logic.KeyMoves)
                {
                    // EQL joins each step on its own fields: the key moves as it does in the engine.
                    var steps = logic.Filters.Select(
                        (f, i) =>
                        {
                            var own = logic
                                .StepKeyFields[i]
                                .Select(k => translator.KeyField(FieldPath.Parse(k.Path)))
                                .ToList();
                            return "  [any where "
                                + translator.Filter(f, own.Select(k => k.Guard))
                                + "] by "
                                + string.Join(", ", own.Select(k => k.Field));
                        }
                    );
                    query =
                        $"sequence with maxspan={ExportNames.ShortDuration(logic.Window!.Value)}\n"
                        + string.Join("\n", steps);
                }
                else if (logic.Kind == RuleKind.Sequence)
                {
                    var by = string.Join(", ", fields.Select(f => f.Field));
                    var steps = logic.Filters.Select(f =>
                        "  [any where " + translator.Filter(f, fields.Select(k => k.Guard)) + "]"
                    );
                    query =
                        $"sequence by {by} with maxspan={ExportNames.ShortDuration(logic.Window!.Value)}\n"
                        + string.Join("\n", steps);
                }
                else
                {
                    query = translator.Filter(logic.Filters[0], fields.Select(k => k.Guard));
                }
                lines
                    .Append(
                        RuleJson(
                            rule,
                            settings,
                            variant,
                            query,
                            fields.Select(f => f.Field).ToList(),
                            distinct,
                            caveats
                        )
                    )
                    .Append('\n');
            }
            return lines.ToString();
        }

        private static string RuleJson(
            Rule rule,
            EntraGuardSettings settings,
            ActorVariant variant,
            string query,
            IReadOnlyList<string> keyFields,
            string? distinctField,
            IReadOnlyList<string> caveats
        )
        {
            var logic = rule.Logic;
            var suffix = variant.Suffix.Length == 0 ? "" : $" ({variant.Suffix} actors)";
            using var stream = new MemoryStream();
            using (
                var json = new Utf8JsonWriter(
                    stream,
                    new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }
                )
            )
            {
                json.WriteStartObject();
                json.WriteString(
                    "rule_id",
                    ExportNames
                        .StableGuid("elastic", rule.Id + (variant.Suffix.Length == 0 ? "" : "/" + variant.Suffix))
                        .ToString()
                );
                json.WriteString("name", $"EntraGuard {rule.Id} - {rule.Name}{suffix}");
                json.WriteString("description", rule.Description.Trim());
                json.WriteString(
                    "type",
                    logic.Kind switch
                    {
                        RuleKind.NewTerms => "new_terms",
                        RuleKind.Threshold => "threshold",
                        RuleKind.Sequence => "eql",
                        _ => "query",
                    }
                );
                json.WriteString("language", logic.Kind == RuleKind.Sequence ? "eql" : "kuery");
                json.WriteString("query", query);
                json.WriteStartArray("index");
                foreach (var index in Indices)
                    json.WriteStringValue(index);
                json.WriteEndArray();
                var lookback = logic.Kind switch
                {
                    RuleKind.Threshold => logic.Window!.Value,
                    RuleKind.Sequence => logic.Window!.Value + RuleExporter.KqlRunWindow,
                    _ => RuleExporter.KqlRunWindow,
                };
                json.WriteString("from", "now-" + ExportNames.ShortDuration(lookback));
                json.WriteString("to", "now");
                json.WriteString("interval", "5m");
                json.WriteNumber("max_signals", 100);
                if (logic.Kind == RuleKind.NewTerms)
                {
                    json.WriteStartArray("new_terms_fields");
                    foreach (var field in keyFields)
                        json.WriteStringValue(field);
                    json.WriteEndArray();
                    json.WriteString(
                        "history_window_start",
                        "now-"
                            + KqlQueryBuilder.HistoryDays(rule, settings).ToString(CultureInfo.InvariantCulture)
                            + "d"
                    );
                }
                if (logic.Kind == RuleKind.Threshold)
                {
                    json.WriteStartObject("threshold");
                    json.WriteStartArray("field");
                    foreach (var field in keyFields)
                        json.WriteStringValue(field);
                    json.WriteEndArray();
                    json.WriteNumber("value", logic.Count);
                    if (distinctField != null)
                    {
                        // Elastic's cardinality: the group alerts when the field holds this many distinct values.
                        json.WriteStartArray("cardinality");
                        json.WriteStartObject();
                        json.WriteString("field", distinctField);
                        json.WriteNumber("value", logic.Count);
                        json.WriteEndObject();
                        json.WriteEndArray();
                    }
                    json.WriteEndObject();
                }
                json.WriteString("severity", rule.Severity == Severity.Informational ? "low" : rule.Severity.ToName());
                json.WriteNumber("risk_score", rule.RiskScore);
                json.WriteBoolean("enabled", false);
                json.WriteStartArray("author");
                json.WriteStringValue("EntraGuard");
                json.WriteEndArray();
                json.WriteStartArray("tags");
                foreach (var tag in Tags(rule))
                    json.WriteStringValue(tag);
                json.WriteEndArray();
                json.WriteStartArray("false_positives");
                foreach (var item in rule.FalsePositives)
                    json.WriteStringValue(item);
                json.WriteEndArray();
                json.WriteStartArray("references");
                foreach (var technique in rule.Techniques)
                    json.WriteStringValue(ExportNames.TechniqueUrl(technique));
                json.WriteEndArray();
                json.WriteString("note", Note(rule, caveats));
                WriteThreat(json, rule);
                json.WriteNumber("version", 1);
                json.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        private static IEnumerable<string> Tags(Rule rule)
        {
            yield return "Domain: Cloud";
            yield return "Data Source: Azure";
            yield return "Data Source: Microsoft Entra ID";
            yield return "Data Source: Microsoft Entra ID Audit Logs";
            yield return "Use Case: Identity and Access Audit";
            foreach (var tactic in rule.Tactics)
            {
                if (ExportNames.TryTacticName(tactic, out var name))
                    yield return "Tactic: " + name;
            }
            yield return "Resources: Investigation Guide";
            yield return "EntraGuard: " + rule.Id;
        }

        /// <summary>The investigation guide in the Markdown layout of Elastic's prebuilt rules.</summary>
        private static string Note(Rule rule, IReadOnlyList<string> caveats)
        {
            var text = new StringBuilder("## Triage and analysis\n\n### Investigating ")
                .Append(rule.Name)
                .Append("\n\n")
                .Append(rule.Description.Trim())
                .Append("\n\n#### Possible investigation steps\n\n");
            foreach (var step in rule.InvestigationSteps)
                text.Append("- ").Append(step).Append('\n');
            text.Append("\n### False positive analysis\n\n");
            foreach (var item in rule.FalsePositives)
                text.Append("- ").Append(item).Append('\n');
            text.Append("\n### Response and remediation\n\n- Answer a confirmed finding with `")
                .Append(rule.SuggestedResponse)
                .Append("` from the EntraGuard PowerShell module.\n");
            if (caveats.Count > 0)
            {
                text.Append("\n### Differences from the EntraGuard engine\n\n");
                foreach (var caveat in caveats)
                    text.Append("- ").Append(caveat).Append('\n');
            }
            return text.ToString();
        }

        /// <summary>MITRE mapping: techniques (with their sub-techniques) under the first tactic, other tactics
        /// alone.</summary>
        private static void WriteThreat(Utf8JsonWriter json, Rule rule)
        {
            json.WriteStartArray("threat");
            for (var i = 0; i < rule.Tactics.Count; i++)
            {
                var tactic = rule.Tactics[i];
                json.WriteStartObject();
                json.WriteString("framework", "MITRE ATT&CK");
                json.WriteStartObject("tactic");
                json.WriteString("id", tactic);
                json.WriteString("name", ExportNames.TryTacticName(tactic, out var name) ? name : tactic);
                json.WriteString("reference", ExportNames.TacticUrl(tactic));
                json.WriteEndObject();
                if (i == 0 && rule.Techniques.Count > 0)
                {
                    json.WriteStartArray("technique");
                    foreach (
                        var group in rule.Techniques.GroupBy(t => t.Split('.')[0], StringComparer.OrdinalIgnoreCase)
                    )
                    {
                        json.WriteStartObject();
                        json.WriteString("id", group.Key);
                        json.WriteString("name", ExportNames.TechniqueName(group.Key));
                        json.WriteString("reference", ExportNames.TechniqueUrl(group.Key));
                        var subtechniques = group.Where(t => t.Contains(".")).ToList();
                        if (subtechniques.Count > 0)
                        {
                            json.WriteStartArray("subtechnique");
                            foreach (var sub in subtechniques)
                            {
                                json.WriteStartObject();
                                json.WriteString("id", sub);
                                json.WriteString("name", ExportNames.TechniqueName(sub));
                                json.WriteString("reference", ExportNames.TechniqueUrl(sub));
                                json.WriteEndObject();
                            }
                            json.WriteEndArray();
                        }
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }

        private enum Dialect
        {
            Kuery,
            Eql,
        }

        /// <summary>Rule conditions as Kibana KQL (query, new_terms, threshold) or EQL (sequence) over the
        /// integration's fields.</summary>
        private sealed class ElasticConditions
        {
            private readonly Dialect _dialect;
            private readonly ActorVariant _variant;
            private readonly List<string> _caveats;

            public ElasticConditions(Dialect dialect, ActorVariant variant, List<string> caveats)
            {
                _dialect = dialect;
                _variant = variant;
                _caveats = caveats;
            }

            private const string And = " and ";

            // A numbered target's field. EQL identifiers cannot start with a digit, so there the position is quoted
            // in backticks (target_resources.`0`.id), as Elastic's own rules write it; Kibana KQL takes it bare.
            private string TargetField(int position, string property)
            {
                var index = position.ToString(CultureInfo.InvariantCulture);
                return Targets + (_dialect == Dialect.Eql ? "`" + index + "`" : index) + "." + property;
            }

            /// <summary>A key field as a stored field, plus the condition that makes it mean the engine's
            /// key.</summary>
            public (string Field, string? Guard) KeyField(FieldPath path)
            {
                if (path.EventName == "initiatedby.key")
                {
                    return (
                        _variant.Field!,
                        string.Join(And, _variant.Absent.Select(Missing).Concat(new[] { Exists(_variant.Field!) }))
                    );
                }
                if (
                    path.IsTarget
                    && path.ModifiedProperty is null
                    && TargetFields.TryGetValue(path.TargetProperty!, out var property)
                )
                {
                    var field = TargetField(0, property);
                    if (path.TargetType is null)
                        return (field, null);
                    Caveat(
                        $"the {path.TargetType} target is taken to be the first target (target_resources.0), where "
                            + $"Entra records it for this rule's activities"
                    );
                    return (field, Equal(TargetField(0, "type"), new[] { path.TargetType }));
                }
                if (path.EventName != null && EventFields.TryGetValue(path.EventName, out var eventField))
                    return (eventField, null);
                throw new NotExportableException(
                    $"'{path}' is derived by EntraGuard and is no stored field Elastic can group or compare terms on"
                );
            }

            public string Filter(EventFilter filter, IEnumerable<string?> guards)
            {
                var parts = new List<string>
                {
                    _dialect == Dialect.Eql ? $"event.dataset == \"{Dataset}\"" : $"event.dataset : \"{Dataset}\"",
                };
                if (filter.Activities.Count > 0)
                {
                    parts.Add(
                        Equal(
                            "azure.auditlogs.operation_name",
                            filter
                                .Activities.SelectMany(ExportNames.ActivitySpellings)
                                .Distinct(StringComparer.Ordinal)
                                .ToList()
                        )
                    );
                    if (_dialect == Dialect.Kuery)
                    {
                        Caveat(
                            "Kibana KQL compares keyword values with their letter case, so activity names and "
                                + "values must be spelled as Entra writes them (both dash forms and a trailing "
                                + "space are listed)"
                        );
                    }
                }
                if (filter.Result != ResultFilter.Any)
                    parts.Add(
                        Equal("event.outcome", new[] { filter.Result == ResultFilter.Success ? "success" : "failure" })
                    );
                parts.AddRange(filter.Where.Select(Condition));
                if (filter.AnyOf.Count > 0)
                    parts.Add("(" + string.Join(" or ", filter.AnyOf.Select(Condition)) + ")");
                parts.AddRange(guards.Where(g => g != null)!);
                return string.Join(And, parts);
            }

            private string Condition(FieldPredicate predicate)
            {
                var path = FieldPath.Parse(predicate.Field.Path);
                string test;
                if (path.IsTarget)
                {
                    if (
                        path.ModifiedProperty != null
                        || !TargetFields.TryGetValue(path.TargetProperty!, out var property)
                    )
                    {
                        throw new NotExportableException(
                            $"'{path}' needs the pairing of a modified property's name with its value, which "
                                + $"Elastic's flattened fields lose"
                        );
                    }
                    Caveat(
                        $"conditions on targets look at the first {TargetPositions} targets (target_resources.0 to "
                            + $".{TargetPositions - 1})"
                    );
                    var positions = Enumerable
                        .Range(0, TargetPositions)
                        .Select(i =>
                        {
                            var field = TargetField(i, property);
                            var value = Test(predicate, field);
                            return path.TargetType is null
                                ? value
                                : "(" + Equal(TargetField(i, "type"), new[] { path.TargetType }) + And + value + ")";
                        });
                    test = "(" + string.Join(" or ", positions) + ")";
                }
                else if (path.EventName != null && EventFields.TryGetValue(path.EventName, out var field))
                {
                    test = Test(predicate, field);
                }
                else
                {
                    throw new NotExportableException(
                        $"'{path}' is derived by EntraGuard and has no stored field in Elastic's Azure audit logs"
                    );
                }
                return predicate.Negate ? $"not ({test})" : test;
            }

            private string Test(FieldPredicate predicate, string field)
            {
                var values = predicate.Operands;
                switch (predicate.Operator)
                {
                    case "equals":
                    case "in":
                        return Equal(field, values);
                    case "exists":
                        return Exists(field);
                    case "contains":
                        return Wildcard(field, values.Select(v => "*" + v + "*"), values);
                    case "startswith":
                        return Wildcard(field, values.Select(v => v + "*"), values);
                    case "regex":
                        throw new NotExportableException(
                            "Kibana KQL and EQL have no case-insensitive regular expression match for this rule's "
                                + "regex condition"
                        );
                    case FieldPredicate.SameAs:
                        throw new NotExportableException(
                            "Elastic's alerting queries compare a field with constants, not with another field of "
                                + "the same event (the sameAs condition)"
                        );
                    default:
                        throw new NotExportableException(
                            "the integration stores IP addresses as keywords, so a CIDR condition cannot be evaluated"
                        );
                }
            }

            private string Equal(string field, IReadOnlyList<string> values) =>
                _dialect == Dialect.Eql ? $"{field} : ({string.Join(", ", values.Select(Quoted))})"
                : values.Count == 1 ? $"{field} : {Quoted(values[0])}"
                : $"{field} : ({string.Join(" or ", values.Select(Quoted))})";

            private string Exists(string field) => _dialect == Dialect.Eql ? $"{field} != null" : $"{field} : *";

            private string Missing(string field) => _dialect == Dialect.Eql ? $"{field} == null" : $"not {field} : *";

            private string Wildcard(string field, IEnumerable<string> patterns, IEnumerable<string> raw)
            {
                if (raw.Any(v => v.IndexOf('*') >= 0 || v.IndexOf('?') >= 0))
                {
                    throw new NotExportableException(
                        "a contains/startswith value holds '*' or '?', which Elastic reads as a wildcard"
                    );
                }
                if (_dialect == Dialect.Eql)
                    return $"{field} : ({string.Join(", ", patterns.Select(Quoted))})";
                Caveat("Kibana KQL wildcard matches on keyword fields respect letter case");
                return "(" + string.Join(" or ", patterns.Select(p => $"{field} : {KueryWildcard(p)}")) + ")";
            }

            private void Caveat(string caveat)
            {
                if (!_caveats.Contains(caveat))
                    _caveats.Add(caveat);
            }

            // Kibana KQL and EQL quote strings alike: double quotes, backslash escapes.
            private static string Quoted(string value) =>
                "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

            private static string KueryWildcard(string pattern)
            {
                var builder = new StringBuilder();
                foreach (var c in pattern)
                {
                    if (c != '*' && (char.IsWhiteSpace(c) || "\\():<>\"{}".IndexOf(c) >= 0))
                        builder.Append('\\');
                    builder.Append(c);
                }
                return builder.ToString();
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EntraGuard.Detection;

namespace EntraGuard.Export
{
    /// <summary>
    /// A Sigma rule (logsource azure / auditlogs) for <c>match</c> rules whose conditions are plain comparisons on
    /// stored fields, named as the Log Analytics <c>AuditLogs</c> columns (the names pySigma's Kusto backend and
    /// most azure/auditlogs Sigma rules use). Sigma matches values ignoring case, as the engine does.
    /// Stateful kinds and derived fields have no Sigma form and are reported as not exportable.
    /// </summary>
    internal static class SigmaRuleWriter
    {
        private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
        {
            ["id"] = "Id",
            ["activitydisplayname"] = "ActivityDisplayName",
            ["category"] = "Category",
            ["loggedbyservice"] = "LoggedByService",
            ["operationtype"] = "AADOperationType",
            ["result"] = "Result",
            ["resultreason"] = "ResultReason",
            ["correlationid"] = "CorrelationId",
            ["tenantid"] = "AADTenantId",
            ["initiatedby.user.id"] = "InitiatedBy.user.id",
            ["initiatedby.user.userprincipalname"] = "InitiatedBy.user.userPrincipalName",
            ["initiatedby.user.displayname"] = "InitiatedBy.user.displayName",
            ["initiatedby.ipaddress"] = "InitiatedBy.user.ipAddress",
            ["initiatedby.user.ipaddress"] = "InitiatedBy.user.ipAddress",
            ["initiatedby.app.appid"] = "InitiatedBy.app.appId",
            ["initiatedby.app.displayname"] = "InitiatedBy.app.displayName",
            ["initiatedby.app.serviceprincipalid"] = "InitiatedBy.app.servicePrincipalId",
            ["initiatedby.app.serviceprincipalname"] = "InitiatedBy.app.servicePrincipalName",
        };

        public static string Write(Rule rule, DateTime date, List<string> caveats)
        {
            if (rule.Kind != RuleKind.Match)
            {
                throw new NotExportableException(
                    rule.Kind switch
                    {
                        RuleKind.NewTerms =>
                            "a newTerms rule compares each event with the history window; a Sigma rule judges one "
                                + "event at a time",
                        RuleKind.Threshold =>
                            "a threshold rule counts events per key in a time window; its plain filter alone would "
                                + "alert on every event",
                        _ => "a sequence rule orders events across steps; the Sigma export writes detection rules, "
                            + "which judge one event at a time",
                    }
                );
            }
            var filter = rule.Logic.Filters[0];
            var selections =
                new List<(string Name, List<(string Field, string Modifier, IReadOnlyList<string> Values)> Items)>();
            var main = new List<(string Field, string Modifier, IReadOnlyList<string> Values)>();
            if (filter.Activities.Count > 0)
                main.Add(
                    (
                        "OperationName",
                        "",
                        filter
                            .Activities.SelectMany(ExportNames.ActivitySpellings)
                            .Distinct(StringComparer.Ordinal)
                            .ToList()
                    )
                );
            if (filter.Result != ResultFilter.Any)
                main.Add(("Result", "", new[] { filter.Result == ResultFilter.Success ? "success" : "failure" }));
            selections.Add(("selection", main));

            var condition = new List<string> { "selection" };
            var index = 0;
            foreach (var predicate in filter.Where)
            {
                index++;
                var name = (predicate.Negate ? "filter_" : "selection_") + index.ToString(CultureInfo.InvariantCulture);
                selections.Add((name, new List<(string, string, IReadOnlyList<string>)> { Item(predicate) }));
                condition.Add(predicate.Negate ? "not " + name : name);
            }
            if (filter.AnyOf.Count > 0)
            {
                // Each alternative is a selection of its own, and the condition ORs them.
                var alternatives = new List<string>();
                foreach (var predicate in filter.AnyOf)
                {
                    if (predicate.Negate)
                        throw new NotExportableException("a negated anyOf alternative has no Sigma selection form");
                    var name = "selection_any_" + (alternatives.Count + 1).ToString(CultureInfo.InvariantCulture);
                    selections.Add((name, new List<(string, string, IReadOnlyList<string>)> { Item(predicate) }));
                    alternatives.Add(name);
                }
                condition.Add("(" + string.Join(" or ", alternatives) + ")");
            }
            if (rule.Logic.Escalations.Count > 0)
            {
                caveats.Add(
                    "the severity escalation ("
                        + string.Join("; ", rule.Logic.Escalations.Select(e => e.Severity.ToName()))
                        + ") depends on derived facts Sigma cannot test; the rule carries the base level"
                );
            }

            var yaml = new YamlText()
                .Scalar(0, "title", $"EntraGuard {rule.Id} - {rule.Name}")
                .Scalar(0, "id", ExportNames.StableGuid("sigma", rule.Id).ToString())
                .Scalar(0, "status", "experimental")
                .Block(0, "description", SentinelRuleWriter.Description(rule, caveats))
                .List(0, "references", rule.Techniques.Select(ExportNames.TechniqueUrl))
                .Scalar(0, "author", "EntraGuard")
                .Scalar(0, "date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .List(0, "tags", Tags(rule))
                .Key(0, "logsource")
                .Scalar(2, "product", "azure")
                .Scalar(2, "service", "auditlogs")
                .Key(0, "detection");
            foreach (var (name, items) in selections)
            {
                yaml.Key(2, name);
                foreach (var (field, modifier, values) in items)
                {
                    var key = field + modifier;
                    if (modifier == "|exists")
                        yaml.Raw(4, key, "true");
                    else if (values.Count == 1)
                        yaml.Scalar(4, key, values[0]);
                    else
                        yaml.List(4, key, values);
                }
            }
            yaml.Scalar(2, "condition", string.Join(" and ", condition))
                .List(0, "falsepositives", rule.FalsePositives)
                .Scalar(0, "level", rule.Severity.ToName());
            return yaml.ToString();
        }

        private static (string Field, string Modifier, IReadOnlyList<string> Values) Item(FieldPredicate predicate)
        {
            var path = FieldPath.Parse(predicate.Field.Path);
            if (path.EventName is null || !Fields.TryGetValue(path.EventName, out var field))
            {
                throw new NotExportableException(
                    $"'{path}' is derived by EntraGuard or spread over an array of targets, which a Sigma field "
                        + $"condition cannot express"
                );
            }
            return predicate.Operator switch
            {
                "equals" or "in" => (field, "", predicate.Operands),
                "contains" => (field, "|contains", predicate.Operands),
                "startswith" => (field, "|startswith", predicate.Operands),
                "regex" => (field, "|re|i", predicate.Operands),
                "cidr" => (field, "|cidr", predicate.Operands),
                FieldPredicate.SameAs => throw new NotExportableException(
                    "a Sigma field condition compares a field with values, not with another field (sameAs)"
                ),
                _ => (field, "|exists", new[] { "true" }),
            };
        }

        private static IEnumerable<string> Tags(Rule rule)
        {
            foreach (var tactic in rule.Tactics)
            {
                if (ExportNames.TryTacticName(tactic, out var name))
                    yield return "attack." + name.ToLowerInvariant().Replace(' ', '-');
            }
            foreach (var technique in rule.Techniques)
                yield return "attack." + technique.ToLowerInvariant();
        }
    }
}

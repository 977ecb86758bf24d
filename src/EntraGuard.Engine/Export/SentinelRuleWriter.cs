using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using EntraGuard.Detection;

namespace EntraGuard.Export
{
    /// <summary>
    /// A Microsoft Sentinel scheduled analytic rule in the shape of the Azure-Sentinel repository's templates
    /// (Solutions/…/Analytic Rules/*.yaml): importable as a template or through the repositories feature.
    /// </summary>
    internal static class SentinelRuleWriter
    {
        /// <summary>
        /// Sentinel runs rules at most every 5 minutes and, once a query reads 2 days or more, at most hourly; the
        /// exported rules run hourly over the last hour, so every event is judged exactly once.
        /// </summary>
        public static readonly TimeSpan Frequency = TimeSpan.FromHours(1);

        private static readonly TimeSpan MaximumPeriod = TimeSpan.FromDays(14);
        private const int MaximumDescription = 5000;
        private const int MaximumQuery = 10000;

        public static string Write(Rule rule, EntraGuardSettings settings, List<string> caveats)
        {
            var period = KqlQueryBuilder.Lookback(rule, settings, Frequency);
            if (period > MaximumPeriod)
            {
                throw new NotExportableException(
                    $"the rule reads {ExportNames.ShortDuration(period)} of data and Sentinel queries read at most "
                        + $"14 days (lower historyDays to 13 or less)"
                );
            }
            var built = KqlQueryBuilder.Build(rule, settings, Frequency, caveats);
            var query = built.Text;
            if (query.Length > MaximumQuery)
                throw new NotExportableException(
                    $"the query has {query.Length} characters and Sentinel accepts at most {MaximumQuery}"
                );
            if (rule.Severity == Severity.Critical || rule.Logic.Escalations.Any(e => e.Severity == Severity.Critical))
            {
                caveats.Add("Sentinel has no critical severity: critical findings are raised as high");
            }
            var description = Description(rule, caveats);
            if (description.Length > MaximumDescription)
            {
                throw new NotExportableException(
                    $"the description with investigation steps has {description.Length} characters and Sentinel "
                        + $"accepts at most {MaximumDescription}"
                );
            }

            var yaml = new YamlText()
                .Comment(
                    $"EntraGuard {rule.Id} exported for Microsoft Sentinel by Export-EntraGuardRule; regenerate it "
                        + $"rather than edit it."
                )
                .Scalar(0, "id", ExportNames.StableGuid("sentinel", rule.Id).ToString())
                .Scalar(0, "name", $"EntraGuard {rule.Id} - {rule.Name}")
                .Block(0, "description", description)
                .Scalar(0, "severity", ExportNames.SentinelSeverity(rule.Severity))
                .Scalar(0, "status", "Available")
                .Key(0, "requiredDataConnectors")
                .ItemScalar(2, "connectorId", "AzureActiveDirectory")
                .List(4, "dataTypes", new[] { "AuditLogs" })
                .Scalar(0, "queryFrequency", ExportNames.ShortDuration(Frequency))
                .Scalar(0, "queryPeriod", ExportNames.ShortDuration(period))
                .Scalar(0, "triggerOperator", "gt")
                .Number(0, "triggerThreshold", 0)
                .List(0, "tactics", rule.Tactics.Select(ExportNames.SentinelTactic).Distinct())
                .List(0, "relevantTechniques", rule.Techniques)
                .List(0, "tags", new[] { "EntraGuard", rule.Id })
                .Block(0, "query", query);

            yaml.Key(0, "entityMappings");
            Entity(yaml, "Account", ("FullName", "ActorUserPrincipalName"), ("AadUserId", "ActorUserId"));
            Entity(yaml, "Account", ("FullName", "TargetUserPrincipalName"), ("AadUserId", "TargetUserId"));
            Entity(yaml, "IP", ("Address", "IpAddress"));
            Entity(yaml, "CloudApplication", ("Name", "TargetAppName"));

            yaml.Key(0, "customDetails");
            foreach (var (key, column) in CustomDetails(built.Columns))
                yaml.Scalar(2, key, column);

            yaml.Key(0, "alertDetailsOverride")
                .Scalar(2, "alertDisplayNameFormat", rule.Name + ": {{ActorName}} on {{TargetName}}");
            if (rule.Logic.Escalations.Count > 0)
                yaml.Scalar(2, "alertSeverityColumnName", "Severity");
            yaml.Key(0, "eventGroupingSettings")
                .Scalar(2, "aggregationKind", "AlertPerResult")
                .Scalar(0, "version", "1.0.0")
                .Scalar(0, "kind", "Scheduled");
            return yaml.ToString();
        }

        private static void Entity(YamlText yaml, string type, params (string Identifier, string Column)[] fields)
        {
            yaml.ItemScalar(2, "entityType", type).Key(4, "fieldMappings");
            foreach (var (identifier, column) in fields)
                yaml.ItemScalar(6, "identifier", identifier).Scalar(8, "columnName", column);
        }

        private static IEnumerable<(string Key, string Column)> CustomDetails(IReadOnlyList<string> columns)
        {
            var candidates = new[]
            {
                ("RuleId", "RuleId"),
                ("RiskScore", "RiskScore"),
                ("ActorId", "ActorId"),
                ("ActorType", "ActorType"),
                ("ActorAppId", "ActorAppId"),
                ("UserAgent", "UserAgent"),
                ("ServicePrincipalId", "TargetServicePrincipalId"),
                ("ApplicationId", "TargetApplicationId"),
                ("TargetUserId", "TargetUserId"),
                ("GroupId", "GroupId"),
                ("KeyId", "KeyId"),
                ("KeyType", "KeyType"),
                ("HistoryComplete", "HistoryComplete"),
                ("EventCount", "EventCount"),
                ("EventIds", "EventIds"),
            };
            return candidates.Where(c => columns.Contains(c.Item2));
        }

        /// <summary>The description, then the investigation guide, false positives, response and any
        /// differences.</summary>
        public static string Description(Rule rule, IReadOnlyList<string> caveats)
        {
            var text = new StringBuilder(rule.Description.Trim()).Append("\n\n");
            text.Append("Investigation steps:\n");
            foreach (var step in rule.InvestigationSteps)
                text.Append("- ").Append(step).Append('\n');
            text.Append("\nKnown false positives:\n");
            foreach (var item in rule.FalsePositives)
                text.Append("- ").Append(item).Append('\n');
            text.Append("\nSuggested response: ")
                .Append(rule.SuggestedResponse)
                .Append(" (EntraGuard module), risk score ")
                .Append(rule.RiskScore)
                .Append(".\n");
            if (caveats.Count > 0)
            {
                text.Append("\nDifferences from the EntraGuard engine:\n");
                foreach (var caveat in caveats)
                    text.Append("- ").Append(caveat).Append('\n');
            }
            return text.ToString();
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using EntraGuard.Detection;

namespace EntraGuard.Output
{
    /// <summary>
    /// Risk events as text: an aligned table, JSON lines (one object a finding, the shape
    /// <see cref="Response.ResponseRequests"/> reads back) or CSV. Every host writes findings through this.
    /// </summary>
    public static class RiskEventWriter
    {
        public const string Table = "table";
        public const string Json = "json";
        public const string Csv = "csv";

        /// <summary>Writes the findings; a table fits <paramref name="width"/> columns when given.</summary>
        public static void Write(string format, IReadOnlyList<RiskEvent> findings, TextWriter output, int? width = null)
        {
            switch (format)
            {
                case Json:
                    WriteJsonLines(findings, output);
                    break;
                case Csv:
                    WriteCsv(findings, output);
                    break;
                default:
                    WriteTable(findings, output, width);
                    break;
            }
        }

        private static string Time(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        private static string Actor(RiskEvent f) => f.ActorName ?? f.ActorId ?? "";

        private static string Target(RiskEvent f) => f.TargetName ?? f.TargetId ?? "";

        private static void WriteTable(IReadOnlyList<RiskEvent> findings, TextWriter output, int? width)
        {
            if (findings.Count == 0)
            {
                output.WriteLine("No findings.");
                return;
            }
            var anySuppressed = findings.Any(f => f.Suppressed);
            var header = new[] { "Time (UTC)", "Rule", "Severity", "Score", "Actor", "Target", "Name" }
                .Concat(anySuppressed ? new[] { "Suppressed" } : Array.Empty<string>())
                .ToArray();
            var rows = findings
                .Select(f =>
                    new[]
                    {
                        f.TimeGenerated.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                        f.RuleId,
                        f.Severity.ToName(),
                        f.RiskScore.ToString(CultureInfo.InvariantCulture),
                        Actor(f),
                        Target(f),
                        f.RuleName,
                    }
                        .Concat(anySuppressed ? new[] { f.Suppressed ? "yes" : "" } : Array.Empty<string>())
                        .ToArray()
                )
                .ToList();
            TextTable.Write(header, rows, output, width);
        }

        private static void WriteJsonLines(IReadOnlyList<RiskEvent> findings, TextWriter output) =>
            JsonLines.Write(findings, output, Write);

        private static void Write(Utf8JsonWriter json, RiskEvent f)
        {
            json.WriteStartObject();
            json.WriteString("RiskEventId", f.RiskEventId);
            json.WriteString("RuleId", f.RuleId);
            json.WriteString("RuleName", f.RuleName);
            json.WriteString("Severity", f.Severity.ToName());
            json.WriteNumber("RiskScore", f.RiskScore);
            json.WriteString("TimeGenerated", Time(f.TimeGenerated));
            json.WriteString("Actor", Actor(f));
            Optional(json, "ActorId", f.ActorId);
            json.WriteString("ActorType", f.ActorType.ToString());
            Optional(json, "AppId", f.AppId);
            Optional(json, "ActorServicePrincipalId", f.ActorServicePrincipalId);
            Optional(json, "IpAddress", f.IpAddress);
            Optional(json, "UserAgent", f.UserAgent);
            json.WriteString("Target", Target(f));
            Optional(json, "TargetId", f.TargetId);
            Optional(json, "TargetType", f.TargetType);
            json.WriteStartArray("Targets");
            foreach (var target in f.Targets)
            {
                json.WriteStartObject();
                Optional(json, "Id", target.Id);
                Optional(json, "Name", target.Name);
                Optional(json, "Type", target.Type);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            Strings(json, "EventIds", f.EventIds);
            if (f.HistoryComplete is { } complete)
                json.WriteBoolean("HistoryComplete", complete);
            json.WriteBoolean("Suppressed", f.Suppressed);
            Optional(json, "SuppressionJustification", f.SuppressionJustification);
            Strings(json, "Tactics", f.Tactics);
            Strings(json, "Techniques", f.Techniques);
            Optional(json, "SuggestedResponse", f.SuggestedResponse);
            Optional(json, "ServicePrincipalId", f.ServicePrincipalId);
            Optional(json, "ApplicationId", f.ApplicationId);
            Optional(json, "KeyId", f.KeyId);
            Optional(json, "KeyType", f.KeyType);
            Optional(json, "UserId", f.UserId);
            Optional(json, "GroupId", f.GroupId);
            Optional(json, "MemberId", f.MemberId);
            json.WriteString("Source", f.Source);
            json.WriteEndObject();
        }

        private static void Optional(Utf8JsonWriter json, string name, string? value)
        {
            if (value != null)
                json.WriteString(name, value);
        }

        private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
        {
            json.WriteStartArray(name);
            foreach (var value in values)
                json.WriteStringValue(value);
            json.WriteEndArray();
        }

        private static readonly (string Header, Func<RiskEvent, string?> Value)[] CsvColumns =
        {
            ("RiskEventId", f => f.RiskEventId),
            ("TimeGenerated", f => Time(f.TimeGenerated)),
            ("RuleId", f => f.RuleId),
            ("RuleName", f => f.RuleName),
            ("Severity", f => f.Severity.ToName()),
            ("RiskScore", f => f.RiskScore.ToString(CultureInfo.InvariantCulture)),
            ("Actor", Actor),
            ("ActorId", f => f.ActorId),
            ("ActorType", f => f.ActorType.ToString()),
            ("IpAddress", f => f.IpAddress),
            ("UserAgent", f => f.UserAgent),
            ("Target", Target),
            ("TargetId", f => f.TargetId),
            ("TargetType", f => f.TargetType),
            ("EventIds", f => string.Join(";", f.EventIds)),
            ("HistoryComplete", f => f.HistoryComplete?.ToString()),
            ("Suppressed", f => f.Suppressed.ToString()),
            ("SuppressionJustification", f => f.SuppressionJustification),
            ("Tactics", f => string.Join(";", f.Tactics)),
            ("Techniques", f => string.Join(";", f.Techniques)),
            ("SuggestedResponse", f => f.SuggestedResponse),
            ("ServicePrincipalId", f => f.ServicePrincipalId),
            ("ApplicationId", f => f.ApplicationId),
            ("KeyId", f => f.KeyId),
            ("KeyType", f => f.KeyType),
            ("UserId", f => f.UserId),
            ("GroupId", f => f.GroupId),
            ("MemberId", f => f.MemberId),
        };

        private static void WriteCsv(IReadOnlyList<RiskEvent> findings, TextWriter output)
        {
            output.WriteLine(string.Join(",", CsvColumns.Select(c => c.Header)));
            foreach (var finding in findings)
                output.WriteLine(string.Join(",", CsvColumns.Select(c => CsvText.Field(c.Value(finding)))));
        }
    }
}

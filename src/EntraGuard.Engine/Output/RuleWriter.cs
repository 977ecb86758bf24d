using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using EntraGuard.Detection;
using EntraGuard.Response;

namespace EntraGuard.Output
{
    /// <summary>The rule catalog as text: an aligned table, or JSON lines (one object a rule) for scripts.</summary>
    public static class RuleWriter
    {
        public const string Table = "table";
        public const string Json = "json";

        public static void Write(string format, IReadOnlyList<Rule> rules, TextWriter output, int? width = null)
        {
            if (format == Json)
            {
                JsonLines.Write(rules, output, Write);
                return;
            }
            var rows = rules
                .Select(r =>
                    new[]
                    {
                        r.Id,
                        r.Kind.ToString(),
                        r.Severity.ToName(),
                        r.RiskScore.ToString(CultureInfo.InvariantCulture),
                        string.Join(",", r.Techniques),
                        r.SuggestedResponse,
                        r.Name,
                    }
                )
                .ToList();
            var header = new[] { "Id", "Kind", "Severity", "Score", "Techniques", "Response", "Name" };
            TextTable.Write(header, rows, output, width);
        }

        private static void Write(Utf8JsonWriter json, Rule rule)
        {
            json.WriteStartObject();
            json.WriteString("Id", rule.Id);
            json.WriteString("Name", rule.Name);
            json.WriteString("Kind", rule.Kind.ToString());
            json.WriteString("Severity", rule.Severity.ToName());
            json.WriteNumber("RiskScore", rule.RiskScore);
            Strings(json, "Tactics", rule.Tactics);
            Strings(json, "Techniques", rule.Techniques);
            Strings(json, "Activities", rule.Activities);
            if (rule.HistoryDays is { } days)
                json.WriteNumber("HistoryDays", days);
            Strings(json, "KeyFields", rule.KeyFields);
            if (rule.Window is { } window)
                json.WriteString("Window", window.ToString("c", CultureInfo.InvariantCulture));
            if (rule.Threshold is { } threshold)
                json.WriteNumber("Threshold", threshold);
            json.WriteString("ResponseAction", ResponseActions.Of(rule.ResponseAction).Key);
            json.WriteString("SuggestedResponse", rule.SuggestedResponse);
            json.WriteString("Description", rule.Description);
            Strings(json, "InvestigationSteps", rule.InvestigationSteps);
            Strings(json, "FalsePositives", rule.FalsePositives);
            json.WriteString("Source", rule.Source);
            json.WriteEndObject();
        }

        private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
        {
            json.WriteStartArray(name);
            foreach (var value in values)
                json.WriteStringValue(value);
            json.WriteEndArray();
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace EntraGuard.Response
{
    /// <summary>
    /// Risk events as JSON lines (what <c>entraguard scan --format json</c> writes) turned into remediation requests:
    /// each line's responder keys (ServicePrincipalId, ApplicationId, KeyId, KeyType, UserId, GroupId, MemberId), its
    /// RiskEventId, RuleId, SuggestedResponse, HistoryComplete and TimeGenerated, read by name, case-insensitively.
    /// Which of them to act on is the response scope's decision.
    /// </summary>
    public static class ResponseRequests
    {
        /// <param name="reader">The JSON lines.</param>
        /// <param name="source">The file name (or "stdin") for messages.</param>
        /// <param name="template">The action and the command line's settings (force, pass lifetime…) each request starts from.</param>
        /// <exception cref="FormatException">A line is not a JSON object (names the source and line).</exception>
        public static IReadOnlyList<ResponseRequest> ReadJsonLines(TextReader reader, string source, ResponseRequest template)
        {
            var requests = new List<ResponseRequest>();
            var number = 0;
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                number++;
                if (line.Trim().Length == 0) continue;
                JsonElement root;
                try
                {
                    using var document = JsonDocument.Parse(line);
                    root = document.RootElement.Clone();
                }
                catch (JsonException ex)
                {
                    throw new FormatException($"{source}: line {number}: not a JSON object ({ex.Message.Split('.')[0]}).");
                }
                if (root.ValueKind != JsonValueKind.Object) throw new FormatException($"{source}: line {number}: not a JSON object.");

                requests.Add(template with
                {
                    ServicePrincipalId = Text(root, nameof(ResponseRequest.ServicePrincipalId)),
                    ApplicationId = Text(root, nameof(ResponseRequest.ApplicationId)),
                    KeyId = Text(root, nameof(ResponseRequest.KeyId)),
                    KeyType = Text(root, nameof(ResponseRequest.KeyType)),
                    UserId = Text(root, nameof(ResponseRequest.UserId)),
                    GroupId = Text(root, nameof(ResponseRequest.GroupId)),
                    MemberId = Text(root, nameof(ResponseRequest.MemberId)),
                    RiskEventId = Text(root, nameof(ResponseRequest.RiskEventId)),
                    RuleId = Text(root, nameof(ResponseRequest.RuleId)),
                    SuggestedResponse = Text(root, nameof(ResponseRequest.SuggestedResponse)),
                    HistoryComplete = Boolean(root, nameof(ResponseRequest.HistoryComplete)),
                    EventTime = Text(root, "TimeGenerated") is { } time && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
                });
            }
            return requests;
        }

        private static string? Text(JsonElement root, string name) =>
            Property(root, name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { } text && !string.IsNullOrWhiteSpace(text) ? text : null;

        private static bool? Boolean(JsonElement root, string name) =>
            Property(root, name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value ? value.GetBoolean() : null;

        private static JsonElement? Property(JsonElement root, string name)
        {
            foreach (var property in root.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) return property.Value;
            }
            return null;
        }
    }
}

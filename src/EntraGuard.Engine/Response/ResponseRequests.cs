using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using EntraGuard.Output;

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
        /// <param name="template">The action and the command line's settings (force, pass lifetime…) each request
        /// starts from.</param>
        /// <exception cref="FormatException">A line is not a JSON object (names the source and line).</exception>
        public static IReadOnlyList<ResponseRequest> ReadJsonLines(
            TextReader reader,
            string source,
            ResponseRequest template
        ) =>
            JsonLines.Read(
                reader,
                source,
                "a JSON object",
                root =>
                    template with
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
                        HistoryComplete = JsonLines.Property(root, nameof(ResponseRequest.HistoryComplete))
                            is { ValueKind: JsonValueKind.True or JsonValueKind.False } complete
                            ? complete.GetBoolean()
                            : null,
                        EventTime =
                            Text(root, "TimeGenerated") is { } time
                            && DateTimeOffset.TryParse(
                                time,
                                CultureInfo.InvariantCulture,
                                DateTimeStyles.AssumeUniversal,
                                out var at
                            )
                                ? at
                                : null,
                    }
            );

        private static string? Text(JsonElement root, string name) => JsonLines.Text(root, name);
    }
}

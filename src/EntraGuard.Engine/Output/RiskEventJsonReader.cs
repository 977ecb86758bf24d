using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace EntraGuard.Output
{
    /// <summary>
    /// Risk events read back from the JSON lines <see cref="RiskEventWriter"/> writes (<c>entraguard scan --format
    /// json</c>), with the keys an investigation asks about: ids, times, actor, target, credential and evidence.
    /// </summary>
    public static class RiskEventJsonReader
    {
        /// <exception cref="FormatException">A line is not a risk event (names the source and line).</exception>
        public static IReadOnlyList<RiskEvent> ReadJsonLines(TextReader reader, string source) =>
            JsonLines.Read(reader, source, "a risk event", Read);

        private static RiskEvent Read(JsonElement root) =>
            new()
            {
                RiskEventId =
                    Text(root, nameof(RiskEvent.RiskEventId)) ?? throw new FormatException("it has no RiskEventId"),
                RuleId = Text(root, nameof(RiskEvent.RuleId)) ?? "",
                RuleName = Text(root, nameof(RiskEvent.RuleName)) ?? "",
                TimeGenerated = DateTimeOffset.Parse(
                    Text(root, nameof(RiskEvent.TimeGenerated)) ?? throw new FormatException("it has no TimeGenerated"),
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal
                ),
                ActorId = Text(root, nameof(RiskEvent.ActorId)),
                ActorName = Text(root, "Actor"),
                ActorType = Enum.TryParse<ActorType>(
                    Text(root, nameof(RiskEvent.ActorType)),
                    ignoreCase: true,
                    out var type
                )
                    ? type
                    : ActorType.Unknown,
                AppId = Text(root, nameof(RiskEvent.AppId)),
                ActorServicePrincipalId = Text(root, nameof(RiskEvent.ActorServicePrincipalId)),
                IpAddress = Text(root, nameof(RiskEvent.IpAddress)),
                UserAgent = Text(root, nameof(RiskEvent.UserAgent)),
                TargetId = Text(root, nameof(RiskEvent.TargetId)),
                TargetName = Text(root, "Target"),
                TargetType = Text(root, nameof(RiskEvent.TargetType)),
                EventIds =
                    root.TryGetProperty(nameof(RiskEvent.EventIds), out var ids) && ids.ValueKind == JsonValueKind.Array
                        ? ids.EnumerateArray().Select(id => id.GetString() ?? "").ToArray()
                        : Array.Empty<string>(),
                ServicePrincipalId = Text(root, nameof(RiskEvent.ServicePrincipalId)),
                ApplicationId = Text(root, nameof(RiskEvent.ApplicationId)),
                KeyId = Text(root, nameof(RiskEvent.KeyId)),
                KeyType = Text(root, nameof(RiskEvent.KeyType)),
                UserId = Text(root, nameof(RiskEvent.UserId)),
            };

        private static string? Text(JsonElement root, string name) => JsonLines.Text(root, name);
    }
}

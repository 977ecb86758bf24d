using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace EntraGuard.Collection
{
    /// <summary>Whose risk an Identity Protection detection is about.</summary>
    public enum DetectionSubject
    {
        /// <summary>A user (<c>/identityProtection/riskDetections</c>).</summary>
        User,

        /// <summary>A workload identity (<c>/identityProtection/servicePrincipalRiskDetections</c>).</summary>
        ServicePrincipal,
    }

    /// <summary>
    /// One Microsoft Entra ID Protection risk detection, for a user or a service principal, as Graph reports it.
    /// Without an Entra ID P2 licence (Workload Identities Premium for service principals) Graph hides the risk level
    /// and detail: <see cref="IsRiskHidden"/> says so instead of the value passing for a real level.
    /// </summary>
    public sealed class IdentityProtectionDetection
    {
        public const string Hidden = "hidden";

        public DetectionSubject Subject { get; init; }
        public string Id { get; init; } = "";
        public string? RequestId { get; init; }
        public string? CorrelationId { get; init; }

        /// <summary>unfamiliarFeatures, anonymizedIPAddress, leakedCredentials, investigationsThreatIntelligence,
        /// …</summary>
        public string? RiskEventType { get; init; }

        /// <summary>atRisk, confirmedCompromised, remediated, dismissed, …</summary>
        public string? RiskState { get; init; }

        /// <summary>low, medium, high, none, or hidden without the licence.</summary>
        public string? RiskLevel { get; init; }

        public string? RiskDetail { get; init; }
        public string? Source { get; init; }

        /// <summary>realtime or offline.</summary>
        public string? DetectionTimingType { get; init; }

        /// <summary>signin, user or servicePrincipal: what the detection was raised on.</summary>
        public string? Activity { get; init; }

        public string? IpAddress { get; init; }
        public string? City { get; init; }
        public string? CountryOrRegion { get; init; }
        public DateTimeOffset? ActivityDateTime { get; init; }
        public DateTimeOffset? DetectedDateTime { get; init; }
        public DateTimeOffset? LastUpdatedDateTime { get; init; }
        public string? UserId { get; init; }
        public string? UserDisplayName { get; init; }
        public string? UserPrincipalName { get; init; }
        public string? ServicePrincipalId { get; init; }
        public string? ServicePrincipalDisplayName { get; init; }
        public string? AppId { get; init; }

        /// <summary>For service principals: the credentials (key ids) the detection involves.</summary>
        public IReadOnlyList<string> KeyIds { get; init; } = Array.Empty<string>();

        /// <summary>The raw additionalInfo JSON string, when Graph gave one.</summary>
        public string? AdditionalInfo { get; init; }

        public bool IsRiskHidden =>
            string.Equals(RiskLevel, Hidden, StringComparison.OrdinalIgnoreCase)
            || string.Equals(RiskDetail, Hidden, StringComparison.OrdinalIgnoreCase);

        public override string ToString()
        {
            var subject =
                Subject == DetectionSubject.User
                    ? UserPrincipalName ?? UserId
                    : ServicePrincipalDisplayName ?? ServicePrincipalId;
            return $"{DetectedDateTime:u} {RiskEventType} ({RiskLevel}) on {subject}";
        }

        /// <summary>Reads one Graph page of detections (<c>{"value":[…],"@odata.nextLink":…}</c>).</summary>
        public static (IReadOnlyList<IdentityProtectionDetection> Detections, string? NextLink) ReadPage(
            Stream page,
            DetectionSubject subject
        )
        {
            using var document = JsonDocument.Parse(page);
            var root = document.RootElement;
            if (
                root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("value", out var value)
                || value.ValueKind != JsonValueKind.Array
            )
            {
                throw new FormatException("An Identity Protection page must be an object with a 'value' array.");
            }
            var next =
                root.TryGetProperty("@odata.nextLink", out var link) && link.ValueKind == JsonValueKind.String
                    ? link.GetString()
                    : null;
            return (value.EnumerateArray().Select(item => Parse(item, subject)).ToList(), next);
        }

        private static IdentityProtectionDetection Parse(JsonElement item, DetectionSubject subject)
        {
            string? Text(JsonElement element, string name) =>
                element.ValueKind == JsonValueKind.Object
                && element.TryGetProperty(name, out var v)
                && v.ValueKind == JsonValueKind.String
                    ? v.GetString()
                    : null;
            DateTimeOffset? Time(string name) =>
                Text(item, name) is { } text
                && DateTimeOffset.TryParse(
                    text,
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal,
                    out var time
                )
                    ? time
                    : null;
            var location = item.TryGetProperty("location", out var l) ? l : default;
            var keyIds =
                item.TryGetProperty("keyIds", out var keys) && keys.ValueKind == JsonValueKind.Array
                    ? keys.EnumerateArray()
                        .Where(k => k.ValueKind == JsonValueKind.String)
                        .Select(k => k.GetString()!)
                        .ToArray()
                    : Array.Empty<string>();
            var id = Text(item, "id");
            if (string.IsNullOrEmpty(id))
                throw new FormatException("An Identity Protection detection has no id.");

            return new IdentityProtectionDetection
            {
                Subject = subject,
                Id = id!,
                RequestId = Text(item, "requestId"),
                CorrelationId = Text(item, "correlationId"),
                RiskEventType = Text(item, "riskEventType"),
                RiskState = Text(item, "riskState"),
                RiskLevel = Text(item, "riskLevel"),
                RiskDetail = Text(item, "riskDetail"),
                Source = Text(item, "source"),
                DetectionTimingType = Text(item, "detectionTimingType"),
                Activity = Text(item, "activity"),
                IpAddress = Text(item, "ipAddress"),
                City = Text(location, "city"),
                CountryOrRegion = Text(location, "countryOrRegion"),
                ActivityDateTime = Time("activityDateTime"),
                DetectedDateTime = Time("detectedDateTime"),
                LastUpdatedDateTime = Time("lastUpdatedDateTime"),
                UserId = Text(item, "userId"),
                UserDisplayName = Text(item, "userDisplayName"),
                UserPrincipalName = Text(item, "userPrincipalName"),
                ServicePrincipalId = Text(item, "servicePrincipalId"),
                ServicePrincipalDisplayName = Text(item, "servicePrincipalDisplayName"),
                AppId = Text(item, "appId"),
                KeyIds = keyIds,
                AdditionalInfo = Text(item, "additionalInfo"),
            };
        }
    }
}

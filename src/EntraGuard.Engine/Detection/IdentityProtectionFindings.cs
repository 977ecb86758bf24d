using System;
using System.Collections.Generic;
using EntraGuard.Collection;
using EntraGuard.Response;

namespace EntraGuard.Detection
{
    /// <summary>
    /// Turns Microsoft Entra ID Protection detections into <see cref="RiskEvent"/>s, so they travel the same pipeline
    /// as EntraGuard's own findings (suppressions, severity floor, responders) with their origin marked in
    /// <see cref="RiskEvent.Source"/>.
    /// </summary>
    public static class IdentityProtectionFindings
    {
        /// <summary><see cref="RiskEvent.Source"/> of findings made by Identity Protection.</summary>
        public const string Source = "IdentityProtection";

        /// <summary>Rule ids are this prefix and the detection's risk event type
        /// (IdentityProtection:leakedCredentials).</summary>
        public const string RuleIdPrefix = "IdentityProtection:";

        // The ATT&CK technique a detection type most directly evidences; anything else counts as valid-account abuse.
        private static readonly Dictionary<string, (string Tactic, string Technique)> Attack = new(
            StringComparer.OrdinalIgnoreCase
        )
        {
            ["leakedCredentials"] = ("TA0006", "T1589.001"),
            ["passwordSpray"] = ("TA0006", "T1110.003"),
            ["anonymizedIPAddress"] = ("TA0005", "T1090.003"),
            ["maliciousIPAddress"] = ("TA0001", "T1078.004"),
            ["anomalousToken"] = ("TA0006", "T1528"),
            ["tokenIssuerAnomaly"] = ("TA0006", "T1606.002"),
            ["attemptedPrtAccess"] = ("TA0006", "T1528"),
            ["suspiciousInboxForwarding"] = ("TA0009", "T1114.003"),
            ["mcasSuspiciousInboxManipulationRules"] = ("TA0009", "T1114.003"),
            ["suspiciousAPITraffic"] = ("TA0007", "T1087.004"),
        };

        public static RiskEvent ToRiskEvent(IdentityProtectionDetection detection)
        {
            if (detection is null)
                throw new ArgumentNullException(nameof(detection));
            var user = detection.Subject == DetectionSubject.User;
            var type = string.IsNullOrEmpty(detection.RiskEventType) ? "unknown" : detection.RiskEventType!;
            var ruleId = RuleIdPrefix + type;
            var (tactic, technique) = Attack.TryGetValue(type, out var mapped) ? mapped : ("TA0001", "T1078.004");
            var (severity, score) = Rate(detection);
            var targetName = user
                ? detection.UserPrincipalName ?? detection.UserDisplayName
                : detection.ServicePrincipalDisplayName;
            var targetId = user ? detection.UserId : detection.ServicePrincipalId;
            var targetType = user ? "User" : "ServicePrincipal";
            var steps = new List<string>
            {
                $"Open the detection in the Entra admin center (Identity Protection > "
                    + $"{(user ? "Risk detections" : "Service principal risk detections")}), request id "
                    + $"{detection.RequestId ?? detection.Id}.",
                user
                    ? "Review the user's recent sign-ins from the detection's IP address and location; confirm "
                        + "with the user."
                    : "Review the service principal's recent sign-ins and credential changes (audit: 'Add service "
                        + "principal credentials').",
            };
            if (detection.IsRiskHidden)
                steps.Add(
                    "The risk level is hidden: the tenant lacks the licence that shows it (Entra ID P2; Workload "
                        + "Identities Premium for service principals)."
                );

            return new RiskEvent
            {
                RiskEventId = Findings.StableId(ruleId, new[] { targetType + ":" + detection.Id }),
                RuleId = ruleId,
                RuleName = $"Identity Protection: {type}" + (user ? "" : " (service principal)"),
                Severity = severity,
                RiskScore = score,
                Tactics = new[] { tactic },
                Techniques = new[] { technique },
                TimeGenerated =
                    detection.DetectedDateTime
                    ?? detection.ActivityDateTime
                    ?? detection.LastUpdatedDateTime
                    ?? DateTimeOffset.MinValue,
                ActorId = targetId,
                ActorName = targetName,
                ActorType = user ? ActorType.User : ActorType.App,
                AppId = user ? null : detection.AppId,
                ActorServicePrincipalId = user ? null : detection.ServicePrincipalId,
                IpAddress = detection.IpAddress,
                TargetId = targetId,
                TargetName = targetName,
                TargetType = targetType,
                Targets = new[] { new RiskTarget(targetId, targetName, targetType) },
                EventIds = new[] { detection.Id },
                InvestigationSteps = steps,
                SuggestedResponse = ResponseActions
                    .Of(user ? ResponseAction.RevokeUserSession : ResponseAction.DisableServicePrincipal)
                    .Cmdlet,
                Source = Source,
                ServicePrincipalId = user ? null : detection.ServicePrincipalId,
                KeyId = !user && detection.KeyIds.Count == 1 ? detection.KeyIds[0] : null,
                UserId = user ? detection.UserId : null,
            };
        }

        /// <summary>
        /// Identity Protection's level as EntraGuard's severity. A hidden level is rated medium: unknown is not safe,
        /// and a lower rating would let -MinimumSeverity drop every detection of an unlicensed tenant unnoticed.
        /// </summary>
        private static (Severity, int) Rate(IdentityProtectionDetection detection) =>
            detection.IsRiskHidden
                ? (Severity.Medium, 50)
                : (detection.RiskLevel ?? "").ToLowerInvariant() switch
                {
                    "high" => (Severity.High, 80),
                    "medium" => (Severity.Medium, 50),
                    "low" => (Severity.Low, 25),
                    _ => (Severity.Informational, 10),
                };
    }
}

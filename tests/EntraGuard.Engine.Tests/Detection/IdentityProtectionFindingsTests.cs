using System;
using System.IO;
using System.Linq;
using System.Text;
using EntraGuard.Collection;
using EntraGuard.Detection;

namespace EntraGuard.Tests.Detection
{
    public sealed class IdentityProtectionFindingsTests
    {
        private static IdentityProtectionDetection Read(string json, DetectionSubject subject) =>
            IdentityProtectionDetection
                .ReadPage(new MemoryStream(Encoding.UTF8.GetBytes("{\"value\":[" + json + "]}")), subject)
                .Detections.Single();

        private static readonly IdentityProtectionDetection UserDetection = Read(
            "{\"id\":\"det-1\",\"requestId\":\"req-1\",\"riskEventType\":\"leakedCredentials\","
                + "\"riskLevel\":\"high\",\"riskState\":\"atRisk\","
                + "\"ipAddress\":\"198.51.100.4\",\"detectedDateTime\":\"2026-05-01T10:01:00Z\",\"userId\":\"u-1\","
                + "\"userPrincipalName\":\"jane@contoso.example\"}",
            DetectionSubject.User
        );

        private static readonly IdentityProtectionDetection ServicePrincipalDetection = Read(
            "{\"id\":\"det-2\",\"riskEventType\":\"investigationsThreatIntelligence\",\"riskLevel\":\"hidden\","
                + "\"riskDetail\":\"hidden\","
                + "\"detectedDateTime\":\"2026-05-01T09:00:00Z\",\"servicePrincipalId\":\"sp-1\","
                + "\"servicePrincipalDisplayName\":\"Payroll\",\"appId\":\"app-1\",\"keyIds\":[\"k-1\"]}",
            DetectionSubject.ServicePrincipal
        );

        [Fact]
        public void A_user_detection_becomes_an_Identity_Protection_risk_event_bound_to_the_session_revoker()
        {
            var finding = IdentityProtectionFindings.ToRiskEvent(UserDetection);

            Assert.Equal("IdentityProtection", finding.Source);
            Assert.Equal("IdentityProtection:leakedCredentials", finding.RuleId);
            Assert.StartsWith("IdentityProtection:leakedCredentials-", finding.RiskEventId);
            // stable
            Assert.Equal(finding.RiskEventId, IdentityProtectionFindings.ToRiskEvent(UserDetection).RiskEventId);
            Assert.Equal(Severity.High, finding.Severity);
            Assert.Equal(new DateTimeOffset(2026, 5, 1, 10, 1, 0, TimeSpan.Zero), finding.TimeGenerated);
            Assert.Equal("u-1", finding.UserId);
            Assert.Equal("jane@contoso.example", finding.TargetName);
            Assert.Equal(new[] { "det-1" }, finding.EventIds);
            Assert.Equal("Revoke-EntraUserSession", finding.SuggestedResponse);
            Assert.Equal(new[] { "T1589.001" }, finding.Techniques);
        }

        [Fact]
        public void A_principal_detection_carries_principal_and_key_and_a_hidden_level_is_medium_and_explained()
        {
            var finding = IdentityProtectionFindings.ToRiskEvent(ServicePrincipalDetection);

            Assert.Equal("sp-1", finding.ServicePrincipalId);
            Assert.Equal("k-1", finding.KeyId);
            Assert.Equal("app-1", finding.AppId);
            Assert.Equal(ActorType.App, finding.ActorType);
            Assert.Equal("ServicePrincipal", finding.TargetType);
            Assert.Equal(Severity.Medium, finding.Severity);
            Assert.Contains(finding.InvestigationSteps, s => s.Contains("risk level is hidden"));
            Assert.Equal("Disable-EntraServicePrincipal", finding.SuggestedResponse);
        }

        [Fact]
        public void Added_findings_are_suppressed_floored_and_ordered_with_the_rules_own()
        {
            var suppressions = SuppressionSet.Parse(
                """
                suppressions:
                  - ruleId: IdentityProtection:*
                    actor: Payroll
                    justification: Known threat-intel false positive (INC-77).
                    expires: 2099-12-31
                """,
                "suppressions.yaml"
            );
            var engine = DetectionEngine.Create(new EntraGuardSettings());

            var session = engine.BeginScan(
                new ScanOptions { Suppressions = suppressions, MinimumSeverity = Severity.Low }
            );
            session.AddFinding(IdentityProtectionFindings.ToRiskEvent(UserDetection));
            session.AddFinding(IdentityProtectionFindings.ToRiskEvent(UserDetection)); // the same detection twice
            session.AddFinding(IdentityProtectionFindings.ToRiskEvent(ServicePrincipalDetection));
            var result = session.Complete();

            var reported = Assert.Single(result.Findings);
            Assert.Equal("IdentityProtection:leakedCredentials", reported.RuleId);
            Assert.Equal(1, result.SuppressedCount);
        }
    }
}

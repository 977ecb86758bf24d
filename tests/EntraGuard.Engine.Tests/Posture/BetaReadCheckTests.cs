using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>
    /// EGP107 and EGP108, whose parts Graph serves in beta only, each against configurations written as beta answers
    /// them (the resource shapes of the Graph beta reference), read by <see cref="GraphPostureJson"/> and judged.
    /// </summary>
    public sealed class BetaReadCheckTests
    {
        private static TenantSnapshot Reporting(string settings) =>
            new()
            {
                SuspiciousActivityReporting = GraphPostureJson.ReadSuspiciousActivityReporting(
                    Body($"{{\"reportSuspiciousActivitySettings\":{settings}}}")
                ),
            };

        private static string Settings(string state, string target) =>
            $"{{\"state\":\"{state}\",\"voiceReportingCode\":0,"
            + $"\"includeTarget\":{{\"targetType\":\"group\",\"id\":\"{target}\"}}}}";

        [Theory]
        [InlineData("enabled", "all_users", PostureStatus.Passed, null)]
        [InlineData("disabled", "all_users", PostureStatus.Failed, "state")]
        [InlineData("default", "all_users", PostureStatus.Failed, "state")]
        [InlineData("enabled", "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9", PostureStatus.Failed, "includeTarget.id")]
        [InlineData("unknownFutureValue", "all_users", PostureStatus.Skipped, null)]
        public void Suspicious_prompts_can_be_reported_by_every_user(
            string state,
            string target,
            PostureStatus expected,
            string? failing
        )
        {
            var result = Run(Reporting(Settings(state, target)), "EGP107");

            Assert.Equal(expected, result.Result);
            Assert.Contains(
                $"policies/authenticationMethodsPolicy: reportSuspiciousActivitySettings.state = {state}",
                result.Evidence
            );
            if (failing != null)
                Assert.Equal("reportSuspiciousActivitySettings." + failing, result.Findings.Single().TargetId);
        }

        [Fact]
        public void Without_the_setting_in_the_answer_the_reporting_check_skips()
        {
            var result = Run(Reporting("null"), "EGP107");

            Assert.Equal(PostureStatus.Skipped, result.Result);
            Assert.Contains("did not return reportSuspiciousActivitySettings.state", result.Reason);
        }

        private static TenantSnapshot Insight(long p1, long p2, long caUsers, long riskUsers, long guests = 40) =>
            new()
            {
                SubscribedSkus = P2,
                PremiumLicenseInsight = GraphPostureJson.ReadPremiumLicenseInsight(
                    Body(
                        $"{{\"entitledP1LicenseCount\":{p1},\"entitledP2LicenseCount\":{p2},"
                            + $"\"p1FeatureUtilizations\":{{\"conditionalAccess\":{{\"userCount\":{caUsers}}},"
                            + $"\"conditionalAccessGuestUsers\":{{\"userCount\":{guests}}}}},"
                            + "\"p2FeatureUtilizations\":"
                            + $"{{\"riskBasedConditionalAccess\":{{\"userCount\":{riskUsers}}},"
                            + $"\"riskBasedConditionalAccessGuestUsers\":{{\"userCount\":{guests}}}}}}}"
                    )
                ),
            };

        [Fact]
        public void Premium_feature_users_within_the_licences_pass_and_guests_are_not_counted()
        {
            // 30 P1 + 20 P2 cover 50 Conditional Access users; the 40 guests on top are billed by monthly active users.
            var result = Run(Insight(30, 20, 50, 20), "EGP108");

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Contains(
                "reports/azureADPremiumLicenseInsight: conditionalAccess users = 50 (guests 40, not counted)",
                result.Evidence
            );
        }

        [Fact]
        public void More_users_than_licences_fail_per_licence()
        {
            var p1Short = Run(Insight(30, 20, 51, 20), "EGP108");
            var bothShort = Run(Insight(10, 5, 60, 9), "EGP108");

            Assert.Equal(PostureStatus.Failed, p1Short.Result);
            Assert.Equal(
                "51 users rely on Conditional Access, 50 hold an Entra ID P1 licence (1 short)",
                p1Short.Findings.Single().Detail
            );
            Assert.Equal(new[] { "Entra ID P1", "Entra ID P2" }, bothShort.Findings.Select(f => f.TargetId));
            Assert.Equal(
                "9 users rely on risk-based Conditional Access, 5 hold an Entra ID P2 licence (4 short)",
                bothShort.Findings[1].Detail
            );
        }

        [Fact]
        public void Missing_counts_skip_unless_another_licence_already_fails()
        {
            TenantSnapshot Partial(string body) =>
                new()
                {
                    SubscribedSkus = P2,
                    PremiumLicenseInsight = GraphPostureJson.ReadPremiumLicenseInsight(Body(body)),
                };

            var noP2Usage = Run(
                Partial(
                    "{\"entitledP1LicenseCount\":1,\"entitledP2LicenseCount\":\"2\","
                        + "\"p1FeatureUtilizations\":{\"conditionalAccess\":{\"userCount\":2}}}"
                ),
                "EGP108"
            );
            var nothing = Run(Partial("{}"), "EGP108");
            var shortAndUnknown = Run(
                Partial(
                    "{\"entitledP1LicenseCount\":1,\"entitledP2LicenseCount\":0,"
                        + "\"p1FeatureUtilizations\":{\"conditionalAccess\":{\"userCount\":5}}}"
                ),
                "EGP108"
            );

            Assert.Equal(PostureStatus.Skipped, noP2Usage.Result);
            Assert.Equal(
                "skipped: reports/azureADPremiumLicenseInsight did not return the Entra ID P2 counts",
                noP2Usage.Reason
            );
            Assert.Equal(PostureStatus.Skipped, nothing.Result);
            Assert.Equal(PostureStatus.Failed, shortAndUnknown.Result);
        }

        [Fact]
        public void The_licence_check_does_not_apply_without_a_premium_licence_and_a_refused_read_skips()
        {
            var free = Run(new TenantSnapshot { SubscribedSkus = new SubscribedSku[0] }, "EGP108");
            var refused = Run(
                new TenantSnapshot
                {
                    SubscribedSkus = P2,
                    Unavailable = new Dictionary<PostureData, string>
                    {
                        [PostureData.PremiumLicenseInsight] = "403 Forbidden: missingLicense",
                    },
                },
                "EGP108"
            );

            Assert.Equal(PostureStatus.NotApplicable, free.Result);
            Assert.Equal(PostureStatus.Skipped, refused.Result);
            Assert.Equal(
                "skipped: could not read reports/azureADPremiumLicenseInsight: 403 Forbidden: missingLicense",
                refused.Reason
            );
        }

        [Fact]
        public void The_beta_reads_are_named_as_beta()
        {
            Assert.Equal(
                "GET (beta) reports/azureADPremiumLicenseInsight?$select=entitledP1LicenseCount,entitledP2LicenseCount,"
                    + "p1FeatureUtilizations,p2FeatureUtilizations",
                PostureDataSource.PremiumLicenseInsight.ToString()
            );
            Assert.Equal(
                new[]
                {
                    "policies/authenticationMethodsPolicy",
                    "reports/azureADPremiumLicenseInsight",
                    "identity/conditionalAccess/policies",
                    "identityGovernance/roleManagementAlerts/alerts",
                },
                PostureDataSource.All.Where(source => source.Beta).Select(source => source.Path)
            );
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>EGP080: the default app management policy as <c>GET /policies/defaultAppManagementPolicy</c> answers,
    /// judged in a tenant with and without Microsoft Entra Workload ID Premium.</summary>
    public sealed class AppManagementPolicyCheckTests
    {
        private static IReadOnlyList<SubscribedSku> WorkloadId =>
            P2.Append(Sku("Workload_Identities_P2", "7dc0e92d-bf15-401d-907e-0884efe7c760")).ToArray();

        private static TenantSnapshot Policy(bool enabled, string secrets, IReadOnlyList<SubscribedSku>? skus = null) =>
            new()
            {
                SubscribedSkus = skus ?? WorkloadId,
                DefaultAppManagementPolicy = GraphPostureJson.ReadDefaultAppManagementPolicy(
                    Body(
                        $$$"""
                        {"id":"00000000-0000-0000-0000-000000000000","isEnabled":{{{(enabled ? "true" : "false")}}},
                         "applicationRestrictions":{"passwordCredentials":[{{{secrets}}}],
                           "keyCredentials":[{"restrictionType":"asymmetricKeyLifetime","state":"enabled",
                             "maxLifetime":"P365D","restrictForAppsCreatedAfterDateTime":"2019-01-01T00:00:00Z"}]},
                         "servicePrincipalRestrictions":{"passwordCredentials":[],"keyCredentials":[]}}
                        """
                    )
                ),
            };

        private const string BlockSecrets =
            "{\"restrictionType\":\"passwordAddition\",\"state\":\"enabled\",\"maxLifetime\":null,"
            + "\"restrictForAppsCreatedAfterDateTime\":\"2019-01-01T00:00:00Z\"}";

        [Fact]
        public void An_enabled_policy_blocking_secrets_passes()
        {
            var result = Run(Policy(true, BlockSecrets), "EGP080");

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Equal(
                "the default app management policy restricts application secrets: passwordAddition, for apps "
                    + "created after 2019-01-01",
                result.Reason
            );
            Assert.Equal(
                new[]
                {
                    "policies/defaultAppManagementPolicy: isEnabled = true",
                    "applicationRestrictions: passwordAddition, for apps created after 2019-01-01; "
                        + "asymmetricKeyLifetime (at most P365D), for apps created after 2019-01-01",
                    "servicePrincipalRestrictions: none",
                },
                result.Evidence
            );
        }

        [Theory]
        [InlineData(false, BlockSecrets, "the default app management policy is turned off (isEnabled = false)")]
        [InlineData(true, "", "the policy is on but no restriction")]
        [InlineData(
            true,
            "{\"restrictionType\":\"passwordAddition\",\"state\":\"disabled\"}",
            "the policy is on but no restriction"
        )]
        [InlineData(
            true,
            "{\"restrictionType\":\"passwordLifetime\",\"state\":\"enabled\",\"maxLifetime\":\"P90D\","
                + "\"restrictForAppsCreatedAfterDateTime\":\"2030-01-01T00:00:00Z\"}",
            "the policy is on but no restriction"
        )]
        public void A_policy_off_or_without_a_secret_restriction_in_force_fails(
            bool enabled,
            string secrets,
            string detail
        )
        {
            var result = Run(Policy(enabled, secrets), "EGP080");

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.StartsWith(detail, result.Findings.Single().Detail);
        }

        [Fact]
        public void Without_Workload_ID_Premium_the_check_does_not_apply()
        {
            var result = Run(Policy(false, "", skus: P2), "EGP080");

            Assert.Equal(PostureStatus.NotApplicable, result.Result);
            Assert.Equal("not applicable: no Microsoft Entra Workload ID Premium licence", result.Reason);
        }

        [Fact]
        public void Unknown_licences_never_fail_and_an_unread_policy_skips()
        {
            var unknown = Policy(false, "");
            var unread = new TenantSnapshot
            {
                SubscribedSkus = WorkloadId,
                Unavailable = new Dictionary<PostureData, string>
                {
                    [PostureData.DefaultAppManagementPolicy] = "403 Forbidden: Policy.Read.All",
                },
            };

            var withoutSkus = Run(
                new TenantSnapshot { DefaultAppManagementPolicy = unknown.DefaultAppManagementPolicy },
                "EGP080"
            );

            Assert.Equal(PostureStatus.Skipped, withoutSkus.Result);
            Assert.StartsWith("skipped: the tenant's licences are unknown", withoutSkus.Reason);
            Assert.Equal(PostureStatus.Skipped, Run(unread, "EGP080").Result);
        }
    }
}

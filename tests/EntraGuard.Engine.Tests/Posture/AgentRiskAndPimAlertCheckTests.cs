using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>
    /// EGP068 (high-risk agent identities blocked) and EGP069 (privileged roles used by their holders), whose parts
    /// Graph serves in beta only, against answers written in the Graph beta reference's resource shapes.
    /// </summary>
    public sealed class AgentRiskAndPimAlertCheckTests
    {
        private static string AgentPolicy(
            string state = "enabled",
            string risk = "\"high\"",
            string agents = "[\"All\"]",
            string excluded = "[]",
            string resources = "[\"All\"]",
            string grant = "[\"block\"]"
        ) =>
            "{\"id\":\"ca-agents\",\"displayName\":\"Block risky agents\",\"state\":\""
            + state
            + "\","
            + "\"conditions\":{\"agentIdRiskLevels\":"
            + risk
            + ",\"clientAppTypes\":[\"all\"],"
            + "\"clientApplications\":{\"includeServicePrincipals\":[],\"includeAgentIdServicePrincipals\":"
            + agents
            + ",\"excludeAgentIdServicePrincipals\":"
            + excluded
            + ",\"agentIdServicePrincipalFilter\":null},"
            + "\"applications\":{\"includeApplications\":"
            + resources
            + ",\"excludeApplications\":[]},"
            + "\"users\":null},"
            + "\"grantControls\":{\"operator\":\"OR\",\"builtInControls\":"
            + grant
            + "}}";

        private static TenantSnapshot Agents(params string[] policies) =>
            new()
            {
                SubscribedSkus = P2,
                AgentConditionalAccessPolicies = GraphPostureJson
                    .ReadAgentConditionalAccessPolicies(Body("{\"value\":[" + string.Join(",", policies) + "]}"))
                    .Items,
            };

        [Fact]
        public void An_enabled_policy_blocking_every_agent_at_high_risk_passes()
        {
            var single = Run(Agents(AgentPolicy()), "EGP068");
            // A multivalued enum comes as one comma-separated string.
            var several = Run(Agents(AgentPolicy(risk: "\"medium,high\"")), "EGP068");

            Assert.Equal(PostureStatus.Passed, single.Result);
            Assert.Equal(PostureStatus.Passed, several.Result);
            Assert.Equal(
                "identity/conditionalAccess/policies: 'Block risky agents' (enabled) agentIdRiskLevels = medium,high; "
                    + "agents = [All]; resources = [All]",
                several.Evidence.Single()
            );
        }

        [Theory]
        [InlineData("enabledForReportingButNotEnforced", "\"high\"", "[\"All\"]", "[\"block\"]")]
        [InlineData("enabled", "\"medium\"", "[\"All\"]", "[\"block\"]")]
        [InlineData("enabled", "\"high\"", "[\"All\"]", "[\"mfa\"]")]
        [InlineData("enabled", "null", "[\"All\"]", "[\"block\"]")]
        public void No_enforced_block_of_high_risk_agents_fails(string state, string risk, string agents, string grant)
        {
            var result = Run(Agents(AgentPolicy(state, risk, agents, grant: grant)), "EGP068");

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal("tenant", result.Findings.Single().TargetType);
        }

        [Fact]
        public void A_policy_for_some_agents_or_some_resources_fails_where_maester_would_pass()
        {
            var pilot = Run(Agents(AgentPolicy(agents: "[\"7a1c0e55-0a9e-4b3f-8d21-5c6b7a8e9f01\"]")), "EGP068");
            var gaps = Run(
                Agents(
                    AgentPolicy(excluded: "[\"9e2f0000-0000-4000-8000-000000000009\"]", resources: "[\"Office365\"]")
                ),
                "EGP068"
            );

            Assert.Equal(PostureStatus.Failed, pilot.Result);
            Assert.Equal(
                "'Block risky agents' (enabled) blocks high-risk agents but names only some agent identities",
                pilot.Findings.Single().Detail
            );
            Assert.Equal("ca-agents", pilot.Findings.Single().TargetId);
            Assert.Equal(
                "'Block risky agents' (enabled) blocks high-risk agents but leaves agent identities out and does "
                    + "not cover every resource",
                gaps.Findings.Single().Detail
            );
        }

        [Fact]
        public void The_agent_check_needs_p2_and_skips_when_beta_is_refused()
        {
            var free = Run(new TenantSnapshot { SubscribedSkus = Free }, "EGP068");
            var refused = Run(
                new TenantSnapshot
                {
                    SubscribedSkus = P2,
                    Unavailable = new Dictionary<PostureData, string>
                    {
                        [PostureData.AgentConditionalAccessPolicies] = "403 Forbidden: Authorization_RequestDenied",
                    },
                },
                "EGP068"
            );

            Assert.Equal(PostureStatus.NotApplicable, free.Result);
            Assert.Equal(PostureStatus.Skipped, refused.Result);
            Assert.StartsWith("skipped: could not read identity/conditionalAccess/policies", refused.Reason);
        }

        private const string Tenant = "0f1e2d3c-4b5a-4968-8778-a0b1c2d3e4f5";

        private static string Incident(string assignee, string role, string? lastActivation = null) =>
            "{\"@odata.type\":\"#microsoft.graph.redundantAssignmentAlertIncident\",\"id\":\""
            + assignee
            + "_"
            + role
            + "\",\"assigneeId\":\""
            + assignee
            + "\",\"assigneeDisplayName\":\"Name of "
            + assignee.Substring(0, 4)
            + "\",\"assigneeUserPrincipalName\":\""
            + assignee.Substring(0, 4)
            + "@contoso.example\","
            + "\"roleTemplateId\":\""
            + role
            + "\",\"roleDefinitionId\":\""
            + role
            + "\",\"roleDisplayName\":null,"
            + "\"lastActivationDateTime\":"
            + (lastActivation is null ? "null" : "\"" + lastActivation + "\"")
            + "}";

        private static string Alert(string name, string active, params string[] incidents) =>
            "{\"id\":\"DirectoryRole_"
            + Tenant
            + "_"
            + name
            + "\",\"alertDefinitionId\":\"DirectoryRole_"
            + Tenant
            + "_"
            + name
            + "\",\"isActive\":"
            + active
            + ",\"incidentCount\":"
            + incidents.Length
            + ",\"alertIncidents\":["
            + string.Join(",", incidents)
            + "]}";

        private static TenantSnapshot Alerts(params string[] alerts) =>
            new()
            {
                SubscribedSkus = P2,
                RoleManagementAlerts = GraphPostureJson
                    .ReadRoleManagementAlerts(Body("{\"value\":[" + string.Join(",", alerts) + "]}"))
                    .Items,
            };

        [Fact]
        public void Unused_privileged_roles_fail_per_holder_and_other_roles_and_break_glass_are_left_out()
        {
            var result = Run(
                Alerts(
                    Alert("StaleSignInAlert", "true", Incident(Carol, GlobalAdmin)),
                    Alert(
                        "RedundantAssignmentAlert",
                        "true",
                        Incident(Alice, GlobalAdmin),
                        Incident(Bob, UserAdmin, "2026-03-04T10:00:00Z"),
                        Incident(BreakGlassUser, GlobalAdmin),
                        Incident(Dave, "4a5d8f65-41da-4de4-8968-e035b65339cf")
                    )
                ),
                "EGP069",
                BreakGlass
            );

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal(new[] { Alice, Bob }, result.Findings.Select(f => f.TargetId));
            Assert.Equal("Name of a11c holds Global Administrator and has not activated it", result.Findings[0].Detail);
            Assert.Equal(
                "Name of b0b0 holds User Administrator and last activated it 2026-03-04",
                result.Findings[1].Detail
            );
            Assert.Equal(
                "identityGovernance/roleManagementAlerts/alerts: RedundantAssignmentAlert isActive = true, "
                    + "4 incidents, 3 on privileged roles, 1 of them emergency-access accounts (not judged)",
                result.Evidence.Single()
            );
        }

        [Fact]
        public void An_incident_naming_the_role_by_its_definition_id_alone_is_judged()
        {
            var incident = Incident(Alice, GlobalAdmin)
                .Replace("\"roleTemplateId\":\"" + GlobalAdmin + "\"", "\"roleTemplateId\":null");

            var result = Run(Alerts(Alert("RedundantAssignmentAlert", "true", incident)), "EGP069");

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal("Name of a11c holds Global Administrator and has not activated it", result.Findings[0].Detail);
        }

        [Fact]
        public void An_inactive_alert_or_one_naming_no_privileged_role_passes()
        {
            var inactive = Run(Alerts(Alert("RedundantAssignmentAlert", "false")), "EGP069");
            var otherRoles = Run(
                Alerts(
                    Alert("RedundantAssignmentAlert", "true", Incident(Dave, "4a5d8f65-41da-4de4-8968-e035b65339cf"))
                ),
                "EGP069"
            );

            Assert.Equal(PostureStatus.Passed, inactive.Result);
            Assert.Equal(PostureStatus.Passed, otherRoles.Result);
        }

        [Fact]
        public void Without_the_alert_or_pim_the_check_does_not_guess()
        {
            var missing = Run(Alerts(Alert("StaleSignInAlert", "false")), "EGP069");
            var free = Run(new TenantSnapshot { SubscribedSkus = P1 }, "EGP069");

            Assert.Equal(PostureStatus.Skipped, missing.Result);
            Assert.Equal(
                "skipped: identityGovernance/roleManagementAlerts/alerts did not return the RedundantAssignmentAlert",
                missing.Reason
            );
            Assert.Equal(PostureStatus.NotApplicable, free.Result);
        }

        [Fact]
        public void The_alerts_are_read_with_their_incidents_in_one_beta_request()
        {
            Assert.Equal(
                "GET (beta) identityGovernance/roleManagementAlerts/alerts?$select=id,alertDefinitionId,isActive,"
                    + "incidentCount&$expand=alertIncidents",
                PostureDataSource.RoleManagementAlerts.ToString()
            );
            Assert.Equal(
                PostureDataSource.ConditionalAccessPolicies.Path,
                PostureDataSource.AgentConditionalAccessPolicies.Path
            );
            Assert.True(PostureDataSource.AgentConditionalAccessPolicies.Beta);
        }
    }
}

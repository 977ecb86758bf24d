using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using EntraGuard.Graph.Tests.StandIn;
using EntraGuard.Investigation;

namespace EntraGuard.Graph.Tests
{
    /// <summary>
    /// Investigating from Graph against the loopback stand-in: the planted intrusion (an attacker signs in from a new
    /// address, adds a secret to a privileged service principal, uses it), read with one query per subject.
    /// </summary>
    public sealed class InvestigationSourceTests : IAsyncLifetime
    {
        private static readonly DateTimeOffset Added = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        private const string AttackerId = "6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";
        private const string AttackerUpn = "megan.bowen@fabrikam.example";
        private const string SpId = "3f0c9a51-6c1e-4d2b-9a7e-5b1c2d3e4f50";
        private const string AppId = "c2a4e6f8-1b3d-4f5a-8c7e-9d0b1a2c3e4f";
        private const string KeyId = "e3b9f0a2-5d6c-4b7a-8e9f-0a1b2c3d4e5f";
        private const string GraphSpId = "0b1c2d3e-0000-4000-8000-00000000a001";
        private const string WriteAppsRoleId = "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9";
        private const string NewAddress = "198.51.100.7";
        private GraphStandIn _standIn = null!;

        public async Task InitializeAsync() => _standIn = await GraphStandIn.StartAsync();

        public async Task DisposeAsync() => await _standIn.DisposeAsync();

        private GraphSession Connect() =>
            GraphSession.Create(
                TestConnections.AccessToken(_standIn.BaseUrl, TestConnections.FakeToken()),
                TestConnections.Fast()
            );

        private static RiskEvent CredentialAdded(string riskEventId, DateTimeOffset time, string evidenceId) =>
            new()
            {
                RiskEventId = riskEventId,
                RuleId = "EG0001",
                RuleName = "Credential added to a service principal",
                TimeGenerated = time,
                ActorType = ActorType.User,
                ActorId = AttackerId,
                ActorName = AttackerUpn,
                TargetId = SpId,
                TargetName = "Payroll-Sync",
                TargetType = "ServicePrincipal",
                ServicePrincipalId = SpId,
                KeyId = KeyId,
                KeyType = "Password",
                EventIds = new[] { evidenceId },
            };

        private void PlantTenant()
        {
            new SignInFeed(
                _standIn,
                new[]
                {
                    // The attacker's usual address three days before, then a new one minutes before the add.
                    FeedSignIn.User("u-old", Added.AddDays(-3), AttackerId, AttackerUpn, "10.0.0.1"),
                    FeedSignIn.User(
                        "u-new",
                        Added.AddMinutes(-10),
                        AttackerId,
                        AttackerUpn,
                        NewAddress,
                        interactive: false, // a script's token use: the beta log, which carries the user agent
                        userAgent: "python-requests/2.31.0"
                    ),
                    FeedSignIn.Workload("w-1", Added.AddMinutes(20), SpId, AppId, KeyId, NewAddress),
                    FeedSignIn.Workload("w-2", Added.AddMinutes(40), SpId, AppId, KeyId, NewAddress),
                    FeedSignIn.Workload(
                        "w-other-key",
                        Added.AddMinutes(50),
                        SpId,
                        AppId,
                        Guid.Empty.ToString(),
                        "10.0.0.3"
                    ),
                }
            );
            var audits = new[]
            {
                Audit("evt-add", Added, "Add service principal credentials", AttackerId, KeyId),
                Audit("evt-grant", Added.AddMinutes(5), "Add app role assignment to service principal", AttackerId),
                Audit(
                    "evt-someone",
                    Added.AddMinutes(6),
                    "Add member to group",
                    "11111111-1111-1111-1111-111111111111"
                ),
            };
            _standIn.On(
                "GET",
                AuditFeed.Path,
                (context, request) =>
                {
                    request.Query.TryGetValue("$filter", out var filter);
                    var (from, to) = AuditFeed.Bounds(filter);
                    var selected = audits.Where(a => (from is null || a.Time >= from) && (to is null || a.Time <= to));
                    return GraphStandIn.Json(
                        context,
                        "{\"value\":[" + string.Join(",", selected.Select(a => a.Json)) + "]}"
                    );
                }
            );
            _standIn.OnJson(
                "GET",
                $"/servicePrincipals/{SpId}/appRoleAssignments",
                $"{{\"value\":[{{\"appRoleId\":\"{WriteAppsRoleId}\",\"resourceId\":\"{GraphSpId}\"}}]}}"
            );
            _standIn.OnJson(
                "GET",
                $"/servicePrincipals/{SpId}/oauth2PermissionGrants",
                $"{{\"value\":[{{\"resourceId\":\"{GraphSpId}\",\"scope\":\"User.Read offline_access\"}}]}}"
            );
            _standIn.OnJson(
                "GET",
                $"/servicePrincipals/{GraphSpId}",
                "{\"displayName\":\"Microsoft Graph\",\"appRoles\":[{\"id\":\""
                    + WriteAppsRoleId
                    + "\",\"value\":\"Application.ReadWrite.All\"}]}"
            );
            _standIn.OnJson(
                "GET",
                "/roleManagement/directory/roleAssignments",
                "{\"value\":[{\"roleDefinitionId\":\"88d8e3e3-8f55-4a1e-953a-9b9898b8876b\","
                    + "\"roleDefinition\":{\"id\":\"88d8e3e3-8f55-4a1e-953a-9b9898b8876b\","
                    + "\"displayName\":\"Directory Readers\"}}]}"
            );
        }

        private static (DateTimeOffset Time, string Json) Audit(
            string id,
            DateTimeOffset time,
            string activity,
            string userId,
            string? keyId = null
        )
        {
            var keys = keyId is null
                ? "[]"
                : JsonSerializer.Serialize(
                    JsonSerializer.Serialize(
                        new[] { $"[KeyIdentifier={keyId},KeyType=Password,KeyUsage=Verify,DisplayName=x]" }
                    )
                );
            var json =
                $"{{\"id\":\"{id}\",\"category\":\"ApplicationManagement\",\"result\":\"success\","
                + $"\"activityDisplayName\":{JsonSerializer.Serialize(activity)},"
                + $"\"activityDateTime\":\"{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\","
                + "\"loggedByService\":\"Core Directory\",\"operationType\":\"Add\","
                + $"\"initiatedBy\":{{\"user\":{{\"id\":\"{userId}\",\"userPrincipalName\":null,"
                + $"\"ipAddress\":\"{NewAddress}\"}}}},"
                + $"\"targetResources\":[{{\"id\":\"{SpId}\",\"displayName\":\"Payroll-Sync\","
                + "\"type\":\"ServicePrincipal\",\"modifiedProperties\":[{\"displayName\":\"KeyDescription\","
                + $"\"oldValue\":\"[]\",\"newValue\":{(keyId is null ? "\"[]\"" : keys)}}}]}}],"
                + "\"additionalDetails\":[]}";
            return (time, json);
        }

        private static InvestigationOptions Options() => new() { Now = Added.AddDays(3) };

        [Fact]
        public void The_planted_case_is_answered_from_graph_with_one_query_per_subject_and_reach_filled()
        {
            PlantTenant();
            using var session = Connect();
            // Two findings about the same actor and target an hour apart: their windows merge into one read each.
            var riskEvents = new[]
            {
                CredentialAdded("re-1", Added, "evt-add"),
                CredentialAdded("re-2", Added.AddHours(1), "evt-add"),
            };

            var reads = new InvestigationReads();
            var contexts = InvestigationSession.Investigate(
                riskEvents,
                new GraphInvestigationSource(session),
                Options(),
                reads
            );

            var context = contexts[0];
            Assert.True(context.CredentialUsed);
            Assert.Equal(2, context.CredentialSignInCount);
            Assert.Equal(new[] { NewAddress }, context.CredentialIpAddresses);
            Assert.Equal(Added.AddMinutes(20), context.CredentialFirstUsed);
            Assert.Equal("Password", context.CredentialType);
            Assert.Equal(new[] { NewAddress }, context.ActorNewIpAddresses);
            Assert.True(context.ActorScriptingClient);
            // The actor's other change and another admin's change to the same service principal.
            Assert.Equal(new[] { "evt-grant", "evt-someone" }, context.RelatedEventIds);
            Assert.Equal(0, context.ActorPriorSameActivityCount);
            Assert.Equal(new[] { "Microsoft Graph: Application.ReadWrite.All" }, context.ReachApplicationPermissions);
            Assert.Equal(
                new[] { "Microsoft Graph: User.Read", "Microsoft Graph: offline_access" },
                context.ReachDelegatedGrants
            );
            Assert.Equal(new[] { "Directory Readers" }, context.ReachDirectoryRoles);
            Assert.True(context.TargetPrivileged);
            Assert.Equal(new[] { "Microsoft Graph: Application.ReadWrite.All" }, context.ReachHighImpact);
            Assert.Contains("highly privileged", context.Summary);

            // The user's two logs, the service principal's log, the actor's and the target's audits, then the reach:
            // role assignments, app role assignments, grants and the one resource they name. Nothing per finding.
            var requests = _standIn.Requests;
            Assert.Single(_standIn.RequestsTo(SignInFeed.Path));
            Assert.Equal(2, _standIn.RequestsTo(SignInFeed.Path, GraphStandIn.Beta).Count);
            Assert.Equal(2, _standIn.RequestsTo(AuditFeed.Path).Count);
            Assert.Equal(9, requests.Count);
            Assert.Contains(
                _standIn.RequestsTo(SignInFeed.Path, GraphStandIn.Beta),
                r => r.Query["$filter"].Contains($"servicePrincipalId eq '{SpId}'")
            );
            Assert.Contains(
                _standIn.RequestsTo(AuditFeed.Path),
                r => r.Query["$filter"].Contains($"initiatedBy/user/id eq '{AttackerId}'")
            );
            Assert.Equal(5, reads.SignIns.Events);
        }

        [Fact]
        public void A_reach_list_graph_refuses_is_unknown_not_empty()
        {
            PlantTenant();
            _standIn.On(
                "GET",
                $"/servicePrincipals/{SpId}/oauth2PermissionGrants",
                (context, _) =>
                    GraphStandIn.Error(context, 403, "Authorization_RequestDenied", "Insufficient privileges.")
            );
            using var session = Connect();
            var warnings = new List<string>();

            var context = InvestigationSession
                .Investigate(
                    new[] { CredentialAdded("re-1", Added, "evt-add") },
                    new GraphInvestigationSource(session, new Collection.CollectionObserver { Warning = warnings.Add }),
                    Options()
                )
                .Single();

            Assert.Null(context.ReachDelegatedGrants);
            Assert.NotNull(context.ReachApplicationPermissions);
            Assert.True(context.TargetPrivileged);
            Assert.Contains(warnings, w => w.Contains("delegated grants") && w.Contains(SpId));
        }
    }
}

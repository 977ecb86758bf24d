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
                ActorId = InvestigationTenant.AttackerId,
                ActorName = InvestigationTenant.AttackerUpn,
                TargetId = InvestigationTenant.SpId,
                TargetName = "Payroll-Sync",
                TargetType = "ServicePrincipal",
                ServicePrincipalId = InvestigationTenant.SpId,
                KeyId = InvestigationTenant.KeyId,
                KeyType = "Password",
                EventIds = new[] { evidenceId },
            };

        private static InvestigationOptions Options() => new() { Now = InvestigationTenant.Added.AddDays(3) };

        [Fact]
        public void The_planted_case_is_answered_from_graph_with_one_query_per_subject_and_reach_filled()
        {
            InvestigationTenant.Plant(_standIn);
            using var session = Connect();
            // Two findings about the same actor and target an hour apart: their windows merge into one read each.
            var riskEvents = new[]
            {
                CredentialAdded("re-1", InvestigationTenant.Added, "evt-add"),
                CredentialAdded("re-2", InvestigationTenant.Added.AddHours(1), "evt-add"),
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
            Assert.Equal(new[] { InvestigationTenant.NewAddress }, context.CredentialIpAddresses);
            Assert.Equal(InvestigationTenant.Added.AddMinutes(20), context.CredentialFirstUsed);
            Assert.Equal("Password", context.CredentialType);
            Assert.Equal(new[] { InvestigationTenant.NewAddress }, context.ActorNewIpAddresses);
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
                r => r.Query["$filter"].Contains($"servicePrincipalId eq '{InvestigationTenant.SpId}'")
            );
            var roles = Assert.Single(_standIn.RequestsTo("/roleManagement/directory/roleAssignments"));
            Assert.Equal($"principalId eq '{InvestigationTenant.SpId}'", roles.Query["$filter"]);
            Assert.Equal("roleDefinition", roles.Query["$expand"]);
            Assert.Contains(
                _standIn.RequestsTo(AuditFeed.Path),
                r => r.Query["$filter"].Contains($"initiatedBy/user/id eq '{InvestigationTenant.AttackerId}'")
            );
            Assert.Equal(5, reads.SignIns.Events);
        }

        [Fact]
        public void A_reach_list_graph_refuses_is_unknown_not_empty()
        {
            InvestigationTenant.Plant(_standIn);
            _standIn.On(
                "GET",
                $"/servicePrincipals/{InvestigationTenant.SpId}/oauth2PermissionGrants",
                (context, _) =>
                    GraphStandIn.Error(context, 403, "Authorization_RequestDenied", "Insufficient privileges.")
            );
            using var session = Connect();
            var warnings = new List<string>();

            var context = InvestigationSession
                .Investigate(
                    new[] { CredentialAdded("re-1", InvestigationTenant.Added, "evt-add") },
                    new GraphInvestigationSource(session, new Collection.CollectionObserver { Warning = warnings.Add }),
                    Options()
                )
                .Single();

            Assert.Null(context.ReachDelegatedGrants);
            Assert.NotNull(context.ReachApplicationPermissions);
            Assert.True(context.TargetPrivileged);
            Assert.Contains(warnings, w => w.Contains("delegated grants") && w.Contains(InvestigationTenant.SpId));
        }
    }
}

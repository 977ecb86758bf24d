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
            // Two uses inside the window and one two days later: the key's use is read up to now.
            Assert.Equal(3, context.CredentialSignInCount);
            Assert.Equal(new[] { InvestigationTenant.NewAddress }, context.CredentialIpAddresses);
            Assert.Equal(InvestigationTenant.Added.AddMinutes(20), context.CredentialFirstUsed);
            Assert.Equal(InvestigationTenant.Added.AddDays(2), context.CredentialLastUsed);
            Assert.Contains("sign-ins read up to 2026-05-04 12:00:00Z", context.Summary);
            Assert.Equal(InvestigationTenant.Added.AddDays(730), context.CredentialEndDateTime);
            Assert.Equal(730, context.CredentialLifetimeDays);
            Assert.True(context.CredentialLongLived);
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
            Assert.Equal(
                new[] { "Privileged Role Administrator (via Tier0-Automation)" },
                context.TargetRolesViaGroups
            );
            Assert.Equal(new[] { "Application Administrator" }, context.TargetEligibleRoles);
            Assert.True(context.TargetPrivileged);
            Assert.Equal(
                new[]
                {
                    "Microsoft Graph: Application.ReadWrite.All",
                    "Directory role via Tier0-Automation: Privileged Role Administrator",
                    "Eligible directory role: Application Administrator",
                },
                context.ReachHighImpact
            );
            Assert.Contains("highly privileged", context.Summary);

            // The user's two logs, the service principal's log, the actor's and the target's audits, then the reach:
            // groups, role assignments (its own and its groups' in one filter), eligible roles, its credentials, app
            // role assignments, grants and the one resource they name. Nothing per finding.
            var requests = _standIn.Requests;
            Assert.Single(_standIn.RequestsTo(SignInFeed.Path));
            Assert.Equal(2, _standIn.RequestsTo(SignInFeed.Path, GraphStandIn.Beta).Count);
            Assert.Equal(2, _standIn.RequestsTo(AuditFeed.Path).Count);
            Assert.Equal(InvestigationTenant.PlantedCaseRequests, requests.Count);
            Assert.Contains(
                _standIn.RequestsTo(SignInFeed.Path, GraphStandIn.Beta),
                r => r.Query["$filter"].Contains($"servicePrincipalId eq '{InvestigationTenant.SpId}'")
            );
            var groups = Assert.Single(
                _standIn.RequestsTo($"/servicePrincipals/{InvestigationTenant.SpId}/transitiveMemberOf")
            );
            Assert.Equal("id,displayName,isAssignableToRole", groups.Query["$select"]);
            var roles = Assert.Single(_standIn.RequestsTo(InvestigationTenant.RolesPath));
            Assert.Equal(
                $"principalId in ('{InvestigationTenant.SpId}','{InvestigationTenant.Tier0GroupId}')",
                roles.Query["$filter"]
            );
            Assert.Equal("roleDefinition", roles.Query["$expand"]);
            var eligible = Assert.Single(_standIn.RequestsTo(InvestigationTenant.EligibilityPath));
            Assert.Equal($"principalId eq '{InvestigationTenant.SpId}'", eligible.Query["$filter"]);
            Assert.Equal("roleDefinition", eligible.Query["$expand"]);
            var credentials = Assert.Single(_standIn.RequestsTo($"/servicePrincipals/{InvestigationTenant.SpId}"));
            Assert.Equal("passwordCredentials,keyCredentials", credentials.Query["$select"]);
            Assert.Contains(
                _standIn.RequestsTo(AuditFeed.Path),
                r => r.Query["$filter"].Contains($"initiatedBy/user/id eq '{InvestigationTenant.AttackerId}'")
            );
            Assert.Equal(6, reads.SignIns.Events);
        }

        [Fact]
        public void Without_a_p2_licence_the_eligible_roles_are_unknown_and_the_summary_says_why()
        {
            var warnings = new List<string>();

            var context = InvestigateWhileRefusing(
                InvestigationTenant.EligibilityPath,
                400,
                "AadPremiumLicenseRequired",
                warnings
            );

            Assert.Null(context.TargetEligibleRoles);
            Assert.NotNull(context.TargetRolesViaGroups);
            Assert.True(context.TargetPrivileged);
            Assert.Contains(
                "Unknown: eligible roles (the tenant has no Entra ID P2 (or Governance) licence)",
                context.Summary
            );
            Assert.Contains(warnings, w => w.Contains("eligible roles") && w.Contains(InvestigationTenant.SpId));
        }

        [Fact]
        public void Unreadable_credentials_leave_the_end_date_unknown_and_key_use_is_read_from_the_add()
        {
            var context = InvestigateWhileRefusing(
                $"/servicePrincipals/{InvestigationTenant.SpId}",
                403,
                "Authorization_RequestDenied",
                new List<string>()
            );

            Assert.Null(context.CredentialEndDateTime);
            Assert.Null(context.CredentialLongLived);
            Assert.Contains("end date is unknown", context.Summary);
            Assert.Contains("credentials (the connection lacks Application.Read.All)", context.Summary);
            // The key's use is asked for from its add on: nothing earlier can be the new key.
            var keyUse = Assert.Single(
                _standIn.RequestsTo(SignInFeed.Path, GraphStandIn.Beta),
                r => r.Query["$filter"].Contains($"servicePrincipalId eq '{InvestigationTenant.SpId}'")
            );
            Assert.Contains("createdDateTime ge 2026-05-01T12:00:00", keyUse.Query["$filter"]);
        }

        [Fact]
        public void A_reach_list_graph_refuses_is_unknown_not_empty()
        {
            var warnings = new List<string>();

            var context = InvestigateWhileRefusing(
                $"/servicePrincipals/{InvestigationTenant.SpId}/oauth2PermissionGrants",
                403,
                "Authorization_RequestDenied",
                warnings
            );

            Assert.Null(context.ReachDelegatedGrants);
            Assert.NotNull(context.ReachApplicationPermissions);
            Assert.True(context.TargetPrivileged);
            Assert.Contains(warnings, w => w.Contains("delegated grants") && w.Contains(InvestigationTenant.SpId));
        }

        /// <summary>The planted finding investigated while Graph answers one path with an error.</summary>
        private RiskEventContext InvestigateWhileRefusing(string path, int status, string code, List<string> warnings)
        {
            InvestigationTenant.Plant(_standIn);
            _standIn.On("GET", path, (context, _) => GraphStandIn.Error(context, status, code, "Refused."));
            using var session = Connect();
            return InvestigationSession
                .Investigate(
                    new[] { CredentialAdded("re-1", InvestigationTenant.Added, "evt-add") },
                    new GraphInvestigationSource(session, new Collection.CollectionObserver { Warning = warnings.Add }),
                    Options()
                )
                .Single();
        }
    }
}

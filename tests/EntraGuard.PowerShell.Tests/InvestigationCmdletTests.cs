using System.Linq;

namespace EntraGuard.PowerShell.Tests
{
    /// <summary>Get-EntraRiskEventContext in a user's pipeline, over the sample tenant's audit and sign-in
    /// exports.</summary>
    public sealed class InvestigationCmdletTests
    {
        [Fact]
        public void The_planted_finding_gets_its_context_in_the_pipeline()
        {
            using var session = new ModuleSession();

            var contexts = session.Invoke(
                "Get-EntraRiskEvent -Path ./samples/graph -RuleId EG0001 | "
                    + "Get-EntraRiskEventContext -Path ./samples/graph, ./samples/signins/graph | "
                    + "Where-Object { $_.TargetName -eq 'Payroll-Sync' -and $_.ActorName -like 'megan*' }"
            );

            var planted = Assert.Single(contexts);
            Assert.Equal(true, planted.Properties["CredentialUsed"].Value);
            Assert.Equal(6, planted.Properties["CredentialSignInCount"].Value);
            Assert.Contains(
                "203.0.113.77",
                ((System.Collections.IEnumerable)planted.Properties["ActorNewIpAddresses"].Value)
                    .Cast<object>()
                    .Select(a => a.ToString())
            );
        }

        [Fact]
        public void Without_sign_ins_credential_use_is_unknown_not_false()
        {
            using var session = new ModuleSession();

            var planted = Assert.Single(
                session.Invoke(
                    "Get-EntraRiskEvent -Path ./samples/graph -RuleId EG0001 | "
                        + "Get-EntraRiskEventContext -Path ./samples/graph | "
                        + "Where-Object { $_.TargetName -eq 'Payroll-Sync' -and $_.ActorName -like 'megan*' }"
                )
            );

            Assert.Null(planted.Properties["CredentialUsed"].Value);
            Assert.Contains("sign-in", (string)planted.Properties["Summary"].Value);
        }

        [Fact]
        public void History_sets_how_far_back_an_address_counts_as_known()
        {
            using var session = new ModuleSession();
            string[] NewAddresses(string history) =>
                (
                    (System.Collections.IEnumerable)
                        Assert
                            .Single(
                                session.Invoke(
                                    "Get-EntraRiskEvent -Path ./samples/graph -RuleId EG0001 | "
                                        + "Get-EntraRiskEventContext -Path ./samples/graph, ./samples/signins/graph "
                                        + history
                                        + " | Where-Object { $_.TargetName -eq 'Payroll-Sync' -and "
                                        + "$_.ActorName -like 'megan*' }"
                                )
                            )
                            .Properties["ActorNewIpAddresses"]
                            .Value
                )
                    .Cast<object>()
                    .Select(a => a.ToString()!)
                    .ToArray();

            Assert.Equal(new[] { "203.0.113.77" }, NewAddresses(""));
            Assert.Contains("10.20.32.12", NewAddresses("-History 00:01:00"));
        }
    }
}

namespace EntraGuard.PowerShell.Tests
{
    /// <summary>Get-EntraRiskEventContext connected to the loopback tenant: no -Path reads Microsoft Graph.</summary>
    [Xunit.Collection(GraphConnectionCollection.Name)]
    public sealed class InvestigationGraphCmdletTests : ConnectedTests
    {
        [Fact]
        public void Connected_and_without_a_path_the_planted_finding_is_investigated_from_graph()
        {
            Graph.Tests.StandIn.InvestigationTenant.Plant(Tenant.Graph);
            var before = Tenant.Graph.Requests.Count;

            var context = Assert.Single(
                Tenant.Session.Invoke(
                    // The finding as the module's own type, built from the JSON line a scan writes.
                    "$e = $args[0] | ConvertFrom-Json; "
                        + "[EntraGuard.RiskEvent]@{ RiskEventId = $e.RiskEventId; RuleId = $e.RuleId; "
                        + "TimeGenerated = [DateTimeOffset]$e.TimeGenerated; ActorType = $e.ActorType; "
                        + "ActorId = $e.ActorId; ActorName = $e.Actor; TargetId = $e.TargetId; "
                        + "TargetType = $e.TargetType; ServicePrincipalId = $e.ServicePrincipalId; KeyId = $e.KeyId; "
                        + "KeyType = $e.KeyType; EventIds = [string[]]$e.EventIds } | "
                        + "Get-EntraRiskEventContext -Window 1.00:00:00 -Until ([DateTime]'2026-05-04T12:00:00Z')",
                    Graph.Tests.StandIn.InvestigationTenant.RiskEventJson()
                )
            );

            Assert.Equal(true, context.Properties["CredentialUsed"].Value);
            Assert.Equal(3, context.Properties["CredentialSignInCount"].Value);
            Assert.Equal(true, context.Properties["CredentialLongLived"].Value);
            Assert.Equal(
                new[] { "Application Administrator" },
                ((System.Collections.IEnumerable)context.Properties["TargetEligibleRoles"].Value)
                    .Cast<object>()
                    .Select(p => p.ToString())
            );
            Assert.Equal(true, context.Properties["TargetPrivileged"].Value);
            Assert.Equal(
                new[] { "Microsoft Graph: Application.ReadWrite.All" },
                ((System.Collections.IEnumerable)context.Properties["ReachApplicationPermissions"].Value)
                    .Cast<object>()
                    .Select(p => p.ToString())
            );
            Assert.Equal(
                Graph.Tests.StandIn.InvestigationTenant.PlantedCaseRequests,
                Tenant.Graph.Requests.Count - before
            );
        }
    }
}

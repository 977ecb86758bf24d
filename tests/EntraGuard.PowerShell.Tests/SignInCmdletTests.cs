using System;
using System.Linq;
using System.Management.Automation;
using EntraGuard.Graph.Tests.StandIn;
using static EntraGuard.PowerShell.Tests.LoopbackTenant;

namespace EntraGuard.PowerShell.Tests
{
    /// <summary>Get-EntraSignInEvent over the sample tenant's sign-in exports.</summary>
    public sealed class SignInFileCmdletTests
    {
        [Fact]
        public void The_rogue_secret_s_uses_are_found_in_the_exported_service_principal_sign_ins()
        {
            using var session = new ModuleSession();

            var uses = session.Invoke(
                "Get-EntraSignInEvent -Path ./samples/signins/graph -EventType ServicePrincipal | "
                    + "Where-Object IpAddress -eq '203.0.113.77'"
            );

            Assert.Equal(6, uses.Count);
            Assert.All(uses, u => Assert.Equal("ServicePrincipal", u.Properties["Kind"].Value.ToString()));
            Assert.Single(uses.Select(u => (string)u.Properties["ServicePrincipalCredentialKeyId"].Value).Distinct());
        }

        [Fact]
        public void The_user_and_time_filters_apply_to_files()
        {
            using var session = new ModuleSession();

            var signIns = session.Invoke(
                "Get-EntraSignInEvent -Path ./samples/signins -UserId megan.bowen@fabrikam.example "
                    + "-Since ([DateTimeOffset]'2026-11-14T09:00:00Z').UtcDateTime "
                    + "-Until ([DateTimeOffset]'2026-11-14T09:30:00Z').UtcDateTime"
            );

            Assert.NotEmpty(signIns);
            Assert.All(
                signIns,
                s => Assert.Equal("megan.bowen@fabrikam.example", (string)s.Properties["UserPrincipalName"].Value)
            );
            Assert.Contains(signIns, s => (string)s.Properties["IpAddress"].Value == "203.0.113.77");
        }

        [Fact]
        public void Files_without_a_sign_in_are_an_error_unless_allowed()
        {
            using var session = new ModuleSession();

            var empty = session.Run("Get-EntraSignInEvent -Path ./samples/graph");
            var allowed = session.Run("Get-EntraSignInEvent -Path ./samples/graph -AllowEmpty");

            var error = Assert.Single(empty.Errors);
            Assert.Equal("NoSignIns,EntraGuard.Commands.GetEntraSignInEventCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            Assert.Contains("-AllowEmpty", error.Exception.Message);
            Assert.Empty(allowed.Errors);
            Assert.Empty(allowed.Output);
        }

        [Fact]
        public void A_contradictory_query_stops_with_an_invalid_argument_error()
        {
            using var session = new ModuleSession();

            var (ending, run) = session.RunCatching(
                "Get-EntraSignInEvent -Path ./samples/signins -UserId megan.bowen@fabrikam.example "
                    + "-EventType ManagedIdentity"
            );

            Assert.Equal("terminated:InvalidSignInQuery,EntraGuard.Commands.GetEntraSignInEventCommand", ending);
        }
    }

    /// <summary>Get-EntraSignInEvent connected to the loopback tenant.</summary>
    [Collection(GraphConnectionCollection.Name)]
    public sealed class SignInGraphCmdletTests : ConnectedTests
    {
        [Fact]
        public void A_service_principal_s_sign_ins_come_from_the_workload_logs_only()
        {
            var now = DateTimeOffset.UtcNow;
            var feed = new SignInFeed(
                Tenant.Graph,
                Enumerable
                    .Range(0, 3)
                    .Select(i =>
                        FeedSignIn.Workload(
                            $"spn-{i}",
                            now.AddMinutes(-5 * i - 1),
                            ServicePrincipalId,
                            ServicePrincipalAppId,
                            PasswordKeyId,
                            "10.1.1.1"
                        )
                    )
                    .Append(FeedSignIn.User("usr-0", now.AddMinutes(-2), UserId, UserPrincipalName, "10.2.2.2"))
            );

            var signIns = Tenant.Session.Invoke(
                "Get-EntraSignInEvent -ServicePrincipalId $args[0] -Since (Get-Date).AddHours(-1)",
                ServicePrincipalId
            );

            Assert.Equal(new[] { "spn-0", "spn-1", "spn-2" }, signIns.Select(s => (string)s.Properties["Id"].Value));
            Assert.All(
                signIns,
                s => Assert.Equal(PasswordKeyId, s.Properties["ServicePrincipalCredentialKeyId"].Value)
            );
            Assert.Equal(2, feed.Requests.Count);
            Assert.All(
                feed.Requests,
                r => Assert.Contains($"servicePrincipalId eq '{ServicePrincipalId}'", r.Query["$filter"])
            );
        }

        [Fact]
        public void A_read_Graph_refuses_is_a_non_terminating_permission_error()
        {
            Tenant.Graph.OnJson(
                "GET",
                SignInFeed.Path,
                "{\"error\":{\"code\":\"Authentication_RequestFromNonPremiumTenantOrB2CTenant\","
                    + "\"message\":\"Neither tenant is B2C or tenant doesn't have premium license\"}}",
                403
            );

            var (ending, run) = Tenant.Session.RunCatching(
                "Get-EntraSignInEvent -EventType InteractiveUser -Since (Get-Date).AddHours(-1)"
            );

            Assert.Equal("completed", ending);
            var error = Assert.Single(run.Errors);
            Assert.Equal(
                "GraphPermissionDenied,EntraGuard.Commands.GetEntraSignInEventCommand",
                error.FullyQualifiedErrorId
            );
            Assert.Contains("AuditLog.Read.All", error.Exception.Message);
        }
    }
}

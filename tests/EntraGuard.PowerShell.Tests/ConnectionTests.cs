using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;

namespace EntraGuard.PowerShell.Tests
{
    /// <summary>
    /// Connect-EntraGuard, Get-EntraGuardContext, Disconnect-EntraGuard, and what needs a connection.
    /// </summary>
    [Collection(GraphConnectionCollection.Name)]
    public sealed class ConnectionTests
    {
        [Fact]
        public async Task Context_shows_the_connection_until_disconnect_returns_it()
        {
            await using var tenant = await LoopbackTenant.ConnectAsync();
            var session = tenant.Session;

            var context = Assert.Single(session.Invoke("Get-EntraGuardContext"));
            Assert.Equal(LoopbackTenant.TenantId, context.Properties["TenantId"].Value?.ToString());
            Assert.Equal(tenant.Graph.BaseUrl, context.Properties["GraphBaseUrl"].Value?.ToString());

            var closed = Assert.Single(session.Invoke("Disconnect-EntraGuard"));
            Assert.Equal(LoopbackTenant.TenantId, closed.Properties["TenantId"].Value?.ToString());
            Assert.Empty(session.Invoke("Get-EntraGuardContext"));
            Assert.Empty(session.Invoke("Disconnect-EntraGuard"));
        }

        [Fact]
        public void PassThru_writes_the_context_and_a_plain_http_proxy_is_refused_as_a_terminating_argument_error()
        {
            using var session = new ModuleSession();
            var token = LoopbackTenant.AccessToken();
            try
            {
                var info = Assert.Single(
                    session.Invoke(
                        "Connect-EntraGuard -AccessToken (ConvertTo-SecureString $args[0] -AsPlainText -Force) "
                            + "-GraphBaseUrl 'http://127.0.0.1:9/v1.0' -PassThru",
                        token
                    )
                );
                Assert.Equal(LoopbackTenant.ConnectedAppId, info.Properties["ClientId"].Value?.ToString());

                var (ending, _) = session.RunCatching(
                    "Connect-EntraGuard -AccessToken (ConvertTo-SecureString $args[0] -AsPlainText -Force) "
                        + "-GraphBaseUrl 'http://proxy.contoso.example/v1.0'",
                    token
                );
                Assert.Equal(
                    "terminated:InvalidConnectionOptions,EntraGuard.Commands.ConnectEntraGuardCommand",
                    ending
                );
            }
            finally
            {
                session.Invoke("Disconnect-EntraGuard | Out-Null");
            }
        }

        [Theory]
        [InlineData("Get-EntraAuditEvent -Since (Get-Date).AddHours(-1)", "GetEntraAuditEventCommand")]
        [InlineData(
            "Get-EntraUserSecurityInfo -UserId megan.bowen@fabrikam.example",
            "GetEntraUserSecurityInfoCommand"
        )]
        [InlineData("Test-EntraGuardPosture", "TestEntraGuardPostureCommand")]
        [InlineData("Get-EntraRiskEvent -Path ./samples/graph -IncludeIdentityProtection", "GetEntraRiskEventCommand")]
        [InlineData("Disable-EntraUser -UserId megan.bowen@fabrikam.example -WhatIf", "DisableEntraUserCommand")]
        public void Graph_work_without_a_connection_stops_with_NotConnected(string command, string type)
        {
            using var session = new ModuleSession();
            session.Invoke("Disconnect-EntraGuard | Out-Null");

            var (ending, run) = session.RunCatching(command);

            Assert.Equal($"terminated:NotConnected,EntraGuard.Commands.{type}", ending);
            Assert.Empty(run.Errors);
        }

        [Fact]
        public void Test_RareCredentialActor_without_events_or_a_connection_asks_for_input()
        {
            using var session = new ModuleSession();
            session.Invoke("Disconnect-EntraGuard | Out-Null");

            var (ending, _) = session.RunCatching("Test-RareCredentialActor");
            var message = session.Run("try { Test-RareCredentialActor } catch { $_.Exception.Message }").Values;
            var scan = session.Run("try { Get-EntraRiskEvent } catch { $_.Exception.Message }").Values;

            Assert.Equal("terminated:NoAuditSource,EntraGuard.Commands.TestRareCredentialActorCommand", ending);
            Assert.Equal(
                "No audit events: pass -Path, or pipe events in (e.g. Get-EntraAuditEvent -Path … | "
                    + "Test-RareCredentialActor), or run Connect-EntraGuard first to judge the last 9 minutes (and the "
                    + "history before them) from Microsoft Graph.",
                Assert.Single(message)
            );
            // Get-EntraRiskEvent never reads Graph itself: connecting would not help it.
            Assert.DoesNotContain("Connect-EntraGuard", (string)Assert.Single(scan));
        }

        [Fact]
        public void The_NotConnected_error_has_the_connection_category()
        {
            using var session = new ModuleSession();
            session.Invoke("Disconnect-EntraGuard | Out-Null");

            var run = session.Run("Get-EntraUserSecurityInfo -UserId megan.bowen@fabrikam.example");

            var error = Assert.Single(run.Errors);
            Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
            Assert.Contains("Connect-EntraGuard", error.Exception.Message);
            Assert.Empty(run.Output);
        }
    }
}

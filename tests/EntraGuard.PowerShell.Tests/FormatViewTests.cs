using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using System.Xml.Linq;
using EntraGuard.Graph.Tests.StandIn;
using static EntraGuard.PowerShell.Tests.LoopbackTenant;

namespace EntraGuard.PowerShell.Tests
{
    /// <summary>
    /// Every type the format file declares, made by the cmdlets and rendered as a table and as a list.
    /// </summary>
    [Collection(GraphConnectionCollection.Name)]
    public sealed class FormatViewTests : ConnectedTests
    {
        private const string UserWithAKey = "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a";

        /// <summary>A pipeline that writes objects of each type the format file has views for.</summary>
        private static readonly (string Type, string Pipeline)[] Producers =
        {
            ("EntraGuard.AuditEvent", "Get-EntraAuditEvent -Path ./samples/graph | Select-Object -First 5"),
            ("EntraGuard.SignInEvent", "Get-EntraSignInEvent -Path ./samples/signins/graph | Select-Object -First 5"),
            ("EntraGuard.RiskEvent", "Get-EntraRiskEvent -Path ./samples/graph | Select-Object -First 5"),
            ("EntraGuard.Detection.Rule", "Get-EntraGuardRule"),
            ("EntraGuard.Export.RuleExport", "Get-EntraGuardRule -RuleId EG0001 | Export-EntraGuardRule -Format Kql"),
            ("EntraGuard.Collection.GraphConnectionInfo", "Get-EntraGuardContext"),
            (
                "EntraGuard.Response.ActionResult",
                $"Revoke-EntraUserSession -UserId {UserId} -JournalPath $args[0] -Confirm:$false"
            ),
            (
                "EntraGuard.Response.JournalRecord",
                $"Disable-EntraUser -UserId {UserId} -JournalPath $args[0] -Confirm:$false | Get-EntraGuardJournal "
                    + $"-Path $args[0]"
            ),
            ("EntraGuard.Response.AuthenticationMethodInfo", $"Get-EntraUserSecurityInfo -UserId {UserWithAKey}"),
            (
                "EntraGuard.Response.IssuedTemporaryAccessPass",
                $"(New-EntraTemporaryAccessPass -UserId {UserId} -JournalPath $args[0] "
                    + $"-Confirm:$false).TemporaryAccessPass"
            ),
            (
                "EntraGuard.Investigation.RiskEventContext",
                "Get-EntraRiskEvent -Path ./samples/graph -RuleId EG0001 | "
                    + "Get-EntraRiskEventContext -Path ./samples/graph, ./samples/signins/graph"
            ),
            ("EntraGuard.Posture.PostureCheck", "Get-EntraGuardPostureCheck"),
            ("EntraGuard.Posture.PostureCheckResult", "Test-EntraGuardPosture"),
        };

        public static TheoryData<string> Types => new(Producers.Select(p => p.Type));

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            new PostureTenant(Tenant.Graph).ServeFabrikam();
            Tenant.Directory.AddUser(
                UserWithAKey,
                "adele.vance@fabrikam.example",
                methods: new JsonArray(
                    new JsonObject
                    {
                        ["@odata.type"] = "#microsoft.graph.fido2AuthenticationMethod",
                        ["id"] = "b1c2",
                        ["model"] = "YubiKey 5",
                    }
                )
            );
        }

        [Fact]
        public void Every_type_with_a_view_has_a_producer_here()
        {
            var format = XDocument.Load(
                Path.Combine(ModuleSession.RepositoryRoot, "src", "EntraGuard", "EntraGuard.format.ps1xml")
            );
            var declared = format.Descendants("TypeName").Select(t => t.Value.Trim()).Distinct().OrderBy(t => t);

            Assert.Equal(declared, Producers.Select(p => p.Type).OrderBy(t => t));
        }

        [Theory]
        [MemberData(nameof(Types))]
        public void Table_and_list_views_render_without_errors(string type)
        {
            var pipeline = Producers.Single(p => p.Type == type).Pipeline;
            var objects = Tenant.Session.Invoke(pipeline, Journal);
            Assert.NotEmpty(objects);
            Assert.All(objects, o => Assert.Contains(type, o.TypeNames));

            foreach (var view in new[] { "Format-Table", "Format-List" })
            {
                // -ShowError writes the errors a view's script blocks raise, which formatting otherwise hides.
                var rendered = Tenant.Session.Run($"$args[0] | {view} -ShowError | Out-String -Width 200", objects);
                Assert.Empty(rendered.Errors);
                var text = (string)Assert.Single(rendered.Output).BaseObject;
                Assert.False(string.IsNullOrWhiteSpace(text), view);
                Assert.DoesNotContain("#ERR", text);
            }
        }
    }
}

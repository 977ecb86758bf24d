using System;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Graph.Tests.StandIn;
using static EntraGuard.PowerShell.Tests.LoopbackTenant;

namespace EntraGuard.PowerShell.Tests
{
    /// <summary>
    /// The cmdlets that read Graph: streaming, stopping, progress, and Graph's errors as error records.
    /// </summary>
    [Collection(GraphConnectionCollection.Name)]
    public sealed class GraphReadTests : ConnectedTests
    {
        private static readonly DateTimeOffset Newest = DateTimeOffset.UtcNow.AddMinutes(-5);

        private int AuditRequests() => Tenant.Graph.RequestsTo(AuditFeed.Path).Count;

        [Fact]
        public void Select_First_stops_a_long_pull_without_asking_for_more_pages()
        {
            // 20 pages of Graph's 999: a pull that did not stop would ask for all of them.
            var feed = new AuditFeed(Tenant.Graph, 20_000, Newest, TimeSpan.FromSeconds(1));

            var run = Tenant.Session.Run("Get-EntraAuditEvent -Since (Get-Date).AddDays(-1) | Select-Object -First 1");

            Assert.Empty(run.Errors);
            Assert.Equal(feed.Events[0].Id, Assert.Single(run.Output).Properties["Id"].Value);
            var asked = AuditRequests();
            Thread.Sleep(500);
            Assert.Equal(asked, AuditRequests());
            Assert.InRange(asked, 1, 3);
        }

        [Fact]
        public void A_paged_pull_reports_progress_and_completes_it()
        {
            new AuditFeed(Tenant.Graph, 3_000, Newest, TimeSpan.FromSeconds(10), pageSize: 500);

            var run = Tenant.Session.Run(
                "Get-EntraAuditEvent -Since (Get-Date).AddDays(-1) | Measure-Object | " + "ForEach-Object Count"
            );

            Assert.Equal(3_000, Assert.Single(run.Values));
            Assert.Equal(6, AuditRequests());
            Assert.Contains(
                run.Progress,
                p => p.RecordType == ProgressRecordType.Processing && p.StatusDescription != "Starting"
            );
            Assert.Equal(ProgressRecordType.Completed, run.Progress.Last().RecordType);
            Assert.All(run.Progress, p => Assert.Equal("Directory audits from Microsoft Graph", p.Activity));
        }

        [Fact]
        public void A_pull_Graph_refuses_is_a_non_terminating_permission_error()
        {
            Tenant.Graph.OnJson(
                "GET",
                AuditFeed.Path,
                "{\"error\":{\"code\":\"Authorization_RequestDenied\",\"message\":\"Insufficient privileges.\"}}",
                403
            );

            var (ending, run) = Tenant.Session.RunCatching("Get-EntraAuditEvent -Since (Get-Date).AddDays(-1)");

            Assert.Equal("completed", ending);
            var error = Assert.Single(run.Errors);
            Assert.Equal(
                "GraphPermissionDenied,EntraGuard.Commands.GetEntraAuditEventCommand",
                error.FullyQualifiedErrorId
            );
            Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        }

        [Fact]
        public void An_interrupted_pull_keeps_what_it_read_and_says_how_to_resume_in_PowerShell_parameters()
        {
            var feed = new AuditFeed(Tenant.Graph, 30, Newest, TimeSpan.FromMinutes(1), pageSize: 10);
            feed.Faults[(1, 1)] = (context, request, _) => GraphStandIn.Status(403)(context, request);

            var run = Tenant.Session.Run("Get-EntraAuditEvent -Since (Get-Date).AddDays(-1)");

            Assert.Equal(10, run.Output.Count);
            var error = Assert.Single(run.Errors);
            Assert.Contains("Collected 10 event(s) before the failure", error.ErrorDetails.Message);
            Assert.Matches(
                @"^To resume exactly where it stopped, run again with -ResumeFrom '[^']+' -Since ",
                error.ErrorDetails.RecommendedAction
            );
            Assert.DoesNotContain("--", error.ErrorDetails.Message);
        }

        [Fact]
        public void Test_RareCredentialActor_reads_Graph_when_given_no_events()
        {
            new AuditFeed(Tenant.Graph, 400, Newest, TimeSpan.FromMinutes(1));

            var run = Tenant.Session.Run("Test-RareCredentialActor -Since (Get-Date).AddHours(-2)");

            Assert.Empty(run.Errors);
            Assert.True(AuditRequests() >= 1);
            Assert.All(run.Output, o => Assert.Equal("EntraGuard.RiskEvent", o.BaseObject.GetType().FullName));
        }

        [Fact]
        public void Security_info_binds_users_by_value_and_from_Get_MgUser_objects_and_a_missing_user_is_its_own_error()
        {
            Tenant.Directory.AddUser(
                "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f",
                "adele.vance@fabrikam.example",
                methods: new JsonArray(
                    new JsonObject
                    {
                        ["@odata.type"] = "#microsoft.graph.phoneAuthenticationMethod",
                        ["id"] = "3179e48a-750b-4051-897c-87b9720928f7",
                        ["phoneNumber"] = "+1 2065555555",
                        ["phoneType"] = "mobile",
                    }
                )
            );

            var run = Tenant.Session.Run(
                "'nobody@fabrikam.example', [pscustomobject]@{ Id = '9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f'; "
                    + "UserPrincipalName = 'adele.vance@fabrikam.example' } | Get-EntraUserSecurityInfo"
            );

            var error = Assert.Single(run.Errors);
            Assert.Equal(
                "GraphNotFound,EntraGuard.Commands.GetEntraUserSecurityInfoCommand",
                error.FullyQualifiedErrorId
            );
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal("nobody@fabrikam.example", error.TargetObject);
            Assert.Equal("phone", Assert.Single(run.Output).Properties["MethodType"].Value?.ToString());
        }

        [Fact]
        public void Posture_checks_judge_the_loopbackTenant_with_progress_and_bind_ids_from_the_catalog()
        {
            new PostureTenant(Tenant.Graph).ServeFabrikam();

            var all = Tenant.Session.Run("Test-EntraGuardPosture");
            var bound = Tenant.Session.Run(
                "Get-EntraGuardPostureCheck -CheckId EGP001, EGP002 | " + "Test-EntraGuardPosture"
            );

            Assert.Empty(all.Errors);
            Assert.True(all.Output.Count >= 10, $"{all.Output.Count} results");
            Assert.NotEmpty(all.Progress);
            Assert.Equal(
                new[] { "EGP001", "EGP002" },
                bound.Output.Select(r => r.Properties["CheckId"].Value?.ToString())
            );
        }
    }
}

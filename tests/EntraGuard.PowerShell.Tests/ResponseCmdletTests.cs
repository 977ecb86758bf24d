using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using EntraGuard.Graph.Tests.Response;
using static EntraGuard.PowerShell.Tests.LoopbackTenant;

namespace EntraGuard.PowerShell.Tests
{
    /// <summary>
    /// The remediation cmdlets against the loopback directory, fed the objects Get-Mg* cmdlets write.
    /// </summary>
    [Collection(GraphConnectionCollection.Name)]
    public sealed class ResponseCmdletTests : ConnectedTests
    {
        /// <summary>
        /// One remediation: a Get-Mg*-shaped object piped in, the state it answers, the write it makes.
        /// </summary>
        public sealed record Responder(string Pipeline, string ExpectedWrite, Action<DirectoryStandIn>? Prepare = null)
        {
            public override string ToString() => Pipeline.Split('|').Last().Trim();
        }

        private static readonly Dictionary<string, Responder> Responders = new()
        {
            ["Disable-EntraServicePrincipal"] = new(
                $"[pscustomobject]@{{ Id = '{ServicePrincipalId}'; AppId = '{ServicePrincipalAppId}'; DisplayName = "
                    + $"'Payroll-Sync' }}",
                $"PATCH /servicePrincipals/{ServicePrincipalId}"
            ),
            ["Enable-EntraServicePrincipal"] = new(
                $"[pscustomobject]@{{ Id = '{ServicePrincipalId}'; AppId = '{ServicePrincipalAppId}'; DisplayName = "
                    + $"'Payroll-Sync' }}",
                $"PATCH /servicePrincipals/{ServicePrincipalId}",
                d => d.ServicePrincipal(ServicePrincipalId)["accountEnabled"] = false
            ),
            ["Disable-EntraUser"] = new(
                $"[pscustomobject]@{{ Id = '{UserId}'; UserPrincipalName = '{UserPrincipalName}' }}",
                $"PATCH /users/{UserId}"
            ),
            ["Enable-EntraUser"] = new(
                $"[pscustomobject]@{{ Id = '{UserId}'; UserPrincipalName = '{UserPrincipalName}' }}",
                $"PATCH /users/{UserId}",
                d => d.User(UserId)["accountEnabled"] = false
            ),
            ["Revoke-EntraUserSession"] = new(
                $"[pscustomobject]@{{ Id = '{UserId}'; UserPrincipalName = '{UserPrincipalName}' }}",
                $"POST /users/{UserId}/revokeSignInSessions"
            ),
            ["New-EntraTemporaryAccessPass"] = new(
                $"[pscustomobject]@{{ Id = '{UserId}'; UserPrincipalName = '{UserPrincipalName}' }}",
                $"POST /users/{UserId}/authentication/temporaryAccessPassMethods"
            ),
            // Get-MgGroupMember writes the member's Id; the group comes from the surrounding loop.
            ["Restore-EntraGroupMember"] = new(
                $"[pscustomobject]@{{ GroupId = '{GroupId}'; Id = '{UserId}' }}",
                $"POST /groups/{GroupId}/members/$ref"
            ),
            // (Get-MgServicePrincipal).PasswordCredentials with the principal's Id beside the KeyId.
            ["Invoke-CredentialRevocation"] = new(
                $"[pscustomobject]@{{ Id = '{ServicePrincipalId}'; KeyId = '{PasswordKeyId}'; DisplayName = "
                    + $"'rotation' }}",
                $"POST /servicePrincipals/{ServicePrincipalId}/removePassword"
            ),
        };

        public static TheoryData<string> ResponderNames => new(Responders.Keys);

        /// <summary>
        /// Puts the directory in the state the responder answers; returns its pipeline (journal in $args[0]).
        /// </summary>
        private string Prepared(string cmdlet, string switches)
        {
            var responder = Responders[cmdlet];
            responder.Prepare?.Invoke(Tenant.Directory);
            return $"{responder.Pipeline} | {cmdlet} -JournalPath $args[0] {switches}";
        }

        private ScriptRun Respond(string cmdlet, string switches) =>
            Tenant.Session.Run(Prepared(cmdlet, switches), Journal);

        private string[] Writes() => Tenant.Directory.Writes.Select(w => $"{w.Method} {w.Path}").ToArray();

        [Theory]
        [MemberData(nameof(ResponderNames))]
        public void WhatIf_reads_the_target_but_writes_nothing_not_even_theJournal(string cmdlet)
        {
            var run = Respond(cmdlet, "-WhatIf");

            Assert.Empty(run.Errors);
            Assert.Empty(run.Output);
            Assert.Empty(Writes());
            Assert.Contains(Tenant.Directory.Requests, r => r.Method == "GET");
            Assert.False(File.Exists(Journal));
        }

        [Theory]
        [MemberData(nameof(ResponderNames))]
        public void Confirm_false_makes_the_change_once_andJournals_it(string cmdlet)
        {
            var run = Respond(cmdlet, "-Confirm:$false");

            Assert.Empty(run.Errors);
            var result = Assert.Single(run.Output);
            Assert.Equal("Done", result.Properties["Status"].Value.ToString());
            Assert.Equal(new[] { Responders[cmdlet].ExpectedWrite }, Writes());
            var journaled = Tenant.Session.Invoke("$args[0] | Get-EntraGuardJournal -Path $args[1]", result, Journal);
            Assert.Equal("Done", Assert.Single(journaled).Properties["Status"].Value.ToString());
        }

        [Theory]
        [MemberData(nameof(ResponderNames))]
        public void Without_confirm_false_a_host_that_cannot_ask_changes_nothing(string cmdlet)
        {
            var (ending, _) = Tenant.Session.RunCatching(Prepared(cmdlet, ""), Journal);

            Assert.StartsWith("terminated:", ending);
            Assert.Empty(Writes());
        }

        [Fact]
        public void Force_is_needed_to_disable_the_service_principal_EntraGuard_is_connected_as()
        {
            var refused = Tenant.Session.Run(
                $"Disable-EntraServicePrincipal -Id {SelfServicePrincipalId} -JournalPath $args[0] -Confirm:$false",
                Journal
            );

            Assert.Equal("Refused", Assert.Single(refused.Output).Properties["Status"].Value.ToString());
            var error = Assert.Single(refused.Errors);
            Assert.Equal(
                "ResponseRefused,EntraGuard.Commands.DisableEntraServicePrincipalCommand",
                error.FullyQualifiedErrorId
            );
            Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
            Assert.Empty(Writes());

            var forced = Tenant.Session.Run(
                $"Disable-EntraServicePrincipal -Id {SelfServicePrincipalId} -JournalPath $args[0] -Confirm:$false "
                    + $"-Force",
                Journal
            );

            Assert.Empty(forced.Errors);
            Assert.Equal("Done", Assert.Single(forced.Output).Properties["Status"].Value.ToString());
            Assert.Equal(new[] { $"PATCH /servicePrincipals/{SelfServicePrincipalId}" }, Writes());
        }

        [Fact]
        public void A_missing_user_is_an_error_for_that_item_and_the_next_item_is_still_answered()
        {
            var (ending, run) = Tenant.Session.RunCatching(
                $"[pscustomobject]@{{ Id = 'nobody@fabrikam.example' }}, [pscustomobject]@{{ Id = '{UserId}' }} | "
                    + "Disable-EntraUser -JournalPath $args[0] -Confirm:$false",
                Journal
            );

            Assert.Equal("completed", ending);
            var error = Assert.Single(run.Errors);
            Assert.Equal("GraphNotFound,EntraGuard.Commands.DisableEntraUserCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal(new[] { $"PATCH /users/{UserId}" }, Writes());
        }

        [Fact]
        public void A_write_Graph_refuses_is_a_permission_error_with_the_result_beside_it()
        {
            Tenant.Directory.Failures.Add(
                (
                    r => r.Method == "PATCH",
                    403,
                    "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation."
                )
            );

            var run = Tenant.Session.Run(
                $"Disable-EntraUser -UserId {UserId} -JournalPath $args[0] -Confirm:$false",
                Journal
            );

            Assert.Equal("Failed", Assert.Single(run.Output).Properties["Status"].Value.ToString());
            var error = Assert.Single(run.Errors);
            Assert.Equal(
                "GraphPermissionDenied,EntraGuard.Commands.DisableEntraUserCommand",
                error.FullyQualifiedErrorId
            );
            Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        }

        [Fact]
        public void A_request_without_a_credential_holder_is_rejected_per_item_before_Graph_is_asked()
        {
            var (ending, run) = Tenant.Session.RunCatching(
                $"[pscustomobject]@{{ KeyId = '{PasswordKeyId}' }} | Invoke-CredentialRevocation -JournalPath "
                    + $"$args[0] -WhatIf",
                Journal
            );

            Assert.Equal("completed", ending);
            var error = Assert.Single(run.Errors);
            Assert.Equal(
                "InvalidResponseRequest,EntraGuard.Commands.InvokeCredentialRevocationCommand",
                error.FullyQualifiedErrorId
            );
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Empty(Tenant.Directory.Requests);
        }

        [Fact]
        public void AJournal_that_cannot_be_written_stops_the_command_before_any_write()
        {
            var notAFolder = Path.GetTempFileName();
            try
            {
                var (ending, _) = Tenant.Session.RunCatching(
                    $"Disable-EntraUser -UserId {UserId} -JournalPath $args[0] -Confirm:$false",
                    Path.Combine(notAFolder, "journal.jsonl")
                );

                Assert.Equal("terminated:JournalUnwritable,EntraGuard.Commands.DisableEntraUserCommand", ending);
                Assert.Empty(Writes());
            }
            finally
            {
                File.Delete(notAFolder);
            }
        }

        [Fact]
        public void Risk_events_bind_to_the_responder_and_results_bind_to_theJournal()
        {
            // The stand-in feed's credential event names this principal and key: the scan finds it, the finding
            // carries ServicePrincipalId and KeyId, and the revocation binds them and the RiskEventId.
            const string feedPrincipal = "22222222-2222-2222-2222-222222222222";
            const string feedKey = "33333333-3333-3333-3333-333333333333";
            Tenant.Directory.AddServicePrincipal(
                feedPrincipal,
                "44444444-4444-4444-4444-444444444444",
                "Payroll",
                passwords: new() { DirectoryStandIn.Password(feedKey, "added by the attacker") }
            );
            var audit = Path.Combine(Path.GetTempPath(), $"entraguard-audit-{Guid.NewGuid():N}.json");
            File.WriteAllText(
                audit,
                EntraGuard.Graph.Tests.StandIn.AuditFeed.PageJson(
                    new[]
                    {
                        new EntraGuard.Graph.Tests.StandIn.FeedEvent(
                            "evt-1",
                            DateTimeOffset.UtcNow.AddHours(-1),
                            "Add service principal credentials"
                        ),
                    },
                    nextLink: null
                )
            );
            try
            {
                // One event and no history before it: the rare-actor finding cannot say the actor is rare, so the
                // responder leaves it alone unless told otherwise, and says why once.
                var skipped = Tenant.Session.Run(
                    "Get-EntraRiskEvent -Path $args[0] -RuleId EG0001 | Invoke-CredentialRevocation -JournalPath "
                        + "$args[1] -Confirm:$false",
                    audit,
                    Journal
                );
                Assert.Empty(skipped.Output);
                Assert.Empty(Writes());
                Assert.Equal(
                    "Skipped 1 risk event(s): 1 whose rare-actor history is incomplete (-IncludeIncompleteHistory "
                        + "includes them).",
                    Assert.Single(skipped.Warnings).Message
                );

                var run = Tenant.Session.Run(
                    "$risk = Get-EntraRiskEvent -Path $args[0] -RuleId EG0001 | Select-Object -First 1; "
                        + "$risk.RiskEventId; $risk | Invoke-CredentialRevocation -JournalPath $args[1] "
                        + "-Confirm:$false -IncludeIncompleteHistory | Get-EntraGuardJournal -Path $args[1]",
                    audit,
                    Journal
                );

                Assert.Empty(run.Errors);
                Assert.Equal(2, run.Output.Count);
                Assert.Equal(new[] { $"POST /servicePrincipals/{feedPrincipal}/removePassword" }, Writes());
                var record = run.Output[1];
                Assert.Equal(run.Output[0].BaseObject, record.Properties["RiskEventId"].Value);
                Assert.Equal("Done", record.Properties["Status"].Value.ToString());
            }
            finally
            {
                File.Delete(audit);
            }
        }
    }
}

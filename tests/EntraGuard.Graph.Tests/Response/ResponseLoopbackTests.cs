using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Graph.Response;
using EntraGuard.Graph.Tests.StandIn;
using EntraGuard.Response;

namespace EntraGuard.Graph.Tests.Response
{
    /// <summary>
    /// Remediation end to end: the response engine, the real GraphServiceClient (the session's middleware, JSON
    /// batching) and a directory on the loopback stand-in. Each test asserts the exact requests Graph receives.
    /// </summary>
    public sealed class ResponseLoopbackTests : IAsyncLifetime
    {
        private const string PayrollSp = "3f0c9a51-6c1e-4d2b-9a7e-5b1c2d3e4f50";
        private const string PayrollApp = "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
        private const string PayrollAppId = "c2a4e6f8-1b3d-4f5a-8c7e-9d0b1a2c3e4f";
        private const string AttackerSecret = "6b0d6b1e-2f3a-4c5d-8e9f-0a1b2c3d4e5f";
        private const string RotationSecret = "1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b";
        private const string GoodCertificate = "aa11bb22-cc33-4d44-8e55-ff6677889900";
        private const string BadCertificate = "bad0cafe-0000-4000-8000-00000000beef";
        private const string SigningCertificate = "22223333-4444-4555-8666-777788889999";
        private const string Megan = "a7b8c9d0-e1f2-4a3b-8c4d-5e6f7a8b9c0d";
        private const string Adele = "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e";
        private const string Alex = "0a1b2c3d-4e5f-4061-8728-394a5b6c7d8e";
        private const string Tier0 = "0c1b2a39-4857-4665-8a7b-9c8d7e6f5a4b";
        private const string SocAnalysts = "1d2c3b4a-5968-4776-8a9b-0c1d2e3f4a5b";

        private static readonly byte[] GoodKey = Enumerable.Range(0, 800).Select(i => (byte)(i * 7)).ToArray();
        private static readonly byte[] BadKey = Enumerable.Range(0, 800).Select(i => (byte)(i * 11)).ToArray();
        private static readonly byte[] SigningKey = Enumerable.Range(0, 800).Select(i => (byte)(i * 13)).ToArray();

        private readonly string _folder = Directory.CreateTempSubdirectory("eg-loopback-").FullName;
        private readonly ManualWaitClock _clock = new();
        private GraphStandIn _standIn = null!;
        private DirectoryStandIn _directory = null!;
        private GraphSession _session = null!;

        private string JournalPath => Path.Combine(_folder, "journal.jsonl");

        public async Task InitializeAsync()
        {
            _standIn = await GraphStandIn.StartAsync();
            _directory = new DirectoryStandIn(_standIn);
            _directory.AddServicePrincipal(
                PayrollSp,
                PayrollAppId,
                "Payroll-Sync",
                passwords: new JsonArray(
                    DirectoryStandIn.Password(RotationSecret, "rotation"),
                    DirectoryStandIn.Password(AttackerSecret, "backup")
                ),
                keys: new JsonArray(
                    DirectoryStandIn.Certificate(GoodCertificate, "CN=payroll", GoodKey),
                    DirectoryStandIn.Certificate(BadCertificate, "CN=intruder", BadKey),
                    DirectoryStandIn.Certificate(SigningCertificate, "CN=payroll-signing", SigningKey, "Sign")
                )
            );
            _directory.AddApplication(
                PayrollApp,
                PayrollAppId,
                "Payroll-Sync",
                passwords: new JsonArray(DirectoryStandIn.Password(RotationSecret.Replace('1', '9'), "app-secret"))
            );
            _directory.AddUser(Megan, "megan.bowen@fabrikam.example", sessionsValidFrom: "2026-11-01T00:00:00Z");
            _directory.AddUser(
                Adele,
                "adele.vance@fabrikam.example",
                methods: new JsonArray(
                    new JsonObject
                    {
                        ["@odata.type"] = "#microsoft.graph.phoneAuthenticationMethod",
                        ["id"] = "3179e48a-750b-4051-897c-87b9720928f7",
                        ["phoneNumber"] = "+1 555 0100",
                        ["phoneType"] = "mobile",
                    },
                    new JsonObject
                    {
                        ["@odata.type"] = "#microsoft.graph.passwordAuthenticationMethod",
                        ["id"] = "28c10230-6103-485e-b985-444c60001490",
                    }
                )
            );
            _directory.AddGroup(Tier0, "Tier0-Admins", roleAssignable: true);
            _directory.AddGroup(SocAnalysts, "SOC-Analysts", dynamic: true);
            _session = GraphSession.Create(
                TestConnections.AccessToken(_standIn.BaseUrl, TestConnections.FakeToken()),
                TestConnections.Fast()
            );
        }

        public async Task DisposeAsync()
        {
            _session.Dispose();
            await _standIn.DisposeAsync();
            Directory.Delete(_folder, recursive: true);
        }

        private ResponseEngine Engine() =>
            new(new GraphDirectoryGateway(_session), new ResponseEngineOptions { WaitClock = _clock });

        private async Task<(IReadOnlyList<ResponsePlan> Plans, IReadOnlyList<ActionResult> Results)> RunAsync(
            params ResponseRequest[] requests
        )
        {
            using var run = Engine().Open(JournalPath, TimeSpan.Zero);
            var plans = await run.PlanAsync(requests);
            return (plans, await run.ExecuteAsync(plans));
        }

        private IReadOnlyList<string> Sent() => _directory.Requests.Select(r => r.ToString()).ToArray();

        private static ResponseRequest Revoke(string keyId, bool force = false) =>
            new()
            {
                Action = ResponseAction.RevokeCredential,
                ServicePrincipalId = PayrollSp,
                KeyId = keyId,
                Force = force,
            };

        // ---- credentials -------------------------------------------------------------------------------------------

        [Fact]
        public async Task Revoking_a_password_sends_two_reads_and_one_removePassword_and_a_rerun_writes_nothing()
        {
            var plans = await Engine().PlanAsync(new[] { Revoke(AttackerSecret) });
            Assert.Empty(_directory.Writes);

            var (_, results) = await RunAsync(Revoke(AttackerSecret));

            Assert.Equal(
                new[]
                {
                    $"GET /servicePrincipals/{PayrollSp}?$select=id,appId,displayName,accountEnabled,"
                        + $"passwordCredentials,keyCredentials",
                    $"GET /applications(appId='{PayrollAppId}')?$select=id,appId,displayName,passwordCredentials,"
                        + $"keyCredentials",
                    $"GET /servicePrincipals/{PayrollSp}?$select=id,appId,displayName,accountEnabled,"
                        + $"passwordCredentials,keyCredentials",
                    $"GET /applications(appId='{PayrollAppId}')?$select=id,appId,displayName,passwordCredentials,"
                        + $"keyCredentials",
                    $"POST /servicePrincipals/{PayrollSp}/removePassword {{\"keyId\":\"{AttackerSecret}\"}}",
                    $"GET /servicePrincipals/{PayrollSp}?$select=id,appId,displayName,accountEnabled,"
                        + $"passwordCredentials,keyCredentials",
                },
                Sent()
            );
            Assert.Equal(plans[0].Calls.Select(c => c.ToString()), new[] { _directory.Writes.Single().ToString() });
            var result = Assert.Single(results);
            Assert.Equal(ActionStatus.Done, result.Status);
            Assert.Equal(result.Plan.CorrelationId, _directory.Writes.Single().Header("client-request-id"));
            Assert.Equal(
                new[] { RotationSecret },
                _directory.ServicePrincipal(PayrollSp)["passwordCredentials"]!
                    .AsArray()
                    .Select(p => p!["keyId"]!.GetValue<string>())
            );

            var lines = File.ReadAllLines(JournalPath);
            Assert.Equal(2, lines.Length);
            Assert.Contains("\"phase\":\"started\"", lines[0]);
            Assert.Contains($"POST /servicePrincipals/{PayrollSp}/removePassword", lines[0]);
            Assert.Contains("\"phase\":\"completed\"", lines[1]);
            Assert.Contains("\"status\":\"Done\"", lines[1]);
            Assert.DoesNotContain("Qx~", lines[0]); // the password hint is never journaled

            var before = _directory.Writes.Count;
            var rerun = await RunAsync(Revoke(AttackerSecret));
            Assert.Equal(ActionStatus.AlreadyDone, rerun.Results[0].Status);
            Assert.Equal(before, _directory.Writes.Count);
            Assert.Equal(ActionStatus.AlreadyDone, JournalReader.Read(JournalPath, new JournalQuery()).Last().Status);
        }

        [Fact]
        public async Task Removing_a_certificate_rewrites_the_other_certificates_and_leaves_passwords_alone()
        {
            var (plans, results) = await RunAsync(Revoke(BadCertificate));

            Assert.Equal(ActionStatus.Done, results[0].Status);
            Assert.Equal($"GET /servicePrincipals/{PayrollSp}?$select=keyCredentials", Sent()[2]);
            var patch = _directory.Writes.Single();
            Assert.Equal("PATCH", patch.Method);
            Assert.Equal($"/servicePrincipals/{PayrollSp}", patch.Path);
            var body = JsonNode.Parse(patch.Body)!.AsObject();
            Assert.Equal(new[] { "keyCredentials" }, body.Select(p => p.Key));
            var sent = body["keyCredentials"]!.AsArray();
            Assert.Equal(
                new[] { GoodCertificate, SigningCertificate },
                sent.Select(k => k!["keyId"]!.GetValue<string>())
            );
            Assert.Equal(Convert.ToBase64String(GoodKey), sent[0]!["key"]!.GetValue<string>());
            Assert.Equal(Convert.ToBase64String(SigningKey), sent[1]!["key"]!.GetValue<string>());
            Assert.Equal("Sign", sent[1]!["usage"]!.GetValue<string>());

            var stored = _directory.ServicePrincipal(PayrollSp);
            Assert.Equal(
                new[] { GoodCertificate, SigningCertificate },
                stored["keyCredentials"]!.AsArray().Select(k => k!["keyId"]!.GetValue<string>())
            );
            Assert.All(
                stored["keyCredentials"]!.AsArray(),
                k => Assert.False(string.IsNullOrEmpty(k!["key"]?.GetValue<string>()))
            );
            Assert.Equal(2, stored["passwordCredentials"]!.AsArray().Count);
            Assert.DoesNotContain(_directory.Requests, r => r.Path.EndsWith("removeKey", StringComparison.Ordinal));
            Assert.DoesNotContain(Convert.ToBase64String(GoodKey), File.ReadAllText(JournalPath));
            Assert.DoesNotContain(Convert.ToBase64String(GoodKey), plans[0].ToString());
        }

        [Fact]
        public async Task Two_certificates_revoked_on_one_service_principal_in_one_run_both_stay_revoked()
        {
            var (_, results) = await RunAsync(Revoke(BadCertificate), Revoke(GoodCertificate));

            Assert.All(results, r => Assert.Equal(ActionStatus.Done, r.Status));
            Assert.Equal(new[] { SigningCertificate }, CertificatesOf(PayrollSp));
            // One write for the object, built from a read made right before it, then read back.
            var patch = Assert.Single(_directory.Writes);
            var sent = Sent().ToList();
            var write = sent.IndexOf(patch.ToString());
            Assert.Equal($"GET /servicePrincipals/{PayrollSp}?$select=keyCredentials", sent[write - 1]);
            Assert.StartsWith($"GET /servicePrincipals/{PayrollSp}?$select=id,appId", sent[write + 1]);
            Assert.Equal(
                new[] { SigningCertificate },
                JsonNode.Parse(patch.Body)!["keyCredentials"]!.AsArray().Select(k => k!["keyId"]!.GetValue<string>())
            );
            Assert.All(
                JournalReader.Read(JournalPath, new JournalQuery()),
                r =>
                    Assert.Equal(
                        new[] { patch.ToString().Split(' ')[0] + " " + patch.Path },
                        r.Calls.Select(c => string.Join(" ", c.Split(' ').Take(2)))
                    )
            );
        }

        [Fact]
        public async Task Two_runs_at_once_one_certificate_each_the_second_plans_after_the_first_has_written()
        {
            Task<IReadOnlyList<ActionResult>> second;
            using (var first = Engine().Open(JournalPath, TimeSpan.Zero))
            {
                var plans = await first.PlanAsync(new[] { Revoke(BadCertificate) });
                // The second run starts now; it must wait for the lock before it reads anything.
                second = Task.Run(async () =>
                {
                    using var run = Engine().Open(JournalPath, TimeSpan.FromSeconds(30));
                    return await run.ExecuteAsync(await run.PlanAsync(new[] { Revoke(GoodCertificate) }));
                });
                await Task.Delay(300);
                Assert.False(second.IsCompleted);
                Assert.Equal(ActionStatus.Done, (await first.ExecuteAsync(plans)).Single().Status);
            }
            Assert.Equal(ActionStatus.Done, (await second).Single().Status);

            Assert.Equal(new[] { SigningCertificate }, CertificatesOf(PayrollSp));
            Assert.Equal(2, _directory.Writes.Count);
            var lastPatch = _directory.Writes.Last();
            Assert.Equal(
                new[] { SigningCertificate },
                JsonNode.Parse(lastPatch.Body)!["keyCredentials"]!
                    .AsArray()
                    .Select(k => k!["keyId"]!.GetValue<string>())
            );
        }

        [Fact]
        public async Task Two_runs_at_once_on_one_password_make_one_write_and_the_second_finds_it_already_done()
        {
            Task<IReadOnlyList<ActionResult>> second;
            using (var first = Engine().Open(JournalPath, TimeSpan.Zero))
            {
                var plans = await first.PlanAsync(new[] { Revoke(AttackerSecret) });
                second = Task.Run(async () =>
                {
                    using var run = Engine().Open(JournalPath, TimeSpan.FromSeconds(30));
                    return await run.ExecuteAsync(await run.PlanAsync(new[] { Revoke(AttackerSecret) }));
                });
                await Task.Delay(300);
                await first.ExecuteAsync(plans);
            }

            Assert.Equal(ActionStatus.AlreadyDone, (await second).Single().Status);
            Assert.Single(_directory.Writes);
            Assert.Equal(
                new[] { ActionStatus.Done, ActionStatus.AlreadyDone },
                JournalReader.Read(JournalPath, new JournalQuery()).Select(r => r.Status)
            );
        }

        [Fact]
        public async Task A_change_Graph_accepts_but_does_not_make_is_failed_with_what_the_read_back_found()
        {
            // A directory that answers 204 to the certificate write and keeps the certificates as they were.
            _standIn.On(
                "PATCH",
                $"/servicePrincipals/{PayrollSp}",
                (context, _) =>
                {
                    context.Response.StatusCode = 204;
                    return Task.CompletedTask;
                }
            );

            var (_, results) = await RunAsync(Revoke(BadCertificate));

            var result = Assert.Single(results);
            Assert.Equal(ActionStatus.Failed, result.Status);
            Assert.Contains(
                $"reading it back found that certificate {BadCertificate} is still on service principal {PayrollSp}",
                result.Detail
            );
            // read again twice first
            Assert.Equal(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2) }, _clock.Waits);
            Assert.Equal(ActionStatus.Failed, JournalReader.Read(JournalPath, new JournalQuery()).Single().Status);
            Assert.Contains(BadCertificate, CertificatesOf(PayrollSp));
        }

        [Fact]
        public async Task Plans_made_outside_a_run_are_not_carried_out()
        {
            var plans = await Engine().PlanAsync(new[] { Revoke(AttackerSecret) });
            using var run = Engine().Open(JournalPath, TimeSpan.Zero);

            var refused = await Assert.ThrowsAsync<ArgumentException>(() => run.ExecuteAsync(plans));
            Assert.Contains("only plans made under the journal's lock are carried out", refused.Message);
            Assert.Empty(_directory.Writes);
        }

        private string[] CertificatesOf(string servicePrincipalId) =>
            _directory.ServicePrincipal(servicePrincipalId)["keyCredentials"]!
                .AsArray()
                .Select(k => k!["keyId"]!.GetValue<string>())
                .ToArray();

        [Fact]
        public async Task The_credential_of_the_app_EntraGuard_signs_in_as_is_refused_unless_forced()
        {
            const string OwnSp = "12121212-1212-1212-1212-121212121212";
            const string OwnSecret = "44444444-5555-4666-8777-888888888888";
            _directory.AddServicePrincipal(
                OwnSp,
                TestConnections.AppId,
                "EntraGuard Test",
                passwords: new JsonArray(DirectoryStandIn.Password(OwnSecret, "runbook"))
            );
            _directory.NoApplicationFor(TestConnections.AppId);
            var request = new ResponseRequest
            {
                Action = ResponseAction.RevokeCredential,
                ServicePrincipalId = OwnSp,
                KeyId = OwnSecret,
            };
            var disable = new ResponseRequest
            {
                Action = ResponseAction.DisableServicePrincipal,
                ServicePrincipalId = OwnSp,
            };

            var refused = await RunAsync(request, disable);
            Assert.All(refused.Results, r => Assert.Equal(ActionStatus.Refused, r.Status));
            Assert.Empty(_directory.Writes);

            var forced = await RunAsync(
                new ResponseRequest
                {
                    Action = ResponseAction.RevokeCredential,
                    ServicePrincipalId = OwnSp,
                    KeyId = OwnSecret,
                    Force = true,
                }
            );
            Assert.Equal(ActionStatus.Done, forced.Results[0].Status);
            Assert.Equal(
                $"POST /servicePrincipals/{OwnSp}/removePassword {{\"keyId\":\"{OwnSecret}\"}}",
                _directory.Writes.Single().ToString()
            );
        }

        [Fact]
        public async Task Planning_every_action_reads_and_never_writes()
        {
            var plans = await Engine()
                .PlanAsync(
                    new[]
                    {
                        Revoke(AttackerSecret),
                        Revoke(GoodCertificate),
                        new ResponseRequest
                        {
                            Action = ResponseAction.DisableServicePrincipal,
                            ServicePrincipalId = PayrollSp,
                        },
                        new ResponseRequest { Action = ResponseAction.RevokeUserSession, UserId = Megan },
                        new ResponseRequest { Action = ResponseAction.DisableUser, UserId = Megan },
                        new ResponseRequest
                        {
                            Action = ResponseAction.RestoreGroupMember,
                            GroupId = Tier0,
                            MemberId = Alex,
                        },
                        new ResponseRequest { Action = ResponseAction.IssueTemporaryAccessPass, UserId = Adele },
                    }
                );

            Assert.Empty(_directory.Writes);
            Assert.All(_directory.Requests, r => Assert.Equal("GET", r.Method));
            Assert.Equal(
                new[] { "POST", "PATCH", "PATCH", "POST", "PATCH", "POST", "POST" },
                plans.Select(p => p.Calls.Single().Method)
            );
            Assert.All(plans, p => Assert.Contains("  call:  " + p.Calls.Single(), p.ToString()));
            Assert.False(File.Exists(JournalPath));
        }

        [Fact]
        public async Task A_run_stopped_while_Graph_holds_the_call_leaves_the_action_pending_in_the_journal()
        {
            var arrived = new TaskCompletionSource();
            _standIn.On(
                "PATCH",
                $"/servicePrincipals/{PayrollSp}",
                async (context, _) =>
                {
                    arrived.TrySetResult();
                    await Task.Delay(System.Threading.Timeout.Infinite, context.RequestAborted);
                }
            );
            using var stop = new System.Threading.CancellationTokenSource();

            using (var run = Engine().Open(JournalPath, TimeSpan.Zero))
            {
                var plans = await run.PlanAsync(
                    new[]
                    {
                        new ResponseRequest
                        {
                            Action = ResponseAction.DisableServicePrincipal,
                            ServicePrincipalId = PayrollSp,
                        },
                    }
                );
                var running = run.ExecuteAsync(plans, stop.Token);
                await arrived.Task;
                stop.Cancel();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
            }

            var record = Assert.Single(JournalReader.Read(JournalPath, new JournalQuery()));
            Assert.Equal(ActionStatus.Pending, record.Status);
            Assert.Equal(new[] { $"PATCH /servicePrincipals/{PayrollSp} {{\"accountEnabled\":false}}" }, record.Calls);
            Assert.Contains("\"accountEnabled\":true", record.PriorState);

            // The re-run carries the action out and settles the pending record, saying so.
            _directory.AddServicePrincipal(PayrollSp, PayrollAppId, "Payroll-Sync");
            var rerun = await RunAsync(
                new ResponseRequest { Action = ResponseAction.DisableServicePrincipal, ServicePrincipalId = PayrollSp }
            );
            var result = Assert.Single(rerun.Results);
            Assert.Equal(ActionStatus.Done, result.Status);
            Assert.Equal(new[] { record.JournalId }, result.SettledJournalIds);
            Assert.Contains($"settles journal record {record.JournalId}", result.Detail);
            Assert.Empty(
                JournalReader.Read(JournalPath, new JournalQuery { Statuses = new[] { ActionStatus.Pending } })
            );
            var records = JournalReader.Read(JournalPath, new JournalQuery());
            Assert.Equal(result.JournalId, records[0].SettledBy);
            Assert.Equal(ActionStatus.Done, records[0].Status);
            Assert.Equal(new[] { record.JournalId }, records[1].Settles);

            // Settled once: a third run neither settles it again nor finds anything to do.
            var third = await RunAsync(
                new ResponseRequest { Action = ResponseAction.DisableServicePrincipal, ServicePrincipalId = PayrollSp }
            );
            Assert.Equal(ActionStatus.AlreadyDone, third.Results.Single().Status);
            Assert.Empty(third.Results.Single().SettledJournalIds);
        }

        // ---- service principals and users
        // -----------------------------------------------------------------------------

        [Fact]
        public async Task Disabling_and_enabling_a_principal_patch_accountEnabled_only_and_repeat_as_already_done()
        {
            var disable = new ResponseRequest
            {
                Action = ResponseAction.DisableServicePrincipal,
                ServicePrincipalId = PayrollSp,
            };
            Assert.Equal(ActionStatus.Done, (await RunAsync(disable)).Results[0].Status);
            Assert.Equal(ActionStatus.AlreadyDone, (await RunAsync(disable)).Results[0].Status);
            Assert.Equal(
                ActionStatus.Done,
                (
                    await RunAsync(
                        new ResponseRequest
                        {
                            Action = ResponseAction.EnableServicePrincipal,
                            ServicePrincipalId = PayrollSp,
                        }
                    )
                )
                    .Results[0]
                    .Status
            );

            Assert.Equal(
                new[]
                {
                    $"PATCH /servicePrincipals/{PayrollSp} {{\"accountEnabled\":false}}",
                    $"PATCH /servicePrincipals/{PayrollSp} {{\"accountEnabled\":true}}",
                },
                _directory.Writes.Select(w => w.ToString())
            );
            Assert.True(_directory.ServicePrincipal(PayrollSp)["accountEnabled"]!.GetValue<bool>());
            Assert.Equal(
                new[] { ActionStatus.Done, ActionStatus.AlreadyDone, ActionStatus.Done },
                JournalReader.Read(JournalPath, new JournalQuery()).Select(r => r.Status)
            );
        }

        [Fact]
        public async Task Disabling_and_enabling_a_user_and_revoking_sessions_send_the_documented_calls()
        {
            var eventTime = new DateTimeOffset(2026, 11, 13, 2, 11, 7, TimeSpan.Zero);
            var (_, results) = await RunAsync(
                new ResponseRequest { Action = ResponseAction.DisableUser, UserId = Megan },
                new ResponseRequest
                {
                    Action = ResponseAction.RevokeUserSession,
                    UserId = "megan.bowen@fabrikam.example",
                    EventTime = eventTime,
                }
            );

            Assert.All(results, r => Assert.Equal(ActionStatus.Done, r.Status));
            Assert.Equal(
                new[]
                {
                    $"GET /users/{Megan}?$select=id,displayName,userPrincipalName,accountEnabled,"
                        + $"signInSessionsValidFromDateTime",
                    $"GET /users/megan.bowen@fabrikam.example?$select=id,displayName,userPrincipalName,"
                        + $"accountEnabled,signInSessionsValidFromDateTime",
                    $"PATCH /users/{Megan} {{\"accountEnabled\":false}}",
                    $"POST /users/{Megan}/revokeSignInSessions",
                    $"GET /users/{Megan}?$select=id,displayName,userPrincipalName,accountEnabled,"
                        + $"signInSessionsValidFromDateTime",
                },
                Sent().Select(s => s.Replace("megan.bowen%40fabrikam.example", "megan.bowen@fabrikam.example"))
            );

            var again = await RunAsync(
                new ResponseRequest
                {
                    Action = ResponseAction.RevokeUserSession,
                    UserId = Megan,
                    EventTime = eventTime,
                }
            );
            Assert.Equal(ActionStatus.AlreadyDone, again.Results[0].Status);
            Assert.Equal(2, _directory.Writes.Count);

            await RunAsync(new ResponseRequest { Action = ResponseAction.EnableUser, UserId = Megan });
            Assert.Equal($"PATCH /users/{Megan} {{\"accountEnabled\":true}}", _directory.Writes.Last().ToString());
        }

        [Fact]
        public async Task The_signed_in_user_is_neither_disabled_nor_signed_out()
        {
            const string Analyst = "12121212-1212-1212-1212-121212121212";
            _directory.AddUser(Analyst, "analyst@contoso.example");
            using var delegated = GraphSession.Create(
                TestConnections.AccessToken(_standIn.BaseUrl, TestConnections.FakeToken(scp: "User.ReadWrite.All")),
                TestConnections.Fast()
            );
            var engine = new ResponseEngine(
                new GraphDirectoryGateway(delegated),
                new ResponseEngineOptions { WaitClock = _clock }
            );

            var plans = await engine.PlanAsync(
                new[]
                {
                    new ResponseRequest { Action = ResponseAction.DisableUser, UserId = "analyst@contoso.example" },
                    new ResponseRequest { Action = ResponseAction.RevokeUserSession, UserId = Analyst },
                }
            );

            Assert.All(plans, p => Assert.Equal(ActionStatus.Refused, p.Decision));
            Assert.All(
                plans,
                p => Assert.Contains("EntraGuard is connected as user analyst@contoso.example", p.Reason)
            );
            Assert.Empty(_directory.Writes);
        }

        // ---- groups ------------------------------------------------------------------------------------------------

        [Fact]
        public async Task A_member_is_restored_through_members_ref_never_a_delete_and_a_rerun_is_already_done()
        {
            var request = new ResponseRequest
            {
                Action = ResponseAction.RestoreGroupMember,
                GroupId = Tier0,
                MemberId = Alex,
            };
            var (_, results) = await RunAsync(request);

            Assert.Equal(ActionStatus.Done, results[0].Status);
            var check = _directory.Requests[1];
            Assert.Equal(
                $"GET /groups/{Tier0}/members?$count=true&$filter=id eq '{Alex}'&$select=id",
                check.ToString()
            );
            Assert.Equal("eventual", check.Header("ConsistencyLevel"));
            Assert.Equal(
                $"POST /groups/{Tier0}/members/$ref {{\"@odata.id\":\"{_standIn.BaseUrl}/directoryObjects/{Alex}\"}}",
                _directory.Writes.Single().ToString()
            );
            Assert.Contains(Alex, _directory.Members(Tier0));

            var again = await RunAsync(request);
            Assert.Equal(ActionStatus.AlreadyDone, again.Results[0].Status);
            Assert.Single(_directory.Writes);

            // When the membership cannot be checked first, Graph's own answer to the add ("…already exist…") decides.
            _directory.Failures.Add(
                (
                    r => r.Method == "GET" && r.Path.EndsWith("/members", StringComparison.Ordinal),
                    400,
                    "Request_UnsupportedQuery",
                    "Unsupported query."
                )
            );
            var notChecked = await RunAsync(request);
            Assert.Equal(ActionStatus.AlreadyDone, notChecked.Results[0].Status);
            Assert.Contains("Graph said so when adding", notChecked.Results[0].Detail);
            Assert.Equal(2, _directory.Writes.Count);

            var dynamic = await RunAsync(
                new ResponseRequest
                {
                    Action = ResponseAction.RestoreGroupMember,
                    GroupId = SocAnalysts,
                    MemberId = Alex,
                }
            );
            Assert.Equal(ActionStatus.Refused, dynamic.Results[0].Status);
            Assert.Contains("dynamic group", dynamic.Results[0].Detail);
            Assert.DoesNotContain(_directory.Requests, r => r.Method == "DELETE");
            Assert.Equal(2, _directory.Writes.Count);
        }

        // ---- temporary access pass
        // -----------------------------------------------------------------------------------

        [Fact]
        public async Task A_temporary_access_pass_is_returned_once_and_is_nowhere_else()
        {
            var request = new ResponseRequest
            {
                Action = ResponseAction.IssueTemporaryAccessPass,
                UserId = Adele,
                LifetimeInMinutes = 60,
            };
            var (plans, results) = await RunAsync(request);

            Assert.Equal(
                new[]
                {
                    $"GET /users/{Adele}?$select=id,displayName,userPrincipalName,accountEnabled,"
                        + $"signInSessionsValidFromDateTime",
                    $"GET /users/{Adele}/authentication/methods",
                    $"POST /users/{Adele}/authentication/temporaryAccessPassMethods "
                        + $"{{\"isUsableOnce\":true,\"lifetimeInMinutes\":60}}",
                    $"GET /users/{Adele}/authentication/methods",
                },
                Sent()
            );
            var result = Assert.Single(results);
            Assert.Equal(ActionStatus.Done, result.Status);
            Assert.Equal(
                _directory.Pass,
                new System.Net.NetworkCredential("", result.TemporaryAccessPass!.Pass).Password
            );

            var captured = new[]
            {
                File.ReadAllText(JournalPath),
                result.ToString(),
                result.Detail,
                result.TemporaryAccessPass.ToString(),
                plans[0].ToString(),
            }.Concat(
                JournalReader.Read(JournalPath, new JournalQuery()).Select(r => r.ToString() + r.PriorState + r.Detail)
            );
            Assert.All(captured, text => Assert.DoesNotContain(_directory.Pass, text));
            Assert.DoesNotContain("+1 555 0100", File.ReadAllText(JournalPath));

            var again = await RunAsync(request);
            Assert.Equal(ActionStatus.Refused, again.Results[0].Status);
            Assert.Single(_directory.Writes);
        }

        // ---- bulk --------------------------------------------------------------------------------------------------

        private string[] AddPrincipals(int count)
        {
            var ids = Enumerable.Range(0, count).Select(i => $"00000000-0000-4000-8000-{i:D12}").ToArray();
            foreach (var id in ids)
                _directory.AddServicePrincipal(id, Guid.NewGuid().ToString(), "app-" + id[^2..]);
            return ids;
        }

        private static ResponseRequest[] Disable(IEnumerable<string> ids) =>
            ids.Select(id => new ResponseRequest
                {
                    Action = ResponseAction.DisableServicePrincipal,
                    ServicePrincipalId = id,
                })
                .ToArray();

        [Fact]
        public async Task Forty_five_targets_travel_in_three_batches_of_reads_then_writes_and_read_backs_by_twenty()
        {
            var ids = AddPrincipals(45);
            var (_, results) = await RunAsync(Disable(ids));

            var batches = _standIn.RequestsTo("/$batch");
            Assert.Equal(9, batches.Count);
            Assert.Equal(
                new[] { 20, 20, 5, 20, 20, 20, 20, 5, 5 },
                batches.Select(b => JsonNode.Parse(b.Body)!["requests"]!.AsArray().Count)
            );
            Assert.Equal(
                new[] { "GET", "GET", "GET", "PATCH", "GET", "PATCH", "GET", "PATCH", "GET" },
                batches.Select(b => JsonNode.Parse(b.Body)!["requests"]![0]!["method"]!.GetValue<string>())
            );
            Assert.All(_directory.Requests, r => Assert.True(r.InBatch));
            Assert.Equal(45, _directory.Writes.Count);
            Assert.All(results, r => Assert.Equal(ActionStatus.Done, r.Status));
            Assert.All(ids, id => Assert.False(_directory.ServicePrincipal(id)["accountEnabled"]!.GetValue<bool>()));
            Assert.Equal(ids, results.Select(r => r.TargetId));
        }

        [Fact]
        public async Task A_part_throttled_inside_a_batch_is_sent_again_alone_after_its_Retry_After()
        {
            var ids = AddPrincipals(3);
            _directory.ThrottleParts.Add(
                (r => r.Method == "PATCH" && r.Path.EndsWith(ids[1], StringComparison.Ordinal), 1, "2")
            );

            var (_, results) = await RunAsync(Disable(ids));

            Assert.All(results, r => Assert.Equal(ActionStatus.Done, r.Status));
            Assert.Equal(new[] { TimeSpan.FromSeconds(2) }, _clock.Waits);
            var patches = _directory.Writes.Where(w => w.Path.EndsWith(ids[1], StringComparison.Ordinal)).ToArray();
            Assert.Equal(new[] { true, false }, patches.Select(p => p.InBatch));
            Assert.Equal(3, _standIn.RequestsTo("/$batch").Count); // reads, writes, read-backs
            Assert.Equal(
                $"/v1.0/servicePrincipals/{ids[1]}",
                _standIn.Requests.Where(r => r.Method == "PATCH").Last().Path
            );
        }

        // ---- errors
        // --------------------------------------------------------------------------------------------------

        [Fact]
        public async Task Errors_map_per_target_and_never_stop_the_others()
        {
            var ids = AddPrincipals(4);
            _directory.Failures.Add(
                (
                    r => r.Method == "PATCH" && r.Path.EndsWith(ids[0], StringComparison.Ordinal),
                    403,
                    "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation."
                )
            );
            _directory.Failures.Add(
                (
                    r => r.Method == "PATCH" && r.Path.EndsWith(ids[2], StringComparison.Ordinal),
                    404,
                    "Request_ResourceNotFound",
                    "Resource does not exist."
                )
            );
            _directory.ThrottleParts.Add(
                (r => r.Method == "PATCH" && r.Path.EndsWith(ids[3], StringComparison.Ordinal), int.MaxValue, "1")
            );
            _standIn.OnSequence("PATCH", $"/servicePrincipals/{ids[3]}", GraphStandIn.Status(429, "0"));

            var (_, results) = await RunAsync(Disable(ids));

            Assert.Equal(
                new[] { ActionStatus.Failed, ActionStatus.Done, ActionStatus.Failed, ActionStatus.Failed },
                results.Select(r => r.Status)
            );
            Assert.Equal(
                new GraphErrorKind?[]
                {
                    GraphErrorKind.PermissionDenied,
                    null,
                    GraphErrorKind.NotFound,
                    GraphErrorKind.Throttled,
                },
                results.Select(r => r.ErrorKind)
            );
            Assert.Contains("This needs Application.ReadWrite.All", results[0].Detail);
            Assert.Equal(403, results[0].Error!.StatusCode);
            Assert.Contains("Graph found no such object", results[2].Detail);
            Assert.Equal(
                new[] { "PermissionDenied", null, "NotFound", "Throttled" },
                JournalReader.Read(JournalPath, new JournalQuery()).Select(r => r.ErrorKind)
            );
        }

        [Fact]
        public async Task An_expired_token_fails_every_target_as_an_authentication_error()
        {
            var ids = AddPrincipals(2);
            _standIn.On(
                "POST",
                "/$batch",
                (context, _) =>
                    GraphStandIn.Error(
                        context,
                        401,
                        "InvalidAuthenticationToken",
                        "Access token has expired or is not yet valid."
                    )
            );

            var plans = await Engine().PlanAsync(Disable(ids));

            Assert.All(plans, p => Assert.Equal(GraphErrorKind.Authentication, p.Error!.Kind));
            Assert.All(plans, p => Assert.Contains("connect again", p.Reason));
            Assert.DoesNotContain("SECRET-TOKEN-MARKER", string.Join("\n", plans.Select(p => p.ToString())));
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Response;
using static EntraGuard.Engine.Tests.Response.InMemoryDirectory;

namespace EntraGuard.Engine.Tests.Response
{
    /// <summary>Records the waits asked for and returns at once.</summary>
    internal sealed class RecordingWaitClock : IWaitClock
    {
        public List<TimeSpan> Waits { get; } = new();
        public TimeSpan Now => TimeSpan.FromTicks(Waits.Sum(w => w.Ticks));

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            Waits.Add(delay);
            return Task.CompletedTask;
        }
    }

    public sealed class ResponseEngineTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("eg-respond-").FullName;
        private readonly RecordingWaitClock _clock = new();
        private List<TimeSpan> Waits => _clock.Waits;

        private string JournalPath => Path.Combine(_folder, "journal.jsonl");

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private ResponseEngine Engine(InMemoryDirectory directory) =>
            new(directory, new ResponseEngineOptions { WaitClock = _clock, Operator = "responder@SOC-01" });

        private async Task<(IReadOnlyList<ResponsePlan> Plans, IReadOnlyList<ActionResult> Results)> RunAsync(
            InMemoryDirectory directory,
            params ResponseRequest[] requests
        )
        {
            using var run = Engine(directory).Open(JournalPath, TimeSpan.Zero);
            var plans = await run.PlanAsync(requests);
            return (plans, await run.ExecuteAsync(plans));
        }

        private static ResponseRequest Revoke(
            string keyId,
            string? sp = PayrollSp,
            string? app = null,
            bool force = false,
            string? riskEventId = null
        ) =>
            new()
            {
                Action = ResponseAction.RevokeCredential,
                ServicePrincipalId = sp,
                ApplicationId = app,
                KeyId = keyId,
                Force = force,
                RiskEventId = riskEventId,
            };

        // ---- credentials -------------------------------------------------------------------------------------------

        [Fact]
        public async Task A_principal_password_is_removed_with_removePassword_and_a_rerun_is_already_done()
        {
            var directory = Fabrikam();
            var (plans, results) = await RunAsync(directory, Revoke(AttackerSecret));

            var plan = Assert.Single(plans);
            Assert.Equal(
                $"POST /servicePrincipals/{PayrollSp}/removePassword {{\"keyId\":\"{AttackerSecret}\"}}",
                Assert.Single(plan.Calls).ToString()
            );
            Assert.Equal(
                new[]
                {
                    $"GET /servicePrincipals/{PayrollSp}?$select=id,appId,displayName,accountEnabled,"
                        + $"passwordCredentials,keyCredentials",
                    $"GET /applications(appId='{PayrollAppId}')?$select=id,appId,displayName,passwordCredentials,"
                        + $"keyCredentials",
                },
                plan.Reads.Select(r => r.ToString())
            );
            Assert.Equal(ActionStatus.Done, Assert.Single(results).Status);
            Assert.Equal(
                new[] { RotationSecret },
                directory.ServicePrincipals[PayrollSp].Passwords.Select(p => p.KeyId)
            );
            Assert.Equal(3, directory.ServicePrincipals[PayrollSp].Keys.Count);

            var rerun = await RunAsync(directory, Revoke(AttackerSecret));
            Assert.Equal(ActionStatus.AlreadyDone, Assert.Single(rerun.Results).Status);
            Assert.Contains("already gone", rerun.Results[0].Detail);
            Assert.Single(directory.Writes);
        }

        [Fact]
        public async Task A_key_on_the_application_is_found_through_the_service_principal_appId()
        {
            var directory = Fabrikam();
            var (plans, results) = await RunAsync(directory, Revoke(AppSecret));

            Assert.Equal(
                $"POST /applications/{PayrollApp}/removePassword {{\"keyId\":\"{AppSecret}\"}}",
                Assert.Single(plans[0].Calls).ToString()
            );
            Assert.Equal(DirectoryObjectType.Application, results[0].TargetType);
            Assert.Empty(directory.Applications[PayrollApp].Passwords);
            Assert.Equal(2, directory.ServicePrincipals[PayrollSp].Passwords.Count);
        }

        [Fact]
        public async Task A_certificate_is_removed_by_writing_back_the_other_certificates_with_keys_and_no_password()
        {
            var directory = Fabrikam();
            var before = directory
                .ServicePrincipals[PayrollSp]
                .Keys.Where(k => k.KeyId != BadCertificate)
                .ToDictionary(k => k.KeyId, k => k.Key!);
            var (plans, results) = await RunAsync(directory, Revoke(BadCertificate));

            var plan = plans[0];
            Assert.Equal($"GET /servicePrincipals/{PayrollSp}?$select=keyCredentials", plan.Reads.Last().ToString());
            var patch = Assert.IsType<ReplaceKeyCredentials>(Assert.Single(plan.Calls));
            Assert.Equal(
                $"PATCH /servicePrincipals/{PayrollSp} {{\"keyCredentials\":["
                    + $"{{\"keyId\":\"{GoodCertificate}\",\"type\":\"AsymmetricX509Cert\",\"usage\":\"Verify\","
                    + $"\"key\":\"(300 bytes, as read)\"}},"
                    + $"{{\"keyId\":\"{SecondCertificate}\",\"type\":\"AsymmetricX509Cert\",\"usage\":\"Sign\","
                    + $"\"key\":\"(300 bytes, as read)\"}}]}}",
                patch.ToString()
            );
            Assert.Equal(ActionStatus.Done, results[0].Status);

            var after = directory.ServicePrincipals[PayrollSp];
            Assert.Equal(before.Keys.OrderBy(k => k), after.Keys.Select(k => k.KeyId).OrderBy(k => k));
            foreach (var key in after.Keys)
                Assert.Equal(before[key.KeyId], key.Key);
            Assert.Equal(new[] { RotationSecret, AttackerSecret }, after.Passwords.Select(p => p.KeyId));
            Assert.DoesNotContain(directory.Writes, w => w.Path.EndsWith("removeKey", StringComparison.Ordinal));
            Assert.Contains(plan.Notes, n => n.Contains("with their key material"));
        }

        [Fact]
        public async Task Without_key_material_in_the_read_the_certificate_patch_is_refused_and_nothing_changes()
        {
            var directory = Fabrikam();
            directory.OmitKeyMaterial = true;
            var (_, results) = await RunAsync(directory, Revoke(BadCertificate));

            Assert.Equal(ActionStatus.Refused, results[0].Status);
            Assert.Contains("would delete them", results[0].Detail);
            Assert.Empty(directory.Writes);
            Assert.Equal(3, directory.ServicePrincipals[PayrollSp].Keys.Count);
        }

        [Fact]
        public async Task Revoking_a_credential_of_the_app_EntraGuard_runs_as_is_refused_unless_forced()
        {
            var directory = Fabrikam();
            directory.Connection = AppOnly(PayrollAppId, PayrollSp);

            var refused = await RunAsync(directory, Revoke(AttackerSecret));
            Assert.Equal(ActionStatus.Refused, refused.Results[0].Status);
            Assert.Contains("lock EntraGuard itself out", refused.Results[0].Detail);
            Assert.Contains("-Force", refused.Results[0].Detail);
            Assert.Empty(directory.Writes);

            var forced = await RunAsync(directory, Revoke(AttackerSecret, force: true));
            Assert.Equal(ActionStatus.Done, forced.Results[0].Status);
            Assert.Contains(
                forced.Plans[0].Notes,
                n => n.StartsWith("self-lockout guard overridden", StringComparison.Ordinal)
            );
        }

        [Fact]
        public async Task A_missing_service_principal_fails_as_not_found()
        {
            var directory = Fabrikam();
            var (_, results) = await RunAsync(
                directory,
                Revoke(AttackerSecret, sp: "00000000-0000-4000-8000-000000000404")
            );

            Assert.Equal(ActionStatus.Failed, results[0].Status);
            Assert.Equal(GraphErrorKind.NotFound, results[0].ErrorKind);
        }

        // ---- principals and users ----------------------------------------------------------------------------------

        [Fact]
        public async Task Disabling_a_service_principal_patches_accountEnabled_once_and_enabling_reverses_it()
        {
            var directory = Fabrikam();
            var disable = new ResponseRequest
            {
                Action = ResponseAction.DisableServicePrincipal,
                ServicePrincipalId = PayrollSp,
            };

            var first = await RunAsync(directory, disable);
            Assert.Equal(
                $"PATCH /servicePrincipals/{PayrollSp} {{\"accountEnabled\":false}}",
                Assert.Single(first.Plans[0].Calls).ToString()
            );
            Assert.Equal(ActionStatus.Done, first.Results[0].Status);
            Assert.False(directory.ServicePrincipals[PayrollSp].AccountEnabled);

            var second = await RunAsync(directory, disable);
            Assert.Equal(ActionStatus.AlreadyDone, second.Results[0].Status);
            Assert.Empty(second.Plans[0].Calls);

            var enable = await RunAsync(
                directory,
                new ResponseRequest { Action = ResponseAction.EnableServicePrincipal, ServicePrincipalId = PayrollSp }
            );
            Assert.Equal(ActionStatus.Done, enable.Results[0].Status);
            Assert.True(directory.ServicePrincipals[PayrollSp].AccountEnabled);
            Assert.Equal(2, directory.Writes.Count());
        }

        [Fact]
        public async Task Disabling_the_service_principal_EntraGuard_runs_as_is_refused()
        {
            var directory = Fabrikam();
            directory.Connection = AppOnly("another-client-id", PayrollSp);
            var (_, results) = await RunAsync(
                directory,
                new ResponseRequest { Action = ResponseAction.DisableServicePrincipal, ServicePrincipalId = PayrollSp }
            );

            Assert.Equal(ActionStatus.Refused, results[0].Status);
            Assert.True(directory.ServicePrincipals[PayrollSp].AccountEnabled);
        }

        [Fact]
        public async Task The_signed_in_user_is_neither_disabled_nor_signed_out_unless_forced()
        {
            var directory = Fabrikam();
            directory.Users[AdminId] = new User { Id = AdminId, UserPrincipalName = "it.admin@fabrikam.example" };
            directory.Connection = Delegated(AdminId, "it.admin@fabrikam.example");

            var (_, results) = await RunAsync(
                directory,
                new ResponseRequest { Action = ResponseAction.DisableUser, UserId = "it.admin@fabrikam.example" },
                new ResponseRequest { Action = ResponseAction.RevokeUserSession, UserId = "it.admin@fabrikam.example" }
            );
            Assert.All(results, r => Assert.Equal(ActionStatus.Refused, r.Status));
            Assert.Empty(directory.Writes);

            var forced = await RunAsync(
                directory,
                new ResponseRequest
                {
                    Action = ResponseAction.DisableUser,
                    UserId = "it.admin@fabrikam.example",
                    Force = true,
                }
            );
            Assert.Equal(ActionStatus.Done, forced.Results[0].Status);
            Assert.Equal($"PATCH /users/{AdminId} {{\"accountEnabled\":false}}", forced.Plans[0].Calls[0].ToString());
        }

        [Fact]
        public async Task Sessions_revoked_after_the_activity_count_as_done()
        {
            var directory = Fabrikam();
            var eventTime = new DateTimeOffset(2026, 11, 13, 2, 11, 7, TimeSpan.Zero);
            directory.Users[MeganId] = new User
            {
                Id = MeganId,
                UserPrincipalName = "megan.bowen@fabrikam.example",
                SessionsValidFrom = eventTime.AddHours(-30),
            };
            var request = new ResponseRequest
            {
                Action = ResponseAction.RevokeUserSession,
                UserId = MeganId,
                EventTime = eventTime,
            };

            var first = await RunAsync(directory, request);
            Assert.Equal($"POST /users/{MeganId}/revokeSignInSessions", first.Plans[0].Calls[0].ToString());
            Assert.Equal(ActionStatus.Done, first.Results[0].Status);

            var again = await RunAsync(directory, request);
            Assert.Equal(ActionStatus.AlreadyDone, again.Results[0].Status);
            Assert.Contains("already revoked", again.Results[0].Detail);
        }

        // ---- groups ------------------------------------------------------------------------------------------------

        [Fact]
        public async Task A_removed_member_is_added_back_by_reference_and_a_rerun_is_already_done()
        {
            var directory = Fabrikam();
            directory.Groups[Tier0] = new Group
            {
                Id = Tier0,
                DisplayName = "Tier0-Admins",
                IsAssignableToRole = true,
            };
            var request = new ResponseRequest
            {
                Action = ResponseAction.RestoreGroupMember,
                GroupId = Tier0,
                MemberId = AlexId,
            };

            var first = await RunAsync(directory, request);
            var call = Assert.IsType<AddGroupMember>(Assert.Single(first.Plans[0].Calls));
            Assert.Equal(
                $"POST /groups/{Tier0}/members/$ref {{\"@odata.id\":\"{BaseUrl}/directoryObjects/{AlexId}\"}}",
                call.ToString()
            );
            Assert.Contains("RoleManagement.ReadWrite.Directory", call.Permissions);
            Assert.Equal(ActionStatus.Done, first.Results[0].Status);
            Assert.Contains(AlexId, directory.Groups[Tier0].Members);
            Assert.DoesNotContain(directory.Writes, w => w.Method == "DELETE");

            var again = await RunAsync(directory, request);
            Assert.Equal(ActionStatus.AlreadyDone, again.Results[0].Status);
        }

        [Fact]
        public async Task Dynamic_and_on_premises_groups_are_refused_with_the_reason()
        {
            var directory = Fabrikam();
            var dynamic = Guid.NewGuid().ToString();
            var synced = Guid.NewGuid().ToString();
            directory.Groups[dynamic] = new Group
            {
                Id = dynamic,
                DisplayName = "All-Sales",
                GroupTypes = new[] { "DynamicMembership" },
                MembershipRule = "user.department -eq \"Sales\"",
            };
            directory.Groups[synced] = new Group
            {
                Id = synced,
                DisplayName = "HQ-Staff",
                OnPremisesSyncEnabled = true,
            };

            var (_, results) = await RunAsync(
                directory,
                new ResponseRequest
                {
                    Action = ResponseAction.RestoreGroupMember,
                    GroupId = dynamic,
                    MemberId = AlexId,
                },
                new ResponseRequest
                {
                    Action = ResponseAction.RestoreGroupMember,
                    GroupId = synced,
                    MemberId = AlexId,
                }
            );

            Assert.Equal(ActionStatus.Refused, results[0].Status);
            Assert.Contains("dynamic group", results[0].Detail);
            Assert.Contains("user.department -eq \"Sales\"", results[0].Detail);
            Assert.Equal(ActionStatus.Refused, results[1].Status);
            Assert.Contains("on-premises", results[1].Detail);
            Assert.Empty(directory.Writes);
        }

        [Fact]
        public async Task Graph_saying_the_reference_already_exists_is_already_done()
        {
            var directory = Fabrikam();
            directory.Groups[Tier0] = new Group { Id = Tier0, DisplayName = "Tier0-Admins" };
            directory.Failures.Add(
                (
                    o => o is CheckGroupMember,
                    new GraphRequestException(
                        GraphErrorKind.BadRequest,
                        "Graph answered 400 Request_UnsupportedQuery.",
                        400
                    )
                )
            );
            directory.Failures.Add(
                (
                    o => o is AddGroupMember,
                    new GraphRequestException(
                        GraphErrorKind.BadRequest,
                        "Graph answered 400 Request_BadRequest while adding: One or more added object references "
                            + "already exist for the following modified properties: 'members'.",
                        400
                    )
                )
            );

            var (plans, results) = await RunAsync(
                directory,
                new ResponseRequest
                {
                    Action = ResponseAction.RestoreGroupMember,
                    GroupId = Tier0,
                    MemberId = AlexId,
                }
            );

            Assert.Contains(
                plans[0].Notes,
                n => n.StartsWith("membership could not be checked first", StringComparison.Ordinal)
            );
            Assert.Equal(ActionStatus.AlreadyDone, results[0].Status);
        }

        // ---- temporary access pass
        // -----------------------------------------------------------------------------------

        [Fact]
        public async Task A_pass_is_issued_once_as_a_SecureString_and_never_reaches_the_journal_or_the_texts()
        {
            var directory = Fabrikam();
            directory.Users[MeganId] = new User { Id = MeganId, UserPrincipalName = "adele.vance@fabrikam.example" };
            directory
                .Users[MeganId]
                .Methods.Add(
                    new AuthenticationMethodInfo
                    {
                        UserId = MeganId,
                        Id = "m-1",
                        MethodType = "phone",
                        Detail = "+1 555 0100",
                    }
                );
            var request = new ResponseRequest
            {
                Action = ResponseAction.IssueTemporaryAccessPass,
                UserId = MeganId,
                LifetimeInMinutes = 120,
            };

            var (plans, results) = await RunAsync(directory, request);

            Assert.Equal(
                $"POST /users/{MeganId}/authentication/temporaryAccessPassMethods "
                    + $"{{\"isUsableOnce\":true,\"lifetimeInMinutes\":120}}",
                plans[0].Calls[0].ToString()
            );
            var result = Assert.Single(results);
            Assert.Equal(ActionStatus.Done, result.Status);
            var pass = result.TemporaryAccessPass!;
            Assert.Equal(directory.Pass, new System.Net.NetworkCredential("", pass.Pass).Password);
            Assert.True(pass.Pass.IsReadOnly());

            var texts = new[]
            {
                File.ReadAllText(JournalPath),
                result.ToString(),
                result.Detail,
                pass.ToString(),
                plans[0].ToString(),
            };
            Assert.All(texts, t => Assert.DoesNotContain(directory.Pass, t));
            Assert.DoesNotContain("+1 555 0100", File.ReadAllText(JournalPath));

            var again = await RunAsync(directory, request);
            Assert.Equal(ActionStatus.Refused, again.Results[0].Status);
            Assert.Contains("already has a temporary access pass", again.Results[0].Detail);
            Assert.Single(directory.Writes);
        }

        // ---- bulk
        // ----------------------------------------------------------------------------------------------------

        private static InMemoryDirectory WithPrincipals(int count, out string[] ids)
        {
            var directory = Fabrikam();
            ids = Enumerable.Range(0, count).Select(i => $"00000000-0000-4000-8000-{i:D12}").ToArray();
            foreach (var id in ids)
            {
                directory.ServicePrincipals[id] = new AppObject
                {
                    Type = DirectoryObjectType.ServicePrincipal,
                    Id = id,
                    AppId = Guid.NewGuid().ToString(),
                    DisplayName = "app-" + id[^3..],
                };
            }
            return directory;
        }

        private static ResponseRequest[] Disable(IEnumerable<string> ids) =>
            ids.Select(id => new ResponseRequest
                {
                    Action = ResponseAction.DisableServicePrincipal,
                    ServicePrincipalId = id,
                })
                .ToArray();

        [Fact]
        public async Task Forty_five_targets_go_in_three_batches_for_the_reads_then_writes_and_read_backs_by_twenty()
        {
            var directory = WithPrincipals(45, out var ids);
            var (_, results) = await RunAsync(directory, Disable(ids));

            Assert.Equal(new[] { 20, 20, 5, 20, 20, 20, 20, 5, 5 }, directory.Batches.Select(b => b.Length));
            Assert.All(directory.Batches.Take(3).SelectMany(b => b), o => Assert.IsType<GetAppObject>(o));
            Assert.All(
                new[] { 3, 5, 7 }.SelectMany(i => directory.Batches[i]),
                o => Assert.IsType<SetAccountEnabled>(o)
            );
            Assert.All(new[] { 4, 6, 8 }.SelectMany(i => directory.Batches[i]), o => Assert.IsType<GetAppObject>(o));
            Assert.Equal(ids, results.Select(r => r.TargetId));
            Assert.All(results, r => Assert.Equal(ActionStatus.Done, r.Status));
        }

        [Fact]
        public async Task Two_findings_about_one_credential_make_one_call_and_two_results()
        {
            var directory = Fabrikam();
            var (plans, results) = await RunAsync(
                directory,
                Revoke(AttackerSecret, riskEventId: "EG0001-a"),
                Revoke(AttackerSecret, riskEventId: "EG0012-b")
            );

            Assert.Same(plans[0], plans[1].SameChangeAs);
            Assert.Contains("the same change as planned for Payroll-Sync", plans[1].ToString());
            Assert.Single(directory.Writes);
            Assert.Equal(new[] { ActionStatus.Done, ActionStatus.AlreadyDone }, results.Select(r => r.Status));
            Assert.Contains(results[0].JournalId!, results[1].Detail);
            var records = JournalReader.Read(JournalPath, new JournalQuery());
            Assert.Equal(new[] { "EG0001-a", "EG0012-b" }, records.Select(r => r.RiskEventId));
            Assert.Empty(records[1].Calls);
        }

        [Fact]
        public async Task A_request_throttled_inside_a_batch_is_retried_alone_after_its_Retry_After()
        {
            var directory = WithPrincipals(5, out var ids);
            directory.Throttle.Add((o => o is SetAccountEnabled s && s.Id == ids[2], 1, TimeSpan.FromSeconds(7)));

            var (_, results) = await RunAsync(directory, Disable(ids));

            // reads, writes, the retry, read-backs
            Assert.Equal(new[] { 5, 5, 1, 5 }, directory.Batches.Select(b => b.Length));
            Assert.Equal(ids[2], Assert.IsType<SetAccountEnabled>(directory.Batches[2][0]).Id);
            Assert.Equal(new[] { TimeSpan.FromSeconds(7) }, Waits);
            Assert.All(results, r => Assert.Equal(ActionStatus.Done, r.Status));
        }

        [Fact]
        public async Task Throttling_that_never_ends_fails_that_target_alone_after_three_retries_with_backoff()
        {
            var directory = WithPrincipals(3, out var ids);
            directory.Throttle.Add((o => o is SetAccountEnabled s && s.Id == ids[1], int.MaxValue, null));

            var (_, results) = await RunAsync(directory, Disable(ids));

            Assert.Equal(new[] { 1, 2, 4 }.Select(s => TimeSpan.FromSeconds(s)), Waits);
            Assert.Equal(
                new[] { ActionStatus.Done, ActionStatus.Failed, ActionStatus.Done },
                results.Select(r => r.Status)
            );
            Assert.Equal(GraphErrorKind.Throttled, results[1].ErrorKind);
            Assert.Contains("Still refused after 3 retries", results[1].Detail);
        }

        [Fact]
        public async Task Each_target_gets_its_own_error_and_the_others_go_on()
        {
            var directory = WithPrincipals(4, out var ids);
            directory.Failures.Add(
                (
                    o => o is SetAccountEnabled s && s.Id == ids[0],
                    new GraphRequestException(
                        GraphErrorKind.PermissionDenied,
                        "Graph denied access while disabling service principal (403 Authorization_RequestDenied). "
                            + "This needs Application.ReadWrite.All.",
                        403
                    )
                )
            );
            directory.Failures.Add(
                (
                    o => o is GetAppObject g && g.Id == ids[3],
                    new GraphRequestException(GraphErrorKind.NotFound, "Graph found no such object (404).", 404)
                )
            );

            var (_, results) = await RunAsync(directory, Disable(ids));

            Assert.Equal(
                new[] { ActionStatus.Failed, ActionStatus.Done, ActionStatus.Done, ActionStatus.Failed },
                results.Select(r => r.Status)
            );
            Assert.Equal(GraphErrorKind.PermissionDenied, results[0].ErrorKind);
            Assert.Contains("Application.ReadWrite.All", results[0].Detail);
            Assert.Equal(GraphErrorKind.NotFound, results[3].ErrorKind);
        }

        [Fact]
        public async Task A_whole_batch_failing_fails_each_of_its_targets_with_the_cause()
        {
            var directory = WithPrincipals(2, out var ids);
            directory.Exchange = batch =>
                batch[0].IsWrite
                    ? new GraphRequestException(
                        GraphErrorKind.Authentication,
                        "Graph refused the access token (401).",
                        401
                    )
                    : null;

            var (_, results) = await RunAsync(directory, Disable(ids));

            Assert.All(results, r => Assert.Equal(GraphErrorKind.Authentication, r.ErrorKind));
        }

        // ---- journal
        // -------------------------------------------------------------------------------------------------

        [Fact]
        public async Task Each_action_is_journaled_as_started_before_its_call_and_completed_after()
        {
            var directory = Fabrikam();
            var linesWhenCalled = -1;
            directory.Exchange = batch =>
            {
                if (batch[0].IsWrite)
                    linesWhenCalled = File.ReadAllLines(JournalPath).Length;
                return null;
            };

            var (plans, results) = await RunAsync(directory, Revoke(AttackerSecret, riskEventId: "rk-1"));

            Assert.Equal(1, linesWhenCalled);
            var lines = File.ReadAllLines(JournalPath);
            Assert.Equal(2, lines.Length);
            Assert.Contains("\"phase\":\"started\"", lines[0]);
            Assert.Contains("\"phase\":\"completed\"", lines[1]);
            var record = Assert.Single(JournalReader.Read(JournalPath, new JournalQuery()));
            Assert.Equal(results[0].JournalId, record.JournalId);
            Assert.Equal(ActionStatus.Done, record.Status);
            Assert.Equal(ResponseAction.RevokeCredential, record.Action);
            Assert.Equal("servicePrincipal", record.TargetType);
            Assert.Equal(PayrollSp, record.TargetId);
            Assert.Equal("Payroll-Sync", record.TargetName);
            Assert.Equal("5b7c1e2a-8d3f-4a6b-9c0e-1f2a3b4c5d6e", record.TenantId);
            Assert.Equal("EntraGuard-Responder", record.ConnectedAs);
            Assert.Equal("responder@SOC-01", record.Operator);
            Assert.Equal("rk-1", record.RiskEventId);
            Assert.Equal(plans[0].CorrelationId, record.CorrelationId);
            Assert.Equal(plans[0].Calls.Select(c => c.ToString()), record.Calls);
            Assert.Contains(AttackerSecret, record.PriorState);
            Assert.NotNull(record.CompletedTime);
        }

        [Fact]
        public async Task A_run_that_dies_during_the_call_leaves_a_pending_record()
        {
            var directory = Fabrikam();
            directory.Exchange = batch =>
                batch[0].IsWrite ? new OperationCanceledException("the runbook was stopped") : null;

            await Assert.ThrowsAsync<OperationCanceledException>(() => RunAsync(directory, Revoke(AttackerSecret)));

            var record = Assert.Single(JournalReader.Read(JournalPath, new JournalQuery()));
            Assert.Equal(ActionStatus.Pending, record.Status);
            Assert.Null(record.CompletedTime);
            Assert.Single(
                JournalReader.Read(JournalPath, new JournalQuery { Statuses = new[] { ActionStatus.Pending } })
            );
        }

        [Fact]
        public async Task Decisions_without_calls_are_journaled_in_one_line()
        {
            var directory = Fabrikam();
            await RunAsync(directory, Revoke("12345678-1234-4234-8234-123456789012"));

            var line = Assert.Single(File.ReadAllLines(JournalPath));
            Assert.Contains("\"status\":\"AlreadyDone\"", line);
            Assert.Equal(ActionStatus.AlreadyDone, JournalReader.Read(JournalPath, new JournalQuery())[0].Status);
        }

        [Fact]
        public async Task Requests_missing_their_keys_are_rejected_naming_the_key()
        {
            var engine = Engine(Fabrikam());
            var noKey = await Assert.ThrowsAsync<InvalidResponseRequestException>(() =>
                engine.PlanAsync(
                    new[]
                    {
                        new ResponseRequest
                        {
                            Action = ResponseAction.RevokeCredential,
                            ServicePrincipalId = PayrollSp,
                        },
                    }
                )
            );
            Assert.Equal("KeyId", noKey.Key);
            Assert.Equal("RevokeCredential needs KeyId.", noKey.Message);
            var noHolder = await Assert.ThrowsAsync<InvalidResponseRequestException>(() =>
                engine.PlanAsync(new[] { Revoke(AttackerSecret, sp: null) })
            );
            Assert.Equal("ServicePrincipalId", noHolder.Key);
            var badUser = await Assert.ThrowsAsync<InvalidResponseRequestException>(() =>
                engine.PlanAsync(
                    new[]
                    {
                        new ResponseRequest { Action = ResponseAction.DisableUser, UserId = "megan" },
                    }
                )
            );
            Assert.Contains("neither an object id", badUser.Message);
            var lifetime = await Assert.ThrowsAsync<InvalidResponseRequestException>(() =>
                engine.PlanAsync(
                    new[]
                    {
                        new ResponseRequest
                        {
                            Action = ResponseAction.IssueTemporaryAccessPass,
                            UserId = MeganId,
                            LifetimeInMinutes = 5,
                        },
                    }
                )
            );
            Assert.Equal("LifetimeInMinutes", lifetime.Key);
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EntraGuard.Graph.Tests;
using EntraGuard.Graph.Tests.Response;
using EntraGuard.Graph.Tests.StandIn;
using EntraGuard.Response;
using EntraGuard.Tests;
using static EntraGuard.Cli.Tests.Entraguard;

namespace EntraGuard.Cli.Tests
{
    /// <summary>
    /// <c>entraguard respond</c> and <c>entraguard journal</c> end to end: the sample tenant's findings from
    /// <c>entraguard scan --format json</c>, answered against the directory stand-in. The token comes from
    /// ENTRAGUARD_ACCESS_TOKEN, shared with the other CLI tests, so they run in one collection, one at a time.
    /// </summary>
    [Collection(CliEnvironment.Collection)]
    public sealed class CliRespondTests : IAsyncLifetime
    {
        private const string OwnServicePrincipal = "12121212-1212-1212-1212-121212121212";
        private const string Adele = "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e";

        private readonly string _folder = Directory.CreateTempSubdirectory("eg-cli-respond-").FullName;
        private readonly string _token = TestConnections.FakeToken(marker: "RESPOND-TOKEN-MARKER");
        private GraphStandIn _standIn = null!;
        private DirectoryStandIn _directory = null!;
        private string _findings = "";
        private readonly List<(string Holder, string Key, bool OnApplication)> _addedKeys = new();

        private string JournalPath => Path.Combine(_folder, "journal.jsonl");

        public async Task InitializeAsync()
        {
            _standIn = await GraphStandIn.StartAsync();
            _directory = new DirectoryStandIn(_standIn);
            Environment.SetEnvironmentVariable(GraphConnectionCliOptions.AccessTokenVariable, _token);

            var root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "EntraGuard.sln")))
                root = Path.GetDirectoryName(root)!;
            var samples = Path.Combine(root, "samples");
            var (exit, output, error) = Run(
                "scan",
                Path.Combine(samples, "graph"),
                "--settings",
                Path.Combine(samples, "settings.yaml"),
                "--format",
                "json"
            );
            Assert.True(exit == 0, error);
            _findings = Path.Combine(_folder, "findings.jsonl");
            File.WriteAllText(_findings, output);

            // The tenant as the findings describe it: every credential the intruder added is still there, beside a
            // rotation secret that must survive.
            foreach (
                var finding in output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!)
            )
            {
                if ((string?)finding["KeyId"] is not { } keyId || (string)finding["RuleId"]! == "EG0002")
                    continue;
                var onApplication = finding["ServicePrincipalId"] is null;
                var holder = (string)(finding["ServicePrincipalId"] ?? finding["ApplicationId"])!;
                if (_addedKeys.Any(k => k.Holder == holder && k.Key == keyId))
                    continue;
                _addedKeys.Add((holder, keyId, onApplication));
            }
            foreach (var group in _addedKeys.GroupBy(k => (k.Holder, k.OnApplication)))
            {
                var passwords = new JsonArray(DirectoryStandIn.Password(Guid.NewGuid().ToString(), "rotation"));
                var keys = new JsonArray();
                foreach (var (_, key, _) in group)
                {
                    var isCertificate = output.Contains($"\"KeyId\":\"{key}\",\"KeyType\":\"AsymmetricX509Cert\"");
                    if (isCertificate)
                        keys.Add(DirectoryStandIn.Certificate(key, "CN=intruder", new byte[] { 1, 2, 3, 4 }));
                    else
                        passwords.Add(DirectoryStandIn.Password(key, "backup"));
                }
                var appId = Guid.NewGuid().ToString();
                if (group.Key.OnApplication)
                    _directory.AddApplication(group.Key.Holder, appId, "app", passwords, keys);
                else
                {
                    _directory.AddServicePrincipal(group.Key.Holder, appId, "sp", passwords: passwords, keys: keys);
                    _directory.NoApplicationFor(appId);
                }
            }
            _directory.AddServicePrincipal(OwnServicePrincipal, TestConnections.AppId, "EntraGuard Test");
            _directory.AddUser(Adele, "adele.vance@fabrikam.example");
        }

        public async Task DisposeAsync()
        {
            Environment.SetEnvironmentVariable(GraphConnectionCliOptions.AccessTokenVariable, null);
            await _standIn.DisposeAsync();
            Directory.Delete(_folder, recursive: true);
        }

        private (int Exit, string Out, string Err) Respond(params string[] args) =>
            Run(
                new[] { "respond" }
                    .Concat(args)
                    .Concat(new[] { "--graph-base-url", _standIn.BaseUrl, "--journal", JournalPath })
                    .ToArray()
            );

        [Fact]
        public void A_dry_run_over_the_scan_findings_prints_every_plan_and_changes_nothing()
        {
            var (exit, output, error) = Respond("revoke-credential", "--from", _findings);

            Assert.True(exit == 0, error);
            Assert.Empty(_directory.Writes);
            Assert.False(File.Exists(JournalPath));
            foreach (var (holder, key, onApplication) in _addedKeys.Where(k => !k.OnApplication))
            {
                Assert.Contains($"/servicePrincipals/{holder}", output);
            }
            Assert.Contains("call:  POST /servicePrincipals/", output);
            Assert.Contains("call:  PATCH /servicePrincipals/", output);
            Assert.Contains($"dry run: {_addedKeys.Count} change(s) planned", error);
            Assert.Contains("Nothing was changed; add --apply", error);
            // Findings this action was not asked for are skipped, and said so once, with counts per reason.
            var skipped = Assert.Single(
                error.Split('\n'),
                l => l.StartsWith("entraguard: skipped", StringComparison.Ordinal)
            );
            Assert.Matches(
                @"skipped \d+ finding\(s\): \d+ whose rule suggests another response \(--any-rule includes them\), "
                    + @"1 whose rare-actor history is incomplete \(--include-incomplete-history includes them\)",
                skipped
            );
            Assert.DoesNotContain("line ", error);
            Assert.DoesNotContain("RESPOND-TOKEN-MARKER", output + error);
        }

        [Fact]
        public void Findings_are_answered_only_by_the_response_their_rule_suggests_unless_any_rule()
        {
            var incomplete = Path.Combine(_folder, "scoped.jsonl");
            var sp = _addedKeys.First(k => !k.OnApplication);
            File.WriteAllLines(
                incomplete,
                new[]
                {
                    $"{{\"RiskEventId\":\"a\",\"RuleId\":\"EG0001\","
                        + $"\"SuggestedResponse\":\"Invoke-CredentialRevocation\",\"HistoryComplete\":false,"
                        + $"\"ServicePrincipalId\":\"{sp.Holder}\",\"KeyId\":\"{sp.Key}\"}}",
                    $"{{\"RiskEventId\":\"b\",\"RuleId\":\"EG0002\","
                        + $"\"SuggestedResponse\":\"Revoke-EntraUserSession\","
                        + $"\"ServicePrincipalId\":\"{sp.Holder}\",\"KeyId\":\"{sp.Key}\"}}",
                }
            );

            var scoped = Respond("revoke-credential", "--from", incomplete, "--apply");
            Assert.True(scoped.Exit == 0, scoped.Err);
            Assert.Contains(
                "skipped 2 finding(s): 1 whose rule suggests another response (--any-rule includes them), "
                    + "1 whose rare-actor history is incomplete (--include-incomplete-history includes them).",
                scoped.Err
            );
            Assert.Contains("nothing to do: no finding calls for revoke-credential", scoped.Err);
            Assert.Empty(_directory.Requests);

            var history = Respond("revoke-credential", "--from", incomplete, "--include-incomplete-history");
            Assert.True(history.Exit == 0, history.Err);
            Assert.Contains("dry run: 1 change(s) planned", history.Err);

            var any = Respond(
                "revoke-credential",
                "--from",
                incomplete,
                "--include-incomplete-history",
                "--any-rule",
                "--apply"
            );
            Assert.True(any.Exit == 0, any.Err);
            Assert.DoesNotContain("skipped", any.Err);
            Assert.Single(_directory.Writes);
        }

        [Fact]
        public void Nothing_to_do_is_a_quiet_success()
        {
            var (exit, output, error) = Respond("enable-user", "--from", _findings, "--apply");

            Assert.Equal(CliRunner.Success, exit);
            Assert.Empty(output);
            // the skip summary and "nothing to do"
            Assert.Equal(2, error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.False(File.Exists(JournalPath));
        }

        [Fact]
        public void Applying_removes_each_added_credential_once_journals_it_and_a_rerun_is_all_already_done()
        {
            var (exit, output, error) = Respond("revoke-credential", "--from", _findings, "--apply");

            Assert.True(exit == 0, error);
            Assert.Equal(_addedKeys.Count, _directory.Writes.Count);
            foreach (var (holder, key, onApplication) in _addedKeys)
            {
                var state = onApplication ? _directory.Application(holder) : _directory.ServicePrincipal(holder);
                Assert.DoesNotContain(key, state.ToJsonString());
                Assert.Contains("rotation", state.ToJsonString());
            }
            Assert.Contains($"{_addedKeys.Count} done", error);
            Assert.Contains("Done        RevokeCredential", output);
            var records = File.ReadAllLines(JournalPath).Select(l => JsonNode.Parse(l)!).ToArray();
            Assert.Equal(_addedKeys.Count, records.Count(r => (string)r["phase"]! == "started"));

            var rerun = Respond("revoke-credential", "--from", _findings, "--apply");
            Assert.True(rerun.Exit == 0, rerun.Err);
            Assert.Equal(_addedKeys.Count, _directory.Writes.Count);
            Assert.Contains("0 done", rerun.Err);
            Assert.DoesNotContain("Done        ", rerun.Out);

            var (journalExit, journal, journalError) = Run(
                "journal",
                "--journal",
                JournalPath,
                "--status",
                "Done",
                "--format",
                "json"
            );
            Assert.True(journalExit == 0, journalError);
            var done = journal
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement)
                .ToArray();
            Assert.Equal(_addedKeys.Count, done.Length);
            Assert.All(done, r => Assert.Equal("RevokeCredential", r.GetProperty("action").GetString()));
            Assert.All(done, r => Assert.StartsWith("EG00", r.GetProperty("riskEventId").GetString()));
            Assert.Contains("No journal records.", Run("journal", "--journal", JournalPath, "--status", "Pending").Out);
            var table = Run("journal", "--journal", JournalPath, "--action", "RevokeCredential").Out;
            Assert.StartsWith("Time (UTC)", table);
            Assert.Contains("AlreadyDone", table);
        }

        private const string TwoCertificateSp = "5e5e5e5e-0000-4000-8000-000000000001";
        private const string KeptCertificate = "5e5e5e5e-0000-4000-8000-0000000000aa";

        /// <summary>A service principal holding a certificate to keep and the given ones to remove.</summary>
        private void AddPrincipalWithCertificates(params string[] rogue)
        {
            var keys = new JsonArray(DirectoryStandIn.Certificate(KeptCertificate, "CN=kept", new byte[] { 9, 8, 7 }));
            foreach (var key in rogue)
                keys.Add(DirectoryStandIn.Certificate(key, "CN=rogue", new byte[] { 1, 2, 3 }));
            var appId = Guid.NewGuid().ToString();
            _directory.AddServicePrincipal(TwoCertificateSp, appId, "two-certs", keys: keys);
            _directory.NoApplicationFor(appId);
        }

        private string[] CertificatesOfTwoCertificateSp() =>
            _directory.ServicePrincipal(TwoCertificateSp)["keyCredentials"]!
                .AsArray()
                .Select(k => (string)k!["keyId"]!)
                .ToArray();

        [Fact]
        public void Two_certificates_on_one_service_principal_in_one_apply_are_both_gone_afterwards()
        {
            var rogue = new[] { "5e5e5e5e-0000-4000-8000-0000000000b1", "5e5e5e5e-0000-4000-8000-0000000000b2" };
            AddPrincipalWithCertificates(rogue);
            var findings = Path.Combine(_folder, "two-certificates.jsonl");
            File.WriteAllLines(
                findings,
                rogue.Select(
                    (key, i) =>
                        $"{{\"RiskEventId\":\"r{i}\",\"RuleId\":\"EG0001\","
                        + $"\"ServicePrincipalId\":\"{TwoCertificateSp}\",\"KeyId\":\"{key}\","
                        + $"\"KeyType\":\"AsymmetricX509Cert\"}}"
                )
            );

            var (exit, _, error) = Respond("revoke-credential", "--from", findings, "--apply");

            Assert.True(exit == 0, error);
            Assert.Contains("2 done", error);
            Assert.Equal(new[] { KeptCertificate }, CertificatesOfTwoCertificateSp());
            Assert.Single(_directory.Writes);
        }

        [Fact]
        public async Task Two_responders_at_once_each_remove_their_certificate_and_neither_brings_the_other_back()
        {
            var rogue = new[] { "5e5e5e5e-0000-4000-8000-0000000000c1", "5e5e5e5e-0000-4000-8000-0000000000c2" };
            AddPrincipalWithCertificates(rogue);

            var runs = rogue
                .Select(key =>
                    Task.Run(() =>
                        Respond(
                            "revoke-credential",
                            "--service-principal-id",
                            TwoCertificateSp,
                            "--key-id",
                            key,
                            "--apply"
                        )
                    )
                )
                .ToArray();
            var results = await Task.WhenAll(runs);

            Assert.All(results, r => Assert.True(r.Exit == 0, r.Err));
            Assert.Equal(new[] { KeptCertificate }, CertificatesOfTwoCertificateSp());
            Assert.Equal(
                2,
                JournalReader.Read(JournalPath, new JournalQuery()).Count(r => r.Status == ActionStatus.Done)
            );
        }

        [Fact]
        public void A_temporary_access_pass_is_printed_once_on_stdout_and_nowhere_else()
        {
            var (exit, output, error) = Respond("issue-tap", "--user", Adele, "--lifetime", "120", "--apply");

            Assert.True(exit == 0, error);
            Assert.Equal(
                $"POST /users/{Adele}/authentication/temporaryAccessPassMethods "
                    + $"{{\"isUsableOnce\":true,\"lifetimeInMinutes\":120}}",
                _directory.Writes.Single().ToString()
            );
            Assert.Equal(1, output.Split(_directory.Pass).Length - 1);
            Assert.Contains($"  temporary access pass: {_directory.Pass}", output);
            Assert.DoesNotContain(_directory.Pass, error);
            Assert.DoesNotContain(_directory.Pass, File.ReadAllText(JournalPath));
            Assert.DoesNotContain(_directory.Pass, Run("journal", "--journal", JournalPath, "--format", "json").Out);
        }

        [Fact]
        public void Disabling_the_service_principal_EntraGuard_runs_as_is_refused_with_exit_3_unless_forced()
        {
            var dryRun = Respond("disable-service-principal", "--service-principal-id", OwnServicePrincipal);
            Assert.Equal(CliRunner.Failure, dryRun.Exit);
            Assert.Contains("Refused: EntraGuard is connected as", dryRun.Out);
            Assert.Contains("Use --force to do it anyway.", dryRun.Out);

            var refused = Respond(
                "disable-service-principal",
                "--service-principal-id",
                OwnServicePrincipal,
                "--apply"
            );
            Assert.Equal(CliRunner.Failure, refused.Exit);
            Assert.Empty(_directory.Writes);

            var forced = Respond(
                "disable-service-principal",
                "--service-principal-id",
                OwnServicePrincipal,
                "--apply",
                "--force"
            );
            Assert.True(forced.Exit == 0, forced.Err);
            Assert.Equal(
                $"PATCH /servicePrincipals/{OwnServicePrincipal} {{\"accountEnabled\":false}}",
                _directory.Writes.Single().ToString()
            );
        }

        [Fact]
        public void Bad_input_is_named_and_exits_with_2()
        {
            var notJson = Path.Combine(_folder, "bad.jsonl");
            File.WriteAllText(notJson, "{\"RuleId\":\"EG0001\"}\nnot json\n");
            var bad = Respond("revoke-credential", "--from", notJson);
            Assert.Equal(CliRunner.BadInputOrUsage, bad.Exit);
            Assert.Contains($"{notJson}: line 2: not a JSON object", bad.Err);

            var none = Respond("disable-user");
            Assert.Equal(CliRunner.BadInputOrUsage, none.Exit);
            Assert.Contains("Give the target (--user) or --from", none.Err);

            var both = Respond("disable-user", "--user", Adele, "--from", _findings);
            Assert.Equal(CliRunner.BadInputOrUsage, both.Exit);

            var badKey = Respond(
                "revoke-credential",
                "--service-principal-id",
                OwnServicePrincipal,
                "--key-id",
                "not-a-guid"
            );
            Assert.Equal(CliRunner.BadInputOrUsage, badKey.Exit);
            Assert.Contains("entraguard: KeyId 'not-a-guid' is not a GUID. (--key-id)", badKey.Err);
            Assert.Empty(_directory.Requests);
        }
    }

    /// <summary>The CLI tests that set the process's ENTRAGUARD_ACCESS_TOKEN run in this collection, never in
    /// parallel.</summary>
    public static class CliEnvironment
    {
        public const string Collection = "CLI process environment";
    }
}

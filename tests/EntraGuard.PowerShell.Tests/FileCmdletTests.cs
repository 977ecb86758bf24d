using System;
using System.IO;
using System.Linq;
using System.Management.Automation;

namespace EntraGuard.PowerShell.Tests
{
    /// <summary>
    /// The cmdlets that work on files and the built-in catalogs: binding, and errors per item or for the command.
    /// </summary>
    public sealed class FileCmdletTests : IDisposable
    {
        private readonly ModuleSession _session = new();
        private readonly string _folder = Directory.CreateTempSubdirectory("entraguard-ps-").FullName;

        public void Dispose()
        {
            _session.Dispose();
            Directory.Delete(_folder, recursive: true);
        }

        private int Count(string pipeline) =>
            (int)_session.Invoke($"{pipeline} | Measure-Object | ForEach-Object Count")[0].BaseObject;

        [Fact]
        public void Files_from_Get_ChildItem_bind_by_FullName_and_every_form_finds_the_same_risk_events()
        {
            var events = Count("Get-EntraAuditEvent -Path ./samples/graph");
            var risks = Count("Get-EntraAuditEvent -Path ./samples/graph | Get-EntraRiskEvent");

            Assert.True(events > 100, $"{events} events");
            Assert.Equal(events, Count("Get-ChildItem ./samples/graph | Get-EntraAuditEvent"));
            Assert.Equal(events, Count("'./samples/graph' | Get-EntraAuditEvent"));
            Assert.Equal(risks, Count("Get-EntraRiskEvent -Path ./samples/graph"));
            Assert.Equal(risks, Count("Get-ChildItem ./samples/graph | Get-EntraRiskEvent"));
            Assert.Equal(
                risks,
                Count("Get-EntraAuditEvent -Path ./samples/graph | Test-RareCredentialActor")
                    + Count("Get-EntraRiskEvent -Path ./samples/graph | Where-Object RuleId -ne EG0001")
            );
        }

        [Fact]
        public void ThrottleLimit_caps_the_readers_and_every_cap_finds_the_same_risk_events()
        {
            string Ids(string pipeline) =>
                string.Join(",", _session.Invoke($"{pipeline} | ForEach-Object RiskEventId").Select(o => o.BaseObject));
            var one = Ids("Get-EntraRiskEvent -Path ./samples/diagnostic -ThrottleLimit 1");

            Assert.True(one.Split(',').Length >= 30, one);
            Assert.Equal(one, Ids("Get-EntraRiskEvent -Path ./samples/diagnostic -ThrottleLimit 3"));
            Assert.Equal(one, Ids("Get-ChildItem ./samples/diagnostic -Recurse -File | Get-EntraRiskEvent"));
            var (ending, _) = _session.RunCatching("Get-EntraRiskEvent -Path ./samples/graph -ThrottleLimit 0");
            Assert.StartsWith("terminated:ParameterArgumentValidationError", ending);
        }

        [Fact]
        public void Files_take_the_filters_of_the_Graph_parameter_set()
        {
            const string rogueSecret = "Add service principal credentials";
            var all = Count($"Get-EntraAuditEvent -Path ./samples/graph | Where-Object Activity -eq '{rogueSecret}'");
            var megan = Count(
                "Get-EntraAuditEvent -Path ./samples/graph | Where-Object { "
                    + $"$_.Activity -eq '{rogueSecret}' -and $_.InitiatedBy.UserPrincipalName -eq "
                    + $"'megan.bowen@fabrikam.example' }}"
            );
            Assert.True(all > megan && megan > 0, $"{all} credential events, {megan} by megan");

            Assert.Equal(all, Count($"Get-EntraAuditEvent -Path ./samples/graph -Activity '{rogueSecret}'"));
            Assert.Equal(
                megan,
                Count(
                    $"Get-EntraAuditEvent ./samples/graph -Activity '{rogueSecret}' "
                        + "-InitiatedByUser megan.bowen@fabrikam.example"
                )
            );
            // The planted secret was added at 02:11:07 on 13 November: a one-minute window holds it and nothing else.
            var window = _session.Invoke(
                "Get-EntraAuditEvent ./samples/graph -Since '2026-11-13T02:11:00Z' "
                    + "-Until '2026-11-13T02:12:00Z' | ForEach-Object Activity"
            );
            Assert.Equal(new object[] { rogueSecret }, window.Select(o => o.BaseObject).ToArray());
            Assert.Equal(0, Count("Get-EntraAuditEvent ./samples/graph -Result failure -InitiatedByApp 'No-Such-App'"));

            var backwards = _session.Run("Get-EntraAuditEvent ./samples/graph -Since '2026-11-14' -Until '2026-11-13'");
            Assert.Equal(
                "InvalidAuditQuery,EntraGuard.Commands.GetEntraAuditEventCommand",
                Assert.Single(backwards.Errors).FullyQualifiedErrorId
            );
        }

        [Fact]
        public void A_missing_path_is_an_error_for_that_path_and_the_other_paths_are_still_read()
        {
            var (ending, run) = _session.RunCatching(
                "Get-EntraAuditEvent -Path ./no-such-export.json, ./samples/graph"
            );
            var read = _session.Run(
                "Get-EntraAuditEvent -Path ./no-such-export.json, ./samples/graph | "
                    + "Measure-Object | ForEach-Object Count"
            );

            Assert.Equal("completed", ending);
            Assert.Equal(Count("Get-EntraAuditEvent -Path ./samples/graph"), Assert.Single(read.Values));
            var error = Assert.Single(run.Errors);
            Assert.Equal("PathNotFound,EntraGuard.Commands.GetEntraAuditEventCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal("./no-such-export.json", error.TargetObject);
        }

        [Fact]
        public void A_file_that_is_not_an_audit_export_is_invalid_data_for_that_file()
        {
            var broken = Path.Combine(_folder, "broken.json");
            File.WriteAllText(broken, "{\"value\":[{\"id\":\"evt-1\",\"activityDateTime\":");

            var (ending, run) = _session.RunCatching("Get-EntraRiskEvent -Path $args[0]", broken);

            Assert.Equal("completed", ending);
            var error = Assert.Single(run.Errors);
            Assert.Equal("AuditReadFailed,EntraGuard.Commands.GetEntraRiskEventCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        }

        [Theory]
        [InlineData("Get-EntraRiskEvent", "NoAuditSource,EntraGuard.Commands.GetEntraRiskEventCommand")]
        [InlineData(
            "Get-EntraRiskEvent -Path ./samples/graph -RulePath $args[0]",
            "DetectionSetupFailed,EntraGuard.Commands.GetEntraRiskEventCommand"
        )]
        [InlineData(
            "Test-RareCredentialActor -Path ./samples/graph -Since 2026-02-01 -Until 2026-01-01",
            "SinceAfterUntil,EntraGuard.Commands.TestRareCredentialActorCommand"
        )]
        [InlineData(
            "Get-EntraGuardRule -RulePath $args[0]",
            "RuleLoadFailed,EntraGuard.Commands.GetEntraGuardRuleCommand"
        )]
        [InlineData(
            "Export-EntraGuardRule -Format Kql -RulePath $args[0]",
            "RuleLoadFailed,EntraGuard.Commands.ExportEntraGuardRuleCommand"
        )]
        public void A_setup_that_cannot_work_is_a_terminating_error(string command, string errorId)
        {
            var badRule = Path.Combine(_folder, "bad.yaml");
            File.WriteAllText(badRule, "id: EG9001\nname: [unclosed\n");

            var (ending, _) = _session.RunCatching(command, badRule);

            Assert.Equal("terminated:" + errorId, ending);
        }

        [Fact]
        public void Rules_bind_by_id_and_by_value_and_an_unknown_id_is_its_own_error()
        {
            var byProperty = _session.Invoke("[pscustomobject]@{ RuleId = 'EG0001' } | Get-EntraGuardRule");
            var exported = _session.Invoke("Get-EntraGuardRule -RuleId EG0001 | Export-EntraGuardRule -Format Kql");
            var byAlias = _session.Invoke("[pscustomobject]@{ Id = 'EG0001' } | Export-EntraGuardRule -Format Kql");
            var unknown = _session.Run("Get-EntraGuardRule -RuleId EG0001, EG9999");

            Assert.Equal("EG0001", Assert.Single(byProperty).Properties["Id"].Value);
            Assert.Equal("EG0001", Assert.Single(exported).Properties["RuleId"].Value);
            Assert.Equal(exported[0].Properties["Content"].Value, Assert.Single(byAlias).Properties["Content"].Value);
            Assert.Single(unknown.Output);
            var error = Assert.Single(unknown.Errors);
            Assert.Equal("RuleNotFound,EntraGuard.Commands.GetEntraGuardRuleCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        }

        [Fact]
        public void Export_to_files_honours_WhatIf()
        {
            var run = _session.Run(
                "Export-EntraGuardRule -RuleId EG0001 -Format Kql -OutputPath $args[0] -WhatIf",
                _folder
            );

            Assert.Empty(run.Errors);
            Assert.Empty(run.Output);
            Assert.Empty(Directory.GetFiles(_folder));

            var written = _session.Invoke(
                "Export-EntraGuardRule -RuleId EG0001 -Format Kql -OutputPath $args[0]",
                _folder
            );
            Assert.True(File.Exists(Assert.IsType<FileInfo>(Assert.Single(written).BaseObject).FullName));
        }

        [Fact]
        public void Posture_checks_bind_by_value_and_by_Id_and_an_unknown_id_is_not_found()
        {
            var byValue = _session.Invoke("'EGP001', 'EGP002', 'EGP003' | Get-EntraGuardPostureCheck");
            var byProperty = _session.Invoke("[pscustomobject]@{ Id = 'EGP004' } | Get-EntraGuardPostureCheck");
            var unknown = _session.Run("Get-EntraGuardPostureCheck -CheckId EGP999");

            Assert.Equal(new[] { "EGP001", "EGP002", "EGP003" }, byValue.Select(c => c.Properties["Id"].Value));
            Assert.Equal("EGP004", Assert.Single(byProperty).Properties["Id"].Value);
            var error = Assert.Single(unknown.Errors);
            Assert.Equal(
                "PostureCheckNotFound,EntraGuard.Commands.GetEntraGuardPostureCheckCommand",
                error.FullyQualifiedErrorId
            );
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        }

        [Fact]
        public void The_journal_filters_and_binds_JournalId_from_any_object()
        {
            var journal = Path.Combine(_folder, "journal.jsonl");
            File.WriteAllLines(
                journal,
                new[]
                {
                    """{"journalId":"j-1","phase":"started","time":"2026-11-13T02:40:00Z","action":"DisableUser","""
                        + """ "target":{"type":"user","id":"u-1"},"calls":["PATCH /users/u-1 {\"accountEnabled\":false}"]}""",
                    """{"journalId":"j-1","phase":"completed","time":"2026-11-13T02:40:01Z","status":"Done","detail":"""
                        + """ "Disable user"}""",
                    """{"journalId":"j-2","phase":"started","time":"2026-11-13T02:41:00Z","action":"RevokeUserSession","""
                        + """ "target":{"type":"user","id":"u-1"},"calls":["POST /users/u-1/revokeSignInSessions"]}""",
                    """{"journalId":"j-3","pha""",
                }
            );

            var bound = _session.Invoke(
                "[pscustomobject]@{ JournalId = 'j-1' } | Get-EntraGuardJournal -Path "
                    + "$args[0] -WarningAction Ignore",
                journal
            );
            var pending = _session.Run("Get-EntraGuardJournal -Path $args[0] -Status Pending", journal);

            Assert.Equal("Done", Assert.Single(bound).Properties["Status"].Value?.ToString());
            Assert.Equal("j-2", Assert.Single(pending.Output).Properties["JournalId"].Value);
            Assert.Contains("unreadable journal line", Assert.Single(pending.Warnings).Message);
        }
    }
}

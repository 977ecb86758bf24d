using System;
using System.IO;
using System.Linq;
using System.Management.Automation;

namespace EntraGuard.PowerShell.Tests
{
    /// <summary>What an operator relies on: an empty read is an error, not a clean tenant.</summary>
    public sealed class OperatorTests : IDisposable
    {
        private readonly ModuleSession _session = new();
        private readonly string _folder = Directory.CreateTempSubdirectory("entraguard-ps-").FullName;

        public void Dispose()
        {
            _session.Dispose();
            Directory.Delete(_folder, recursive: true);
        }

        private string EmptyExport()
        {
            var path = Path.Combine(_folder, "empty.json");
            File.WriteAllText(path, "{\"value\":[]}");
            return path;
        }

        [Fact]
        public void Reading_an_empty_export_is_an_error_that_names_it_and_AllowEmpty()
        {
            var path = EmptyExport();

            var run = _session.Run("Get-EntraAuditEvent -Path $args[0]", path);

            var error = Assert.Single(run.Errors);
            Assert.Equal("NoAuditEvents,EntraGuard.Commands.GetEntraAuditEventCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            Assert.Equal(
                $"no audit events in '{path}' (1 file(s) read); use -AllowEmpty if that is expected",
                error.Exception.Message
            );
            Assert.Empty(_session.Run("Get-EntraAuditEvent -Path $args[0] -AllowEmpty", path).Errors);
        }

        [Theory]
        [InlineData("Get-EntraRiskEvent -Path $args[0]", "GetEntraRiskEventCommand")]
        [InlineData("Test-RareCredentialActor -Path $args[0] -Quiet", "TestRareCredentialActorCommand")]
        public void A_scan_of_an_empty_export_gives_no_verdict(string command, string type)
        {
            var path = EmptyExport();

            var (ending, _) = _session.RunCatching(command, path);
            var plain = _session.Run(command, path);
            var allowed = _session.Run(command + " -AllowEmpty", path);

            Assert.Equal($"terminated:NoAuditEvents,EntraGuard.Commands.{type}", ending);
            Assert.Empty(plain.Output); // no $false for -Quiet: a check over no data must not pass
            Assert.Empty(allowed.Errors);
        }

        [Fact]
        public void A_journal_that_does_not_exist_yet_is_an_empty_journal()
        {
            var journal = Path.Combine(_folder, "fresh", "journal.jsonl");

            var run = _session.Run("Get-EntraGuardJournal -Path $args[0]", journal);

            Assert.Empty(run.Errors);
            Assert.Empty(run.Output);
        }

        [Fact]
        public void A_misspelt_setting_is_one_plain_line_naming_the_key_and_the_nearest_one()
        {
            var settings = Path.Combine(_folder, "settings.yaml");
            File.WriteAllText(settings, "histroyDays: 10\n");

            var message = (string)
                _session
                    .Run(
                        "try { Get-EntraRiskEvent -Path ./samples/graph -SettingsPath "
                            + "$args[0] } catch { $_.ToString() }",
                        settings
                    )
                    .Values.Single();

            Assert.Contains("field 'histroyDays': is not a known field; did you mean 'historyDays'?", message);
            Assert.DoesNotContain("EntraGuard.EntraGuardSettings", message);
        }

        [Fact]
        public void A_suppression_for_a_rule_that_does_not_exist_is_a_warning()
        {
            var suppressions = Path.Combine(_folder, "suppressions.yaml");
            File.WriteAllText(
                suppressions,
                "suppressions:\n  - ruleId: EG9999\n    justification: typo\n" + "    expires: 2099-01-01\n"
            );

            var run = _session.Run("Get-EntraRiskEvent -Path ./samples/graph -SuppressionPath $args[0]", suppressions);

            Assert.Empty(run.Errors);
            Assert.Contains(
                run.Warnings,
                w =>
                    w.Message.Contains("suppression #1 (EG9999) in ")
                    && w.Message.Contains("names no rule in the catalog")
            );
        }
    }
}

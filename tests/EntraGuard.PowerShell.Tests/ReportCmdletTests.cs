using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace EntraGuard.PowerShell.Tests
{
    /// <summary>Export-EntraGuardReport with the built module: the file it writes, and when it writes.</summary>
    public sealed class ReportCmdletTests : IDisposable
    {
        private const string Samples = "./samples/graph";
        private const string Settings = "./samples/settings.yaml";

        private readonly ModuleSession _session = new();
        private readonly string _folder = Directory.CreateTempSubdirectory("entraguard-report-").FullName;

        public void Dispose()
        {
            _session.Dispose();
            Directory.Delete(_folder, recursive: true);
        }

        private string Target => Path.Combine(_folder, "report.html");

        private static int Rows(string html) => Regex.Matches(html, "<tr class=\"finding").Count;

        private int FindingCount() =>
            (int)
                _session
                    .Invoke("@(Get-EntraRiskEvent -Path $args[0] -SettingsPath $args[1]).Count", Samples, Settings)
                    .Single()
                    .BaseObject;

        [Fact]
        public void Path_scans_the_files_and_returns_the_report_file()
        {
            var output = _session.Invoke(
                "Export-EntraGuardReport -Path $args[0] -SettingsPath $args[1] -OutFile $args[2]",
                Samples,
                Settings,
                Target
            );

            var file = Assert.IsType<FileInfo>(Assert.Single(output).BaseObject);
            Assert.Equal(Target, file.FullName);
            var html = File.ReadAllText(Target);
            Assert.Equal(FindingCount(), Rows(html));
            var events = _session.Invoke("@(Get-EntraAuditEvent -Path $args[0]).Count", Samples).Single().BaseObject;
            Assert.Contains($"id=\"card-events\"><div class=\"value\">{(int)events:N0}</div>", html);
        }

        [Fact]
        public void Piped_risk_events_are_reported_without_an_event_count()
        {
            _session.Invoke(
                "Get-EntraRiskEvent -Path $args[0] -SettingsPath $args[1] | "
                    + "Export-EntraGuardReport $args[2] -Title $args[3]",
                Samples,
                Settings,
                Target,
                "Fabrikam <daily>"
            );

            var html = File.ReadAllText(Target);
            Assert.Equal(FindingCount(), Rows(html));
            Assert.Contains("id=\"card-events\"><div class=\"value\">not known</div>", html);
            Assert.Contains("<title>Fabrikam &lt;daily&gt;</title>", html);
        }

        private const string SignIns = "./samples/signins/graph";

        private static int Investigations(string html) => Regex.Matches(html, "<div class=\"investigation\">").Count;

        [Fact]
        public void Contexts_piped_beside_the_risk_events_are_shown_with_their_findings()
        {
            var contexts = (int)
                _session
                    .Invoke(
                        "$script:found = @(Get-EntraRiskEvent -Path $args[0] -SettingsPath $args[1]); "
                            + "$script:contexts = @($found | Get-EntraRiskEventContext -Path $args[0], $args[2]); "
                            + "@($found) + @($contexts) | Export-EntraGuardReport $args[3]; $contexts.Count",
                        Samples,
                        Settings,
                        SignIns,
                        Target
                    )
                    .Last()
                    .BaseObject;

            var html = File.ReadAllText(Target);
            Assert.Equal(FindingCount(), Rows(html));
            Assert.True(contexts > 0);
            Assert.Equal(contexts, Investigations(html));
            Assert.Contains($"id=\"card-investigated\"><div class=\"value\">{contexts}</div>", html);
            Assert.Contains("<span class=\"tag new\">new</span>", html);
        }

        [Fact]
        public void Context_goes_with_a_scan_of_Path_and_unmatched_ones_are_a_warning()
        {
            var subset = Path.Combine(_folder, "eg0001.html");
            var run = _session.Run(
                "$found = Get-EntraRiskEvent -Path $args[0] -SettingsPath $args[1]; "
                    + "$contexts = $found | Get-EntraRiskEventContext -Path $args[0], $args[2]; "
                    + "Export-EntraGuardReport -Path $args[0] -SettingsPath $args[1] -Context $contexts "
                    + "-OutFile $args[3] -ThrottleLimit 1 | Out-Null; "
                    + "$found | Where-Object RuleId -eq EG0001 | Export-EntraGuardReport $args[4] -Context $contexts",
                Samples,
                Settings,
                SignIns,
                Target,
                subset
            );

            Assert.Empty(run.Errors);
            Assert.Equal(FindingCount(), Investigations(File.ReadAllText(Target)));
            var shown = Rows(File.ReadAllText(subset));
            Assert.Equal(shown, Investigations(File.ReadAllText(subset)));
            Assert.Contains(
                run.Warnings,
                w =>
                    w.Message.StartsWith(
                        $"{FindingCount() - shown} investigation(s) name a risk event this report does not show"
                    )
            );
        }

        [Fact]
        public void ThrottleLimit_reads_one_file_at_a_time_to_the_same_report()
        {
            var parallel = Path.Combine(_folder, "parallel.html");
            _session.Invoke(
                "Export-EntraGuardReport -Path $args[0] -SettingsPath $args[1] -OutFile $args[2] -ThrottleLimit 1 | "
                    + "Out-Null; Export-EntraGuardReport -Path $args[0] -SettingsPath $args[1] -OutFile $args[3] "
                    + "-ThrottleLimit 4",
                Samples,
                Settings,
                Target,
                parallel
            );

            // The same findings, counts and timeline; only the "Generated" time may differ.
            static string Body(string file) => Regex.Replace(File.ReadAllText(file), "Generated [^<]+ from", "");
            Assert.Equal(Body(Target), Body(parallel));
            Assert.Equal(FindingCount(), Rows(File.ReadAllText(parallel)));
        }

        [Fact]
        public void Neither_a_pipeline_nor_Path_is_an_error_saying_what_to_give()
        {
            var (ending, _) = _session.RunCatching("Export-EntraGuardReport -OutFile $args[0]", Target);
            var quiet = _session.Run("@() | Export-EntraGuardReport -OutFile $args[0]", Target);

            Assert.Equal("terminated:NoReportInput,EntraGuard.Commands.ExportEntraGuardReportCommand", ending);
            Assert.Empty(quiet.Errors); // a quiet day pipes nothing: its report says so
            Assert.Contains("<p id=\"no-findings\">No findings.</p>", File.ReadAllText(Target));
        }

        [Fact]
        public void WhatIf_writes_nothing()
        {
            var run = _session.Run("Export-EntraGuardReport -Path $args[0] -OutFile $args[1] -WhatIf", Samples, Target);

            Assert.Empty(run.Errors);
            Assert.Empty(run.Output);
            Assert.False(File.Exists(Target));
        }

        [Fact]
        public void An_empty_export_ends_the_command_and_writes_no_report()
        {
            var empty = Path.Combine(_folder, "empty.json");
            File.WriteAllText(empty, "{\"value\":[]}");

            var (ending, _) = _session.RunCatching(
                "Export-EntraGuardReport -Path $args[0] -OutFile $args[1]",
                empty,
                Target
            );

            Assert.Equal("terminated:NoAuditEvents,EntraGuard.Commands.ExportEntraGuardReportCommand", ending);
            Assert.False(File.Exists(Target));
        }

        [Fact]
        public void A_folder_that_cannot_be_written_is_a_terminating_error_naming_the_file()
        {
            var target = Path.Combine(_folder, "missing-folder", "report.html");

            var (ending, _) = _session.RunCatching(
                "Get-EntraRiskEvent -Path $args[0] | Export-EntraGuardReport -OutFile $args[1]",
                Samples,
                target
            );
            var named = _session.Run(
                "try { @() | Export-EntraGuardReport -OutFile $args[0] } catch { $_.TargetObject }",
                target
            );

            Assert.Equal("terminated:ReportWriteFailed,EntraGuard.Commands.ExportEntraGuardReportCommand", ending);
            Assert.Equal(target, Assert.Single(named.Values));
        }
    }
}

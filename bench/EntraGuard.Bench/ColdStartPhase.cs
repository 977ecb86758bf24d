using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace EntraGuard.Bench
{
    /// <summary>
    /// What a runbook started in a fresh sandbox pays before its first finding, each turn in a new process: the
    /// `entraguard scan` process on the sample tenant (start to exit), and in a new pwsh, Import-Module of the built
    /// module and the first Get-EntraRiskEvent -Path on the same samples, timed inside pwsh (its own start-up left
    /// out). Best of the turns, in seconds. Both are the builds a user runs: the CLI's Release output, which carries
    /// ReadyToRun images for this platform, and the module through the repository's manifest, whose
    /// ReadyToRun/&lt;platform&gt; images PowerShell 7 loads here.
    /// </summary>
    internal static class ColdStartPhase
    {
        private const string PowerShellScript = """
            param($module, $samples, $settings)
            $watch = [Diagnostics.Stopwatch]::StartNew()
            Import-Module -Name $module -ErrorAction Stop
            $import = $watch.Elapsed.TotalSeconds
            $findings = @(Get-EntraRiskEvent -Path $samples -SettingsPath $settings).Count
            $scan = $watch.Elapsed.TotalSeconds - $import
            [string]::Format([Globalization.CultureInfo]::InvariantCulture, '{0} {1} {2}', $import, $scan, $findings)
            """;

        public static void Run(string root, string cli, int turns, Action<string, object> print)
        {
            var samples = Path.Combine(root, "samples", "graph");
            var settings = Path.Combine(root, "samples", "settings.yaml");
            var script = Path.Combine(Path.GetTempPath(), "entraguard-bench", "coldstart.ps1");
            File.WriteAllText(script, PowerShellScript);
            double cliSeconds = double.MaxValue,
                importSeconds = double.MaxValue,
                firstScanSeconds = double.MaxValue;
            for (var turn = 0; turn < turns; turn++)
            {
                var watch = Stopwatch.StartNew();
                Output(root, cli, "scan", samples, "--settings", settings);
                cliSeconds = Math.Min(cliSeconds, watch.Elapsed.TotalSeconds);

                var module = Path.Combine(root, "EntraGuard.psd1");
                var said = Output(root, "dotnet", "pwsh", "-NoProfile", "-File", script, module, samples, settings)
                    .Split(new[] { ' ', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries)
                    .Select(s => double.Parse(s, CultureInfo.InvariantCulture))
                    .ToArray();
                if (said.Length != 3 || said[2] == 0)
                    throw new InvalidOperationException("the pwsh cold start found nothing");
                importSeconds = Math.Min(importSeconds, said[0]);
                firstScanSeconds = Math.Min(firstScanSeconds, said[1]);
            }
            print("coldstart.turns", turns);
            print("coldstart.cli_scan_samples_s", cliSeconds);
            print("coldstart.pwsh_import_module_s", importSeconds);
            print("coldstart.pwsh_first_scan_samples_s", firstScanSeconds);
        }

        private static string Output(string root, string program, params string[] arguments)
        {
            var start = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
                WorkingDirectory = root,
            };
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException(
                    $"{program} {string.Join(" ", arguments)}: exit {process.ExitCode}"
                );
            return output;
        }
    }
}

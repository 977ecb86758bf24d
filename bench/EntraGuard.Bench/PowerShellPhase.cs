using System;
using System.IO;
using System.Linq;
using System.Management.Automation.Runspaces;

namespace EntraGuard.Bench
{
    /// <summary>
    /// PowerShell throughput in a hosted runspace that imports the built module (EntraGuard.psd1 at the repository
    /// root): the design-card pipeline, the -Path form, and the plain-PowerShell way an admin filters an export today
    /// (Get-Content | ConvertFrom-Json | ForEach-Object value | Where-Object on the activities the rules watch).
    /// </summary>
    internal sealed class PowerShellPhase : IDisposable
    {
        /// <summary>
        /// Plain PowerShell runs at a few thousand events/s: measured on the file's first pages, as a rate.
        /// </summary>
        public const long PlainSample = 20_000;

        private readonly Runspace _runspace;
        private readonly string _settings;

        public PowerShellPhase(string repositoryRoot, string settings)
        {
            _settings = settings;
            _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            _runspace.Open();
            Invoke("Import-Module -Name $args[0] -ErrorAction Stop", Path.Combine(repositoryRoot, "EntraGuard.psd1"));
            WatchedActivities = Invoke("(Get-EntraGuardRule).Activities | Sort-Object " + "-Unique")
                .Cast<string>()
                .ToArray();
        }

        /// <summary>The activity names the rule catalog watches: what the plain filter keeps.</summary>
        public string[] WatchedActivities { get; }

        /// <summary>Get-EntraAuditEvent -Path | Get-EntraRiskEvent; returns the findings.</summary>
        public long Pipeline(string path) =>
            Count(
                "param($path, $settings) Get-EntraAuditEvent -Path $path | Get-EntraRiskEvent -SettingsPath $settings",
                path,
                _settings
            );

        /// <summary>Get-EntraRiskEvent -Path; returns the findings.</summary>
        public long PathForm(string path) =>
            Count("param($path, $settings) Get-EntraRiskEvent -Path $path -SettingsPath $settings", path, _settings);

        /// <summary>The plain way, one Graph page a line; returns the events it kept.</summary>
        public long Plain(string path) =>
            Count(
                "param($path, $watched) Get-Content -Path $path | ConvertFrom-Json | ForEach-Object { $_.value } | "
                    + "Where-Object { $_.activityDisplayName -in $watched }",
                path,
                WatchedActivities
            );

        /// <summary>
        /// How many objects the script's pipeline writes (counted by Measure-Object, as a user would).
        /// </summary>
        private long Count(string script, params object[] arguments) =>
            Convert.ToInt64(
                Invoke($"& {{ {script} }} @args | Measure-Object | ForEach-Object Count", arguments).Single()
            );

        private object[] Invoke(string script, params object[] arguments)
        {
            using var shell = System.Management.Automation.PowerShell.Create(_runspace);
            shell.AddScript(script);
            foreach (var argument in arguments)
                shell.AddArgument(argument);
            var output = shell.Invoke();
            if (shell.HadErrors)
                throw new InvalidOperationException($"{script}: " + $"{string.Join("; ", shell.Streams.Error)}");
            return output.Select(o => o.BaseObject).ToArray();
        }

        public void Dispose() => _runspace.Dispose();
    }
}

using System;
using System.Collections.Generic;
using System.Management.Automation;
using EntraGuard.Collection;
using EntraGuard.Commands.Completion;
using EntraGuard.Configuration;
using EntraGuard.Detection;
using EntraGuard.Graph;
using EntraGuard.Posture;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Checks the connected tenant's configuration against EntraGuard's posture checks and writes
    /// one result per check.</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "EntraGuardPosture", DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(PostureCheckResult), typeof(bool))]
    public sealed class TestEntraGuardPostureCommand : EntraGuardCmdlet
    {
        private const string DefaultSet = "Default";
        private readonly List<string> _checkIds = new();

        /// <summary>Check ids (EGP001 …), wildcards allowed; every check when omitted. Binds
        /// Get-EntraGuardPostureCheck's Id.</summary>
        [Parameter(Position = 0, ParameterSetName = DefaultSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(PostureCheckIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? CheckId { get; set; }

        /// <summary>EntraGuard's settings file (YAML or JSON), or a folder with one per tenant: the file named after
        /// the connected tenant's id or the domain given to Connect-EntraGuard, else default.yaml. Its posture:
        /// section is used.</summary>
        [Parameter(ParameterSetName = DefaultSet)]
        [Alias("SettingsPath")]
        [ValidateNotNullOrEmpty]
        public string? ConfigPath { get; set; }

        /// <summary>A previous run's results (JSON) to compare with.</summary>
        [Parameter(ParameterSetName = DefaultSet)]
        [ValidateNotNullOrEmpty]
        public string? BaselinePath { get; set; }

        /// <summary>Return $true when no check failed, $false otherwise, instead of the results.</summary>
        [Parameter(ParameterSetName = DefaultSet)]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            // Checks are judged together from one reading of the tenant: collect ids from the pipeline, run at the end.
            if (CheckId != null)
                _checkIds.AddRange(CheckId);
        }

        protected override void EndProcessing()
        {
            var session = GraphConnectionState.Require(this);
            IReadOnlyList<PostureCheck> checks;
            PostureSettings settings;
            PostureBaseline? baseline;
            try
            {
                checks = PostureCatalog.Select(_checkIds);
                settings = ConfigPath is null
                    ? PostureSettings.Default
                    : PostureSettingsFile
                        .Load(
                            Resolve(ConfigPath),
                            new[] { session.Options.TenantId, GraphConnectionState.Info?.TenantId }
                        )
                        .Posture;
                baseline = BaselinePath is null ? null : PostureBaseline.Load(Resolve(BaselinePath));
            }
            catch (Exception ex)
                when (ex
                        is ConfigFormatException
                            or PostureBaselineException
                            or ArgumentException
                            or System.IO.IOException
                            or UnauthorizedAccessException
                )
            {
                object? target = ex switch
                {
                    ConfigFormatException => ConfigPath,
                    PostureBaselineException => BaselinePath,
                    System.IO.FileNotFoundException missing => missing.FileName,
                    ArgumentException => string.Join(", ", _checkIds),
                    _ => ConfigPath ?? BaselinePath,
                };
                ThrowTerminatingError(
                    new ErrorRecord(
                        ex,
                        "PostureSetupFailed",
                        ex is ConfigFormatException or PostureBaselineException
                            ? ErrorCategory.InvalidData
                            : CategoryOf(ex),
                        target
                    )
                );
                return;
            }

            var progress = new ProgressRecord(
                1,
                "Posture checks",
                "Reading the tenant's configuration from Microsoft Graph"
            );
            PostureReport? report = null;
            try
            {
                RunOnPipelineThread<object>(
                    async (deliver, token) =>
                        deliver(
                            await PostureRunner
                                .RunAsync(
                                    new GraphPostureSource(session),
                                    settings,
                                    checks,
                                    DateTimeOffset.UtcNow,
                                    new Progress(deliver),
                                    token
                                )
                                .ConfigureAwait(false)
                        ),
                    item =>
                    {
                        if (item is PostureReport done)
                            report = done;
                        else
                        {
                            progress.StatusDescription = $"Reading {item}";
                            WriteProgress(progress);
                        }
                    }
                );
            }
            catch (GraphRequestException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, GraphErrorId(ex), null));
            }
            finally
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }

            var results = report!;
            if (baseline != null)
                WriteVerbose(baseline.Compare(results).ToString());
            foreach (var warning in results.Warnings)
                WriteWarning(warning);
            if (Quiet)
            {
                WriteObject(!results.HasFailures);
                return;
            }
            foreach (var result in results.Results)
                WriteObject(result);
        }

        private string Resolve(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

        /// <summary>Hands each Graph request the engine starts to the pipeline thread, where progress may be
        /// written.</summary>
        private sealed class Progress : IProgress<string>
        {
            private readonly Action<object> _deliver;

            public Progress(Action<object> deliver) => _deliver = deliver;

            public void Report(string value) => _deliver(value);
        }
    }
}

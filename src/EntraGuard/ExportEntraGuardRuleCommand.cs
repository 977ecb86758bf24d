using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using EntraGuard.Commands.Completion;
using EntraGuard.Configuration;
using EntraGuard.Detection;
using EntraGuard.Export;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Exports EntraGuard's detection rules to KQL, Microsoft Sentinel, Elastic Security or
    /// Sigma.</para>
    /// </summary>
    [Cmdlet(VerbsData.Export, "EntraGuardRule", DefaultParameterSetName = TextSet, SupportsShouldProcess = true)]
    [OutputType(typeof(RuleExport), ParameterSetName = new[] { TextSet })]
    [OutputType(typeof(FileInfo), ParameterSetName = new[] { FileSet })]
    public sealed class ExportEntraGuardRuleCommand : EntraGuardCmdlet
    {
        private const string TextSet = "Text";
        private const string FileSet = "File";

        private readonly List<Rule> _piped = new();
        private readonly List<string> _ids = new();

        /// <summary>Rule ids to export (wildcards allowed); every rule when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(RuleIdCompleter))]
        public string[]? RuleId { get; set; }

        /// <summary>Rules from Get-EntraGuardRule (user rules included), exported as they are.</summary>
        [Parameter(ValueFromPipeline = true)]
        public Rule[]? InputObject { get; set; }

        /// <summary>The platform: Kql, SentinelAnalyticsRule, ElasticRule or Sigma.</summary>
        [Parameter(Mandatory = true)]
        public ExportFormat Format
        {
            get => (ExportFormat)_format;
            set => _format = value;
        }

        // Held boxed: an engine enum field would load the engine before the module's resolver (see ReadyToRunFolder).
        private object _format = default(ExportFormat);

        /// <summary>A folder to write one file per rule into (&lt;RuleId&gt;.kql, .yaml, .ndjson or .yml); created when
        /// missing.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FileSet)]
        [ValidateNotNullOrEmpty]
        public string OutputPath { get; set; } = "";

        /// <summary>Rule files or folders added to the built-in catalog.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? RulePath { get; set; }

        /// <summary>A settings file: its rulePaths, privilegedGroups and historyDays shape the export.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SettingsPath { get; set; }

        protected override void ProcessRecord()
        {
            if (InputObject is { Length: > 0 })
                _piped.AddRange(InputObject);
            else if (RuleId != null)
                _ids.AddRange(RuleId);
        }

        protected override void EndProcessing()
        {
            DetectionSetup setup;
            try
            {
                var settingsPath = SettingsPath is null ? null : Resolve(SettingsPath);
                setup = DetectionSetup.Load(settingsPath, RulePath?.Select(Resolve), ruleIds: _ids);
            }
            catch (UnknownIdException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, "RuleNotFound", string.Join(", ", ex.Ids)));
                return;
            }
            catch (Exception ex) when (ex is ConfigFormatException or IOException or UnauthorizedAccessException)
            {
                ThrowTerminatingError(
                    new ErrorRecord(
                        ex,
                        "RuleLoadFailed",
                        ex is ConfigFormatException ? ErrorCategory.InvalidData : CategoryOf(ex),
                        null
                    )
                );
                return;
            }

            foreach (var warning in setup.Warnings)
                WriteWarning(warning);

            // Piped rules are exported as they are; ids pick from the catalog; neither means the whole catalog.
            var rules = new List<Rule>(_piped);
            if (_ids.Count > 0 || _piped.Count == 0)
            {
                rules.AddRange(setup.Engine.Rules.Where(rule => !rules.Contains(rule)));
            }

            var exports = RuleExporter.Export(rules, Format, new ExportOptions { Settings = setup.Settings });
            var folder = ParameterSetName == FileSet ? Resolve(OutputPath) : null;
            foreach (var export in exports)
            {
                CancellationToken.ThrowIfCancellationRequested();
                if (!export.Exportable)
                {
                    WriteWarning($"{export.RuleId} is not exportable to {Format}: {export.NotExportableReason}");
                }
                else if (folder is null)
                {
                    WriteObject(export);
                }
                else
                {
                    var path = Path.Combine(folder, export.FileName);
                    if (!ShouldProcess(path, $"Write the {Format} export of {export.RuleId}"))
                        continue;
                    try
                    {
                        Directory.CreateDirectory(folder);
                        File.WriteAllText(path, export.Content, new UTF8Encoding(false));
                        WriteObject(new FileInfo(path));
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        WriteError(ToErrorRecord(ex, "ExportWriteFailed", path));
                    }
                }
            }
        }

        private string Resolve(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
    }
}

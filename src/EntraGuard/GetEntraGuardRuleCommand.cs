using System;
using System.Linq;
using System.Management.Automation;
using EntraGuard.Commands.Completion;
using EntraGuard.Configuration;
using EntraGuard.Detection;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists EntraGuard's detection rules: the built-in catalog plus user rule files.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EntraGuardRule")]
    [OutputType(typeof(Rule))]
    public sealed class GetEntraGuardRuleCommand : EntraGuardCmdlet
    {
        /// <summary>Rule ids to list (wildcards allowed); all when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(RuleIdCompleter))]
        public string[]? RuleId { get; set; }

        /// <summary>Rule files or folders added to the built-in catalog.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? RulePath { get; set; }

        /// <summary>A settings file whose rulePaths are added too.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SettingsPath { get; set; }

        private RuleCatalog? _catalog;

        protected override void BeginProcessing()
        {
            try
            {
                var settings = SettingsPath is null
                    ? new EntraGuardSettings()
                    : EntraGuardSettings.Load(Resolve(SettingsPath));
                _catalog = RuleCatalog.Load(
                    settings.RulePaths.Concat((RulePath ?? Array.Empty<string>()).Select(Resolve))
                );
            }
            catch (Exception ex)
                when (ex is ConfigFormatException or System.IO.IOException or UnauthorizedAccessException)
            {
                ThrowTerminatingError(
                    new ErrorRecord(
                        ex,
                        "RuleLoadFailed",
                        ex is ConfigFormatException ? ErrorCategory.InvalidData : CategoryOf(ex),
                        null
                    )
                );
            }
        }

        protected override void ProcessRecord()
        {
            if (RuleId is null)
            {
                WriteObject(_catalog!.Rules, enumerateCollection: true);
                return;
            }
            // A listing: an unknown id is an error for that id alone, the others are still listed.
            foreach (var id in RuleId)
            {
                try
                {
                    WriteObject(_catalog!.Select(new[] { id }), enumerateCollection: true);
                }
                catch (UnknownIdException ex)
                {
                    WriteError(ToErrorRecord(ex, "RuleNotFound", id));
                }
            }
        }

        private string Resolve(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
    }
}

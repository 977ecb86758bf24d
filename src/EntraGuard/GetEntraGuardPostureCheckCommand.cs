using System;
using System.Collections.Generic;
using System.Management.Automation;
using EntraGuard.Commands.Completion;
using EntraGuard.Detection;
using EntraGuard.Posture;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists EntraGuard's posture checks: what each judges, why, how to fix it, and what it reads
    /// from Graph.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EntraGuardPostureCheck", DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(PostureCheck))]
    public sealed class GetEntraGuardPostureCheckCommand : EntraGuardCmdlet
    {
        private const string DefaultSet = "Default";
        private readonly HashSet<string> _written = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Check ids (EGP001 …), wildcards allowed; every check when omitted.</summary>
        [Parameter(
            Position = 0,
            ParameterSetName = DefaultSet,
            ValueFromPipeline = true,
            ValueFromPipelineByPropertyName = true
        )]
        [Alias("Id")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(PostureCheckIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? CheckId { get; set; }

        protected override void ProcessRecord()
        {
            if (CheckId is null)
            {
                Write(PostureCatalog.All);
                return;
            }
            // A listing: an unknown id is an error for that id alone, the others are still listed.
            foreach (var pattern in CheckId)
            {
                try
                {
                    Write(PostureCatalog.Select(new[] { pattern }));
                }
                catch (UnknownIdException ex)
                {
                    WriteError(new ErrorRecord(ex, "PostureCheckNotFound", ErrorCategory.ObjectNotFound, pattern));
                }
            }
        }

        private void Write(IEnumerable<PostureCheck> checks)
        {
            foreach (var check in checks)
            {
                if (_written.Add(check.Id))
                    WriteObject(check);
            }
        }
    }
}

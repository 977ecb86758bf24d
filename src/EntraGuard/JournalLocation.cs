using System;
using System.IO;
using System.Management.Automation;
using EntraGuard.Configuration;
using EntraGuard.Detection;
using EntraGuard.Response;

namespace EntraGuard.Commands
{
    /// <summary>Where the remediation cmdlets and Get-EntraGuardJournal find the journal.</summary>
    internal static class JournalLocation
    {
        /// <summary>
        /// -JournalPath, else the settings file's journalPath, else $env:ENTRAGUARD_JOURNAL, else the default, as a
        /// file-system path. A settings file that cannot be read stops the cmdlet with an error naming it.
        /// </summary>
        public static string Resolve(PSCmdlet cmdlet, string? journalPath, string? settingsPath)
        {
            var paths = cmdlet.SessionState.Path;
            try
            {
                var settingsFile = settingsPath is null
                    ? null
                    : paths.GetUnresolvedProviderPathFromPSPath(settingsPath);
                return paths.GetUnresolvedProviderPathFromPSPath(
                    ResponseJournal.ResolvePath(journalPath, settingsFile)
                );
            }
            catch (Exception ex) when (ex is ConfigFormatException or IOException or UnauthorizedAccessException)
            {
                cmdlet.ThrowTerminatingError(
                    new ErrorRecord(
                        ex,
                        "SettingsUnreadable",
                        ex is ConfigFormatException ? ErrorCategory.InvalidData : EntraGuardCmdlet.CategoryOf(ex),
                        settingsPath
                    )
                );
                throw;
            }
        }
    }
}

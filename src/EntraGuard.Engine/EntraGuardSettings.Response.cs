using System.IO;

namespace EntraGuard
{
    public sealed partial class EntraGuardSettings
    {
        /// <summary>
        /// The remediation journal (JSON lines). Relative to the settings file. When absent: the ENTRAGUARD_JOURNAL
        /// environment variable, else EntraGuard/journal.jsonl under the user's local application data.
        /// </summary>
        public string? JournalPath { get; set; }

        /// <summary><see cref="JournalPath"/> made absolute against the settings file's folder; null when not
        /// set.</summary>
        public string? ResolveJournalPath() =>
            JournalPath is null || SourcePath is null
                ? JournalPath
                : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(SourcePath)) ?? ".", JournalPath);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Detection
{
    /// <summary>
    /// What every host does before a scan, done once: read the settings file (or take the defaults), add the rule
    /// files and suppression file the command line names, compile the rules. A path given on the command line wins
    /// over the settings' suppression path; rule paths add up.
    /// </summary>
    public sealed class DetectionSetup
    {
        private DetectionSetup(EntraGuardSettings settings, DetectionEngine engine, SuppressionSet suppressions)
        {
            Settings = settings;
            Engine = engine;
            Suppressions = suppressions;
        }

        public EntraGuardSettings Settings { get; }
        public DetectionEngine Engine { get; }
        public SuppressionSet Suppressions { get; }

        public static DetectionSetup Load(string? settingsPath = null, IEnumerable<string>? rulePaths = null, string? suppressionPath = null,
            IReadOnlyCollection<string>? ruleIds = null)
        {
            var settings = settingsPath is null ? new EntraGuardSettings() : EntraGuardSettings.Load(settingsPath);
            var engine = DetectionEngine.Create(settings, rulePaths, ruleIds);
            var suppressionFile = suppressionPath ?? settings.SuppressionPath;
            var suppressions = suppressionFile is null ? SuppressionSet.Empty : SuppressionSet.Load(suppressionFile);
            return new DetectionSetup(settings, engine, suppressions);
        }

        /// <summary>Scan options carrying this setup's suppressions.</summary>
        public ScanOptions Options(Severity minimumSeverity = Severity.Informational, bool includeSuppressed = false,
            DateTimeOffset? since = null, DateTimeOffset? until = null, int? historyDays = null, DateTimeOffset? now = null) => new()
            {
                MinimumSeverity = minimumSeverity,
                IncludeSuppressed = includeSuppressed,
                Suppressions = Suppressions,
                Since = since,
                Until = until,
                HistoryDays = historyDays,
                Now = now,
            };
    }
}

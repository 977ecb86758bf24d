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
        private DetectionSetup(
            EntraGuardSettings settings,
            DetectionEngine engine,
            SuppressionSet suppressions,
            IReadOnlyList<string> warnings
        )
        {
            Settings = settings;
            Engine = engine;
            Suppressions = suppressions;
            Warnings = warnings;
        }

        public EntraGuardSettings Settings { get; }
        public DetectionEngine Engine { get; }
        public SuppressionSet Suppressions { get; }

        /// <summary>
        /// What the admin should know about the setup: rule id wildcards that match no rule, suppressions that can
        /// match no rule.
        /// </summary>
        public IReadOnlyList<string> Warnings { get; }

        public static DetectionSetup Load(
            string? settingsPath = null,
            IEnumerable<string>? rulePaths = null,
            string? suppressionPath = null,
            IReadOnlyCollection<string>? ruleIds = null
        )
        {
            var settings = settingsPath is null ? new EntraGuardSettings() : EntraGuardSettings.Load(settingsPath);
            var catalog = RuleCatalog.Load(settings.RulePaths.Concat(rulePaths ?? Array.Empty<string>()));
            var engine = new DetectionEngine(catalog.Select(ruleIds), settings);
            var suppressionFile = suppressionPath ?? settings.SuppressionPath;
            var suppressions = suppressionFile is null ? SuppressionSet.Empty : SuppressionSet.Load(suppressionFile);
            var warnings = IdSelection
                .DescribeUnmatched(catalog.Rules, rule => rule.Id, ruleIds, "rule")
                .Concat(UnknownRuleWarnings(suppressions, catalog))
                .ToList();
            return new DetectionSetup(settings, engine, suppressions, warnings);
        }

        // Checked against the whole catalog, not the rules picked for this run: a suppression for a rule left out
        // today is still right. Identity Protection findings have rule ids of their own.
        private static IReadOnlyList<string> UnknownRuleWarnings(SuppressionSet suppressions, RuleCatalog catalog) =>
            suppressions
                .Entries.Where(s =>
                    !s.RuleId.StartsWith(IdentityProtectionFindings.RuleIdPrefix, StringComparison.OrdinalIgnoreCase)
                    && !catalog.Rules.Any(rule => Wildcard.IsMatch(s.RuleId, rule.Id))
                )
                .Select(s => $"{s} names no rule in the catalog ({InputText.Quote(s.RuleId)}): it suppresses nothing")
                .ToList();

        /// <summary>Scan options carrying this setup's suppressions.</summary>
        public ScanOptions Options(
            Severity minimumSeverity = Severity.Informational,
            bool includeSuppressed = false,
            DateTimeOffset? since = null,
            DateTimeOffset? until = null,
            int? historyDays = null,
            DateTimeOffset? now = null
        ) =>
            new()
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

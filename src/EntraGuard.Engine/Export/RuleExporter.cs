using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Detection;

namespace EntraGuard.Export
{
    /// <summary>What an export depends on besides the rules.</summary>
    public sealed class ExportOptions
    {
        /// <summary>Privileged groups and the default history window, as the scans use them.</summary>
        public EntraGuardSettings Settings { get; init; } = new();

        /// <summary>The date written into Sigma rules; today (UTC) when absent.</summary>
        public DateTime? Date { get; init; }
    }

    /// <summary>
    /// Exports loaded rules — the embedded catalog and user rule files alike — to KQL, Microsoft Sentinel, Elastic
    /// Security and Sigma. Each rule comes back once per format, exported or with the reason it cannot be.
    /// </summary>
    public static class RuleExporter
    {
        /// <summary>The look-back of the exported KQL query: the seed rule's 9 minutes, for a schedule of 5.</summary>
        public static readonly TimeSpan KqlRunWindow = TimeSpan.FromMinutes(9);

        public static IReadOnlyList<RuleExport> Export(
            IEnumerable<Rule> rules,
            ExportFormat format,
            ExportOptions? options = null
        )
        {
            options ??= new ExportOptions();
            return rules.Select(rule => Export(rule, format, options)).ToList();
        }

        public static RuleExport Export(Rule rule, ExportFormat format, ExportOptions options)
        {
            var caveats = new List<string>();
            try
            {
                var content = format switch
                {
                    ExportFormat.Kql => Kql(rule, options.Settings, caveats),
                    ExportFormat.SentinelAnalyticsRule => SentinelRuleWriter.Write(rule, options.Settings, caveats),
                    ExportFormat.ElasticRule => ElasticRuleWriter.Write(rule, options.Settings, caveats),
                    ExportFormat.Sigma => SigmaRuleWriter.Write(rule, options.Date ?? DateTime.UtcNow, caveats),
                    _ => throw new ArgumentOutOfRangeException(nameof(format)),
                };
                return new RuleExport(rule.Id, rule.Name, format, content, null, caveats);
            }
            catch (NotExportableException ex)
            {
                return new RuleExport(rule.Id, rule.Name, format, null, ex.Message, Array.Empty<string>());
            }
        }

        private static string Kql(Rule rule, EntraGuardSettings settings, List<string> caveats)
        {
            var query = KqlQueryBuilder.Build(rule, settings, KqlRunWindow, caveats).Text;
            var at = query.IndexOf("let runWindow", StringComparison.Ordinal);
            return query.Insert(at, string.Concat(caveats.Select(c => "// Differs from the engine: " + c + "\n")));
        }
    }
}

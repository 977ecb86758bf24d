using System;
using System.Collections.Generic;

namespace EntraGuard.Export
{
    /// <summary>The platforms a rule exports to.</summary>
    public enum ExportFormat
    {
        /// <summary>A Kusto query over the Log Analytics <c>AuditLogs</c> table.</summary>
        Kql,

        /// <summary>A Microsoft Sentinel scheduled analytic rule (YAML, Azure-Sentinel repository shape).</summary>
        SentinelAnalyticsRule,

        /// <summary>Elastic Security detection rules, one JSON object a line (Kibana rule import NDJSON).</summary>
        ElasticRule,

        /// <summary>A Sigma rule (YAML) for the azure / auditlogs log source.</summary>
        Sigma,
    }

    /// <summary>
    /// One rule in one format: the text to write, or why the format cannot express the rule. A rule is never left
    /// out silently: an unexportable rule comes back with <see cref="Exportable"/> false and a reason.
    /// </summary>
    public sealed class RuleExport
    {
        internal RuleExport(
            string ruleId,
            string ruleName,
            ExportFormat format,
            string? content,
            string? reason,
            IReadOnlyList<string> caveats
        )
        {
            RuleId = ruleId;
            RuleName = ruleName;
            Format = format;
            Content = content;
            NotExportableReason = reason;
            Caveats = caveats;
        }

        public string RuleId { get; }
        public string RuleName { get; }
        public ExportFormat Format { get; }

        /// <summary>Whether <see cref="Content"/> holds the rule.</summary>
        public bool Exportable => Content != null;

        /// <summary>The exported text (UTF-8, LF line ends); null when the rule is not exportable.</summary>
        public string? Content { get; }

        /// <summary>Why the format cannot express the rule; null when it can.</summary>
        public string? NotExportableReason { get; }

        /// <summary>Where the exported rule behaves differently from the engine (also written into the text).</summary>
        public IReadOnlyList<string> Caveats { get; }

        /// <summary>The file name this export is written to: <c>&lt;RuleId&gt;.&lt;extension&gt;</c>.</summary>
        public string FileName => RuleId + "." + Extension(Format);

        /// <summary>The file extension of a format, without the dot.</summary>
        public static string Extension(ExportFormat format) =>
            format switch
            {
                ExportFormat.Kql => "kql",
                ExportFormat.SentinelAnalyticsRule => "yaml",
                ExportFormat.ElasticRule => "ndjson",
                ExportFormat.Sigma => "yml",
                _ => throw new ArgumentOutOfRangeException(nameof(format)),
            };

        public override string ToString() =>
            Exportable ? $"{RuleId} ({Format})" : $"{RuleId} ({Format}): not exportable: {NotExportableReason}";
    }

    /// <summary>Format names as the command line, folders and messages spell them.</summary>
    public static class ExportFormats
    {
        /// <summary>The short name, also the folder a multi-format export writes into: kql, sentinel, elastic,
        /// sigma.</summary>
        public static string ShortName(ExportFormat format) =>
            format switch
            {
                ExportFormat.Kql => "kql",
                ExportFormat.SentinelAnalyticsRule => "sentinel",
                ExportFormat.ElasticRule => "elastic",
                ExportFormat.Sigma => "sigma",
                _ => throw new ArgumentOutOfRangeException(nameof(format)),
            };

        /// <summary>Parses a short name or the enum name, ignoring case.</summary>
        public static bool TryParse(string? text, out ExportFormat format)
        {
            foreach (ExportFormat candidate in Enum.GetValues(typeof(ExportFormat)))
            {
                if (
                    string.Equals(text, ShortName(candidate), StringComparison.OrdinalIgnoreCase)
                    || string.Equals(text, candidate.ToString(), StringComparison.OrdinalIgnoreCase)
                )
                {
                    format = candidate;
                    return true;
                }
            }
            format = default;
            return false;
        }

        /// <summary>The file listing the rules a format could not express, written beside the exports.</summary>
        public const string NotExportableFileName = "not-exportable.md";

        /// <summary>A Markdown list of the rules not exported and why; null when every rule was exported.</summary>
        public static string? NotExportableReport(IReadOnlyCollection<RuleExport> exports)
        {
            var skipped = new List<RuleExport>();
            foreach (var export in exports)
            {
                if (!export.Exportable)
                    skipped.Add(export);
            }
            if (skipped.Count == 0)
                return null;
            var text = new System.Text.StringBuilder("# Rules not exported to ")
                .Append(ShortName(skipped[0].Format))
                .Append("\n\n");
            foreach (var export in skipped)
            {
                text.Append("- **")
                    .Append(export.RuleId)
                    .Append("** ")
                    .Append(export.RuleName)
                    .Append(": ")
                    .Append(export.NotExportableReason)
                    .Append('\n');
            }
            return text.ToString();
        }
    }

    /// <summary>A rule (or one of its conditions) that a format cannot express, with the reason.</summary>
    internal sealed class NotExportableException : Exception
    {
        public NotExportableException(string reason)
            : base(reason) { }
    }
}

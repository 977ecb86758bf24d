using System;

namespace EntraGuard.Detection
{
    /// <summary>
    /// A rule, suppression or settings file that cannot be used. The message names the file, the line, the rule (or
    /// entry) and the field, so the author can go straight to the mistake.
    /// </summary>
    public sealed class RuleFormatException : FormatException
    {
        public RuleFormatException(
            string file,
            long line,
            string? ruleId,
            string? field,
            string problem,
            Exception? inner = null
        )
            : base(Format(file, line, ruleId, field, problem), inner)
        {
            File = file;
            Line = line;
            RuleId = ruleId;
            Field = field;
            Problem = problem;
        }

        /// <summary>The file path, or <c>embedded:&lt;name&gt;</c> for the built-in catalog.</summary>
        public string File { get; }

        /// <summary>1-based line of the problem; 0 when unknown.</summary>
        public long Line { get; }

        /// <summary>The rule id (or <c>suppression #n</c>) the problem is in, when known.</summary>
        public string? RuleId { get; }

        /// <summary>The field path inside the entry, e.g. <c>match.where[1].cidr</c>.</summary>
        public string? Field { get; }

        /// <summary>What is wrong, without the location.</summary>
        public string Problem { get; }

        private static string Format(string file, long line, string? ruleId, string? field, string problem)
        {
            var location = line > 0 ? $"{file}: line {line}" : file;
            var owner =
                ruleId is null ? ""
                : ruleId.StartsWith("suppression", StringComparison.Ordinal) ? $": {ruleId}"
                : $": rule {ruleId}";
            var where = field is null ? "" : $": field '{field}'";
            return $"{location}{owner}{where}: {problem}";
        }
    }
}

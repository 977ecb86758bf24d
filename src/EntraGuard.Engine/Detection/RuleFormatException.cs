using System;
using EntraGuard.Configuration;

namespace EntraGuard.Detection
{
    /// <summary>A rule or suppression file that cannot be used.</summary>
    public sealed class RuleFormatException : ConfigFormatException
    {
        public RuleFormatException(
            string file,
            long line,
            string? ruleId,
            string? field,
            string problem,
            Exception? inner = null
        )
            : base(file, line, ruleId, field, problem, inner) { }

        /// <summary>The rule id (or <c>suppression #n</c>) the problem is in, when known.</summary>
        public string? RuleId => Entry;

        /// <summary>For the configuration readers: how rule and suppression files report a mistake.</summary>
        internal static readonly ConfigErrors Errors = (file, line, entry, field, problem, inner) =>
            new RuleFormatException(file, line, entry, field, problem, inner);
    }
}

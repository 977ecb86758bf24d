using System;

namespace EntraGuard.Configuration
{
    /// <summary>
    /// A file EntraGuard is configured with (settings, rules, suppressions) that cannot be used. The message names the
    /// file, the line, the entry and the field, so the author can go straight to the mistake.
    /// </summary>
    public abstract class ConfigFormatException : FormatException
    {
        protected ConfigFormatException(
            string file,
            long line,
            string? entry,
            string? field,
            string problem,
            Exception? inner
        )
            : base(Format(file, line, entry, field, problem), inner)
        {
            File = file;
            Line = line;
            Entry = entry;
            Field = field;
            Problem = problem;
        }

        /// <summary>The file path, or <c>embedded:&lt;name&gt;</c> for the built-in catalog.</summary>
        public string File { get; }

        /// <summary>1-based line of the problem; 0 when unknown.</summary>
        public long Line { get; }

        /// <summary>The rule id or entry (<c>suppression #n</c>) the problem is in, when known.</summary>
        public string? Entry { get; }

        /// <summary>The field path inside the entry, e.g. <c>match.where[1].cidr</c>.</summary>
        public string? Field { get; }

        /// <summary>What is wrong, without the location.</summary>
        public string Problem { get; }

        private static string Format(string file, long line, string? entry, string? field, string problem)
        {
            var location = line > 0 ? $"{file}: line {line}" : file;
            var owner =
                entry is null ? ""
                : entry.StartsWith("suppression", StringComparison.Ordinal) ? $": {entry}"
                : $": rule {entry}";
            var where = field is null ? "" : $": field '{field}'";
            return $"{location}{owner}{where}: {problem}";
        }
    }
}

using System;
using System.Collections.Concurrent;
using System.Text;

namespace EntraGuard
{
    /// <summary>
    /// The form activity names are compared in. Entra writes the same activity with an en dash or a hyphen and
    /// sometimes with a trailing space ("Update application – Certificates and secrets management "), so rules match
    /// on a normalized name while events keep the original.
    /// </summary>
    public static class ActivityName
    {
        // Activity names come from a small vocabulary, so normalizing each distinct string once is enough.
        private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);
        private const int CacheLimit = 4096;

        /// <summary>Dashes become '-', runs of white space become one space, ends are trimmed. Case is kept.</summary>
        public static string Normalize(string? name)
        {
            if (string.IsNullOrEmpty(name))
                return "";
            if (Cache.TryGetValue(name!, out var cached))
                return cached;
            var normalized = Compute(name!);
            if (Cache.Count < CacheLimit)
                Cache.TryAdd(name!, normalized);
            return normalized;
        }

        /// <summary>Whether two activity names are the same activity: normalized, compared ignoring case.</summary>
        public static bool AreSame(string? a, string? b) =>
            string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);

        /// <summary>Comparer for sets and dictionaries keyed by normalized activity name.</summary>
        public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

        private static string Compute(string name)
        {
            var builder = new StringBuilder(name.Length);
            var pendingSpace = false;
            foreach (var c in name)
            {
                if (char.IsWhiteSpace(c))
                {
                    pendingSpace = builder.Length > 0;
                    continue;
                }
                if (pendingSpace)
                {
                    builder.Append(' ');
                    pendingSpace = false;
                }
                builder.Append(IsDash(c) ? '-' : c);
            }
            return builder.ToString();
        }

        // En dash, em dash, figure dash, minus sign and the other hyphen code points Entra has been seen to emit.
        private static bool IsDash(char c) =>
            c is '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212';
    }
}

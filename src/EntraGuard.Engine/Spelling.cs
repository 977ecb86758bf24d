using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard
{
    /// <summary>"Did you mean" for a misspelt name (an option, a setting): the nearest known one, if near.</summary>
    public static class Spelling
    {
        /// <summary>
        /// The candidate closest to <paramref name="given"/> by edit distance (case-insensitive), or null when even
        /// that one differs in more than a third of the letters (at least two): a guess that far off misleads. A
        /// candidate that <paramref name="given"/> begins (journal, journalPath) is the guess when only one does.
        /// </summary>
        public static string? Suggest(string given, IEnumerable<string> candidates)
        {
            var lowered = given.ToLowerInvariant();
            var names = candidates.ToList();
            var extending = names.Where(c => c.StartsWith(given, StringComparison.OrdinalIgnoreCase)).ToList();
            if (given.Trim('-').Length >= 3 && extending.Count == 1)
                return extending[0];
            var best = names
                .Select(c => (Name: c, Distance: EditDistance(lowered, c.ToLowerInvariant())))
                .OrderBy(c => c.Distance)
                .ThenBy(c => c.Name, StringComparer.Ordinal)
                .FirstOrDefault();
            return best.Name != null && best.Distance <= Math.Max(2, given.Length / 3) ? best.Name : null;
        }

        /// <summary>Levenshtein distance: the insertions, deletions and substitutions that turn one into the
        /// other.</summary>
        internal static int EditDistance(string from, string to)
        {
            var row = new int[to.Length + 1];
            for (var j = 0; j <= to.Length; j++)
                row[j] = j;
            for (var i = 1; i <= from.Length; i++)
            {
                var diagonal = row[0];
                row[0] = i;
                for (var j = 1; j <= to.Length; j++)
                {
                    var above = row[j];
                    var substitution = diagonal + (from[i - 1] == to[j - 1] ? 0 : 1);
                    row[j] = Math.Min(substitution, Math.Min(above, row[j - 1]) + 1);
                    diagonal = above;
                }
            }
            return row[to.Length];
        }
    }
}

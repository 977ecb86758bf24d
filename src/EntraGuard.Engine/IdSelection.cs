using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard
{
    /// <summary>
    /// How every host picks rules or posture checks by id: PowerShell wildcards (<see cref="Wildcard"/>), catalog
    /// order, each item once. A literal id that names nothing is an error naming it (a typo must not quietly run
    /// fewer checks); a wildcard that matches nothing is not, but is said (<see cref="DescribeUnmatched{T}"/>).
    /// </summary>
    public static class IdSelection
    {
        /// <summary>
        /// The items whose id (<paramref name="idOf"/>) any pattern matches; every item when there is no pattern.
        /// <paramref name="noun"/> says what an item is, for the error ("rule", "posture check").
        /// </summary>
        /// <exception cref="UnknownIdException">Literal ids that match no item, all of them named.</exception>
        public static IReadOnlyList<T> Select<T>(
            IReadOnlyList<T> catalog,
            Func<T, string> idOf,
            IReadOnlyCollection<string>? patterns,
            string noun
        )
        {
            if (patterns is null || patterns.Count == 0)
                return catalog;
            var unknown = patterns
                .Where(pattern => !Wildcard.HasWildcards(pattern))
                .Where(id => !catalog.Any(item => Wildcard.IsMatch(id, idOf(item))))
                .ToList();
            if (unknown.Count > 0)
                throw new UnknownIdException(noun, unknown);
            return catalog.Where(item => patterns.Any(pattern => Wildcard.IsMatch(pattern, idOf(item)))).ToList();
        }

        /// <summary>
        /// One line for each wildcard pattern that matches no item ("no rule matches 'EG99*'"): not an error, but an
        /// export or a scan that quietly covers less than was asked must say so.
        /// </summary>
        public static IReadOnlyList<string> DescribeUnmatched<T>(
            IReadOnlyList<T> catalog,
            Func<T, string> idOf,
            IReadOnlyCollection<string>? patterns,
            string noun
        ) =>
            (patterns ?? Array.Empty<string>())
                .Where(pattern =>
                    Wildcard.HasWildcards(pattern) && !catalog.Any(item => Wildcard.IsMatch(pattern, idOf(item)))
                )
                .Select(pattern => $"no {noun} matches {InputText.Quote(pattern)}")
                .ToList();
    }

    /// <summary>Ids given literally (no wildcard) that name nothing in the catalog.</summary>
    public sealed class UnknownIdException : ArgumentException
    {
        public UnknownIdException(string noun, IReadOnlyList<string> ids)
            : base($"No {noun} has the id {string.Join(", ", ids.Select(id => "'" + id + "'"))}.")
        {
            Ids = ids;
        }

        public IReadOnlyList<string> Ids { get; }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EntraGuard.Collection
{
    /// <summary>Builds OData <c>$filter</c> clauses with literals quoted and escaped the way Graph expects.</summary>
    public static class ODataFilter
    {
        /// <summary>A string literal: single quotes around, embedded single quotes doubled.</summary>
        public static string Quote(string value) => "'" + (value ?? "").Replace("'", "''") + "'";

        /// <summary>A DateTimeOffset literal in UTC with the full 100 ns precision Graph stores.</summary>
        public static string Time(DateTimeOffset value) =>
            value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        public static string Eq(string property, string value) => $"{property} eq {Quote(value)}";

        public static string StartsWith(string property, string value) => $"startswith({property},{Quote(value)})";

        /// <summary>Clauses joined with <c>or</c>, parenthesized when there is more than one.</summary>
        public static string? AnyOf(IEnumerable<string> clauses)
        {
            var list = clauses.Distinct(StringComparer.Ordinal).ToList();
            return list.Count switch
            {
                0 => null,
                1 => list[0],
                _ => "(" + string.Join(" or ", list) + ")",
            };
        }

        /// <summary>Clauses joined with <c>and</c>, nulls left out.</summary>
        public static string AllOf(IEnumerable<string?> clauses) =>
            string.Join(" and ", clauses.Where(c => !string.IsNullOrEmpty(c)));
    }
}

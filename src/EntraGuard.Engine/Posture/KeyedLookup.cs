using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture
{
    internal static class KeyedLookup
    {
        /// <summary>The items by a Graph id (compared without case), the first one where Graph returned an id
        /// twice.</summary>
        public static Dictionary<string, T> ById<T>(this IEnumerable<T> items, Func<T, string> id) =>
            items
                .GroupBy(id, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
    }
}

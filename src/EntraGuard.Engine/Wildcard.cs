using System;

namespace EntraGuard
{
    /// <summary>
    /// PowerShell's wildcard rules (<c>WildcardPattern</c>), ignoring case, without a PowerShell reference:
    /// <c>*</c> any run, <c>?</c> one character, <c>[ab]</c> one of a set, <c>[0-9]</c> one of a range,
    /// and a backtick making the next character literal.
    /// </summary>
    public static class Wildcard
    {
        private const char Escape = '`';

        /// <summary>True when the pattern holds an unescaped <c>*</c>, <c>?</c>, <c>[</c> or <c>]</c>.</summary>
        public static bool HasWildcards(string pattern)
        {
            for (var i = 0; i < pattern.Length; i++)
            {
                if (pattern[i] is '*' or '?' or '[' or ']')
                    return true;
                if (pattern[i] == Escape)
                    i++;
            }
            return false;
        }

        /// <summary>Whether the whole text matches the pattern.</summary>
        /// <exception cref="ArgumentException">A <c>[</c> without its closing <c>]</c>.</exception>
        public static bool IsMatch(string pattern, string? text)
        {
            for (var i = 0; i < pattern.Length; i = SkipElement(pattern, i)) { }
            if (text is null)
                return false;
            // Greedy with one backtrack point: the last '*' seen takes one more character whenever the rest fails.
            int p = 0,
                t = 0,
                afterStar = -1,
                starText = 0;
            while (t < text.Length)
            {
                if (p < pattern.Length && pattern[p] == '*')
                {
                    afterStar = ++p;
                    starText = t;
                }
                else if (p < pattern.Length && MatchesOne(pattern, p, text[t], out var next))
                {
                    p = next;
                    t++;
                }
                else if (afterStar >= 0)
                {
                    p = afterStar;
                    t = ++starText;
                }
                else
                    return false;
            }
            while (p < pattern.Length && pattern[p] == '*')
                p++;
            return p == pattern.Length;
        }

        /// <summary>Whether the pattern element at <paramref name="p"/> accepts <paramref name="c"/>.</summary>
        private static bool MatchesOne(string pattern, int p, char c, out int next)
        {
            next = SkipElement(pattern, p);
            switch (pattern[p])
            {
                case '?':
                    return true;
                case '[':
                    return InSet(pattern, p + 1, next - 1, c);
                case Escape when p + 1 < pattern.Length:
                    return SameIgnoringCase(pattern[p + 1], c);
                default:
                    return SameIgnoringCase(pattern[p], c);
            }
        }

        /// <summary>Where the element starting at <paramref name="p"/> ends (for a set: after its <c>]</c>).</summary>
        private static int SkipElement(string pattern, int p)
        {
            if (pattern[p] == Escape)
                return Math.Min(p + 2, pattern.Length);
            if (pattern[p] != '[')
                return p + 1;
            for (var i = p + 1; i < pattern.Length; i++)
            {
                if (pattern[i] == Escape)
                    i++;
                else if (pattern[i] == ']')
                    return i + 1;
            }
            throw new ArgumentException($"The wildcard pattern '{pattern}' is not valid: '[' has no closing ']'.");
        }

        /// <summary>A set's body, between its brackets: single characters and ranges like <c>0-9</c>.</summary>
        private static bool InSet(string pattern, int start, int end, char c)
        {
            for (var i = start; i < end; i++)
            {
                var low = pattern[i] == Escape && i + 1 < end ? pattern[++i] : pattern[i];
                if (i + 2 < end && pattern[i + 1] == '-')
                {
                    var high = pattern[i + 2] == Escape && i + 3 < end ? pattern[i + 3] : pattern[i + 2];
                    i += pattern[i + 2] == Escape ? 3 : 2;
                    if (InRange(char.ToLowerInvariant(c), low, high) || InRange(char.ToUpperInvariant(c), low, high))
                    {
                        return true;
                    }
                }
                else if (SameIgnoringCase(low, c))
                    return true;
            }
            return false;
        }

        private static bool InRange(char c, char low, char high) => c >= low && c <= high;

        private static bool SameIgnoringCase(char a, char b) =>
            a == b || char.ToUpperInvariant(a) == char.ToUpperInvariant(b);
    }
}

using System;

namespace EntraGuard.Detection
{
    /// <summary>PowerShell-style wildcards (<c>*</c> any run, <c>?</c> one character), ignoring case.</summary>
    public static class Wildcard
    {
        private static readonly char[] WildcardChars = { '*', '?' };

        public static bool HasWildcards(string pattern) => pattern.IndexOfAny(WildcardChars) >= 0;

        public static bool IsMatch(string pattern, string? text)
        {
            if (text is null) return false;
            if (!HasWildcards(pattern)) return string.Equals(pattern, text, StringComparison.OrdinalIgnoreCase);
            int p = 0, t = 0, star = -1, mark = 0;
            while (t < text.Length)
            {
                if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t])))
                {
                    p++;
                    t++;
                }
                else if (p < pattern.Length && pattern[p] == '*')
                {
                    star = p++;
                    mark = t;
                }
                else if (star >= 0)
                {
                    p = star + 1;
                    t = ++mark;
                }
                else return false;
            }
            while (p < pattern.Length && pattern[p] == '*') p++;
            return p == pattern.Length;
        }
    }
}

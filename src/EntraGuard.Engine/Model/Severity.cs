using System;

namespace EntraGuard
{
    /// <summary>How urgent a risk event is, in ascending order (so severities compare with &lt; and &gt;).</summary>
    public enum Severity
    {
        Informational = 0,
        Low = 1,
        Medium = 2,
        High = 3,
        Critical = 4,
    }

    /// <summary>Parsing of severity names as rules, settings and command lines spell them.</summary>
    public static class SeverityNames
    {
        public const string Allowed = "informational, low, medium, high or critical";

        /// <summary>Parses a severity name, ignoring case; false for anything else (numbers included).</summary>
        public static bool TryParse(string? text, out Severity severity)
        {
            severity = Severity.Informational;
            if (string.IsNullOrWhiteSpace(text))
                return false;
            var trimmed = text!.Trim();
            if (trimmed.Length == 0 || char.IsDigit(trimmed[0]) || trimmed[0] == '-')
                return false;
            return Enum.TryParse(trimmed, ignoreCase: true, out severity) && Enum.IsDefined(typeof(Severity), severity);
        }

        /// <summary>The lower-case name used in rule files and text output.</summary>
        public static string ToName(this Severity severity) => severity.ToString().ToLowerInvariant();
    }
}

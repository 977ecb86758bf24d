using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace EntraGuard.Posture
{
    /// <summary>A group as the group checks see it: its kind, who can see it, and (dynamic groups) the rule that
    /// fills it.</summary>
    public sealed class DirectoryGroup
    {
        public string Id { get; init; } = "";
        public string? DisplayName { get; init; }

        /// <summary><c>groupTypes</c>: Unified (Microsoft 365), DynamicMembership, or neither.</summary>
        public IReadOnlyList<string> GroupTypes { get; init; } = Array.Empty<string>();

        /// <summary><c>visibility</c>: Public, Private or HiddenMembership; null where Graph left it out.</summary>
        public string? Visibility { get; init; }

        public string? MembershipRule { get; init; }

        /// <summary><c>membershipRuleProcessingState</c>: On while the rule runs, Paused when it does not.</summary>
        public string? MembershipRuleProcessingState { get; init; }

        public bool IsPublic => string.Equals(Visibility, "Public", StringComparison.OrdinalIgnoreCase);

        public bool IsDynamic => GroupTypes.Contains("DynamicMembership", StringComparer.OrdinalIgnoreCase);

        public bool RuleIsProcessed =>
            string.Equals(MembershipRuleProcessingState, "On", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Does the rule gather every guest? It must test <c>user.userType -eq "Guest"</c>, and nothing may narrow it:
        /// a clause joined with -and, or a -not, keeps some guests out (clauses joined with -or only add members).
        /// Case and spacing do not matter, as they do not to Entra.
        /// </summary>
        public bool RuleGathersAllGuests =>
            MembershipRule is { } rule && GuestTest.IsMatch(rule) && !Narrowing.IsMatch(rule);

        private static readonly Regex GuestTest = new(
            @"user\.userType\s+-eq\s+""Guest""",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant
        );

        // -and and -not as operators of their own; -notIn, -notContains and the like test other properties.
        private static readonly Regex Narrowing = new(
            @"(?<![\w.])-(and|not)\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant
        );

        public override string ToString() => $"'{DisplayName ?? Id}' ({Id})";
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// One value a check requires of a configuration: the property as Graph names it, the values known to pass and
    /// known to fail, and what a failing value means. A value in neither is not judged: the check is Skipped for
    /// review, as it is when the property was not returned.
    /// </summary>
    internal sealed class RequiredValue
    {
        private readonly Func<string, bool?> _passes;
        private readonly bool _mayBeEmpty;

        // A yes/no setting stored as text (groupSettings) can be blank: that says neither, so it is not judged.
        private readonly bool _emptyIsUnknown;

        private RequiredValue(
            string property,
            Func<string, bool?> passes,
            bool mayBeEmpty,
            string problem,
            bool emptyIsUnknown = false
        )
        {
            Property = property;
            _passes = passes;
            _mayBeEmpty = mayBeEmpty;
            Problem = problem;
            _emptyIsUnknown = emptyIsUnknown;
        }

        public string Property { get; }

        /// <summary>What a failing value means, in a few words.</summary>
        public string Problem { get; }

        public static RequiredValue OneOf(string property, string[] passing, string[] failing, string problem) =>
            new(
                property,
                value =>
                    passing.Contains(value, StringComparer.OrdinalIgnoreCase) ? true
                    : failing.Contains(value, StringComparer.OrdinalIgnoreCase) ? false
                    : null,
                true,
                problem
            );

        /// <summary>One value passes, every other fails (a target narrower than all users, say).</summary>
        public static RequiredValue Exactly(string property, string passing, string problem) =>
            new(property, value => string.Equals(value, passing, StringComparison.OrdinalIgnoreCase), true, problem);

        public static RequiredValue True(string property, string problem) => Flag(property, true, problem);

        public static RequiredValue False(string property, string problem) => Flag(property, false, problem);

        private static RequiredValue Flag(string property, bool passing, string problem) =>
            new(
                property,
                value => bool.TryParse(value, out var flag) ? flag == passing : null,
                true,
                problem,
                emptyIsUnknown: true
            );

        public static RequiredValue AtMost(string property, int limit, string problem) =>
            new(property, value => Number(value) is { } number ? number <= limit : null, true, problem);

        public static RequiredValue AtLeast(string property, int limit, string problem) =>
            new(property, value => Number(value) is { } number ? number >= limit : null, true, problem);

        /// <summary>A list that must name at least one item, whatever the items are.</summary>
        public static RequiredValue NotEmpty(string property, string problem) =>
            new(property, _ => true, false, problem);

        private static int? Number(string value) =>
            int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

        /// <summary>
        /// Judges the values <paramref name="read"/> returns (null: not returned; an empty list: an empty value).
        /// A failing value fails the check even when another is unknown; otherwise an unknown value skips it.
        /// </summary>
        public static CheckOutcome Judge(
            IReadOnlyList<RequiredValue> required,
            Func<string, IReadOnlyList<string>?> read,
            string source,
            string targetName,
            string targetType,
            string failHeadline,
            string passReason,
            IEnumerable<string>? notes = null
        )
        {
            var evidence = new List<string>(notes ?? Enumerable.Empty<string>());
            var findings = new List<PostureFinding>();
            var unknown = new List<string>();
            foreach (var requirement in required)
            {
                var values = read(requirement.Property);
                evidence.Add(
                    $"{source}: {requirement.Property} = "
                        + (
                            values is null ? "(not returned)"
                            : values.Count == 0 ? "(empty)"
                            : string.Join(", ", values)
                        )
                );
                if (values is null)
                {
                    unknown.Add($"{source} did not return {requirement.Property}");
                    continue;
                }
                var failing = values.Where(value => requirement._passes(value) == false).ToArray();
                if (failing.Length > 0 || (values.Count == 0 && !requirement._mayBeEmpty))
                {
                    var shown = failing.Length > 0 ? string.Join(", ", failing) : "(empty)";
                    findings.Add(
                        new PostureFinding
                        {
                            TargetId = requirement.Property,
                            TargetName = targetName,
                            TargetType = targetType,
                            Detail = $"{requirement.Problem} ({requirement.Property} = {shown})",
                        }
                    );
                }
                if (values.Count == 0 && requirement._emptyIsUnknown)
                    unknown.Add($"{requirement.Property} is empty");
                unknown.AddRange(
                    values
                        .Where(value => requirement._passes(value) is null)
                        .Select(value => $"{requirement.Property} = {value} is a value EntraGuard does not judge")
                );
            }
            if (findings.Count == 0 && unknown.Count > 0)
                return CheckOutcome.Skip($"skipped: {string.Join("; ", unknown)}; review it", evidence);
            return CheckOutcome.FromFindings(findings, failHeadline, passReason, evidence);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// One tenant setting held against the values known to be safe and those known to be unsafe. A value in neither
    /// list, or no value at all, is Skipped for review: what the check does not recognise it never passes.
    /// </summary>
    internal abstract class SettingCheck : PostureCheck
    {
        protected const string UserSettings = "User and guest settings";
        protected const string AuthenticationMethods = "Authentication methods";
        protected const string Devices = "Devices";

        private readonly string _setting;
        private readonly Func<PostureContext, string?> _read;
        private readonly IReadOnlyDictionary<string, string> _passing;
        private readonly IReadOnlyDictionary<string, string> _failing;

        /// <summary>
        /// <paramref name="setting"/> is the property as Graph names it; <paramref name="read"/> reads it through
        /// <see cref="PostureContext.Require{T}"/> so a missing part skips; <paramref name="passing"/> and
        /// <paramref name="failing"/> map the values known to be safe and unsafe to what each means.
        /// </summary>
        protected SettingCheck(
            string id,
            string title,
            Severity severity,
            string category,
            PostureData part,
            string setting,
            Func<PostureContext, string?> read,
            IReadOnlyDictionary<string, string> passing,
            IReadOnlyDictionary<string, string> failing,
            string rationale,
            string remediation,
            params string[] frameworks
        )
            : base(id, title, severity, category, part, PostureLicence.None, rationale, remediation)
        {
            _setting = setting;
            _read = read;
            _passing = passing.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
            _failing = failing.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
            Frameworks = frameworks;
        }

        protected static AuthorizationSettings Authorization(PostureContext context) =>
            context.Require(context.Snapshot.AuthorizationPolicy, PostureData.AuthorizationPolicy);

        protected static DeviceRegistrationSettings DeviceRegistration(PostureContext context) =>
            context.Require(context.Snapshot.DeviceRegistrationPolicy, PostureData.DeviceRegistrationPolicy);

        protected static Dictionary<string, string> Off(string meaning) => new() { ["false"] = meaning };

        protected static Dictionary<string, string> On(string meaning) => new() { ["true"] = meaning };

        /// <summary>A boolean setting as the text the value lists compare.</summary>
        public static string? Text(bool? value) =>
            value switch
            {
                true => "true",
                false => "false",
                null => null,
            };

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var value = _read(context);
            var source = context.Snapshot.SourceOf(Needs);
            var evidence = new[] { $"{source}: {_setting} = {value ?? "(not returned)"}" };
            if (value is null)
                return CheckOutcome.Skip($"skipped: {source} did not return {_setting}", evidence);
            if (_passing.TryGetValue(value, out var safe))
            {
                return CheckOutcome.Pass($"{safe} ({_setting} = {value})", evidence);
            }
            if (!_failing.TryGetValue(value, out var unsafeMeaning))
            {
                return CheckOutcome.Skip(
                    $"skipped: {_setting} = {value} is a value EntraGuard does not judge; review it",
                    evidence
                );
            }
            var finding = new PostureFinding
            {
                TargetId = _setting,
                TargetName = Title,
                TargetType = "setting",
                Detail = unsafeMeaning,
            };
            return CheckOutcome.FromFindings(new[] { finding }, $"{_setting} = {value}", "", evidence);
        }
    }
}

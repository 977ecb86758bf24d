using System;
using System.Collections.Generic;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// The values the tenant-wide settings object of one template must hold. While the tenant has no object of the
    /// template, Microsoft's documented defaults are judged (a default not documented is unknown, and skips).
    /// </summary>
    internal abstract class GroupSettingsCheck : PostureCheck
    {
        private readonly GroupSettingTemplate _template;
        private readonly string _failHeadline;
        private readonly string _passReason;
        private readonly IReadOnlyList<RequiredValue> _required;

        protected GroupSettingsCheck(
            string id,
            string title,
            Severity severity,
            string category,
            PostureLicence licence,
            string rationale,
            string remediation,
            GroupSettingTemplate template,
            string failHeadline,
            string passReason,
            IReadOnlyList<RequiredValue> required,
            params string[] frameworks
        )
            : base(id, title, severity, category, PostureData.GroupSettings, licence, rationale, remediation)
        {
            _template = template;
            _failHeadline = failHeadline;
            _passReason = passReason;
            _required = required;
            Frameworks = frameworks;
        }

        /// <summary>How a setting's text value is judged and shown; one item by default.</summary>
        protected virtual IReadOnlyList<string> Shown(string name, string value) =>
            value.Length == 0 ? Array.Empty<string>() : new[] { value };

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var settings = context.Require(context.Snapshot.GroupSettings, PostureData.GroupSettings);
            var source = context.Snapshot.SourceOf(PostureData.GroupSettings);
            var notes = _template.In(settings) is null
                ? new[] { $"{source}: no '{_template.DisplayName}' object, so Microsoft's defaults apply" }
                : Array.Empty<string>();
            return RequiredValue.Judge(
                _required,
                name => _template.ValueOf(settings, name) is { } value ? Shown(name, value) : null,
                source,
                _template.DisplayName,
                "setting",
                _failHeadline,
                _passReason,
                notes
            );
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture
{
    /// <summary>A tenant-wide settings object (<c>groupSettings</c>): the values of one settings template.</summary>
    public sealed class GroupSetting
    {
        public string TemplateId { get; init; } = "";
        public string DisplayName { get; init; } = "";

        /// <summary>The values by setting name, as Graph spells them (text, whatever the setting's type).</summary>
        public IReadOnlyDictionary<string, string> Values { get; init; } =
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A settings template the checks read. A tenant has an object of a template only once someone changed one of its
    /// settings; until then Microsoft's defaults apply, and only the defaults Microsoft documents are listed here.
    /// </summary>
    public sealed class GroupSettingTemplate
    {
        private GroupSettingTemplate(string id, string displayName, IReadOnlyDictionary<string, string> defaults)
        {
            Id = id;
            DisplayName = displayName;
            Defaults = defaults;
        }

        /// <summary>Smart lockout and password protection (banned passwords, in the cloud and on premises).</summary>
        public static GroupSettingTemplate PasswordRules { get; } =
            new(
                "5cf42378-d67d-4f36-ba46-e8b86229381d",
                "Password Rule Settings",
                new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                {
                    ["LockoutThreshold"] = "10",
                    ["LockoutDurationInSeconds"] = "60",
                    ["BannedPasswordCheckOnPremisesMode"] = "Audit",
                    ["BannedPasswordList"] = "",
                }
            );

        /// <summary>Microsoft 365 groups: creation, guests, classification.</summary>
        public static GroupSettingTemplate Groups { get; } =
            new(
                "62375ab9-6b52-47ed-826b-58e47e0e304b",
                "Group.Unified",
                new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                {
                    ["AllowGuestsToBeGroupOwner"] = "false",
                    ["EnableGroupCreation"] = "true",
                }
            );

        /// <summary>
        /// The legacy consent switches: group owner consent, risk-based step-up consent, admin consent requests.
        /// Only the step-up default is documented ("enabled by default", Microsoft Learn: configure risk-based
        /// step-up consent); the other two have none, so without an object their checks skip.
        /// </summary>
        public static GroupSettingTemplate ConsentPolicy { get; } =
            new(
                "dffd5d46-495d-40a9-8e21-954ff55e198a",
                "Consent Policy Settings",
                new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                {
                    ["BlockUserConsentForRiskyApps"] = "true",
                }
            );

        public string Id { get; }
        public string DisplayName { get; }
        public IReadOnlyDictionary<string, string> Defaults { get; }

        /// <summary>The tenant's object of this template, if it has one.</summary>
        public GroupSetting? In(IReadOnlyList<GroupSetting> settings) =>
            settings.FirstOrDefault(s => string.Equals(s.TemplateId, Id, StringComparison.OrdinalIgnoreCase));

        /// <summary>The setting's value in force: the object's, else the documented default while there is no
        /// object; null when neither says.</summary>
        public string? ValueOf(IReadOnlyList<GroupSetting> settings, string name) =>
            In(settings) is { } setting
                ? setting.Values.TryGetValue(name, out var value)
                    ? value
                    : null
                : Defaults.TryGetValue(name, out var standard)
                    ? standard
                    : null;
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EntraGuard.Configuration;

namespace EntraGuard.Posture
{
    /// <summary>
    /// Turns the settings file's <c>posture:</c> section into <see cref="PostureSettings"/>, through the same reader as
    /// the rest of the file: every key must be known, and every value is checked — ids are GUIDs, numbers in range,
    /// check ids in the catalog, deviations justified and dated.
    /// </summary>
    internal static class PostureSettingsReader
    {
        private const int MaxLifetimeDays = 3650;
        private static readonly string[] RiskLevelNames = { "low", "medium", "high" };

        // The section's keys and a deviation's, in the order errors list them; the schema test holds
        // schemas/settings.schema.json to them.
        internal static readonly string[] Keys =
        {
            "breakGlassAccounts",
            "maxSecretLifetimeDays",
            "minGlobalAdministrators",
            "maxGlobalAdministrators",
            "additionalPrivilegedRoles",
            "signInRiskLevels",
            "userRiskLevels",
            "acceptedDeviations",
            "severityOverrides",
            "approvedPublicGroups",
        };

        internal static readonly string[] DeviationKeys = { "check", "target", "justification", "expires" };

        public static PostureSettings Read(ConfigObject section)
        {
            Declare(section, Keys);
            var defaults = PostureSettings.Default;
            var minAdmins = section.Integer("minGlobalAdministrators", 1, 100) ?? defaults.MinGlobalAdministrators;
            var maxAdmins = section.Integer("maxGlobalAdministrators", 1, 100) ?? defaults.MaxGlobalAdministrators;
            if (minAdmins > maxAdmins)
            {
                var field = section.Has("maxGlobalAdministrators")
                    ? "maxGlobalAdministrators"
                    : "minGlobalAdministrators";
                throw section.Error(field, $"{maxAdmins} is less than minGlobalAdministrators ({minAdmins})");
            }

            var settings = new PostureSettings
            {
                BreakGlassAccounts = section.Has("breakGlassAccounts")
                    ? section.List("breakGlassAccounts", (node, path) => BreakGlassAccount(section, node, path))
                    : defaults.BreakGlassAccounts,
                MaxSecretLifetimeDays =
                    section.Integer("maxSecretLifetimeDays", 1, MaxLifetimeDays) ?? defaults.MaxSecretLifetimeDays,
                MinGlobalAdministrators = minAdmins,
                MaxGlobalAdministrators = maxAdmins,
                AdditionalPrivilegedRoles = section.Has("additionalPrivilegedRoles")
                    ? section.List(
                        "additionalPrivilegedRoles",
                        (node, path) => Guid(section, node, path, "a role template or definition id")
                    )
                    : defaults.AdditionalPrivilegedRoles,
                SignInRiskLevels = section.Has("signInRiskLevels")
                    ? RiskLevels(section, "signInRiskLevels")
                    : defaults.SignInRiskLevels,
                UserRiskLevels = section.Has("userRiskLevels")
                    ? RiskLevels(section, "userRiskLevels")
                    : defaults.UserRiskLevels,
                AcceptedDeviations = section.Has("acceptedDeviations")
                    ? section.List("acceptedDeviations", (node, path) => Deviation(section.Item(node, path)))
                    : defaults.AcceptedDeviations,
                SeverityOverrides = section.Object("severityOverrides") is { } overrides
                    ? SeverityOverrides(overrides)
                    : defaults.SeverityOverrides,
                ApprovedPublicGroups = section.Has("approvedPublicGroups")
                    ? section.List(
                        "approvedPublicGroups",
                        (node, path) => Guid(section, node, path, "a group object id")
                    )
                    : defaults.ApprovedPublicGroups,
            };
            section.RejectUnknownFields();
            return settings;
        }

        /// <summary>Makes <paramref name="keys"/> the mapping's known keys, in this order, whatever is read
        /// first.</summary>
        private static void Declare(ConfigObject mapping, string[] keys)
        {
            foreach (var key in keys)
                mapping.Has(key);
        }

        private static string Text(ConfigObject owner, ConfigNode node, string path) =>
            node.Kind == ConfigNodeKind.Scalar
                ? node.Text!.Trim()
                : throw owner.ErrorAt(node, path, $"expected a single value, found {node.Describe()}");

        private static string Guid(ConfigObject owner, ConfigNode node, string path, string what)
        {
            var text = Text(owner, node, path);
            return System.Guid.TryParse(text, out var id)
                ? id.ToString("D")
                : throw owner.ErrorAt(
                    node,
                    path,
                    $"{InputText.Quote(text)} is not {what} (a GUID such as 00000000-0000-0000-0000-000000000000)"
                );
        }

        private static string[] RiskLevels(ConfigObject section, string field)
        {
            var levels = section.List(
                field,
                (node, path) =>
                {
                    var level = Text(section, node, path);
                    return RiskLevelNames.FirstOrDefault(l =>
                            string.Equals(l, level, StringComparison.OrdinalIgnoreCase)
                        )
                        ?? throw section.ErrorAt(
                            node,
                            path,
                            $"{InputText.Quote(level)} is not a risk level (low, medium or high)"
                        );
                }
            );
            return levels.Count > 0
                ? levels.ToArray()
                : throw section.Error(field, "name at least one risk level (low, medium or high)");
        }

        /// <summary>An entry of breakGlassAccounts: an object id or a userPrincipalName, alone or as the id or
        /// userPrincipalName of a mapping with a name.</summary>
        private static BreakGlassAccount BreakGlassAccount(ConfigObject section, ConfigNode node, string path)
        {
            if (node.Kind == ConfigNodeKind.Scalar)
                return Account(section, node, path, null);
            var entry = section.Item(node, path);
            var id = entry.Value("id");
            var principalName = entry.Value("userPrincipalName");
            var name = entry.String("name");
            entry.RejectUnknownFields();
            if (id is not null && principalName is not null)
                throw entry.Error("userPrincipalName", "give the id or the userPrincipalName, not both");
            if (id is null && principalName is null)
            {
                throw entry.Error(
                    "id",
                    "missing: every break-glass account needs the object id of its user or group, or the user's "
                        + "userPrincipalName"
                );
            }
            return id is not null
                ? Account(entry, id, entry.FieldPath("id"), name, principalNameAllowed: false)
                : Account(entry, principalName!, entry.FieldPath("userPrincipalName"), name, idAllowed: false);
        }

        private static BreakGlassAccount Account(
            ConfigObject owner,
            ConfigNode node,
            string path,
            string? name,
            bool idAllowed = true,
            bool principalNameAllowed = true
        )
        {
            var text = Text(owner, node, path);
            if (idAllowed && System.Guid.TryParse(text, out var id))
                return new BreakGlassAccount(id.ToString("D"), name);
            if (principalNameAllowed && IsPrincipalName(text))
                return Posture.BreakGlassAccount.ByPrincipalName(text, name);
            var expected =
                !idAllowed ? "a userPrincipalName (name@domain)"
                : !principalNameAllowed
                    ? "an object id of a user or group (a GUID such as 00000000-0000-0000-0000-000000000000)"
                : "an object id of a user or group (a GUID such as 00000000-0000-0000-0000-000000000000) or a "
                    + "user's userPrincipalName (name@domain)";
            throw owner.ErrorAt(node, path, $"{InputText.Quote(text)} is not {expected}");
        }

        /// <summary>name@domain with a dot in the domain, no spaces: the shape of a userPrincipalName.</summary>
        private static bool IsPrincipalName(string text)
        {
            var at = text.IndexOf('@');
            return at > 0
                && at == text.LastIndexOf('@')
                && text.IndexOf('.', at) > at + 1
                && !text.EndsWith(".", StringComparison.Ordinal)
                && !text.Any(char.IsWhiteSpace);
        }

        /// <summary><c>EGP010: low</c> lines: each key a check id, each value a severity name.</summary>
        private static Dictionary<string, Severity> SeverityOverrides(ConfigObject overrides)
        {
            var result = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase);
            foreach (var check in PostureCatalog.All)
            {
                if (overrides.String(check.Id) is not { } text)
                    continue;
                if (!SeverityNames.TryParse(text, out var severity))
                {
                    throw overrides.Error(
                        check.Id,
                        $"{InputText.Quote(text)} is not a severity (use {SeverityNames.Allowed})"
                    );
                }
                result[check.Id] = severity;
            }
            overrides.RejectUnknownFields();
            return result;
        }

        private static AcceptedDeviation Deviation(ConfigObject entry)
        {
            Declare(entry, DeviationKeys);
            string Required(string field, string why) =>
                entry.Value(field) is { } node
                    ? Text(entry, node, entry.FieldPath(field))
                    : throw entry.Error(field, $"missing: {why}");

            var checkId = Required("check", "name the check id the deviation is for (EGP001, …)");
            var check =
                PostureCatalog.Find(checkId)
                ?? throw entry.Error(
                    "check",
                    $"{InputText.Quote(checkId)} is not a posture check id. Known ids: "
                        + $"{string.Join(", ", PostureCatalog.Ids)}"
                );

            var justification = Required("justification", "say why the deviation is acceptable");
            if (justification.Length == 0)
                throw entry.Error("justification", "is empty: say why the deviation is acceptable");

            var expiresText = Required(
                "expires",
                "give the last day the deviation applies (yyyy-MM-dd), so that it gets reviewed"
            );
            if (
                !DateTime.TryParseExact(
                    expiresText,
                    "yyyy-MM-dd",
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.None,
                    out var expires
                )
            )
            {
                throw entry.Error("expires", $"{InputText.Quote(expiresText)} is not a date (expected yyyy-MM-dd)");
            }

            string? target = null;
            if (entry.Value("target") is { } targetNode)
            {
                target = Text(entry, targetNode, entry.FieldPath("target"));
                if (target.Length == 0)
                {
                    throw entry.Error(
                        "target",
                        "is empty: name an object id, appId, key id, role id or policy id, or leave the key out "
                            + "to cover the whole check"
                    );
                }
            }
            entry.RejectUnknownFields();
            return new AcceptedDeviation
            {
                CheckId = check.Id,
                Target = target,
                Justification = justification,
                Expires = expires,
            };
        }
    }
}

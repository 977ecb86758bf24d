using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace EntraGuard.Posture
{
    /// <summary>
    /// The <c>posture:</c> section of the settings file as a small tree that keeps where each value was written, so
    /// that a bad value is reported at its own line rather than where the section ends.
    /// </summary>
    internal sealed class SettingNode
    {
        private SettingNode(
            string? scalar,
            List<SettingNode>? items,
            List<KeyValuePair<SettingNode, SettingNode>>? pairs,
            long line,
            long column
        )
        {
            Scalar = scalar;
            Items = items;
            Pairs = pairs;
            Line = line;
            Column = column;
        }

        /// <summary>The text of a scalar; null for lists, mappings and empty values.</summary>
        public string? Scalar { get; }

        public List<SettingNode>? Items { get; }
        public List<KeyValuePair<SettingNode, SettingNode>>? Pairs { get; }

        /// <summary>1-based; 0 when the source gives no positions (JSON).</summary>
        public long Line { get; }

        public long Column { get; }

        public bool IsEmpty => Scalar is null && Items is null && Pairs is null;

        public static SettingNode Value(string? text, long line = 0, long column = 0) =>
            new(text, null, null, line, column);

        public static SettingNode List(List<SettingNode> items, long line = 0, long column = 0) =>
            new(null, items, null, line, column);

        public static SettingNode Map(
            List<KeyValuePair<SettingNode, SettingNode>> pairs,
            long line = 0,
            long column = 0
        ) => new(null, null, pairs, line, column);

        public string Describe() =>
            Scalar is { } text ? $"'{text}'"
            : Items is not null ? "a list"
            : Pairs is not null ? "a mapping"
            : "nothing";
    }

    /// <summary>A bad value in the posture section: where, under which key, and what is wrong with it.</summary>
    internal sealed class PostureSettingException : Exception
    {
        public PostureSettingException(SettingNode node, string key, string problem)
            : base($"field '{key}': {problem}")
        {
            Node = node;
            Key = key;
            Problem = problem;
        }

        public SettingNode Node { get; }
        public string Key { get; }
        public string Problem { get; }
    }

    /// <summary>
    /// Turns the posture section into <see cref="PostureSettings"/>: every key must be known (a typo is an error with
    /// a suggestion, not a silently ignored setting), and every value is checked — ids are GUIDs, numbers in range,
    /// check ids in the catalog, deviations justified and dated.
    /// </summary>
    internal static class PostureSettingsReader
    {
        public const string Section = "posture";
        private const int MaxLifetimeDays = 3650;
        private static readonly string[] RiskLevelNames = { "low", "medium", "high" };

        // Internal, with DeviationKeys, for the test that holds schemas/settings.schema.json to them.
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
        };

        internal static readonly string[] DeviationKeys = { "check", "target", "justification", "expires" };

        public static PostureSettings Read(SettingNode section)
        {
            if (section.IsEmpty)
                return PostureSettings.Default;
            var values = Fields(Mapping(section, Section), Section, Keys);
            var defaults = PostureSettings.Default;

            var minAdmins = values.TryGetValue("minGlobalAdministrators", out var minNode)
                ? Integer(minNode, $"{Section}.minGlobalAdministrators", 1, 100)
                : defaults.MinGlobalAdministrators;
            var maxAdmins = values.TryGetValue("maxGlobalAdministrators", out var maxNode)
                ? Integer(maxNode, $"{Section}.maxGlobalAdministrators", 1, 100)
                : defaults.MaxGlobalAdministrators;
            if (minAdmins > maxAdmins)
            {
                throw new PostureSettingException(
                    maxNode ?? minNode!,
                    $"{Section}.maxGlobalAdministrators",
                    $"{maxAdmins} is less than minGlobalAdministrators ({minAdmins})"
                );
            }

            return new PostureSettings
            {
                BreakGlassAccounts = values.TryGetValue("breakGlassAccounts", out var breakGlass)
                    ? List(breakGlass, $"{Section}.breakGlassAccounts", BreakGlassAccount)
                    : defaults.BreakGlassAccounts,
                MaxSecretLifetimeDays = values.TryGetValue("maxSecretLifetimeDays", out var lifetime)
                    ? Integer(lifetime, $"{Section}.maxSecretLifetimeDays", 1, MaxLifetimeDays)
                    : defaults.MaxSecretLifetimeDays,
                MinGlobalAdministrators = minAdmins,
                MaxGlobalAdministrators = maxAdmins,
                AdditionalPrivilegedRoles = values.TryGetValue("additionalPrivilegedRoles", out var roles)
                    ? List(
                        roles,
                        $"{Section}.additionalPrivilegedRoles",
                        (node, key) => Guid(node, key, "a role template or definition id")
                    )
                    : defaults.AdditionalPrivilegedRoles,
                SignInRiskLevels = values.TryGetValue("signInRiskLevels", out var signIn)
                    ? RiskLevels(signIn, $"{Section}.signInRiskLevels")
                    : defaults.SignInRiskLevels,
                UserRiskLevels = values.TryGetValue("userRiskLevels", out var user)
                    ? RiskLevels(user, $"{Section}.userRiskLevels")
                    : defaults.UserRiskLevels,
                AcceptedDeviations = values.TryGetValue("acceptedDeviations", out var deviations)
                    ? List(deviations, $"{Section}.acceptedDeviations", Deviation)
                    : defaults.AcceptedDeviations,
            };
        }

        private static List<KeyValuePair<SettingNode, SettingNode>> Mapping(SettingNode node, string key) =>
            node.Pairs
            ?? throw new PostureSettingException(node, key, $"expected a mapping of keys, found {node.Describe()}");

        /// <summary>The mapping's values by canonical key; unknown and repeated keys are errors.</summary>
        private static Dictionary<string, SettingNode> Fields(
            List<KeyValuePair<SettingNode, SettingNode>> pairs,
            string path,
            string[] known
        )
        {
            var fields = new Dictionary<string, SettingNode>(StringComparer.Ordinal);
            foreach (var pair in pairs)
            {
                var name =
                    pair.Key.Scalar
                    ?? throw new PostureSettingException(
                        pair.Key,
                        path,
                        $"a key must be a plain name, found {pair.Key.Describe()}"
                    );
                var canonical = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
                if (canonical is null)
                {
                    var guess = known
                        .OrderBy(k => Spelling.EditDistance(k.ToLowerInvariant(), name.ToLowerInvariant()))
                        .First();
                    var hint =
                        Spelling.EditDistance(guess.ToLowerInvariant(), name.ToLowerInvariant()) <= 3
                            ? $"; did you mean '{guess}'?"
                            : ".";
                    throw new PostureSettingException(
                        pair.Key,
                        $"{path}.{name}",
                        $"unknown key{hint} Known keys: {string.Join(", ", known)}"
                    );
                }
                if (fields.ContainsKey(canonical))
                    throw new PostureSettingException(pair.Key, $"{path}.{canonical}", "the key appears twice");
                fields[canonical] = pair.Value;
            }
            return fields;
        }

        private static string Text(SettingNode node, string key) =>
            node.Scalar?.Trim()
            ?? throw new PostureSettingException(node, key, $"expected a single value, found {node.Describe()}");

        private static int Integer(SettingNode node, string key, int min, int max)
        {
            var text = Text(node, key);
            if (
                !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                || value < min
                || value > max
            )
            {
                throw new PostureSettingException(node, key, $"'{text}' is not a whole number from {min} to {max}");
            }
            return value;
        }

        private static string Guid(SettingNode node, string key, string what)
        {
            var text = Text(node, key);
            return System.Guid.TryParse(text, out var id)
                ? id.ToString("D")
                : throw new PostureSettingException(
                    node,
                    key,
                    $"'{text}' is not {what} (a GUID such as 00000000-0000-0000-0000-000000000000)"
                );
        }

        private static IReadOnlyList<T> List<T>(SettingNode node, string key, Func<SettingNode, string, T> item)
        {
            if (node.IsEmpty || node.Scalar == "")
                return Array.Empty<T>();
            if (node.Items is null)
                throw new PostureSettingException(node, key, $"expected a list, found {node.Describe()}");
            return node.Items.Select((child, index) => item(child, $"{key}[{index}]")).ToArray();
        }

        private static IReadOnlyList<string> RiskLevels(SettingNode node, string key)
        {
            var levels = List(
                node,
                key,
                (child, itemKey) =>
                {
                    var level = Text(child, itemKey);
                    return RiskLevelNames.FirstOrDefault(l =>
                            string.Equals(l, level, StringComparison.OrdinalIgnoreCase)
                        )
                        ?? throw new PostureSettingException(
                            child,
                            itemKey,
                            $"'{level}' is not a risk level (low, medium or high)"
                        );
                }
            );
            return levels.Count > 0
                ? levels
                : throw new PostureSettingException(node, key, "name at least one risk level (low, medium or high)");
        }

        private static BreakGlassAccount BreakGlassAccount(SettingNode node, string key)
        {
            if (node.Scalar is not null)
                return new BreakGlassAccount(Guid(node, key, "an object id of a user or group"));
            var fields = Fields(Mapping(node, key), key, new[] { "id", "name" });
            if (!fields.TryGetValue("id", out var id))
            {
                throw new PostureSettingException(
                    node,
                    $"{key}.id",
                    "missing: every break-glass account needs the object id of its user or group"
                );
            }
            return new BreakGlassAccount(
                Guid(id, $"{key}.id", "an object id of a user or group"),
                fields.TryGetValue("name", out var name) ? Text(name, $"{key}.name") : null
            );
        }

        private static AcceptedDeviation Deviation(SettingNode node, string key)
        {
            var fields = Fields(Mapping(node, key), key, DeviationKeys);
            SettingNode Required(string field, string why) =>
                fields.TryGetValue(field, out var value)
                    ? value
                    : throw new PostureSettingException(node, $"{key}.{field}", $"missing: {why}");

            var checkNode = Required("check", "name the check id the deviation is for (EGP001, …)");
            var checkId = Text(checkNode, $"{key}.check");
            var check =
                PostureCatalog.Find(checkId)
                ?? throw new PostureSettingException(
                    checkNode,
                    $"{key}.check",
                    $"'{checkId}' is not a posture check id. Known ids: {string.Join(", ", PostureCatalog.Ids)}"
                );

            var justificationNode = Required("justification", "say why the deviation is acceptable");
            var justification = Text(justificationNode, $"{key}.justification");
            if (justification.Length == 0)
                throw new PostureSettingException(
                    justificationNode,
                    $"{key}.justification",
                    "is empty: say why the deviation is acceptable"
                );

            var expiresNode = Required(
                "expires",
                "give the last day the deviation applies (yyyy-MM-dd), so that it gets reviewed"
            );
            var expiresText = Text(expiresNode, $"{key}.expires");
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
                throw new PostureSettingException(
                    expiresNode,
                    $"{key}.expires",
                    $"'{expiresText}' is not a date (expected yyyy-MM-dd)"
                );
            }

            string? target = null;
            if (fields.TryGetValue("target", out var targetNode))
            {
                target = Text(targetNode, $"{key}.target");
                if (target.Length == 0)
                {
                    throw new PostureSettingException(
                        targetNode,
                        $"{key}.target",
                        "is empty: name an object id, appId, key id, role id or policy id, or leave the key out to cover the whole check"
                    );
                }
            }
            return new AcceptedDeviation
            {
                CheckId = check.Id,
                Target = target,
                Justification = justification,
                Expires = expires,
            };
        }
    }

    /// <summary>
    /// Reads the posture section while <see cref="EntraGuardSettings"/> deserializes a YAML file, keeping each value's
    /// line: a bad value surfaces as a YamlException at that value, which the settings loader reports with the file.
    /// </summary>
    internal sealed class PostureSettingsYamlConverter : IYamlTypeConverter
    {
        public bool Accepts(Type type) => type == typeof(PostureSettings);

        public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
        {
            var section = ReadNode(parser);
            try
            {
                return PostureSettingsReader.Read(section);
            }
            catch (PostureSettingException bad)
            {
                var at = new Mark(0, Math.Max(1, bad.Node.Line), Math.Max(1, bad.Node.Column));
                throw new YamlException(at, at, bad.Message);
            }
        }

        public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
            throw new NotSupportedException("Posture settings are read from files, not written.");

        private static SettingNode ReadNode(IParser parser)
        {
            var start = parser.Current?.Start ?? Mark.Empty;
            if (parser.TryConsume<Scalar>(out var scalar))
            {
                var empty = scalar.Value.Length == 0 && scalar.Style == ScalarStyle.Plain;
                return SettingNode.Value(empty ? null : scalar.Value, scalar.Start.Line, scalar.Start.Column);
            }
            if (parser.TryConsume<SequenceStart>(out _))
            {
                var items = new List<SettingNode>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                    items.Add(ReadNode(parser));
                return SettingNode.List(items, start.Line, start.Column);
            }
            if (parser.TryConsume<MappingStart>(out _))
            {
                var pairs = new List<KeyValuePair<SettingNode, SettingNode>>();
                while (!parser.TryConsume<MappingEnd>(out _))
                    pairs.Add(new KeyValuePair<SettingNode, SettingNode>(ReadNode(parser), ReadNode(parser)));
                return SettingNode.Map(pairs, start.Line, start.Column);
            }
            throw new YamlException(
                start,
                start,
                "field 'posture': anchors and aliases are not supported here; write the values out"
            );
        }
    }

    /// <summary>
    /// Reads the posture section while <see cref="EntraGuardSettings"/> deserializes a JSON file. JSON carries no
    /// positions here, so a bad value is reported by its key (and the line where the section ends).
    /// </summary>
    internal sealed class PostureSettingsJsonConverter : JsonConverter<PostureSettings>
    {
        public override PostureSettings Read(
            ref Utf8JsonReader reader,
            Type typeToConvert,
            JsonSerializerOptions options
        )
        {
            using var document = JsonDocument.ParseValue(ref reader);
            try
            {
                return PostureSettingsReader.Read(ToNode(document.RootElement));
            }
            catch (PostureSettingException bad)
            {
                throw new JsonException($"'{bad.Key}': {bad.Problem}");
            }
        }

        public override void Write(Utf8JsonWriter writer, PostureSettings value, JsonSerializerOptions options) =>
            throw new NotSupportedException("Posture settings are read from files, not written.");

        private static SettingNode ToNode(JsonElement element) =>
            element.ValueKind switch
            {
                JsonValueKind.Object => SettingNode.Map(
                    element
                        .EnumerateObject()
                        .Select(p => new KeyValuePair<SettingNode, SettingNode>(
                            SettingNode.Value(p.Name),
                            ToNode(p.Value)
                        ))
                        .ToList()
                ),
                JsonValueKind.Array => SettingNode.List(element.EnumerateArray().Select(ToNode).ToList()),
                JsonValueKind.Null or JsonValueKind.Undefined => SettingNode.Value(null),
                JsonValueKind.String => SettingNode.Value(element.GetString()),
                _ => SettingNode.Value(element.GetRawText()),
            };
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EntraGuard.Posture
{
    /// <summary>A posture settings file is wrong; the message names the file, the line, the key and the value.</summary>
    public sealed class PostureConfigException : Exception
    {
        public PostureConfigException(string file, long line, long column, string key, string problem, Exception? inner = null)
            : base(line > 0 ? $"{file}: line {line}, column {column}: {key}: {problem}" : $"{file}: {key}: {problem}", inner)
        {
            File = file;
            Line = line;
            Column = column;
            Key = key;
            Problem = problem;
        }

        public string File { get; }
        public long Line { get; }
        public long Column { get; }

        /// <summary>Where in the file, as a path: <c>posture.acceptedDeviations[1].expires</c>.</summary>
        public string Key { get; }

        public string Problem { get; }
    }

    /// <summary>
    /// Reads posture settings from the <c>posture:</c> section of a YAML or JSON file. Other top-level sections
    /// belong to other parts of EntraGuard and are left alone; inside <c>posture:</c> every key must be known, so a
    /// typo is an error rather than a silently ignored setting.
    /// </summary>
    public static class PostureSettingsLoader
    {
        public const string Section = "posture";
        private const int MaxLifetimeDays = 3650;
        private static readonly string[] RiskLevels = { "low", "medium", "high" };

        private static readonly string[] Keys =
        {
            "breakGlassAccounts", "maxSecretLifetimeDays", "minGlobalAdministrators", "maxGlobalAdministrators",
            "additionalPrivilegedRoles", "signInRiskLevels", "userRiskLevels", "acceptedDeviations",
        };

        private static readonly string[] DeviationKeys = { "check", "target", "justification", "expires" };

        public static PostureSettings Load(string path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (FileNotFoundException ex)
            {
                throw new FileNotFoundException($"Posture settings file not found: {path}", path, ex);
            }
            return Parse(text, path);
        }

        public static PostureSettings Parse(string text, string fileName)
        {
            var reader = new Reader(fileName);
            var root = reader.Root(text);
            var section = root.Children.FirstOrDefault(pair => Name(pair.Key) is { } name && string.Equals(name, Section, StringComparison.OrdinalIgnoreCase));
            if (section.Key is null)
            {
                throw reader.Error(root, "(file)", $"there is no '{Section}:' section; posture settings live under a top-level '{Section}:' key");
            }
            var posture = reader.Mapping(section.Value, Section);

            var values = reader.Fields(posture, Section, Keys);
            var settings = new PostureSettings { SourcePath = fileName };
            var minAdmins = settings.MinGlobalAdministrators;
            var maxAdmins = settings.MaxGlobalAdministrators;
            if (values.TryGetValue("minGlobalAdministrators", out var minNode)) minAdmins = reader.Integer(minNode, $"{Section}.minGlobalAdministrators", 1, 100);
            if (values.TryGetValue("maxGlobalAdministrators", out var maxNode)) maxAdmins = reader.Integer(maxNode, $"{Section}.maxGlobalAdministrators", 1, 100);
            if (minAdmins > maxAdmins)
            {
                throw reader.Error(maxNode ?? minNode!, $"{Section}.maxGlobalAdministrators",
                    $"'{maxAdmins}' is less than minGlobalAdministrators ({minAdmins})");
            }

            return new PostureSettings
            {
                SourcePath = fileName,
                BreakGlassAccounts = values.TryGetValue("breakGlassAccounts", out var breakGlass)
                    ? reader.List(breakGlass, $"{Section}.breakGlassAccounts", reader.BreakGlassAccount) : settings.BreakGlassAccounts,
                MaxSecretLifetimeDays = values.TryGetValue("maxSecretLifetimeDays", out var lifetime)
                    ? reader.Integer(lifetime, $"{Section}.maxSecretLifetimeDays", 1, MaxLifetimeDays) : settings.MaxSecretLifetimeDays,
                MinGlobalAdministrators = minAdmins,
                MaxGlobalAdministrators = maxAdmins,
                AdditionalPrivilegedRoles = values.TryGetValue("additionalPrivilegedRoles", out var roles)
                    ? reader.List(roles, $"{Section}.additionalPrivilegedRoles", (node, key) => reader.Guid(node, key, "a role template or definition id"))
                    : settings.AdditionalPrivilegedRoles,
                SignInRiskLevels = values.TryGetValue("signInRiskLevels", out var signIn)
                    ? reader.RiskLevels(signIn, $"{Section}.signInRiskLevels") : settings.SignInRiskLevels,
                UserRiskLevels = values.TryGetValue("userRiskLevels", out var user)
                    ? reader.RiskLevels(user, $"{Section}.userRiskLevels") : settings.UserRiskLevels,
                AcceptedDeviations = values.TryGetValue("acceptedDeviations", out var deviations)
                    ? reader.List(deviations, $"{Section}.acceptedDeviations", reader.Deviation) : settings.AcceptedDeviations,
            };
        }

        private static string? Name(YamlNode node) => (node as YamlScalarNode)?.Value;

        /// <summary>Node readers that fail with the file, position, key and value.</summary>
        private sealed class Reader
        {
            private readonly string _file;

            public Reader(string file) => _file = file;

            public PostureConfigException Error(YamlNode node, string key, string problem, Exception? inner = null) =>
                new(_file, node.Start.Line, node.Start.Column, key, problem, inner);

            public YamlMappingNode Root(string text)
            {
                // JSON is YAML, except that YAML refuses tabs where JSON allows them as indentation; JSON strings
                // cannot hold a raw tab, so replacing every tab is safe and keeps the columns.
                if (text.TrimStart().StartsWith("{", StringComparison.Ordinal)) text = text.Replace('\t', ' ');
                var stream = new YamlStream();
                try
                {
                    stream.Load(new StringReader(text));
                }
                catch (YamlException ex)
                {
                    throw new PostureConfigException(_file, ex.Start.Line, ex.Start.Column, "(syntax)", ex.InnerException?.Message ?? ex.Message, ex);
                }
                if (stream.Documents.Count == 0) throw new PostureConfigException(_file, 0, 0, "(file)", "the file is empty");
                return stream.Documents[0].RootNode as YamlMappingNode
                       ?? throw Error(stream.Documents[0].RootNode, "(file)", "expected a mapping of settings at the top level");
            }

            public YamlMappingNode Mapping(YamlNode node, string key) =>
                node as YamlMappingNode ?? throw Error(node, key, $"expected a mapping of keys, found {Show(node)}");

            /// <summary>The mapping's values by canonical key; unknown and repeated keys are errors.</summary>
            public Dictionary<string, YamlNode> Fields(YamlMappingNode mapping, string path, string[] known)
            {
                var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
                foreach (var pair in mapping.Children)
                {
                    var name = Name(pair.Key) ?? throw Error(pair.Key, path, $"a key must be a plain name, found {Show(pair.Key)}");
                    var canonical = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
                    if (canonical is null)
                    {
                        var guess = known.OrderBy(k => Distance(k.ToLowerInvariant(), name.ToLowerInvariant())).First();
                        var hint = Distance(guess.ToLowerInvariant(), name.ToLowerInvariant()) <= 3 ? $"; did you mean '{guess}'?" : ".";
                        throw Error(pair.Key, $"{path}.{name}", $"unknown key{hint} Known keys: {string.Join(", ", known)}");
                    }
                    if (fields.ContainsKey(canonical)) throw Error(pair.Key, $"{path}.{canonical}", "the key appears twice");
                    fields[canonical] = pair.Value;
                }
                return fields;
            }

            public string Scalar(YamlNode node, string key) =>
                node is YamlScalarNode { Value: { } value } ? value.Trim() : throw Error(node, key, $"expected a single value, found {Show(node)}");

            public int Integer(YamlNode node, string key, int min, int max)
            {
                var text = Scalar(node, key);
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
                {
                    throw Error(node, key, $"'{text}' is not a whole number from {min} to {max}");
                }
                return value;
            }

            public string Guid(YamlNode node, string key, string what)
            {
                var text = Scalar(node, key);
                return System.Guid.TryParse(text, out var id)
                    ? id.ToString("D")
                    : throw Error(node, key, $"'{text}' is not {what} (a GUID such as 00000000-0000-0000-0000-000000000000)");
            }

            public IReadOnlyList<T> List<T>(YamlNode node, string key, Func<YamlNode, string, T> item)
            {
                if (node is YamlScalarNode { Value: null or "" }) return Array.Empty<T>();
                if (node is not YamlSequenceNode sequence) throw Error(node, key, $"expected a list, found {Show(node)}");
                return sequence.Children.Select((child, index) => item(child, $"{key}[{index}]")).ToArray();
            }

            public IReadOnlyList<string> RiskLevels(YamlNode node, string key)
            {
                var levels = List(node, key, (child, itemKey) =>
                {
                    var level = Scalar(child, itemKey);
                    return PostureSettingsLoader.RiskLevels.FirstOrDefault(l => string.Equals(l, level, StringComparison.OrdinalIgnoreCase))
                           ?? throw Error(child, itemKey, $"'{level}' is not a risk level (low, medium or high)");
                });
                return levels.Count > 0 ? levels : throw Error(node, key, "name at least one risk level (low, medium or high)");
            }

            public BreakGlassAccount BreakGlassAccount(YamlNode node, string key)
            {
                if (node is YamlScalarNode) return new BreakGlassAccount(Guid(node, key, "an object id of a user or group"));
                var fields = Fields(Mapping(node, key), key, new[] { "id", "name" });
                if (!fields.TryGetValue("id", out var id)) throw Error(node, $"{key}.id", "missing: every break-glass account needs the object id of its user or group");
                return new BreakGlassAccount(Guid(id, $"{key}.id", "an object id of a user or group"),
                    fields.TryGetValue("name", out var name) ? Scalar(name, $"{key}.name") : null);
            }

            public AcceptedDeviation Deviation(YamlNode node, string key)
            {
                var fields = Fields(Mapping(node, key), key, DeviationKeys);
                YamlNode Required(string field, string why) =>
                    fields.TryGetValue(field, out var value) ? value : throw Error(node, $"{key}.{field}", $"missing: {why}");

                var checkNode = Required("check", "name the check id the deviation is for (EGP001, …)");
                var checkId = Scalar(checkNode, $"{key}.check");
                var check = PostureCatalog.Find(checkId)
                            ?? throw Error(checkNode, $"{key}.check", $"'{checkId}' is not a posture check id. Known ids: {string.Join(", ", PostureCatalog.Ids)}");

                var justificationNode = Required("justification", "say why the deviation is acceptable");
                var justification = Scalar(justificationNode, $"{key}.justification");
                if (justification.Length == 0) throw Error(justificationNode, $"{key}.justification", "is empty: say why the deviation is acceptable");

                var expiresNode = Required("expires", "give the last day the deviation applies (yyyy-MM-dd), so that it gets reviewed");
                var expiresText = Scalar(expiresNode, $"{key}.expires");
                if (!DateTime.TryParseExact(expiresText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires))
                {
                    throw Error(expiresNode, $"{key}.expires", $"'{expiresText}' is not a date (expected yyyy-MM-dd)");
                }

                string? target = null;
                if (fields.TryGetValue("target", out var targetNode))
                {
                    target = Scalar(targetNode, $"{key}.target");
                    if (target.Length == 0) throw Error(targetNode, $"{key}.target", "is empty: name an object id, appId, key id, role id or policy id, or leave the key out to cover the whole check");
                }
                return new AcceptedDeviation { CheckId = check.Id, Target = target, Justification = justification, Expires = expires };
            }

            private static string Show(YamlNode node) => node switch
            {
                YamlScalarNode { Value: { } value } => $"'{value}'",
                YamlSequenceNode => "a list",
                YamlMappingNode => "a mapping",
                _ => "nothing",
            };
        }

        /// <summary>Edit distance, for "did you mean" hints on misspelt keys.</summary>
        private static int Distance(string a, string b)
        {
            var previous = Enumerable.Range(0, b.Length + 1).ToArray();
            for (var i = 1; i <= a.Length; i++)
            {
                var current = new int[b.Length + 1];
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                }
                previous = current;
            }
            return previous[b.Length];
        }
    }
}

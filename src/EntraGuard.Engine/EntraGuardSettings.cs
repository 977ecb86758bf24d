using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using EntraGuard.Detection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EntraGuard
{
    /// <summary>
    /// EntraGuard's options in one object, loadable from a YAML or JSON file (camelCase keys). Other areas add their
    /// own properties in further partial files; every public read/write property is a key of the file.
    /// </summary>
    public sealed partial class EntraGuardSettings
    {
        public const int DefaultHistoryDays = 10;

        // The serializers word an unknown key in C# terms ("property", "member", the type's name).
        private const string UnknownKey = "is not a known key";

        /// <summary>Rule files or folders added to the built-in catalog. Relative paths are relative to the settings file.</summary>
        public List<string> RulePaths { get; set; } = new();

        /// <summary>The suppression file applied to findings, if any. Relative to the settings file.</summary>
        public string? SuppressionPath { get; set; }

        /// <summary>Object ids or display names of privileged (e.g. role-assignable) groups; changes to them rate higher.</summary>
        public List<string> PrivilegedGroups { get; set; } = new();

        /// <summary>How many days before an event a rare-term rule looks for an earlier occurrence, unless the rule fixes it.</summary>
        public int HistoryDays { get; set; } = DefaultHistoryDays;

        /// <summary>The file these settings came from; null for defaults.</summary>
        [YamlIgnore]
        [JsonIgnore]
        public string? SourcePath { get; private set; }

        /// <summary>
        /// Reads settings from a YAML or JSON file (JSON when it starts with '{'). Unknown keys and bad values are
        /// errors that name the file, the line and the key.
        /// </summary>
        public static EntraGuardSettings Load(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"Cannot find settings file '{path}'.", path);
            var text = File.ReadAllText(path);
            var settings = text.TrimStart().StartsWith("{", StringComparison.Ordinal) ? FromJson(text, path) : FromYaml(text, path);
            settings ??= new EntraGuardSettings();
            settings.SourcePath = path;
            settings.Validate(path);
            settings.ResolveRelativeTo(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
            return settings;
        }

        private static EntraGuardSettings? FromYaml(string text, string path)
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance)
                .WithTypeConverter(new Posture.PostureSettingsYamlConverter())
                .Build();
            try
            {
                return deserializer.Deserialize<EntraGuardSettings?>(text);
            }
            catch (YamlException ex)
            {
                var message = (ex.InnerException?.Message is { Length: > 0 } inner ? inner : ex.Message);
                var close = message.IndexOf("): ", StringComparison.Ordinal);
                if (message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0) message = message.Substring(close + 3);
                // The posture converter names its own field; YamlDotNet names none, and calls a key a C# property.
                var namesItsField = message.StartsWith("field '", StringComparison.Ordinal);
                var field = namesItsField ? null : TopLevelKeyAt(text, ex.Start);
                if (message.StartsWith("Property '", StringComparison.Ordinal) && message.Contains("not found on type"))
                {
                    message = UnknownKey;
                }
                throw new RuleFormatException(path, ex.Start.Line, null, field, message, ex);
            }
        }

        /// <summary>The top-level key a deserialization error lies under: the last key at or before it.</summary>
        private static string? TopLevelKeyAt(string text, Mark at)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException)
            {
                return null; // a syntax error: the line is all there is to tell
            }
            return stream.Documents.FirstOrDefault()?.RootNode is YamlMappingNode root
                ? root.Children.Keys.OfType<YamlScalarNode>().LastOrDefault(key =>
                    key.Start.Line < at.Line || (key.Start.Line == at.Line && key.Start.Column <= at.Column))?.Value
                : null;
        }

        private static EntraGuardSettings? FromJson(string text, string path)
        {
            var options = new JsonSerializerOptions
            {
                PropertyNameCaseInsensitive = true,
                ReadCommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
                UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            };
            try
            {
                return JsonSerializer.Deserialize<EntraGuardSettings>(text, options);
            }
            catch (JsonException ex)
            {
                var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? null : ex.Path!.TrimStart('$', '.');
                var problem = ex.Message.Contains("could not be mapped to any .NET member")
                    ? UnknownKey
                    : ex.Message.Split(new[] { " Path:" }, StringSplitOptions.None)[0];
                throw new RuleFormatException(path, (ex.LineNumber ?? -1) + 1, null, field, problem, ex);
            }
        }

        private void Validate(string path)
        {
            if (HistoryDays < 1 || HistoryDays > 3650)
            {
                throw new RuleFormatException(path, 0, null, "historyDays", $"{HistoryDays} is not a number of days from 1 to 3650");
            }
            RulePaths ??= new List<string>();
            PrivilegedGroups ??= new List<string>();
        }

        private void ResolveRelativeTo(string directory)
        {
            for (var i = 0; i < RulePaths.Count; i++) RulePaths[i] = Path.Combine(directory, RulePaths[i]);
            if (SuppressionPath != null) SuppressionPath = Path.Combine(directory, SuppressionPath);
        }
    }
}

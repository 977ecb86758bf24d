using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using EntraGuard.Detection;
using YamlDotNet.Core;
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
            if (!File.Exists(path))
                throw new FileNotFoundException($"Cannot find settings file '{path}'.", path);
            var text = File.ReadAllText(path);
            var settings = text.TrimStart().StartsWith("{", StringComparison.Ordinal)
                ? FromJson(text, path)
                : FromYaml(text, path);
            settings ??= new EntraGuardSettings();
            settings.SourcePath = path;
            settings.Validate(path);
            settings.ResolveRelativeTo(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
            return settings;
        }

        private static EntraGuardSettings? FromYaml(string text, string path)
        {
            var deserializer = new DeserializerBuilder()
                .WithNamingConvention(CamelCaseNamingConvention.Instance)
                .WithTypeConverter(new Posture.PostureSettingsYamlConverter())
                .Build();
            try
            {
                return deserializer.Deserialize<EntraGuardSettings?>(text);
            }
            catch (YamlException ex)
            {
                throw new RuleFormatException(path, ex.Start.Line, null, null, SettingsMessages.Plain(ex, text), ex);
            }
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
                throw new RuleFormatException(
                    path,
                    (ex.LineNumber ?? -1) + 1,
                    null,
                    field,
                    SettingsMessages.Plain(ex),
                    ex
                );
            }
        }

        private void Validate(string path)
        {
            if (HistoryDays < 1 || HistoryDays > 3650)
            {
                throw new RuleFormatException(
                    path,
                    0,
                    null,
                    "historyDays",
                    $"{HistoryDays} is not a number of days from 1 to 3650"
                );
            }
            RulePaths ??= new List<string>();
            PrivilegedGroups ??= new List<string>();
        }

        private void ResolveRelativeTo(string directory)
        {
            for (var i = 0; i < RulePaths.Count; i++)
                RulePaths[i] = Path.Combine(directory, RulePaths[i]);
            if (SuppressionPath != null)
                SuppressionPath = Path.Combine(directory, SuppressionPath);
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using EntraGuard.Configuration;
using EntraGuard.Posture;

namespace EntraGuard
{
    /// <summary>
    /// EntraGuard's options in one object, loadable from a YAML or JSON file (camelCase keys). Other areas add their
    /// own properties in further partial files; every public read/write property is a key of the file, read in
    /// <see cref="Read"/>.
    /// </summary>
    public sealed partial class EntraGuardSettings
    {
        public const int DefaultHistoryDays = 10;

        /// <summary>Rule files or folders added to the built-in catalog. Relative paths are relative to the settings
        /// file.</summary>
        public List<string> RulePaths { get; set; } = new();

        /// <summary>The suppression file applied to findings, if any. Relative to the settings file.</summary>
        public string? SuppressionPath { get; set; }

        /// <summary>Object ids or display names of privileged (e.g. role-assignable) groups; changes to them rate
        /// higher.</summary>
        public List<string> PrivilegedGroups { get; set; } = new();

        /// <summary>How many days before an event a rare-term rule looks for an earlier occurrence, unless the rule
        /// fixes it.</summary>
        public int HistoryDays { get; set; } = DefaultHistoryDays;

        /// <summary>The file these settings came from; null for defaults.</summary>
        public string? SourcePath { get; private set; }

        /// <summary>
        /// Reads settings from a YAML or JSON file (JSON when it starts with '{'). Keys match in any case; unknown keys
        /// and bad values are <see cref="SettingsFormatException"/>s that name the file, the line and the key.
        /// </summary>
        public static EntraGuardSettings Load(string path)
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"Cannot find settings file '{path}'.", path);
            var file = ConfigObject.Document(
                File.ReadAllText(path),
                path,
                SettingsFormatException.Errors,
                ignoreCase: true
            );
            var settings = new EntraGuardSettings { SourcePath = path };
            if (file != null)
                settings.Read(file);
            settings.ResolveRelativeTo(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
            return settings;
        }

        /// <summary>Every key of the file: a getter call here is what makes a key known (the schema test holds
        /// schemas/settings.schema.json to the same keys).</summary>
        private void Read(ConfigObject file)
        {
            RulePaths = file.Strings("rulePaths").ToList();
            SuppressionPath = file.String("suppressionPath");
            PrivilegedGroups = file.Strings("privilegedGroups").ToList();
            HistoryDays = file.Integer("historyDays", 1, 3650) ?? DefaultHistoryDays;
            JournalPath = file.String("journalPath");
            Posture = file.Object("posture") is { } posture ? PostureSettingsReader.Read(posture) : Posture;
            file.RejectUnknownFields();
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

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace EntraGuard.Posture
{
    /// <summary>
    /// Where the settings of a posture run come from: a settings file, or a folder holding one file per tenant. In a
    /// folder, the file is named after the tenant — its id or a domain it was connected by
    /// (<c>contoso.onmicrosoft.com.yaml</c>, <c>0f1e2d3c-….json</c>) — and <c>default.yaml</c> serves every tenant
    /// without its own. A folder with neither for the tenant is an error naming the files looked for: a run never
    /// falls back to built-in defaults by accident.
    /// </summary>
    public static class PostureSettingsFile
    {
        /// <summary>The file a folder falls back to (with any of the extensions).</summary>
        public const string DefaultName = "default";

        private static readonly string[] Extensions = { ".yaml", ".yml", ".json" };

        /// <summary>Loads the settings <paramref name="path"/> names, choosing a folder's file by the tenant
        /// keys (ids or domains, in order of preference; nulls ignored).</summary>
        /// <exception cref="FileNotFoundException">No file exists for the tenant.</exception>
        public static EntraGuardSettings Load(string path, IEnumerable<string?> tenantKeys) =>
            EntraGuardSettings.Load(Choose(path, tenantKeys));

        /// <summary>The file itself, or the folder's file for the tenant.</summary>
        public static string Choose(string path, IEnumerable<string?> tenantKeys)
        {
            if (!Directory.Exists(path))
                return path;
            var files = Directory
                .EnumerateFiles(path)
                .ToDictionary(f => Path.GetFileName(f), f => f, StringComparer.OrdinalIgnoreCase);
            var names = tenantKeys
                .Where(key => !string.IsNullOrWhiteSpace(key))
                .Select(key => key!.Trim())
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Append(DefaultName)
                .ToArray();
            foreach (var name in names)
            {
                foreach (var extension in Extensions)
                {
                    if (files.TryGetValue(name + extension, out var file))
                        return file;
                }
            }
            var lookedFor = string.Join(", ", names.Select(n => n + ".yaml")) + " (or .yml, .json)";
            throw new FileNotFoundException(
                names.Length > 1
                    ? $"The settings folder '{path}' has no file for tenant "
                        + $"{string.Join(" / ", names.Take(names.Length - 1))}: looked for {lookedFor}."
                    : $"The settings folder '{path}' has no {lookedFor}, and no tenant is named to choose another "
                        + "file by.",
                path
            );
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace EntraGuard.Commands.Loading
{
    /// <summary>A managed assembly file: its simple name, assembly version and path.</summary>
    internal sealed class AssemblyFile
    {
        public AssemblyFile(string name, Version version, string path)
        {
            Name = name;
            Version = version;
            Path = path;
        }

        public string Name { get; }
        public Version Version { get; }
        public string Path { get; }
    }

    /// <summary>The managed assemblies of one folder, by simple name (compared ignoring case, as the loaders
    /// do).</summary>
    internal static class AssemblyCatalog
    {
        public static IReadOnlyDictionary<string, AssemblyFile> Scan(string directory)
        {
            var catalog = new Dictionary<string, AssemblyFile>(StringComparer.OrdinalIgnoreCase);
            if (!Directory.Exists(directory))
                return catalog;
            foreach (var path in Directory.GetFiles(directory, "*.dll"))
            {
                AssemblyName name;
                try
                {
                    name = AssemblyName.GetAssemblyName(path);
                }
                catch (BadImageFormatException)
                {
                    continue; // a native library: the runtime's own probing finds those
                }
                if (name.Name != null)
                    catalog[name.Name] = new AssemblyFile(name.Name, name.Version ?? new Version(0, 0), path);
            }
            return catalog;
        }
    }
}

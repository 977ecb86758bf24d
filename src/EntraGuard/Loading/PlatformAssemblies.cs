using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace EntraGuard.Commands.Loading
{
    /// <summary>
    /// The assemblies .NET (Core) loads from its own trusted platform list: the shared framework plus the host's own
    /// (for pwsh, everything in $PSHOME). Versions are read from a file only when asked about that name.
    /// </summary>
    internal sealed class PlatformAssemblies
    {
        private readonly Dictionary<string, string> _paths = new(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, Version?> _versions = new(StringComparer.OrdinalIgnoreCase);

        private PlatformAssemblies(string? trustedPlatformAssemblies)
        {
            if (string.IsNullOrEmpty(trustedPlatformAssemblies))
                return;
            foreach (
                var path in trustedPlatformAssemblies!.Split(
                    new[] { Path.PathSeparator },
                    StringSplitOptions.RemoveEmptyEntries
                )
            )
            {
                if (path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                    _paths[Path.GetFileNameWithoutExtension(path)] = path;
            }
        }

        public static PlatformAssemblies OfCurrentProcess() =>
            new(AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string);

        public Version? VersionOf(string name) =>
            _versions.GetOrAdd(
                name,
                n =>
                {
                    if (!_paths.TryGetValue(n, out var path))
                        return null;
                    try
                    {
                        return AssemblyName.GetAssemblyName(path).Version;
                    }
                    catch (Exception ex)
                        when (ex is IOException or BadImageFormatException or UnauthorizedAccessException)
                    {
                        return null;
                    }
                }
            );
    }
}

using System;
using System.Collections.Generic;
using System.Reflection;

namespace EntraGuard.Commands.Loading
{
    /// <summary>
    /// Which assembly file answers a load request, decided from names and versions alone so it can be tested
    /// without PowerShell. The module folder holds the cmdlets, the engine and the engine's packages; Dependencies/
    /// holds EntraGuard.Graph and everything the Graph SDK needs, in the versions it was built against.
    /// <list type="bullet">
    /// <item>PowerShell 7, private load context: serve the files of Dependencies/ except those the runtime itself
    /// carries in a version at least as new (a second System.Memory, or a System.Text.Json the platform already has,
    /// would split type identity for nothing).</item>
    /// <item>PowerShell 7, default load context: hand out only EntraGuard's own bridge assemblies (EntraGuard.Graph)
    /// from the private context. Azure.Identity, MSAL, Kiota and the rest never reach the default context, so other
    /// modules keep theirs and we keep ours.</item>
    /// <item>Windows PowerShell 5.1 has one context: serve our files by name, the lowest version that satisfies the
    /// request, from Dependencies/ or the module folder (which also stands in for the binding redirects
    /// powershell.exe.config does not have for us).</item>
    /// <item>PowerShell 7 on the platform the module was built on: the engine from ReadyToRun/&lt;platform&gt;, the
    /// same assembly with this platform's native code compiled in (see <see cref="ReadyToRunFolder"/>).</item>
    /// </list>
    /// </summary>
    internal sealed class DependencyPolicy
    {
        /// <summary>Assemblies with this prefix are ours; the default context may receive them from the private
        /// one.</summary>
        public const string BridgePrefix = "EntraGuard.";

        private readonly Lazy<IReadOnlyDictionary<string, AssemblyFile>> _dependencies;
        private readonly IReadOnlyDictionary<string, AssemblyFile> _moduleFolder;
        private readonly Func<string, Version?> _platformVersion;
        private readonly IReadOnlyDictionary<string, AssemblyFile> _readyToRun;

        /// <param name="dependencies">The assemblies in Dependencies/.</param>
        /// <param name="moduleFolder">The assemblies beside EntraGuard.dll.</param>
        /// <param name="platformVersion">The version of an assembly the runtime carries itself, or null.</param>
        /// <param name="readyToRun">The ReadyToRun images this process can run (none when the platform or runtime
        /// differs from the build's).</param>
        public DependencyPolicy(
            IReadOnlyDictionary<string, AssemblyFile> dependencies,
            IReadOnlyDictionary<string, AssemblyFile> moduleFolder,
            Func<string, Version?> platformVersion,
            IReadOnlyDictionary<string, AssemblyFile>? readyToRun = null
        )
            : this(() => dependencies, moduleFolder, platformVersion, readyToRun) { }

        /// <param name="dependencies">Reads the assemblies in Dependencies/, once, when a request first needs them:
        /// reading some fifty files is import time a session that only scans files should not pay.</param>
        /// <param name="moduleFolder">The assemblies beside EntraGuard.dll.</param>
        /// <param name="platformVersion">The version of an assembly the runtime carries itself, or null.</param>
        /// <param name="readyToRun">The ReadyToRun images this process can run.</param>
        public DependencyPolicy(
            Func<IReadOnlyDictionary<string, AssemblyFile>> dependencies,
            IReadOnlyDictionary<string, AssemblyFile> moduleFolder,
            Func<string, Version?> platformVersion,
            IReadOnlyDictionary<string, AssemblyFile>? readyToRun
        )
        {
            _dependencies = new Lazy<IReadOnlyDictionary<string, AssemblyFile>>(dependencies);
            _moduleFolder = moduleFolder;
            _platformVersion = platformVersion;
            _readyToRun = readyToRun ?? new Dictionary<string, AssemblyFile>();
        }

        /// <summary>PowerShell 7: the ReadyToRun image to load for this request, or null (then the IL beside
        /// EntraGuard.dll is found as before). Only an image of the very assembly in the module folder.</summary>
        public string? ReadyToRunImage(AssemblyName requested) =>
            requested.Name != null
            && _readyToRun.TryGetValue(requested.Name, out var image)
            && _moduleFolder.TryGetValue(requested.Name, out var il)
            && image.Version == il.Version
            && Satisfies(image.Version, requested.Version)
                ? image.Path
                : null;

        /// <summary>
        /// PowerShell 7: the files the private context serves — every file in Dependencies/ except those the runtime
        /// carries itself in a version at least as new. Judged on the file's own version, so the whole Graph closure
        /// sees one System.Text.Json (ours, or the platform's when that is newer), never a mix.
        /// </summary>
        public IReadOnlyList<AssemblyFile> FilesForPrivateContext()
        {
            var files = new List<AssemblyFile>();
            foreach (var file in _dependencies.Value.Values)
            {
                var platform = _platformVersion(file.Name);
                if (platform is null || platform < file.Version)
                    files.Add(file);
            }
            files.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return files;
        }

        /// <summary>PowerShell 7: whether the default context should take this assembly from the private
        /// context.</summary>
        public bool HandsOutFromPrivateContext(AssemblyName requested) =>
            requested.Name != null
            && requested.Name.StartsWith(BridgePrefix, StringComparison.OrdinalIgnoreCase)
            && _dependencies.Value.TryGetValue(requested.Name, out var file)
            && Satisfies(file.Version, requested.Version);

        /// <summary>Windows PowerShell 5.1: the file to load for a request the runtime could not bind, or
        /// null.</summary>
        public string? ForDesktop(AssemblyName requested)
        {
            if (requested.Name is null)
                return null;
            AssemblyFile? best = null;
            foreach (var folder in new[] { _dependencies.Value, _moduleFolder })
            {
                if (
                    folder.TryGetValue(requested.Name, out var file)
                    && Satisfies(file.Version, requested.Version)
                    && (best is null || file.Version < best.Version)
                )
                {
                    best = file;
                }
            }
            return best?.Path;
        }

        private static bool Satisfies(Version available, Version? requested) =>
            requested is null || available >= requested;
    }
}

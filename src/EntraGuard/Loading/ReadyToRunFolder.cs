using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace EntraGuard.Commands.Loading
{
    /// <summary>
    /// ReadyToRun/&lt;platform&gt;/ in the module folder: copies of the engine and its YAML parser with native code for
    /// the platform the module was built on compiled in (the build's CompileReadyToRun), so the first scan of a fresh
    /// PowerShell 7 does not wait for the JIT. Such an image runs only there: .NET refuses an image of another
    /// platform, and Windows PowerShell's .NET Framework cannot load one at all (it is no longer an IL-only file). So
    /// the IL copies beside EntraGuard.dll stay what every other host loads, and this folder is only offered to .NET
    /// on the same platform, at the runtime version the images were compiled against or newer.
    /// <para>
    /// The offer must come before the engine is first needed, and PowerShell lays out every exported type of
    /// EntraGuard.dll while importing it, before <see cref="ModuleInitializer.OnImport"/> runs: a field whose type is
    /// an engine enum would load the engine right there, from the IL copy. Cmdlets hold such parameters boxed.
    /// </para>
    /// </summary>
    internal static class ReadyToRunFolder
    {
        public const string Name = "ReadyToRun";

        /// <summary>The build writes the runtime version the images were compiled against here (AssemblyMetadata of
        /// EntraGuard.dll).</summary>
        public const string RuntimeMetadataKey = "ReadyToRunRuntime";

        /// <summary>This process's platform as .NET names it in runtime identifiers (linux-x64, win-x64, osx-arm64),
        /// or null for one the build never targets.</summary>
        public static string? CurrentPlatform
        {
            get
            {
                var os =
                    RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
                    : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx"
                    : RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "linux"
                    : null;
                var architecture = RuntimeInformation.ProcessArchitecture switch
                {
                    Architecture.X64 => "x64",
                    Architecture.Arm64 => "arm64",
                    _ => null,
                };
                return os is null || architecture is null ? null : os + "-" + architecture;
            }
        }

        /// <summary>The images this process can run: those for its platform, when its runtime is at least the one
        /// they were compiled against; none otherwise.</summary>
        public static IReadOnlyDictionary<string, AssemblyFile> Usable(string moduleDirectory, Version runtime)
        {
            var platform = CurrentPlatform;
            var compiledFor = typeof(ReadyToRunFolder)
                .Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == RuntimeMetadataKey)
                ?.Value;
            if (platform is null || !Version.TryParse(compiledFor, out var needed) || runtime.Major < needed.Major)
            {
                return new Dictionary<string, AssemblyFile>();
            }
            return AssemblyCatalog.Scan(Path.Combine(moduleDirectory, Name, platform));
        }
    }
}

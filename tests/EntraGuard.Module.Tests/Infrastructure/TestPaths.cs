using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace EntraGuard.Module.Tests.Infrastructure
{
    /// <summary>Where the repository, the built module and the PowerShell reference assembly are.</summary>
    public static class TestPaths
    {
        public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

        /// <summary>The folder `dotnet build` of src/EntraGuard assembles; building this test project builds
        /// it.</summary>
        public static string ModuleDirectory { get; } = Path.Combine(RepositoryRoot, "artifacts", "module");

        public static string DependenciesDirectory { get; } = Path.Combine(ModuleDirectory, "Dependencies");

        public static string CmdletAssembly { get; } = Path.Combine(ModuleDirectory, "EntraGuard.dll");

        public static string DocsDirectory { get; } = Path.Combine(RepositoryRoot, "docs");

        public static string RootManifest { get; } = Path.Combine(RepositoryRoot, "EntraGuard.psd1");

        public static string FormatFile { get; } = Path.Combine(ModuleDirectory, "EntraGuard.format.ps1xml");

        public static string MamlFile { get; } = Path.Combine(ModuleDirectory, "en-US", "EntraGuard.dll-Help.xml");

        /// <summary>PowerShellStandard.Library's System.Management.Automation.dll: metadata only, never
        /// loaded.</summary>
        public static string PowerShellReference { get; } = Metadata("PowerShellReferenceAssembly");

        public static string RuntimeDirectory { get; } = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

        /// <summary>A fresh folder for one test's fixtures, under a folder of this run that is deleted when the test
        /// process exits (Linux lets go of loaded fixture assemblies; where the OS holds them, they stay).</summary>
        public static string NewFixtureFolder() => Path.Combine(FixtureRoot.Value, Guid.NewGuid().ToString("N"));

        private static readonly Lazy<string> FixtureRoot = new(() =>
        {
            var root = Path.Combine(Path.GetTempPath(), "EntraGuard.Module.Tests", Guid.NewGuid().ToString("N"));
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    Directory.Delete(root, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            };
            return root;
        });

        private static string Metadata(string key) =>
            typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
            ?? throw new InvalidOperationException($"The test assembly has no '{key}' metadata.");
    }
}

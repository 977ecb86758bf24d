using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using EntraGuard.Module.Tests.Contracts;
using EntraGuard.ModuleBuild;
using EntraGuard.ModuleBuild.Help;

namespace EntraGuard.Module.Tests.Infrastructure
{
    /// <summary>The built module read once for all contract tests: assembly surface, manifest, docs and format
    /// views.</summary>
    public sealed class BuiltModule : IDisposable
    {
        public BuiltModule()
        {
            Module = ModuleUnderTest.LoadBuiltModule();
            Manifest = PowerShellDataFile.Parse(File.ReadAllText(TestPaths.RootManifest));
            Help = HelpBuilder.Read(TestPaths.DocsDirectory);
            Views = FormatRules.ReadViews(XDocument.Load(TestPaths.FormatFile));
            DependencyAssemblyNames = Directory
                .GetFiles(TestPaths.DependenciesDirectory, "*.dll")
                .Select(Path.GetFileNameWithoutExtension)
                .Select(n => n!)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
        }

        public ModuleUnderTest Module { get; }
        public IReadOnlyList<CmdletSurface> Cmdlets => Module.Cmdlets;
        public IReadOnlyDictionary<string, object?> Manifest { get; }
        public HelpSet Help { get; }
        public IReadOnlyList<FormatView> Views { get; }
        public IReadOnlySet<string> DependencyAssemblyNames { get; }

        public void Dispose() => Module.Dispose();
    }

    [CollectionDefinition(Name)]
    public sealed class BuiltModuleCollection : ICollectionFixture<BuiltModule>
    {
        public const string Name = "Built module";
    }
}

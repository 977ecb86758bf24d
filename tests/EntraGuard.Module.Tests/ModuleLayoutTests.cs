using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using EntraGuard.Commands.Loading;
using EntraGuard.Module.Tests.Infrastructure;

namespace EntraGuard.Module.Tests
{
    /// <summary>What `dotnet build` leaves in artifacts/module: the right files in the right folder, complete and
    /// importable.</summary>
    public sealed class ModuleLayoutTests
    {
        private static IReadOnlyDictionary<string, AssemblyFile> Assemblies(string directory) =>
            AssemblyCatalog.Scan(directory);

        private static bool IsolatedName(string name) =>
            name.StartsWith("Azure.", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Microsoft.Graph", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Microsoft.Kiota.", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Microsoft.Identity.", StringComparison.OrdinalIgnoreCase);

        [Fact]
        public void The_cmdlets_and_the_engine_sit_at_the_root_with_the_engine_packages()
        {
            var root = Assemblies(TestPaths.ModuleDirectory);
            Assert.Contains("EntraGuard", root.Keys);
            Assert.Contains("EntraGuard.Engine", root.Keys);
            Assert.Contains("YamlDotNet", root.Keys);
            // The engine is pinned to System.Text.Json 8, the version PowerShell 7.4 carries.
            Assert.Equal(8, root["System.Text.Json"].Version.Major);
            Assert.DoesNotContain(root.Keys, IsolatedName);
            Assert.DoesNotContain("EntraGuard.Graph", root.Keys);
        }

        [Fact]
        public void The_Graph_side_sits_in_Dependencies_with_its_own_System_Text_Json()
        {
            var dependencies = Assemblies(TestPaths.DependenciesDirectory);
            foreach (
                var name in new[]
                {
                    "EntraGuard.Graph",
                    "Microsoft.Graph",
                    "Microsoft.Graph.Core",
                    "Microsoft.Kiota.Abstractions",
                    "Azure.Core",
                    "Azure.Identity",
                    "Microsoft.Identity.Client",
                }
            )
            {
                Assert.Contains(name, dependencies.Keys);
            }
            Assert.True(
                dependencies["System.Text.Json"].Version.Major >= 10,
                $"Dependencies/System.Text.Json is {dependencies["System.Text.Json"].Version}"
            );
            Assert.DoesNotContain("EntraGuard", dependencies.Keys);
            Assert.DoesNotContain("EntraGuard.Engine", dependencies.Keys);
        }

        [Fact]
        public void ReadyToRun_images_of_the_engine_sit_beside_IL_copies_every_host_can_load()
        {
            var platform = ReadyToRunFolder.CurrentPlatform!;
            var images = Assemblies(Path.Combine(TestPaths.ModuleDirectory, ReadyToRunFolder.Name, platform));
            var root = Assemblies(TestPaths.ModuleDirectory);
            Assert.Equal(
                new[] { "EntraGuard.Engine", "YamlDotNet" },
                images.Keys.OrderBy(k => k, StringComparer.Ordinal)
            );
            foreach (var image in images.Values)
            {
                Assert.Equal(root[image.Name].Version, image.Version);
                Assert.True(HasNativeCode(image.Path), $"{image.Path} holds no ReadyToRun code");
                // Windows PowerShell 5.1 (.NET Framework) and other platforms load the root copy: IL only.
                Assert.False(HasNativeCode(root[image.Name].Path), $"{root[image.Name].Path} is not IL only");
            }
            Assert.All(root.Values, file => Assert.False(HasNativeCode(file.Path), $"{file.Path} is not IL only"));
        }

        private static bool HasNativeCode(string path)
        {
            using var reader = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(path));
            var flags = reader.PEHeaders.CorHeader!.Flags;
            return (flags & System.Reflection.PortableExecutable.CorFlags.ILOnly) == 0
                && (flags & System.Reflection.PortableExecutable.CorFlags.ILLibrary) != 0;
        }

        [Fact]
        public void Importing_the_cmdlets_does_not_need_the_engine()
        {
            // PowerShell lays out every exported cmdlet type before the module's resolver is installed; a field of
            // an engine value type there, a base type instantiated with engine types or a generic method constrained
            // to one would load the engine's IL copy instead of its ReadyToRun image.
            using var module = ModuleUnderTest.LoadBuiltModule();
            var cmdlets = module.CmdletAssembly;
            var offending = new List<string>();
            foreach (var exported in cmdlets.GetExportedTypes())
            {
                for (var type = exported; type != null && type.Assembly == cmdlets; type = type.BaseType)
                {
                    const BindingFlags declared =
                        BindingFlags.Instance
                        | BindingFlags.Static
                        | BindingFlags.Public
                        | BindingFlags.NonPublic
                        | BindingFlags.DeclaredOnly;
                    foreach (var field in type.GetFields(declared))
                    {
                        if (field.FieldType.IsValueType && FromEngine(field.FieldType))
                            offending.Add($"{type.Name}.{field.Name}: {field.FieldType}");
                    }
                    if (type.BaseType is { IsGenericType: true } generic && FromEngine(generic))
                        offending.Add($"{type.Name}: derives from {generic}");
                    foreach (var method in type.GetMethods(declared).Where(m => m.IsGenericMethodDefinition))
                    {
                        var constraints = method
                            .GetGenericArguments()
                            .SelectMany(argument => argument.GetGenericParameterConstraints());
                        foreach (var constraint in constraints.Where(FromEngine))
                            offending.Add($"{type.Name}.{method.Name}: constrained to {constraint}");
                    }
                }
            }
            Assert.Empty(offending);
        }

        private static bool FromEngine(Type type) =>
            type.Assembly.GetName().Name == "EntraGuard.Engine"
            || (type.IsGenericType && type.GetGenericArguments().Any(FromEngine));

        [Fact]
        public void PowerShell_itself_is_never_shipped()
        {
            var everything = Directory
                .GetFiles(TestPaths.ModuleDirectory, "*.dll", SearchOption.AllDirectories)
                .Select(Path.GetFileName);
            Assert.DoesNotContain("System.Management.Automation.dll", everything);
        }

        [Fact]
        public void Format_manifest_help_and_about_topics_are_in_place()
        {
            foreach (
                var file in new[]
                {
                    "EntraGuard.psd1",
                    "EntraGuard.format.ps1xml",
                    "en-US/EntraGuard.dll-Help.xml",
                    "en-US/about_EntraGuard.help.txt",
                    "en-US/about_EntraGuard_Runbooks.help.txt",
                }
            )
            {
                Assert.True(
                    File.Exists(Path.Combine(TestPaths.ModuleDirectory, file)),
                    $"{file} is missing from the module folder"
                );
            }
        }

        [Fact]
        public void Every_assembly_finds_what_it_references()
        {
            var root = Assemblies(TestPaths.ModuleDirectory);
            var dependencies = Assemblies(TestPaths.DependenciesDirectory);
            var framework = Assemblies(TestPaths.RuntimeDirectory)
                .Keys.Append("netstandard")
                .Append("mscorlib")
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            var missing = new List<string>();
            void Check(
                string directory,
                IReadOnlyDictionary<string, AssemblyFile> own,
                IReadOnlyDictionary<string, AssemblyFile> alsoVisible
            )
            {
                foreach (var path in Directory.GetFiles(directory, "*.dll"))
                {
                    using var reader = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(path));
                    var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(reader);
                    foreach (var handle in metadata.AssemblyReferences)
                    {
                        var reference = metadata.GetAssemblyReference(handle).GetAssemblyName();
                        var name = reference.Name!;
                        var available = own.GetValueOrDefault(name) ?? alsoVisible.GetValueOrDefault(name);
                        if (available != null)
                        {
                            if (available.Version < reference.Version)
                                missing.Add(
                                    $"{Path.GetFileName(path)} needs {name} {reference.Version}, the module has "
                                        + $"{available.Version}"
                                );
                        }
                        else if (!framework.Contains(name) && name != "System.Management.Automation")
                        {
                            missing.Add($"{Path.GetFileName(path)} needs {name}, which the module does not ship");
                        }
                    }
                }
            }
            // The cmdlet assembly reaches EntraGuard.Graph through the resolver; the Graph side sees the engine in the
            // default context.
            Check(
                TestPaths.ModuleDirectory,
                root,
                dependencies
                    .Where(d => d.Key.StartsWith("EntraGuard.", StringComparison.Ordinal))
                    .ToDictionary(d => d.Key, d => d.Value)
            );
            Check(
                TestPaths.DependenciesDirectory,
                dependencies,
                root.Where(r => r.Key == "EntraGuard.Engine").ToDictionary(r => r.Key, r => r.Value)
            );
            Assert.True(missing.Count == 0, string.Join("\n", missing));
        }
    }
}

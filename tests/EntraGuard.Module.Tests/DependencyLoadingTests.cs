using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using EntraGuard.Commands.Loading;
using EntraGuard.Module.Tests.Infrastructure;

namespace EntraGuard.Module.Tests
{
    /// <summary>
    /// Which file answers which load request (the pure policy), and the real mechanism on .NET: assemblies compiled
    /// for the test stand in for Azure.Identity, EntraGuard.Engine and EntraGuard.Graph, and a newer copy of the
    /// "Azure.Identity" is put in the default context first, as another module would.
    /// </summary>
    public sealed class DependencyLoadingTests
    {
        private static AssemblyFile File(string name, string version, string folder) =>
            new(name, new Version(version), Path.Combine(folder, name + ".dll"));

        private static IReadOnlyDictionary<string, AssemblyFile> Folder(params AssemblyFile[] files) =>
            files.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

        private static AssemblyName Request(string name, string? version = null) =>
            new(name) { Version = version is null ? null : new Version(version) };

        private static readonly IReadOnlyDictionary<string, AssemblyFile> Dependencies = Folder(
            File("EntraGuard.Graph", "0.1.0.0", "deps"),
            File("Azure.Identity", "1.21.0.0", "deps"),
            File("System.Text.Json", "10.0.0.0", "deps"),
            File("System.Memory", "4.0.1.2", "deps")
        );

        private static readonly IReadOnlyDictionary<string, AssemblyFile> ModuleFolder = Folder(
            File("EntraGuard", "0.1.0.0", "root"),
            File("EntraGuard.Engine", "0.1.0.0", "root"),
            File("System.Text.Json", "8.0.0.0", "root"),
            File("System.Memory", "4.0.1.2", "root")
        );

        /// <summary>What PowerShell 7.4 on .NET 8 carries itself, for the names above.</summary>
        private static Version? PowerShell74Platform(string name) =>
            name switch
            {
                "System.Text.Json" => new Version(8, 0, 0, 0),
                "System.Memory" => new Version(8, 0, 0, 0),
                _ => null,
            };

        private static readonly DependencyPolicy Policy = new(Dependencies, ModuleFolder, PowerShell74Platform);

        [Fact]
        public void PowerShell_7_serves_privately_what_the_platform_lacks_or_has_older()
        {
            var served = Policy.FilesForPrivateContext().Select(f => f.Name).ToList();
            Assert.Equal(new[] { "Azure.Identity", "EntraGuard.Graph", "System.Text.Json" }, served);
        }

        [Fact]
        public void PowerShell_7_shares_a_platform_assembly_once_it_is_new_enough()
        {
            var onNet10 = new DependencyPolicy(
                Dependencies,
                ModuleFolder,
                name => name.StartsWith("System.", StringComparison.Ordinal) ? new Version(10, 0, 0, 0) : null
            );
            Assert.DoesNotContain(
                onNet10.FilesForPrivateContext(),
                f => f.Name.StartsWith("System.", StringComparison.Ordinal)
            );
        }

        [Theory]
        [InlineData("EntraGuard.Graph", null, true)]
        [InlineData("EntraGuard.Graph", "0.1.0.0", true)]
        [InlineData("EntraGuard.Graph", "9.0.0.0", false)]
        [InlineData("Azure.Identity", "1.21.0.0", false)]
        [InlineData("EntraGuard.Engine", "0.1.0.0", false)]
        [InlineData("EntraGuard.Unknown", null, false)]
        public void The_default_context_receives_only_our_bridge_assemblies(
            string name,
            string? version,
            bool handedOut
        )
        {
            Assert.Equal(handedOut, Policy.HandsOutFromPrivateContext(Request(name, version)));
        }

        [Theory]
        [InlineData("System.Text.Json", "8.0.0.0", "root")]
        [InlineData("System.Text.Json", "9.0.0.0", "deps")]
        [InlineData("System.Text.Json", "11.0.0.0", null)]
        [InlineData("System.Memory", "4.0.1.2", "deps")]
        [InlineData("Azure.Identity", "1.10.0.0", "deps")]
        [InlineData("EntraGuard.Engine", null, "root")]
        [InlineData("Newtonsoft.Json", "13.0.0.0", null)]
        public void Windows_PowerShell_serves_the_lowest_version_that_satisfies(
            string name,
            string? version,
            string? folder
        )
        {
            var path = Policy.ForDesktop(Request(name, version));
            Assert.Equal(folder, path is null ? null : Path.GetDirectoryName(path));
        }

        [Theory]
        [InlineData("EntraGuard.Engine", null, true)]
        [InlineData("EntraGuard.Engine", "0.1.0.0", true)]
        [InlineData("EntraGuard.Engine", "0.2.0.0", false)]
        [InlineData("YamlDotNet", "16.0.0.0", false)] // an image of another version than the IL beside it
        [InlineData("EntraGuard.Graph", "0.1.0.0", false)] // no image: found as before
        public void PowerShell_7_loads_a_ReadyToRun_image_only_of_the_assembly_beside_the_cmdlets(
            string name,
            string? version,
            bool fromImage
        )
        {
            var policy = new DependencyPolicy(
                Dependencies,
                Folder(File("EntraGuard.Engine", "0.1.0.0", "root"), File("YamlDotNet", "16.0.0.0", "root")),
                PowerShell74Platform,
                Folder(File("EntraGuard.Engine", "0.1.0.0", "r2r"), File("YamlDotNet", "15.0.0.0", "r2r"))
            );
            var path = policy.ReadyToRunImage(Request(name, version));
            Assert.Equal(fromImage ? Path.Combine("r2r", name + ".dll") : null, path);
        }

        [Fact]
        public void Dependencies_are_read_only_when_a_request_needs_them_and_then_once()
        {
            var reads = 0;
            var policy = new DependencyPolicy(
                () =>
                {
                    reads++;
                    return Dependencies;
                },
                ModuleFolder,
                PowerShell74Platform,
                Folder(File("EntraGuard.Engine", "0.1.0.0", "r2r"))
            );
            Assert.NotNull(policy.ReadyToRunImage(Request("EntraGuard.Engine", "0.1.0.0")));
            Assert.False(policy.HandsOutFromPrivateContext(Request("Newtonsoft.Json", "13.0.0.0")));
            Assert.Equal(0, reads);
            Assert.True(policy.HandsOutFromPrivateContext(Request("EntraGuard.Graph")));
            Assert.Contains(policy.FilesForPrivateContext(), f => f.Name == "Azure.Identity");
            Assert.Equal(1, reads);
        }

        [Fact]
        public void Without_images_nothing_changes()
        {
            Assert.Null(Policy.ReadyToRunImage(Request("EntraGuard.Engine", "0.1.0.0")));
        }

        [Fact]
        public void The_built_module_keeps_Graph_Kiota_Azure_and_MSAL_private_on_PowerShell_7_4()
        {
            var policy = new DependencyPolicy(
                AssemblyCatalog.Scan(TestPaths.DependenciesDirectory),
                AssemblyCatalog.Scan(TestPaths.ModuleDirectory),
                PowerShell74Platform
            );
            var served = policy.FilesForPrivateContext().Select(f => f.Name).ToList();
            foreach (
                var name in new[]
                {
                    "EntraGuard.Graph",
                    "Microsoft.Graph",
                    "Microsoft.Kiota.Abstractions",
                    "Azure.Identity",
                    "Microsoft.Identity.Client",
                    "System.Text.Json",
                }
            )
            {
                Assert.Contains(name, served);
            }
            Assert.DoesNotContain("System.Memory", served);
            Assert.True(policy.HandsOutFromPrivateContext(Request("EntraGuard.Graph")));
            Assert.False(policy.HandsOutFromPrivateContext(Request("Azure.Identity")));
        }

        [Fact]
        public void On_dotnet_the_Graph_side_gets_its_own_dependency_even_when_another_module_loaded_a_newer_one()
        {
            var fixture = TestPaths.NewFixtureFolder();
            var root = Path.Combine(fixture, "module");
            var dependencies = Path.Combine(root, DependencyIsolation.DependenciesFolder);
            var otherModule = Path.Combine(fixture, "other");
            const string identity =
                "namespace Contoso.Identity { public static class Version { public static string Of() => "
                + "typeof(Version).Assembly.GetName().Version!.ToString(); } }";

            var model = FixtureCompiler.CompileLibrary(
                "namespace Contoso.Model { public sealed class Finding { } }",
                "Contoso.Model",
                "1.0.0.0",
                root
            );
            var ours = FixtureCompiler.CompileLibrary(identity, "Contoso.Identity", "2.0.0.0", dependencies);
            var newer = FixtureCompiler.CompileLibrary(identity, "Contoso.Identity", "3.0.0.0", otherModule);
            FixtureCompiler.CompileLibrary(
                """
                namespace EntraGuard.FixtureBridge
                {
                    public static class Probe
                    {
                        public static string IdentityVersion() => Contoso.Identity.Version.Of();
                        public static object NewFinding() => new Contoso.Model.Finding();
                    }
                }
                """,
                "EntraGuard.FixtureBridge",
                "1.0.0.0",
                dependencies,
                ours,
                model
            );
            FixtureCompiler.CompileLibrary(
                "namespace EntraGuard.FixtureLate { public sealed class Marker { } }",
                "EntraGuard.FixtureLate",
                "1.0.0.0",
                dependencies
            );

            // As PowerShell does: the module's own assemblies are in the default context; another module already
            // put a newer Contoso.Identity there too.
            var modelInDefault = AssemblyLoadContext.Default.LoadFromAssemblyPath(model);
            AssemblyLoadContext.Default.LoadFromAssemblyPath(newer);

            var policy = new DependencyPolicy(
                AssemblyCatalog.Scan(dependencies),
                AssemblyCatalog.Scan(root),
                PlatformAssemblies.OfCurrentProcess().VersionOf
            );
            using (new DefaultContextBridge(policy))
            {
                var bridge = AssemblyLoadContext.Default.LoadFromAssemblyName(
                    new AssemblyName("EntraGuard.FixtureBridge")
                );
                Assert.Equal(DependencyIsolation.LoadContextName, AssemblyLoadContext.GetLoadContext(bridge)!.Name);

                var probe = bridge.GetType("EntraGuard.FixtureBridge.Probe")!;
                Assert.Equal("2.0.0.0", probe.GetMethod("IdentityVersion")!.Invoke(null, null));
                // The model stays shared: what the Graph side returns is the type the cmdlets and scripts know.
                Assert.Same(
                    modelInDefault.GetType("Contoso.Model.Finding"),
                    probe.GetMethod("NewFinding")!.Invoke(null, null)!.GetType()
                );
                Assert.Same(
                    bridge,
                    AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("EntraGuard.FixtureBridge"))
                );
            }
            // Unhooked (Remove-Module): a bridge assembly not loaded before is no longer handed out.
            Assert.Throws<FileNotFoundException>(() =>
                AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("EntraGuard.FixtureLate"))
            );
        }

        [Fact]
        public void The_Windows_PowerShell_resolver_answers_failed_binds_by_name_and_stops_when_removed()
        {
            var folder = TestPaths.NewFixtureFolder();
            var path = FixtureCompiler.CompileLibrary(
                "namespace Contoso.Desktop { public sealed class Marker { } }",
                "Contoso.Desktop",
                "1.5.0.0",
                folder
            );
            FixtureCompiler.CompileLibrary(
                "namespace Contoso.Late { public sealed class Marker { } }",
                "Contoso.Late",
                "1.5.0.0",
                folder
            );
            var policy = new DependencyPolicy(AssemblyCatalog.Scan(folder), Folder(), _ => null);
            using (DesktopResolver.Install(policy))
            {
                var loaded = Assembly.Load(new AssemblyName("Contoso.Desktop, Version=1.0.0.0"));
                Assert.Equal(path, loaded.Location);
            }
            Assert.Throws<FileNotFoundException>(() =>
                Assembly.Load(new AssemblyName("Contoso.Late, Version=1.0.0.0"))
            );
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using EntraGuard.Commands.Loading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EntraGuard.Module.Tests.Infrastructure
{
    /// <summary>
    /// Compiles small C# sources into real assemblies on disk, so each contract rule can be run against a cmdlet that
    /// deliberately breaks it, and the load-context tests get assemblies with exactly the names and versions they need.
    /// </summary>
    public static class FixtureCompiler
    {
        private static int _counter;

        private static readonly Lazy<IReadOnlyList<MetadataReference>> RuntimeReferences = new(() =>
            AssemblyCatalog
                .Scan(TestPaths.RuntimeDirectory)
                .Values.Select(file => (MetadataReference)MetadataReference.CreateFromFile(file.Path))
                .ToList()
        );

        /// <summary>
        /// A cmdlet assembly compiled against PowerShell's reference assembly and the built EntraGuard.Engine,
        /// written to its own folder; returns its path.
        /// </summary>
        public static string CompileCmdlets(string source, params string[] extraReferences) =>
            Compile(
                source,
                "Broken.Cmdlets" + Interlocked.Increment(ref _counter),
                null,
                new[]
                {
                    TestPaths.PowerShellReference,
                    Path.Combine(TestPaths.ModuleDirectory, "EntraGuard.Engine.dll"),
                }.Concat(extraReferences)
            );

        /// <summary>An assembly with the given name and version, written into <paramref name="directory"/>.</summary>
        public static string CompileLibrary(
            string source,
            string assemblyName,
            string version,
            string directory,
            params string[] references
        )
        {
            var versioned = $"[assembly: System.Reflection.AssemblyVersion(\"{version}\")]\n" + source;
            return Compile(versioned, assemblyName, directory, references);
        }

        private static string Compile(
            string source,
            string assemblyName,
            string? directory,
            IEnumerable<string> references
        )
        {
            var compilation = CSharpCompilation.Create(
                assemblyName,
                new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
                RuntimeReferences.Value.Concat(references.Select(r => MetadataReference.CreateFromFile(r))),
                new CSharpCompilationOptions(
                    OutputKind.DynamicallyLinkedLibrary,
                    nullableContextOptions: NullableContextOptions.Enable
                )
            );
            directory ??= TestPaths.NewFixtureFolder();
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, assemblyName + ".dll");
            using (var output = File.Create(path))
            {
                var result = compilation.Emit(output);
                var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                if (!result.Success)
                    throw new InvalidOperationException("Fixture did not compile:\n" + string.Join("\n", errors));
            }
            return path;
        }
    }
}

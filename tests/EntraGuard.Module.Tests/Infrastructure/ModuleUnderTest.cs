using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace EntraGuard.Module.Tests.Infrastructure
{
    /// <summary>
    /// A cmdlet assembly read through System.Reflection.MetadataLoadContext: its types and attributes as metadata,
    /// resolved against the built module folder, PowerShell's reference assembly and the runtime, without running any
    /// of it and without PowerShell.
    /// </summary>
    public sealed class ModuleUnderTest : IDisposable
    {
        private readonly MetadataLoadContext _context;

        private ModuleUnderTest(MetadataLoadContext context, Assembly cmdletAssembly)
        {
            _context = context;
            CmdletAssembly = cmdletAssembly;
            Cmdlets = cmdletAssembly
                .GetTypes()
                .Select(CmdletSurface.TryRead)
                .Where(c => c != null)
                .Select(c => c!)
                .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }

        public Assembly CmdletAssembly { get; }

        public IReadOnlyList<CmdletSurface> Cmdlets { get; }

        public CmdletSurface? Find(string name) =>
            Cmdlets.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>The built module: artifacts/module/EntraGuard.dll.</summary>
        public static ModuleUnderTest LoadBuiltModule() => Load(TestPaths.CmdletAssembly);

        /// <summary>Any cmdlet assembly, e.g. one compiled by a test to break a rule on purpose.</summary>
        public static ModuleUnderTest Load(string cmdletAssemblyPath)
        {
            var paths = Directory
                .GetFiles(TestPaths.RuntimeDirectory, "*.dll")
                .Concat(Directory.GetFiles(TestPaths.ModuleDirectory, "*.dll"))
                .Concat(Directory.GetFiles(TestPaths.DependenciesDirectory, "*.dll"))
                .Concat(Directory.GetFiles(Path.GetDirectoryName(cmdletAssemblyPath)!, "*.dll"))
                .Append(TestPaths.PowerShellReference)
                .Distinct(StringComparer.Ordinal);
            var context = new MetadataLoadContext(new PathAssemblyResolver(paths), "System.Private.CoreLib");
            return new ModuleUnderTest(context, context.LoadFromAssemblyPath(cmdletAssemblyPath));
        }

        /// <summary>A type by full name from any assembly the module can see (module, dependencies, runtime).</summary>
        public Type? ResolveType(string fullName)
        {
            var type = CmdletAssembly.GetType(fullName);
            if (type != null)
                return type;
            foreach (var reference in CmdletAssembly.GetReferencedAssemblies())
            {
                try
                {
                    type = _context.LoadFromAssemblyName(reference).GetType(fullName);
                }
                catch (FileNotFoundException)
                {
                    continue;
                }
                if (type != null)
                    return type;
            }
            foreach (var candidate in new[] { "System.Private.CoreLib", "EntraGuard.Engine" })
            {
                try
                {
                    type = _context.LoadFromAssemblyName(candidate).GetType(fullName);
                }
                catch (FileNotFoundException)
                {
                    continue;
                }
                if (type != null)
                    return type;
            }
            return null;
        }

        public void Dispose() => _context.Dispose();
    }
}

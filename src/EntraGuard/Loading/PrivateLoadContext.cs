using System;
using System.Collections.Generic;
using System.Reflection;

namespace EntraGuard.Commands.Loading
{
    /// <summary>
    /// A private AssemblyLoadContext on .NET (Core), made through reflection because the cmdlet assembly targets
    /// netstandard2.0, which has no AssemblyLoadContext.
    /// <para>
    /// Every file it serves is loaded into it up front. That is what isolates: a context answers a request from the
    /// assemblies already loaded into it before anything else, whereas a context without an overridden <c>Load</c>
    /// (which netstandard2.0 cannot compile) would otherwise ask the default context first and share whatever
    /// Azure.Identity or MSAL another module put there. Loading maps the files; nothing runs until it is used.
    /// </para>
    /// </summary>
    internal sealed class PrivateLoadContext
    {
        private readonly Dictionary<string, Assembly> _loaded = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>The runtime's AssemblyLoadContext type, or null on .NET Framework.</summary>
        public static Type? LoadContextType =>
            typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext")
            ?? Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", throwOnError: false);

        /// <param name="name">The context's name, shown by
        /// <c>[System.Runtime.Loader.AssemblyLoadContext]::All</c>.</param>
        /// <param name="files">The files it serves.</param>
        public static PrivateLoadContext Create(string name, IEnumerable<AssemblyFile> files)
        {
            var contextType =
                LoadContextType
                ?? throw new PlatformNotSupportedException("AssemblyLoadContext exists only on .NET (Core).");
            var context = Activator.CreateInstance(contextType, name, false)!;
            var loadFromPath =
                (Func<string, Assembly>)
                    Delegate.CreateDelegate(
                        typeof(Func<string, Assembly>),
                        context,
                        contextType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) })!
                    );
            var privateContext = new PrivateLoadContext();
            foreach (var file in files)
            {
                privateContext._loaded[file.Name] = loadFromPath(file.Path);
            }
            return privateContext;
        }

        /// <summary>The assembly of this simple name loaded into the context, or null.</summary>
        public Assembly? Find(string name) => _loaded.TryGetValue(name, out var assembly) ? assembly : null;
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace EntraGuard.Commands.Loading
{
    /// <summary>
    /// Wires <see cref="DependencyPolicy"/> into the runtime when the module is imported: on PowerShell 7 a handler on
    /// the default context's Resolving event backed by a private load context for Dependencies/; on Windows PowerShell
    /// 5.1 an AppDomain.AssemblyResolve handler. Installing twice is harmless; removing the module unhooks the handlers
    /// (assemblies already loaded stay, as .NET cannot unload them from these contexts).
    /// </summary>
    internal static class DependencyIsolation
    {
        public const string DependenciesFolder = "Dependencies";
        public const string LoadContextName = "EntraGuard";

        private static readonly object Gate = new();
        private static IDisposable? _installed;

        public static bool IsNetFramework =>
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        public static void Install(string moduleDirectory)
        {
            lock (Gate)
            {
                if (_installed != null)
                    return;
                var policy = new DependencyPolicy(
                    () => AssemblyCatalog.Scan(Path.Combine(moduleDirectory, DependenciesFolder)),
                    AssemblyCatalog.Scan(moduleDirectory),
                    IsNetFramework ? _ => null : PlatformAssemblies.OfCurrentProcess().VersionOf,
                    IsNetFramework ? null : ReadyToRunFolder.Usable(moduleDirectory, Environment.Version)
                );
                _installed = IsNetFramework ? DesktopResolver.Install(policy) : new DefaultContextBridge(policy);
            }
        }

        public static void Uninstall()
        {
            lock (Gate)
            {
                _installed?.Dispose();
                _installed = null;
            }
        }
    }

    /// <summary>
    /// PowerShell 7: loads the engine's ReadyToRun images into the default context in place of the IL copies, and
    /// hands EntraGuard's bridge assemblies (EntraGuard.Graph) from the private context to the default one. The
    /// private context is made, and its files loaded, the first time a cmdlet needs the Graph side, so an import
    /// that only reads files never touches Dependencies/. One private context per set of files and process:
    /// after Remove-Module and a new import it is reused, as its assemblies cannot be unloaded anyway.
    /// </summary>
    internal sealed class DefaultContextBridge : IDisposable
    {
        private static readonly object Gate = new();
        private static readonly Dictionary<string, PrivateLoadContext> Contexts = new(StringComparer.OrdinalIgnoreCase);

        private readonly DependencyPolicy _policy;
        private readonly EventInfo _resolving;
        private readonly object _defaultContext;
        private readonly Delegate _handler;
        private readonly Func<string, Assembly> _loadIntoDefault;

        public DefaultContextBridge(DependencyPolicy policy)
        {
            _policy = policy;
            var contextType = PrivateLoadContext.LoadContextType!;
            _defaultContext = contextType
                .GetProperty("Default", BindingFlags.Public | BindingFlags.Static)!
                .GetValue(null)!;
            _loadIntoDefault =
                (Func<string, Assembly>)
                    Delegate.CreateDelegate(
                        typeof(Func<string, Assembly>),
                        _defaultContext,
                        contextType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) })!
                    );
            _resolving = contextType.GetEvent("Resolving")!;
            // The event's delegate is Func<AssemblyLoadContext, AssemblyName, Assembly?>; a method taking object binds
            // to it, since delegate parameters are contravariant for reference types.
            _handler = Delegate.CreateDelegate(
                _resolving.EventHandlerType!,
                this,
                typeof(DefaultContextBridge).GetMethod(
                    nameof(OnResolving),
                    BindingFlags.Instance | BindingFlags.NonPublic
                )!
            );
            _resolving.AddEventHandler(_defaultContext, _handler);
        }

        public void Dispose() => _resolving.RemoveEventHandler(_defaultContext, _handler);

        private Assembly? OnResolving(object context, AssemblyName name)
        {
            if (_policy.ReadyToRunImage(name) is { } image)
                return _loadIntoDefault(image);
            if (!_policy.HandsOutFromPrivateContext(name))
                return null;
            var files = _policy.FilesForPrivateContext();
            var key = string.Join("|", files.Select(f => f.Path));
            PrivateLoadContext? privateContext;
            lock (Gate)
            {
                if (!Contexts.TryGetValue(key, out privateContext))
                {
                    privateContext = PrivateLoadContext.Create(DependencyIsolation.LoadContextName, files);
                    Contexts[key] = privateContext;
                }
            }
            return privateContext.Find(name.Name!);
        }
    }

    /// <summary>Windows PowerShell 5.1: answers failed binds for our own files by name.</summary>
    internal sealed class DesktopResolver : IDisposable
    {
        private readonly DependencyPolicy _policy;

        private DesktopResolver(DependencyPolicy policy) => _policy = policy;

        public static DesktopResolver Install(DependencyPolicy policy)
        {
            var resolver = new DesktopResolver(policy);
            AppDomain.CurrentDomain.AssemblyResolve += resolver.OnAssemblyResolve;
            return resolver;
        }

        public void Dispose() => AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;

        private Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
        {
            var path = _policy.ForDesktop(new AssemblyName(args.Name));
            return path is null ? null : Assembly.LoadFrom(path);
        }
    }
}

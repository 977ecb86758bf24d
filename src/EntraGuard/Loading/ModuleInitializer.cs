using System.IO;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using EntraGuard.Commands.Loading;

namespace EntraGuard.Commands
{
    /// <summary>
    /// Runs when PowerShell imports EntraGuard.dll and when the module is removed: sets up, then takes down, the
    /// loading of the Graph side from Dependencies/ (see <see cref="DependencyIsolation"/>).
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport()
        {
            DependencyIsolation.Install(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!);
            LoadEngine();
        }

        // Scripts name engine types ([EntraGuard.Severity]::High) as soon as the import returns, so the engine is
        // loaded here; after the resolver, so PowerShell 7 gets its ReadyToRun image where there is one. A method of
        // its own, never inlined: compiling OnImport must not load the engine before Install has run.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void LoadEngine() => _ = typeof(AuditEvent).Assembly;

        public void OnRemove(PSModuleInfo psModuleInfo) => DependencyIsolation.Uninstall();
    }
}

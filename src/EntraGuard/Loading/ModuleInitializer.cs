using System.IO;
using System.Management.Automation;
using EntraGuard.Commands.Loading;

namespace EntraGuard.Commands
{
    /// <summary>
    /// Runs when PowerShell imports EntraGuard.dll and when the module is removed: sets up, then takes down, the
    /// loading of the Graph side from Dependencies/ (see <see cref="DependencyIsolation"/>).
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport() =>
            DependencyIsolation.Install(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!);

        public void OnRemove(PSModuleInfo psModuleInfo) => DependencyIsolation.Uninstall();
    }
}

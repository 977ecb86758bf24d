using System;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace EntraGuard.PowerShell.Tests
{
    /// <summary>A runspace in this process with the built module imported, as a user's session has it.</summary>
    public sealed class ModuleSession : IDisposable
    {
        private readonly Runspace _runspace;

        public ModuleSession()
        {
            var state = InitialSessionState.CreateDefault2();
            _runspace = RunspaceFactory.CreateRunspace(state);
            _runspace.Open();
            _runspace.SessionStateProxy.Path.SetLocation(RepositoryRoot);
            Invoke("Import-Module -Name $args[0] -ErrorAction Stop", Path.Combine(RepositoryRoot, "EntraGuard.psd1"));
        }

        public static string RepositoryRoot { get; } = typeof(ModuleSession).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

        /// <summary>Runs a script; errors it wrote are returned in <paramref name="errors"/>.</summary>
        public Collection<PSObject> Invoke(string script, out Collection<ErrorRecord> errors, params object[] arguments)
        {
            using var shell = System.Management.Automation.PowerShell.Create(_runspace);
            shell.AddScript(script);
            foreach (var argument in arguments) shell.AddArgument(argument);
            var output = shell.Invoke();
            errors = new Collection<ErrorRecord>(shell.Streams.Error.ToList());
            return output;
        }

        /// <summary>Runs a script that must write no error.</summary>
        public Collection<PSObject> Invoke(string script, params object[] arguments)
        {
            var output = Invoke(script, out var errors, arguments);
            Assert.True(errors.Count == 0, "errors: " + string.Join(Environment.NewLine, errors.Select(e => e.ToString())));
            return output;
        }

        public void Dispose() => _runspace.Dispose();
    }
}

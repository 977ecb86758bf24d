using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace EntraGuard.PowerShell.Tests
{
    /// <summary>What one script run wrote to each stream.</summary>
    public sealed record ScriptRun(
        IReadOnlyList<PSObject> Output,
        IReadOnlyList<ErrorRecord> Errors,
        IReadOnlyList<ProgressRecord> Progress,
        IReadOnlyList<WarningRecord> Warnings
    )
    {
        /// <summary>The output's values as .NET objects (a PSObject's base object).</summary>
        public IReadOnlyList<object> Values => Output.Select(o => o.BaseObject).ToArray();
    }

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

        public static string RepositoryRoot { get; } =
            typeof(ModuleSession)
                .Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "RepositoryRoot")
                .Value!;

        /// <summary>
        /// Runs a script and returns every stream it wrote; a terminating error ends it and is in Errors.
        /// </summary>
        public ScriptRun Run(string script, params object[] arguments)
        {
            using var shell = System.Management.Automation.PowerShell.Create(_runspace);
            shell.AddScript(script);
            foreach (var argument in arguments)
                shell.AddArgument(argument);
            var output = shell.Invoke();
            // The records as the host kept them: a cmdlet that changed one record after writing it would show here.
            return new ScriptRun(
                output.ToArray(),
                shell.Streams.Error.ToArray(),
                shell.Streams.Progress.ToArray(),
                shell.Streams.Warning.ToArray()
            );
        }

        /// <summary>Runs a script; errors it wrote are returned in <paramref name="errors"/>.</summary>
        public Collection<PSObject> Invoke(string script, out Collection<ErrorRecord> errors, params object[] arguments)
        {
            var run = Run(script, arguments);
            errors = new Collection<ErrorRecord>(run.Errors.ToList());
            return new Collection<PSObject>(run.Output.ToList());
        }

        /// <summary>Runs a script that must write no error.</summary>
        public Collection<PSObject> Invoke(string script, params object[] arguments)
        {
            var output = Invoke(script, out var errors, arguments);
            Assert.True(errors.Count == 0, "errors: " + string.Join(Environment.NewLine, errors));
            return output;
        }

        /// <summary>
        /// Runs <paramref name="command"/> inside try/catch and says how it ended: "completed", or the
        /// FullyQualifiedErrorId of the terminating error that stopped it. Non-terminating errors stay in Errors.
        /// </summary>
        public (string Ending, ScriptRun Run) RunCatching(string command, params object[] arguments)
        {
            var run = Run(
                $"try {{ {command} | Out-Null; 'completed' }} catch {{ 'terminated:' + "
                    + $"$_.FullyQualifiedErrorId }}",
                arguments
            );
            return ((string)run.Output.Last().BaseObject, run);
        }

        public void Dispose() => _runspace.Dispose();
    }
}

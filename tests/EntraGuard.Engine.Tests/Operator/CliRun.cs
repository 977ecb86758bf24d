using System.IO;
using EntraGuard.Cli;

namespace EntraGuard.Tests.Operator
{
    /// <summary>The <c>entraguard</c> command run in-process: its exit code, stdout and stderr.</summary>
    internal static class CliRun
    {
        public static (int Exit, string Out, string Err) Run(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = Program.Run(args, output, error);
            return (exit, output.ToString(), error.ToString());
        }
    }
}

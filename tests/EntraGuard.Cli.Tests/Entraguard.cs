using System.IO;

namespace EntraGuard.Cli.Tests
{
    /// <summary>The command, run in-process as a shell would run it.</summary>
    internal static class Entraguard
    {
        /// <summary>The exit code and what the command printed on stdout and stderr.</summary>
        public static (int Exit, string Out, string Err) Run(params string[] args)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = Program.Run(args, output, error);
            return (exit, output.ToString(), error.ToString());
        }
    }
}

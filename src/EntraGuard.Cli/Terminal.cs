using System;
using System.IO;

namespace EntraGuard.Cli
{
    /// <summary>What the command knows about the terminal it writes to, if any.</summary>
    internal static class Terminal
    {
        /// <summary>
        /// The width a table written to <paramref name="output"/> should fit: the console window's when that is
        /// where stdout goes, else none (a file or a pipe gets whole lines).
        /// </summary>
        public static int? Width(TextWriter output)
        {
            if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
                return null;
            try
            {
                return Console.WindowWidth > 0 ? Console.WindowWidth : null;
            }
            catch (IOException)
            {
                return null; // no console after all (a service, a detached process)
            }
        }

        /// <summary>Whether stderr is a terminal a person watches (progress is for them, not for logs).</summary>
        public static bool ErrorIsTerminal(TextWriter error) =>
            ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
    }
}

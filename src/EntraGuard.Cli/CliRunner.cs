using System;
using System.CommandLine;
using System.IO;
using EntraGuard.Ingest;

namespace EntraGuard.Cli
{
    /// <summary>
    /// Exit codes and error reporting shared by every command: one line on stderr, never a stack trace. Messages may
    /// carry input (arguments, file names, a server's words), so each is escaped to stay one line.
    /// </summary>
    public static class CliRunner
    {
        public const int Success = 0;
        public const int FindingsAtOrAboveThreshold = 1;
        public const int BadInputOrUsage = 2;
        public const int Failure = 3;

        public static int Invoke(RootCommand root, string[] args, TextWriter output, TextWriter error)
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var parseError in parse.Errors) error.WriteLine($"entraguard: {OneLine(parseError.Message)}");
                return BadInputOrUsage;
            }
            try
            {
                return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
            }
            catch (Exception ex) when (IsBadInput(ex))
            {
                error.WriteLine($"entraguard: {OneLine(ex.Message)}");
                return BadInputOrUsage;
            }
            catch (Exception ex) when (ex is EntraGuard.Collection.GraphRequestException or EntraGuard.Collection.CollectionInterruptedException or EntraGuard.Response.JournalLockedException)
            {
                error.WriteLine($"entraguard: {OneLine(ex.Message)}");
                return Failure;
            }
            catch (OperationCanceledException)
            {
                error.WriteLine("entraguard: cancelled");
                return Failure;
            }
            catch (Exception ex)
            {
                error.WriteLine($"entraguard: {ex.GetType().Name}: {OneLine(ex.Message)}");
                return Failure;
            }
        }

        // A last guard: the messages' own parts are escaped and cut where input enters them, so this rarely cuts.
        private static string OneLine(string message) => InputText.OneLine(message, 1000);

        private static bool IsBadInput(Exception ex) =>
            ex is AuditDataException or NoAuditEventsException or FileNotFoundException or DirectoryNotFoundException or ArgumentException or FormatException
                or EntraGuard.Posture.PostureBaselineException;
    }
}

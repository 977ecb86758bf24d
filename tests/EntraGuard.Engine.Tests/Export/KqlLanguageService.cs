using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace EntraGuard.Tests.Export
{
    /// <summary>
    /// Runs Microsoft's Kusto language service (npm <c>@kusto/language-service-next</c>, pinned in
    /// tests/kql-check/package-lock.json) over queries, in one Node process. Installs it with <c>npm ci</c> into the
    /// git-ignored tests/kql-check/node_modules when missing; a missing Node or an unreachable registry fails the
    /// test with the reason, never skips it.
    /// </summary>
    internal static class KqlLanguageService
    {
        public sealed record Diagnostic(string Severity, string Code, string Message, int Line, string Text);

        private static readonly object InstallLock = new();

        private static string CheckerFolder => Path.Combine(TestFiles.RepositoryRoot, "tests", "kql-check");

        /// <summary>Diagnostics per query name (empty when the query is clean).</summary>
        public static IReadOnlyDictionary<string, IReadOnlyList<Diagnostic>> Check(
            IEnumerable<(string Name, string Query)> queries
        )
        {
            EnsureInstalled();
            var input = JsonSerializer.Serialize(queries.Select(q => new { name = q.Name, query = q.Query }));
            var (exit, output, error) = Run("node", "check.js", input);
            if (exit != 0)
                throw new InvalidOperationException($"The KQL checker failed (exit {exit}): {error}");
            using var document = JsonDocument.Parse(output);
            var result = new Dictionary<string, IReadOnlyList<Diagnostic>>(StringComparer.Ordinal);
            foreach (var item in document.RootElement.EnumerateArray())
            {
                result[item.GetProperty("name").GetString()!] = item.GetProperty("diagnostics")
                    .EnumerateArray()
                    .Select(d => new Diagnostic(
                        d.GetProperty("severity").GetString()!,
                        d.GetProperty("code").GetString()!,
                        d.GetProperty("message").GetString()!,
                        d.GetProperty("line").GetInt32(),
                        d.GetProperty("text").GetString()!
                    ))
                    .ToList();
            }
            return result;
        }

        private static void EnsureInstalled()
        {
            lock (InstallLock)
            {
                if (
                    File.Exists(
                        Path.Combine(
                            CheckerFolder,
                            "node_modules",
                            "@kusto",
                            "language-service-next",
                            "Kusto.Language.Bridge.min.js"
                        )
                    )
                )
                    return;
                var (exit, output, error) = Run("npm", "ci --no-audit --no-fund", null);
                if (exit != 0)
                {
                    throw new InvalidOperationException(
                        $"'npm ci' in {CheckerFolder} failed (exit {exit}); the KQL check needs the npm registry "
                            + $"once to install @kusto/language-service-next.\n{output}\n{error}"
                    );
                }
            }
        }

        private static (int Exit, string Output, string Error) Run(string program, string arguments, string? input)
        {
            var start = new ProcessStartInfo(program, arguments)
            {
                WorkingDirectory = CheckerFolder,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException(
                    $"The KQL check needs '{program}' (Node.js 20) on PATH: {ex.Message}",
                    ex
                );
            }
            using (process)
            {
                var error = process.StandardError.ReadToEndAsync();
                var output = process.StandardOutput.ReadToEndAsync();
                if (input != null)
                    process.StandardInput.Write(input);
                process.StandardInput.Close();
                process.WaitForExit();
                return (process.ExitCode, output.Result, error.Result);
            }
        }
    }
}

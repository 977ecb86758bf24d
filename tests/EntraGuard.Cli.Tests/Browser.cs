using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace EntraGuard.Cli.Tests
{
    /// <summary>Debian's chromium, headless: the DOM a page has after its script ran, and a screenshot.</summary>
    internal static class Browser
    {
        /// <summary>The chromium executable on PATH, or null when none is installed.</summary>
        public static readonly string? Executable = new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name =>
                (Environment.GetEnvironmentVariable("PATH") ?? "")
                    .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                    .Select(folder => Path.Combine(folder, name))
            )
            .FirstOrDefault(File.Exists);

        public const string Missing =
            "chromium is not installed: apt-get install chromium (.ci/run installs it) to test the report in a browser";

        /// <summary>The page's DOM after load, as the browser serializes it.</summary>
        public static string DumpDom(string htmlFile) => Run("--dump-dom", htmlFile);

        /// <summary>A screenshot of the page (1280 wide), written to <paramref name="pngFile"/>.</summary>
        public static void Screenshot(string htmlFile, string pngFile) =>
            Run($"--screenshot={pngFile}", "--window-size=1280,2400", htmlFile);

        private static string Run(params string[] arguments)
        {
            var profile = Directory.CreateTempSubdirectory("eg-chromium-");
            try
            {
                var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException(Missing))
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                // Headless, offline, as root in a container: no sandbox, no GPU, a throw-away profile.
                foreach (
                    var argument in new[]
                    {
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--no-first-run",
                        $"--user-data-dir={profile.FullName}",
                    }.Concat(arguments.Take(arguments.Length - 1))
                )
                {
                    start.ArgumentList.Add(argument);
                }
                start.ArgumentList.Add(new Uri(Path.GetFullPath(arguments[^1])).AbsoluteUri);
                using var process = Process.Start(start)!;
                var error = process.StandardError.ReadToEndAsync();
                var output = process.StandardOutput.ReadToEnd();
                if (!process.WaitForExit(120_000))
                {
                    process.Kill(entireProcessTree: true);
                    throw new TimeoutException("chromium did not finish in 120 s");
                }
                Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {error.Result}");
                return output;
            }
            finally
            {
                profile.Delete(recursive: true);
            }
        }
    }

    /// <summary>A test that needs the browser: skipped, saying how to install it, where there is none.</summary>
    internal sealed class BrowserFactAttribute : FactAttribute
    {
        public BrowserFactAttribute()
        {
            if (Browser.Executable is null)
                Skip = Browser.Missing;
        }
    }
}

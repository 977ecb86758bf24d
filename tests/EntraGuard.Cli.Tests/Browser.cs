using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;

namespace EntraGuard.Cli.Tests
{
    /// <summary>
    /// Debian's chromium, headless, driven over the DevTools protocol (a web socket on loopback; no driver, no
    /// download, so it works offline): load a page, note every console error, uncaught exception and browser log
    /// error (a refused script or resource), read values the page shows, take a screenshot.
    /// </summary>
    internal sealed class Browser : IDisposable
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

        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

        private readonly Process _process;
        private readonly DirectoryInfo _profile;
        private readonly ClientWebSocket _socket = new();
        private readonly StringBuilder _browserOutput = new();
        private readonly List<string> _problems = new();
        private string? _session;
        private int _lastId;
        private bool _loaded;

        /// <summary>Console errors, uncaught exceptions and error log entries of the page so far.</summary>
        public IReadOnlyList<string> Problems => _problems;

        private Browser()
        {
            _profile = Directory.CreateTempSubdirectory("eg-chromium-");
            var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException(Missing))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            // chromium puts its singleton socket in a fresh folder under TMPDIR and leaves it when killed: keep it
            // inside the profile, which Dispose deletes.
            start.Environment["TMPDIR"] = _profile.FullName;
            // Headless, offline, as root in a container: no sandbox, no GPU, a throw-away profile; port 0 lets
            // chromium pick a free port, which it writes to DevToolsActivePort in the profile.
            foreach (
                var argument in new[]
                {
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--remote-debugging-port=0",
                    $"--user-data-dir={_profile.FullName}",
                    "about:blank",
                }
            )
            {
                start.ArgumentList.Add(argument);
            }
            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, line) => Note(line.Data);
            _process.ErrorDataReceived += (_, line) => Note(line.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        private void Note(string? line)
        {
            lock (_browserOutput)
                _browserOutput.AppendLine(line);
        }

        /// <summary>Opens an HTML file in a 1280 px wide page and waits until it has loaded.</summary>
        public static Browser Open(string htmlFile)
        {
            var browser = new Browser();
            try
            {
                browser.Connect();
                browser.Load(new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri);
                return browser;
            }
            catch
            {
                browser.Dispose();
                throw;
            }
        }

        private void Connect()
        {
            var portFile = Path.Combine(_profile.FullName, "DevToolsActivePort");
            var deadline = DateTime.UtcNow + Patience;
            string[] lines;
            while (!File.Exists(portFile) || (lines = File.ReadAllLines(portFile)).Length < 2)
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                    throw new InvalidOperationException($"chromium did not open its DevTools port:\n{Output}");
                Thread.Sleep(100);
            }
            using var timeout = new CancellationTokenSource(Patience);
            _socket
                .ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0]}{lines[1]}"), timeout.Token)
                .GetAwaiter()
                .GetResult();
            var target = Call("Target.createTarget", new JsonObject { ["url"] = "about:blank" });
            var attached = Call(
                "Target.attachToTarget",
                new JsonObject { ["targetId"] = target.GetProperty("targetId").GetString(), ["flatten"] = true }
            );
            _session = attached.GetProperty("sessionId").GetString();
            Call("Runtime.enable");
            Call("Log.enable");
            Call("Page.enable");
            Call(
                "Emulation.setDeviceMetricsOverride",
                new JsonObject
                {
                    ["width"] = 1280,
                    ["height"] = 900,
                    ["deviceScaleFactor"] = 1,
                    ["mobile"] = false,
                }
            );
        }

        private void Load(string url)
        {
            _loaded = false;
            var navigated = Call("Page.navigate", new JsonObject { ["url"] = url });
            if (navigated.TryGetProperty("errorText", out var failed))
                throw new InvalidOperationException($"chromium could not open {url}: {failed.GetString()}");
            using var timeout = new CancellationTokenSource(Patience);
            while (!_loaded)
                Handle(Receive(timeout.Token));
        }

        /// <summary>The value of a JavaScript expression in the page (JSON-serializable values only).</summary>
        public JsonElement Evaluate(string expression)
        {
            var result = Call(
                "Runtime.evaluate",
                new JsonObject { ["expression"] = expression, ["returnByValue"] = true }
            );
            if (result.TryGetProperty("exceptionDetails", out var thrown))
                throw new InvalidOperationException($"{expression} threw: {thrown}");
            return result.GetProperty("result").TryGetProperty("value", out var value) ? value : default;
        }

        /// <summary>A PNG of the whole page (not only the viewport), written to <paramref name="pngFile"/>.</summary>
        public void Screenshot(string pngFile)
        {
            var shot = Call(
                "Page.captureScreenshot",
                new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true }
            );
            File.WriteAllBytes(pngFile, Convert.FromBase64String(shot.GetProperty("data").GetString()!));
        }

        /// <summary>Sends a command (to the page once attached) and returns its result; events that arrive before
        /// the answer are handled on the way.</summary>
        private JsonElement Call(string method, JsonObject? parameters = null)
        {
            var id = ++_lastId;
            var message = new JsonObject
            {
                ["id"] = id,
                ["method"] = method,
                ["params"] = parameters ?? new JsonObject(),
            };
            if (_session != null)
                message["sessionId"] = _session;
            using var timeout = new CancellationTokenSource(Patience);
            var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
            _socket.SendAsync(bytes, WebSocketMessageType.Text, true, timeout.Token).GetAwaiter().GetResult();
            while (true)
            {
                var answer = Receive(timeout.Token);
                if (!answer.TryGetProperty("id", out var answered) || answered.GetInt32() != id)
                {
                    Handle(answer);
                    continue;
                }
                if (answer.TryGetProperty("error", out var error))
                    throw new InvalidOperationException($"{method} failed: {error}");
                return answer.GetProperty("result").Clone();
            }
        }

        private JsonElement Receive(CancellationToken cancellationToken)
        {
            using var message = new MemoryStream();
            var buffer = new byte[64 * 1024];
            WebSocketReceiveResult part;
            do
            {
                try
                {
                    part = _socket.ReceiveAsync(buffer, cancellationToken).GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"chromium did not answer in {Patience.TotalSeconds} s:\n{Output}");
                }
                if (part.MessageType == WebSocketMessageType.Close)
                    throw new InvalidOperationException($"chromium closed the DevTools connection:\n{Output}");
                message.Write(buffer, 0, part.Count);
            } while (!part.EndOfMessage);
            return JsonDocument.Parse(message.ToArray()).RootElement;
        }

        /// <summary>Notes the events a test fails on: console errors, uncaught exceptions, error log entries.</summary>
        private void Handle(JsonElement message)
        {
            if (!message.TryGetProperty("method", out var method))
                return;
            var details = message.TryGetProperty("params", out var p) ? p : default;
            switch (method.GetString())
            {
                case "Page.loadEventFired":
                    _loaded = true;
                    break;
                case "Runtime.consoleAPICalled" when details.GetProperty("type").GetString() is "error" or "assert":
                    _problems.Add(
                        "console: "
                            + string.Join(
                                " ",
                                details
                                    .GetProperty("args")
                                    .EnumerateArray()
                                    .Select(a => a.TryGetProperty("value", out var v) ? v.ToString() : a.ToString())
                            )
                    );
                    break;
                case "Runtime.exceptionThrown":
                    _problems.Add("uncaught: " + details.GetProperty("exceptionDetails"));
                    break;
                case "Log.entryAdded" when details.GetProperty("entry").GetProperty("level").GetString() == "error":
                    _problems.Add("log: " + details.GetProperty("entry").GetProperty("text").GetString());
                    break;
            }
        }

        private string Output
        {
            get
            {
                lock (_browserOutput)
                    return _browserOutput.ToString();
            }
        }

        public void Dispose()
        {
            _socket.Dispose();
            try
            {
                if (!_process.HasExited)
                    _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
            finally
            {
                _process.Dispose();
                // chromium's helpers may still hold the profile for a moment.
                for (var attempt = 0; attempt < 10 && _profile.Exists; attempt++)
                {
                    try
                    {
                        _profile.Delete(recursive: true);
                    }
                    catch (IOException)
                    {
                        Thread.Sleep(200);
                    }
                    _profile.Refresh();
                }
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

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using EntraGuard.Ingest;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Serialization.Json;

namespace EntraGuard.Bench
{
    /// <summary>The read paths compared, each over the same file of Graph pages (one page a line).</summary>
    internal static class Phases
    {
        /// <summary>
        /// The practical limit: a bare Utf8JsonReader walking every token of the file through a 256 KiB buffer,
        /// building nothing. Returns the records it passed (objects opened at record depth).
        /// </summary>
        public static long ReaderFloor(string path)
        {
            var buffer = new byte[256 * 1024];
            using var file = new FileStream(
                path,
                FileMode.Open,
                FileAccess.Read,
                FileShare.Read,
                1,
                FileOptions.SequentialScan
            );
            var state = new JsonReaderState();
            int start = 0,
                end = 0;
            long records = 0;
            var eof = false;
            var needData = true;
            while (true)
            {
                if (needData)
                {
                    if (eof)
                        return records;
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                    var read = file.Read(buffer, end, buffer.Length - end);
                    eof = read == 0;
                    end += read;
                }
                // Pages are separate top-level values, one a line: each is walked from a fresh state.
                while (start < end && buffer[start] is (byte)'\n' or (byte)' ')
                    start++;
                var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(buffer, start, end - start), false, state);
                var pageEnded = false;
                while (reader.Read())
                {
                    if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 2)
                        records++;
                    else if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0)
                    {
                        pageEnded = true;
                        break;
                    }
                }
                start += (int)reader.BytesConsumed;
                state = pageEnded ? new JsonReaderState() : reader.CurrentState;
                needData = !pageEnded;
            }
        }

        /// <summary>EntraGuard's reader, building every AuditEvent.</summary>
        public static long Read(string path)
        {
            long events = 0;
            foreach (var _ in AuditEventReader.ReadPaths(new[] { path }))
                events++;
            return events;
        }

        /// <summary>EntraGuard's sign-in reader, building every SignInEvent.</summary>
        public static long ReadSignIns(string path)
        {
            long events = 0;
            foreach (var _ in SignInEventReader.ReadPaths(new[] { path }))
                events++;
            return events;
        }

        /// <summary>
        /// Read plus the whole rule catalog (EG0001's history lookups included), one reader, as `entraguard scan
        /// --max-parallelism 1` and Get-EntraRiskEvent -Path -ThrottleLimit 1 read: every record checked, only those
        /// some rule watches kept whole. Returns the events scanned.
        /// </summary>
        public static long Scan(string path, Detection.DetectionEngine engine, Detection.ScanOptions options) =>
            ScanFiles(new[] { path }, engine, options, readers: 1);

        /// <summary>
        /// The scan of many files as `entraguard scan` runs it: <paramref name="readers"/> files (or parts) read at
        /// once, each reader into rule state of its own, merged at the end. Returns the events scanned.
        /// </summary>
        public static long ScanFiles(
            IReadOnlyList<string> files,
            Detection.DetectionEngine engine,
            Detection.ScanOptions options,
            int readers
        )
        {
            var session = engine.BeginScan(options);
            session.AddFiles(files, new Detection.FileScanOptions { MaxParallelism = readers });
            return session.Complete().EventsSeen;
        }

        /// <summary>
        /// The live heap a one-reader scan of <paramref name="files"/> holds once every file is read and before it
        /// completes (the rule state stateful rules keep to the end), beyond what was live before it began.
        /// </summary>
        public static long HeldByScan(
            IReadOnlyList<string> files,
            Detection.DetectionEngine engine,
            Detection.ScanOptions options
        )
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var session = engine.BeginScan(options);
            session.AddFiles(files, new Detection.FileScanOptions { MaxParallelism = 1 });
            var held = GC.GetTotalMemory(forceFullCollection: true) - before;
            GC.KeepAlive(session.Complete());
            return held;
        }

        /// <summary>
        /// The whole `entraguard scan` process (start-up and JIT included) over the file, output discarded; returns
        /// the events of the file, <paramref name="events"/>, as the process does not report them.
        /// </summary>
        public static long CliScan(string cli, string path, string settings, long events)
        {
            var start = new ProcessStartInfo(cli) { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { "scan", path, "--settings", settings })
                start.ArgumentList.Add(argument);
            using var process = System.Diagnostics.Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"entraguard scan: exit {process.ExitCode}");
            return events;
        }

        /// <summary>
        /// What a Graph SDK user pays: Kiota's JSON parse node building the typed DirectoryAuditCollectionResponse for
        /// each page, at most <paramref name="maxEvents"/> events (it is slow enough to bound the run).
        /// </summary>
        public static long KiotaTyped(string path, long maxEvents)
        {
            var factory = new JsonParseNodeFactory();
            long events = 0;
            foreach (var page in Pages(path))
            {
                using var stream = new MemoryStream(page, writable: false);
                var node = factory.GetRootParseNodeAsync("application/json", stream).GetAwaiter().GetResult();
                var response = node.GetObjectValue(DirectoryAuditCollectionResponse.CreateFromDiscriminatorValue);
                events += response?.Value?.Count ?? 0;
                if (events >= maxEvents)
                    break;
            }
            return events;
        }

        /// <summary>The bytes of the pages holding the first <paramref name="maxEvents"/> events (for rate
        /// arithmetic).</summary>
        public static long BytesOfPages(string path, long maxEvents, int pageSize)
        {
            long bytes = 0,
                events = 0;
            foreach (var page in Pages(path))
            {
                bytes += page.Length + 1;
                events += pageSize;
                if (events >= maxEvents)
                    break;
            }
            return bytes;
        }

        private static IEnumerable<byte[]> Pages(string path)
        {
            using var file = File.OpenRead(path);
            var line = new MemoryStream();
            var chunk = new byte[1 << 16];
            int read;
            while ((read = file.Read(chunk, 0, chunk.Length)) > 0)
            {
                var offset = 0;
                while (offset < read)
                {
                    var newline = Array.IndexOf(chunk, (byte)'\n', offset, read - offset);
                    if (newline < 0)
                    {
                        line.Write(chunk, offset, read - offset);
                        break;
                    }
                    line.Write(chunk, offset, newline - offset);
                    if (line.Length > 0)
                        yield return line.ToArray();
                    line.SetLength(0);
                    offset = newline + 1;
                }
            }
            if (line.Length > 0)
                yield return line.ToArray();
        }
    }
}

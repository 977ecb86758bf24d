using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace EntraGuard.Ingest
{
    /// <summary>
    /// Reads audit events from files, folders and streams as one lazy stream. Format (Graph JSON, diagnostic
    /// records, JSON lines, gzip, UTF-8 or UTF-16) is told from content, never from file names.
    /// </summary>
    public static class AuditEventReader
    {
        /// <summary>
        /// Streams the events of every file named, and of every JSON file below every folder named (in a stable
        /// order). Order of events is not guaranteed: nothing downstream may depend on it.
        /// </summary>
        public static IEnumerable<AuditEvent> ReadPaths(
            IEnumerable<string> paths,
            AuditReadOptions? options = null,
            ReadStatistics? statistics = null,
            CancellationToken cancellationToken = default
        )
        {
            options ??= new AuditReadOptions();
            statistics ??= new ReadStatistics();
            var pool = new StringPool();
            return ReadFiles(
                paths,
                statistics,
                cancellationToken,
                (decoded, file) => ReadDecoded(decoded, file, options, statistics, pool, cancellationToken)
            );
        }

        /// <summary>
        /// The audit events and sign-ins of every file named, and of every JSON file below every folder named, in one
        /// pass: each an <see cref="AuditEvent"/> or a <see cref="SignInEvent"/>, each log's events counted in its own
        /// statistics (the files and what was set aside in <paramref name="audits"/>).
        /// </summary>
        internal static IEnumerable<object> ReadBothLogs(
            IEnumerable<string> paths,
            AuditReadOptions options,
            ReadStatistics audits,
            ReadStatistics signIns,
            CancellationToken cancellationToken
        )
        {
            var pool = new StringPool();
            return ReadFiles(
                paths,
                audits,
                cancellationToken,
                (decoded, file) =>
                    Drain(
                        () => new AuditJsonParser(decoded, file, options, audits, signIns, pool),
                        parser => parser.NextOfEitherLog(),
                        cancellationToken,
                        null
                    )
            );
        }

        /// <summary>
        /// The records of every file behind the paths, each file opened, decoded (gzip, UTF-16) and read by
        /// <paramref name="read"/>: the file handling every log's reader shares.
        /// </summary>
        internal static IEnumerable<T> ReadFiles<T>(
            IEnumerable<string> paths,
            ReadStatistics statistics,
            CancellationToken cancellationToken,
            Func<Stream, string, IEnumerable<T>> read
        )
        {
            foreach (var (file, explicitlyNamed) in ExpandPaths(paths))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var stream = OpenFile(file);
                using var decoded = Decode(stream);
                if (!explicitlyNamed && !LooksLikeJson(decoded))
                {
                    statistics.AddIgnoredFile(file);
                    continue;
                }
                statistics.AddFile(file);
                foreach (var record in read(decoded, file))
                    yield return record;
            }
        }

        /// <summary>Streams the events in one stream (a response body, stdin, an open file).</summary>
        /// <remarks>
        /// <c>onNextLink</c>, when given, is called once the stream has been read to its end with the last
        /// <c>@odata.nextLink</c> it held (a Graph page's link to the rest of the data); it is not called when the
        /// stream held none. The reader itself follows no link.
        /// </remarks>
        public static IEnumerable<AuditEvent> ReadStream(
            Stream stream,
            string sourceName,
            AuditReadOptions? options = null,
            ReadStatistics? statistics = null,
            CancellationToken cancellationToken = default,
            Action<string>? onNextLink = null
        )
        {
            if (stream is null)
                throw new ArgumentNullException(nameof(stream));
            return ReadDecoded(
                Decode(stream),
                sourceName,
                options ?? new AuditReadOptions(),
                statistics ?? new ReadStatistics(),
                new StringPool(),
                cancellationToken,
                onNextLink
            );
        }

        private static IEnumerable<AuditEvent> ReadDecoded(
            Stream decoded,
            string source,
            AuditReadOptions options,
            ReadStatistics statistics,
            StringPool pool,
            CancellationToken cancellationToken,
            Action<string>? onNextLink = null
        ) =>
            Drain(
                () => new AuditJsonParser(decoded, source, options, statistics, pool),
                parser => parser.Next(),
                cancellationToken,
                onNextLink
            );

        /// <summary>
        /// Hands on every record <paramref name="next"/> takes from the parser (audit events or sign-ins), then the
        /// page's nextLink once the stream is read to its end. The parser is made when enumeration starts.
        /// </summary>
        internal static IEnumerable<T> Drain<T>(
            Func<AuditJsonParser> createParser,
            Func<AuditJsonParser, T?> next,
            CancellationToken cancellationToken,
            Action<string>? onNextLink
        )
            where T : class
        {
            var parser = createParser();
            try
            {
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var item = next(parser);
                    if (item is null)
                        break;
                    yield return item;
                }
            }
            finally
            {
                parser.CountEvents(); // also when the consumer stops early or the read fails
            }
            if (onNextLink != null && parser.NextLink != null)
                onNextLink(parser.NextLink);
        }

        /// <summary>
        /// The files behind the paths given, each with whether it was named itself (else found in a folder): a file as
        /// itself, a folder as its files, recursively, in ordinal order. A path that does not exist is an error that
        /// names it.
        /// </summary>
        internal static IEnumerable<(string File, bool ExplicitlyNamed)> ExpandPaths(IEnumerable<string> paths)
        {
            if (paths is null)
                throw new ArgumentNullException(nameof(paths));
            var result = new List<(string, bool)>();
            foreach (var path in paths)
            {
                if (File.Exists(path))
                    result.Add((path, true));
                else if (Directory.Exists(path))
                {
                    var files = Directory
                        .EnumerateFiles(path, "*", SearchOption.AllDirectories)
                        .Where(f => !Path.GetFileName(f).StartsWith(".", StringComparison.Ordinal))
                        .OrderBy(f => f, StringComparer.Ordinal);
                    result.AddRange(files.Select(f => (f, false)));
                }
                else
                    throw new FileNotFoundException($"Cannot find '{path}': no such file or folder.", path);
            }
            return result;
        }

        internal static FileStream OpenFile(string path)
        {
            try
            {
                return new FileStream(
                    path,
                    FileMode.Open,
                    FileAccess.Read,
                    FileShare.ReadWrite | FileShare.Delete,
                    4096,
                    FileOptions.SequentialScan
                );
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new IOException($"Cannot read '{path}': {ex.Message}", ex);
            }
        }

        /// <summary>Undoes gzip and UTF-16, so the parser always sees UTF-8.</summary>
        internal static PeekableStream Decode(Stream stream)
        {
            var peek = new PeekableStream(stream);
            var head = peek.Peek(2);
            if (head.Length == 2 && head[0] == 0x1F && head[1] == 0x8B)
            {
                return Decode(new CheckedGzipStream(peek));
            }
            if (head.Length == 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)))
            {
                // Windows PowerShell 5.1 writes UTF-16 by default (Out-File, >).
                return new PeekableStream(
                    new Utf16ToUtf8Stream(
                        new StreamReader(peek, Encoding.Unicode, detectEncodingFromByteOrderMarks: true)
                    )
                );
            }
            return peek;
        }

        /// <summary>Whether a file found in a folder holds JSON (its first non-blank byte opens an object or
        /// array).</summary>
        internal static bool LooksLikeJson(PeekableStream decoded)
        {
            var head = decoded.Peek(64);
            foreach (var b in head)
            {
                if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF)
                    continue;
                return b is (byte)'{' or (byte)'[';
            }
            return head.Length == 0; // an empty file is harmless: read it (it yields nothing)
        }
    }
}

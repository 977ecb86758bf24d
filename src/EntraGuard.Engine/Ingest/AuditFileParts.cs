using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace EntraGuard.Ingest
{
    /// <summary>
    /// A piece of audit input that reads on its own: a whole file, or a byte range of a large uncompressed one that
    /// starts and ends between two top-level values (records of JSON lines, pages of Graph JSON one a line).
    /// </summary>
    internal sealed class AuditFilePart
    {
        public AuditFilePart(string file, long start, long end)
        {
            File = file;
            Start = start;
            End = end;
        }

        public string File { get; }

        /// <summary>The first byte (0 for a whole file).</summary>
        public long Start { get; }

        /// <summary>The byte after the last; -1 for "to the end" (a whole file, which may be gzip or UTF-16).</summary>
        public long End { get; }

        public bool IsWhole => Start == 0 && End < 0;
    }

    /// <summary>
    /// Cuts audit files into parts that separate readers can take at the same time, and reads one part. A file is cut
    /// only where a top-level object ends a line and the next line opens one: in valid JSON a newline never sits
    /// inside a string and two values inside an array or object are always parted by a comma, so there and only
    /// there the text between is whole top-level values, whatever shape (JSON lines, pages, diagnostic blobs).
    /// </summary>
    internal static class AuditFileParts
    {
        /// <summary>Files larger than this are cut into parts of about this size.</summary>
        public const long DefaultPartBytes = 8L * 1024 * 1024;

        // How far past a planned cut to look for a place to cut: a Graph page of 999 records on one line runs 1-4 MB.
        // A file with no place that near stays in one piece from there on (a pretty-printed document, longer lines),
        // which costs parallelism, never correctness; its later planned cuts are not looked for, each of which would
        // read this much in vain before any reader starts.
        private const int SearchBytes = 4 * 1024 * 1024;

        // Read at a time while looking: in JSON lines (Azure Monitor's blobs) the place is a line away, and only files
        // of a Graph page a line need most of the search.
        private const int LookBytes = 64 * 1024;

        /// <summary>
        /// The parts of the files behind <paramref name="paths"/> (folders expanded as a sequential read expands them;
        /// a file found in a folder that holds no JSON is counted as ignored). Files are added to
        /// <paramref name="statistics"/> as a sequential read adds them. A file that cannot be opened goes to
        /// <paramref name="onFileError"/>, or is thrown when that is null.
        /// </summary>
        public static List<AuditFilePart> Plan(
            IEnumerable<string> paths,
            ReadStatistics statistics,
            long partBytes,
            Action<string, Exception>? onFileError,
            CancellationToken cancellationToken
        )
        {
            var parts = new List<AuditFilePart>();
            // Where to look for cuts, one for all files: a large-object array per file had the collector sweep the
            // whole heap several times in a scan of a month of exports.
            byte[]? window = null;
            foreach (var path in paths)
            {
                try
                {
                    foreach (var (file, explicitlyNamed) in AuditEventReader.ExpandPaths(new[] { path }))
                    {
                        AddFile(
                            parts,
                            file,
                            explicitlyNamed,
                            statistics,
                            partBytes,
                            ref window,
                            onFileError,
                            cancellationToken
                        );
                    }
                }
                catch (IOException ex) when (onFileError != null)
                {
                    onFileError(path, ex);
                }
            }
            return parts;
        }

        private static void AddFile(
            List<AuditFilePart> parts,
            string file,
            bool explicitlyNamed,
            ReadStatistics statistics,
            long partBytes,
            ref byte[]? window,
            Action<string, Exception>? onFileError,
            CancellationToken cancellationToken
        )
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                using var stream = AuditEventReader.OpenFile(file);
                var plain = IsPlainUtf8(stream);
                stream.Position = 0;
                using var decoded = AuditEventReader.Decode(stream);
                if (!explicitlyNamed && !AuditEventReader.LooksLikeJson(decoded))
                {
                    statistics.AddIgnoredFile(file);
                    return;
                }
                statistics.AddFile(file);
                if (plain && stream.Length > partBytes)
                    AddCuts(parts, file, stream, partBytes, window ??= new byte[SearchBytes]);
                else
                    parts.Add(new AuditFilePart(file, 0, -1));
            }
            catch (IOException ex) when (onFileError != null)
            {
                onFileError(file, ex);
            }
        }

        /// <summary>The events of one part, positions in errors counted from the start of its file.</summary>
        public static IEnumerable<AuditEvent> Read(
            AuditFilePart part,
            AuditReadOptions options,
            ReadStatistics statistics,
            StringPool pool,
            ParseBuffer buffer,
            CancellationToken cancellationToken
        )
        {
            using var stream = AuditEventReader.OpenFile(part.File);
            if (part.IsWhole)
            {
                using var decoded = AuditEventReader.Decode(stream);
                var whole = new AuditJsonParser(decoded, part.File, options, statistics, pool, buffer: buffer);
                foreach (var auditEvent in Parse(whole, cancellationToken))
                    yield return auditEvent;
                yield break;
            }
            stream.Position = part.Start;
            var length = (part.End < 0 ? stream.Length : part.End) - part.Start;
            var parser = new AuditJsonParser(
                new RangeStream(stream, length),
                part.File,
                options,
                statistics,
                pool,
                buffer: buffer
            );
            if (part.Start > 0)
                parser.StartAt(part.Start, () => CountBefore(part));
            foreach (var auditEvent in Parse(parser, cancellationToken))
                yield return auditEvent;
        }

        private static IEnumerable<AuditEvent> Parse(AuditJsonParser parser, CancellationToken cancellationToken)
        {
            try
            {
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (parser.Next() is not { } auditEvent)
                        yield break;
                    yield return auditEvent;
                }
            }
            finally
            {
                parser.CountEvents();
            }
        }

        /// <summary>
        /// The lines and records of the file before a part, for an error inside it to be numbered as a sequential read
        /// numbers it: the bytes before are read again, only when there is an error to report.
        /// </summary>
        private static (long Lines, long Records) CountBefore(AuditFilePart part)
        {
            using var stream = AuditEventReader.OpenFile(part.File);
            var lines = 0L;
            var buffer = new byte[64 * 1024];
            for (var left = part.Start; left > 0; )
            {
                var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (read == 0)
                    break;
                lines += Newlines(new ReadOnlySpan<byte>(buffer, 0, read));
                left -= read;
            }
            stream.Position = 0;
            var options = new AuditReadOptions { SkipInvalid = true, KeepRecord = (_, _) => false };
            var parser = new AuditJsonParser(
                new RangeStream(stream, part.Start),
                part.File,
                options,
                new ReadStatistics(),
                new StringPool()
            );
            while (parser.Next() != null) { }
            return (lines, parser.RecordsRead);
        }

        private static long Newlines(ReadOnlySpan<byte> bytes)
        {
            long count = 0;
            for (var at = bytes.IndexOf((byte)'\n'); at >= 0; at = bytes.IndexOf((byte)'\n'))
            {
                count++;
                bytes = bytes.Slice(at + 1);
            }
            return count;
        }

        /// <summary>Neither gzip nor UTF-16: the file's bytes are the JSON's, so it can be cut by offset.</summary>
        private static bool IsPlainUtf8(FileStream stream)
        {
            var head = new byte[2];
            var read = stream.Read(head, 0, 2);
            if (read < 2)
                return true;
            var gzip = head[0] == 0x1F && head[1] == 0x8B;
            var utf16 = (head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF);
            return !gzip && !utf16;
        }

        private static void AddCuts(
            List<AuditFilePart> parts,
            string file,
            FileStream stream,
            long partBytes,
            byte[] window
        )
        {
            var length = stream.Length;
            var pieces = (int)Math.Min(int.MaxValue, (length + partBytes - 1) / partBytes);
            var start = 0L;
            for (var k = 1; k < pieces; k++)
            {
                var planned = length * k / pieces;
                if (planned <= start)
                    continue;
                var cut = CutAfter(stream, planned, window);
                if (cut < 0)
                    break;
                parts.Add(new AuditFilePart(file, start, planned + cut));
                start = planned + cut;
            }
            parts.Add(new AuditFilePart(file, start, length));
        }

        /// <summary>The offset from <paramref name="planned"/> of the first place after it to cut the file, looking
        /// at most <see cref="SearchBytes"/> ahead (in <paramref name="window"/>); -1 when there is none that
        /// near.</summary>
        private static int CutAfter(FileStream stream, long planned, byte[] window)
        {
            stream.Position = planned;
            int filled = 0,
                from = 0;
            while (filled < window.Length)
            {
                var read = stream.Read(window, filled, Math.Min(LookBytes, window.Length - filled));
                if (read == 0)
                    return -1;
                filled += read;
                var cut = FindCut(new ReadOnlySpan<byte>(window, 0, filled), ref from);
                if (cut >= 0)
                    return cut;
            }
            return -1;
        }

        /// <summary>
        /// The offset just after the first newline in <paramref name="bytes"/> that a top-level object ends before
        /// (white space aside) and another opens after; -1 when there is none in these bytes. The search starts at
        /// <paramref name="from"/> and leaves it where to go on once more bytes follow these (at a newline whose
        /// next value they do not reach, or past their end).
        /// </summary>
        internal static int FindCut(ReadOnlySpan<byte> bytes, ref int from)
        {
            var next = bytes.Slice(from).IndexOf((byte)'\n');
            for (var newline = next < 0 ? -1 : from + next; newline >= 0; )
            {
                var before = newline - 1;
                while (before >= 0 && IsWhiteSpace(bytes[before]))
                    before--;
                var after = newline + 1;
                while (after < bytes.Length && IsWhiteSpace(bytes[after]))
                    after++;
                if (after == bytes.Length)
                {
                    from = newline;
                    return -1;
                }
                if (before >= 0 && bytes[before] == (byte)'}' && bytes[after] == (byte)'{')
                    return newline + 1;
                next = bytes.Slice(newline + 1).IndexOf((byte)'\n');
                newline = next < 0 ? -1 : newline + 1 + next;
            }
            from = bytes.Length;
            return -1;
        }

        private static bool IsWhiteSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

        /// <summary>The next <c>length</c> bytes of a stream, as a stream of their own.</summary>
        private sealed class RangeStream : ForwardReadStream
        {
            private readonly Stream _inner;
            private long _left;

            public RangeStream(Stream inner, long length)
            {
                _inner = inner;
                _left = length;
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (_left <= 0)
                    return 0;
                var read = _inner.Read(buffer, offset, (int)Math.Min(count, _left));
                _left -= read;
                return read;
            }
        }
    }
}

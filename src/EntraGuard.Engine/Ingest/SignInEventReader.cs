using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace EntraGuard.Ingest
{
    /// <summary>
    /// Reads sign-ins from files, folders and streams as one lazy stream, with the audit reader's machinery: the same
    /// shapes (Graph pages, diagnostic records, JSON lines, gzip, UTF-16), limits and errors. Audit records and
    /// diagnostic records of other categories met on the way are counted in <see
    /// cref="ReadStatistics.OtherCategories"/>
    /// and skipped, so one set of paths can hold both logs.
    /// </summary>
    public static class SignInEventReader
    {
        /// <summary>Streams the sign-ins of every file named, and of every JSON file below every folder
        /// named.</summary>
        public static IEnumerable<SignInEvent> ReadPaths(
            IEnumerable<string> paths,
            AuditReadOptions? options = null,
            ReadStatistics? statistics = null,
            CancellationToken cancellationToken = default
        )
        {
            options ??= new AuditReadOptions();
            statistics ??= new ReadStatistics();
            var pool = new StringPool();
            return AuditEventReader.ReadFiles(
                paths,
                statistics,
                cancellationToken,
                (decoded, file) => ReadDecoded(decoded, file, options, statistics, pool, cancellationToken)
            );
        }

        /// <summary>
        /// Streams the sign-ins in one stream (a response body, stdin, an open file). <paramref name="onNextLink"/>,
        /// when given, hears the page's <c>@odata.nextLink</c> once the stream has been read to its end.
        /// </summary>
        public static IEnumerable<SignInEvent> ReadStream(
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
                AuditEventReader.Decode(stream),
                sourceName,
                options ?? new AuditReadOptions(),
                statistics ?? new ReadStatistics(),
                new StringPool(),
                cancellationToken,
                onNextLink
            );
        }

        private static IEnumerable<SignInEvent> ReadDecoded(
            Stream decoded,
            string source,
            AuditReadOptions options,
            ReadStatistics statistics,
            StringPool pool,
            CancellationToken cancellationToken,
            Action<string>? onNextLink = null
        ) =>
            AuditEventReader.Drain(
                () => new AuditJsonParser(decoded, source, options, statistics, pool, RecordStream.SignIn),
                parser => parser.NextSignIn(),
                cancellationToken,
                onNextLink
            );
    }
}

using System;

namespace EntraGuard.Ingest
{
    /// <summary>Bad audit input: names the source, the record and the position so the admin can find it.</summary>
    public sealed class AuditDataException : Exception
    {
        public AuditDataException(
            string source,
            long recordNumber,
            long line,
            long column,
            long byteOffset,
            string problem,
            Exception? inner = null
        )
            : base(Format(source, recordNumber, line, column, byteOffset, problem), inner)
        {
            SourceName = source;
            RecordNumber = recordNumber;
            Line = line;
            Column = column;
            ByteOffset = byteOffset;
            Problem = problem;
        }

        /// <summary>The file (or <c>graph</c>) the bad data came from.</summary>
        public string SourceName { get; }

        /// <summary>1-based number of the record within the source; 0 when the problem is before the first
        /// record.</summary>
        public long RecordNumber { get; }

        /// <summary>1-based line of the problem.</summary>
        public long Line { get; }

        /// <summary>1-based byte position within that line.</summary>
        public long Column { get; }

        /// <summary>0-based byte offset from the start of the (decompressed) source.</summary>
        public long ByteOffset { get; }

        /// <summary>What is wrong, without the location.</summary>
        public string Problem { get; }

        // File names and problems may carry input: each message stays one line.
        private static string Format(string source, long record, long line, long column, long offset, string problem)
        {
            var where =
                record > 0
                    ? $"record {record} (line {line}, byte {column}; offset {offset})"
                    : $"line {line}, byte {column} (offset {offset})";
            return $"{InputText.OneLine(source)}: {where}: {InputText.OneLine(problem)}";
        }
    }
}

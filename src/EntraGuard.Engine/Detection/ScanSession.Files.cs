using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Ingest;

namespace EntraGuard.Detection
{
    /// <summary>How <see cref="ScanSession.AddFiles"/> reads audit files.</summary>
    public sealed class FileScanOptions
    {
        /// <summary>Skip records that cannot be read (counting each) instead of stopping at the first.</summary>
        public bool SkipInvalid { get; init; }

        /// <summary>Readers at work at once; 0 (the default) for one a processor, 1 for a sequential read.</summary>
        public int MaxParallelism { get; init; }

        /// <summary>Fills as files are read (files read and ignored, records skipped or set aside).</summary>
        public ReadStatistics Statistics { get; init; } = new();

        /// <summary>When given, every event read is added to it (for the host's coverage checks).</summary>
        public AuditCoverage? Coverage { get; init; }

        /// <summary>
        /// When given, a file that cannot be read (bad data, I/O) is reported here, on the calling thread once the
        /// read is over, and the other files are still read; the events read from that file before the problem
        /// count (of a large file read in parts, those of its other parts too). When null, the first problem stops
        /// the read and is thrown.
        /// </summary>
        public Action<string, Exception>? OnFileError { get; init; }

        /// <summary>Uncompressed files larger than this are read in parts of about this size.</summary>
        internal long PartBytes { get; init; } = AuditFileParts.DefaultPartBytes;

        internal int Readers => MaxParallelism > 0 ? MaxParallelism : Environment.ProcessorCount;
    }

    public sealed partial class ScanSession
    {
        /// <summary>
        /// Reads the audit files and folders named and adds their events, with up to
        /// <see cref="FileScanOptions.MaxParallelism"/> readers at once: files, and parts of large uncompressed files
        /// cut between records, go to whichever reader is free, each reader into rule state of its own, merged into
        /// this session at the end. No rule depends on the order events arrive in, so the findings are those of a
        /// sequential read. Records are kept whole only when some rule looks into their activity.
        /// </summary>
        /// <exception cref="AuditDataException">A file holds bad data (without OnFileError).</exception>
        /// <exception cref="IOException">A file cannot be read (without OnFileError).</exception>
        public void AddFiles(
            IEnumerable<string> paths,
            FileScanOptions? options = null,
            CancellationToken cancellationToken = default
        )
        {
            if (_completed)
                throw new InvalidOperationException("The scan is already complete.");
            options ??= new FileScanOptions();
            if (options.MaxParallelism < 0)
                throw new ArgumentOutOfRangeException(nameof(options), "MaxParallelism must be 0 or more.");
            var parts = AuditFileParts.Plan(
                paths,
                options.Statistics,
                options.Readers > 1 ? options.PartBytes : long.MaxValue,
                options.OnFileError,
                cancellationToken
            );
            var readers = Math.Max(1, Math.Min(options.Readers, parts.Count));
            var sessions = new ScanSession[readers];
            var coverages = new AuditCoverage?[readers];
            sessions[0] = this;
            coverages[0] = options.Coverage;
            for (var i = 1; i < readers; i++)
            {
                sessions[i] = new ScanSession(_engine, _options, _findings);
                coverages[i] = options.Coverage is null ? null : new AuditCoverage();
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var next = -1;
            var failures = new List<(int Part, Exception Error)>();
            void Read(int reader)
            {
                var session = sessions[reader];
                var coverage = coverages[reader];
                var readOptions = new AuditReadOptions
                {
                    SkipInvalid = options.SkipInvalid,
                    KeepRecord = _engine.ActivityFilter(),
                    NotesPropertyNames = _engine.AsksModifiedPropertyNames(),
                    // A session is done with each event (its rules keep evidence, not events) when Add returns.
                    LendsKeptRecords = true,
                    OnRefused = (time, source) =>
                    {
                        coverage?.Add(time, source);
                        session.AddRefused(time);
                    },
                };
                var pool = new StringPool();
                var buffer = new ParseBuffer();
                int index;
                while ((index = Interlocked.Increment(ref next)) < parts.Count)
                {
                    try
                    {
                        foreach (
                            var auditEvent in AuditFileParts.Read(
                                parts[index],
                                readOptions,
                                options.Statistics,
                                pool,
                                buffer,
                                stop.Token
                            )
                        )
                        {
                            coverage?.Add(auditEvent);
                            session.Add(auditEvent);
                        }
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception ex)
                    {
                        lock (failures)
                            failures.Add((index, ex));
                        if (options.OnFileError is null || ex is not (AuditDataException or IOException))
                        {
                            stop.Cancel();
                            return;
                        }
                    }
                }
            }

            var others = Enumerable
                .Range(1, readers - 1)
                .Select(reader =>
                    Task.Factory.StartNew(
                        () => Read(reader),
                        CancellationToken.None,
                        TaskCreationOptions.LongRunning,
                        TaskScheduler.Default
                    )
                )
                .ToArray();
            Read(0);
            Task.WaitAll(others);

            cancellationToken.ThrowIfCancellationRequested();
            failures.Sort((a, b) => a.Part.CompareTo(b.Part));
            // Any failure but a file's own goes out as it is; so does a file's when nobody takes them: the first.
            var fatal = failures.FirstOrDefault(f =>
                options.OnFileError is null || f.Error is not (AuditDataException or IOException)
            );
            if (fatal.Error != null)
                ExceptionDispatchInfo.Capture(fatal.Error).Throw();
            for (var i = 1; i < readers; i++)
            {
                Merge(sessions[i]);
                options.Coverage?.Merge(coverages[i]!);
            }
            foreach (var (part, error) in failures)
                options.OnFileError!(parts[part].File, error);
        }

        /// <summary>Takes in the events and rule state of another part of this scan (a reader of AddFiles).</summary>
        private void Merge(ScanSession part)
        {
            _events += part._events;
            _historyEvents += part._historyEvents;
            if (part._minTicks < _minTicks)
            {
                _minTicks = part._minTicks;
                _first = part._first;
            }
            if (part._maxTicks > _maxTicks)
            {
                _maxTicks = part._maxTicks;
                _last = part._last;
            }
            for (var i = 0; i < _evaluators.Length; i++)
                _evaluators[i].Merge(part._evaluators[i]);
        }
    }
}

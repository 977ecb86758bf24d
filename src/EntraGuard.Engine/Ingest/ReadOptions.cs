using System;
using System.Collections.Generic;
using System.Threading;

namespace EntraGuard.Ingest
{
    /// <summary>Whether a record is kept whole: its activity display name and the record (its raw JSON, and what
    /// the reader noted of it).</summary>
    public delegate bool RecordFilter(string activityDisplayName, RecordView record);

    /// <summary>How audit input is read.</summary>
    public sealed class AuditReadOptions
    {
        /// <summary>Skip records that cannot be read (counting each) instead of stopping at the first.</summary>
        public bool SkipInvalid { get; init; }

        /// <summary>
        /// Which events keep their whole record, by activity display name and record; null keeps every one. Every
        /// record is still read and checked, but an event that fails the test carries only its time and activity, and
        /// asking it for anything else throws. For a reader whose consumer looks no further, such as a scan no rule of
        /// which can match the record (<see cref="Detection.DetectionEngine.ActivityFilter"/>): copying out every
        /// record only to drop it was most of what such a scan spent beyond walking the JSON.
        /// </summary>
        public RecordFilter? KeepRecord { get; init; }

        /// <summary>
        /// When given, an event <see cref="KeepRecord"/> refuses is not yielded but handed here, by its time and
        /// source: for a scan, which only counts and dates such events, making an object of each was a quarter of
        /// what reading allocated.
        /// </summary>
        internal Action<DateTimeOffset, string>? OnRefused { get; init; }

        /// <summary>
        /// When given, the modified property names <see cref="KeepRecord"/>'s view lists are noted only for records
        /// whose activity this says the filter asks about: walking each target's properties for them cost a scan
        /// more than stepping over them. The others list every name as possible, so nothing is refused for them.
        /// </summary>
        internal Func<string, bool>? NotesPropertyNames { get; init; }

        /// <summary>
        /// Whether an event whose record <see cref="KeepRecord"/> keeps reads it from the reader's buffer instead of a
        /// copy, and only until the next event is read (later, asking it for more than its time and activity throws):
        /// for a consumer done with each event before it asks for the next, such as a scan's session. Copying the
        /// kept records was most of what a scan allocated.
        /// </summary>
        internal bool LendsKeptRecords { get; init; }
    }

    /// <summary>
    /// What a read saw besides the events it yielded, so that nothing is dropped silently: invalid records skipped,
    /// diagnostic records of other categories, files in folders that held no JSON.
    /// Updated while reading; safe to read once the enumeration has finished.
    /// </summary>
    public sealed class ReadStatistics
    {
        private const int MessageLimit = 100;
        private readonly object _gate = new();
        private readonly Dictionary<string, long> _otherCategories = new(System.StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _invalidMessages = new();
        private readonly List<string> _ignoredFiles = new();
        private readonly List<string> _files = new();
        private long _events;
        private long _invalid;

        public long Events => Interlocked.Read(ref _events);
        public long InvalidRecords => Interlocked.Read(ref _invalid);

        /// <summary>The first messages for skipped invalid records (at most 100).</summary>
        public IReadOnlyList<string> InvalidRecordMessages
        {
            get
            {
                lock (_gate)
                    return _invalidMessages.ToArray();
            }
        }

        /// <summary>Diagnostic records skipped because their category is not AuditLogs, by category.</summary>
        public IReadOnlyDictionary<string, long> OtherCategories
        {
            get
            {
                lock (_gate)
                    return new Dictionary<string, long>(_otherCategories, System.StringComparer.OrdinalIgnoreCase);
            }
        }

        public long OtherCategoryRecords
        {
            get
            {
                lock (_gate)
                {
                    long sum = 0;
                    foreach (var n in _otherCategories.Values)
                        sum += n;
                    return sum;
                }
            }
        }

        /// <summary>Files that were read.</summary>
        public IReadOnlyList<string> Files
        {
            get
            {
                lock (_gate)
                    return _files.ToArray();
            }
        }

        /// <summary>Files found in folders whose content is not JSON, so were not read.</summary>
        public IReadOnlyList<string> IgnoredFiles
        {
            get
            {
                lock (_gate)
                    return _ignoredFiles.ToArray();
            }
        }

        internal void AddEvent() => Interlocked.Increment(ref _events);

        internal void AddEvents(long count)
        {
            if (count > 0)
                Interlocked.Add(ref _events, count);
        }

        internal void AddInvalid(string message)
        {
            Interlocked.Increment(ref _invalid);
            lock (_gate)
                if (_invalidMessages.Count < MessageLimit)
                    _invalidMessages.Add(message);
        }

        internal void AddOtherCategory(string category)
        {
            lock (_gate)
            {
                _otherCategories.TryGetValue(category, out var count);
                _otherCategories[category] = count + 1;
            }
        }

        internal void AddFile(string path)
        {
            lock (_gate)
                _files.Add(path);
        }

        internal void AddIgnoredFile(string path)
        {
            lock (_gate)
                _ignoredFiles.Add(path);
        }
    }
}

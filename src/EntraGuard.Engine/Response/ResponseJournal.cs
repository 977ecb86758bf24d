using System;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using EntraGuard.Detection;

namespace EntraGuard.Response
{
    /// <summary>
    /// The durable record of every remediation: a JSON-lines file, one line when an action starts (before any call
    /// reaches Graph) and one when it ends, each flushed to disk (fsync) before EntraGuard goes on. A crash between
    /// the two leaves a started line with no outcome, which <see cref="JournalReader"/> shows as pending.
    /// One writer at a time: the writer holds an exclusive lock on <c>&lt;journal&gt;.lock</c> for its lifetime, so
    /// two runbook runs never interleave; readers need no lock.
    /// </summary>
    public sealed class ResponseJournal : IDisposable
    {
        internal const string StartedPhase = "started";
        internal const string CompletedPhase = "completed";

        private static readonly JsonWriterOptions WriterOptions = new()
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        private readonly FileStream _lock;
        private readonly FileStream _file;
        private readonly MemoryStream _line = new();
        private readonly Utf8JsonWriter _json;

        private ResponseJournal(string path, FileStream lockFile, FileStream file)
        {
            Path = path;
            _lock = lockFile;
            _file = file;
            _json = new Utf8JsonWriter(_line, WriterOptions);
        }

        /// <summary>The journal's default place: EntraGuard/journal.jsonl under the user's local application
        /// data.</summary>
        public static string DefaultPath =>
            System.IO.Path.Combine(
                Environment.GetFolderPath(
                    Environment.SpecialFolder.LocalApplicationData,
                    Environment.SpecialFolderOption.DoNotVerify
                ),
                "EntraGuard",
                "journal.jsonl"
            );

        /// <summary>How long a run waits for another run that is writing the journal before it gives up.</summary>
        public static readonly TimeSpan DefaultLockWait = TimeSpan.FromMinutes(1);

        /// <summary>The environment variable a runbook can set to keep the journal somewhere durable.</summary>
        public const string PathVariable = "ENTRAGUARD_JOURNAL";

        public string Path { get; }

        /// <summary>
        /// The journal to use, by the one rule both hosts follow: the path given to the command, else the settings
        /// file's journalPath (relative to that file), else <see cref="PathVariable"/>, else <see cref="DefaultPath"/>.
        /// The settings file is read only when no path was given.
        /// </summary>
        /// <exception cref="SettingsFormatException">The settings file is malformed (names file and line).</exception>
        public static string ResolvePath(
            string? given,
            string? settingsFile = null,
            Func<string, string?>? environment = null
        )
        {
            var fromSettings =
                string.IsNullOrWhiteSpace(given) && settingsFile != null
                    ? EntraGuardSettings.Load(settingsFile).ResolveJournalPath()
                    : null;
            foreach (
                var candidate in new[]
                {
                    given,
                    fromSettings,
                    (environment ?? Environment.GetEnvironmentVariable)(PathVariable),
                }
            )
            {
                if (!string.IsNullOrWhiteSpace(candidate))
                    return candidate!;
            }
            return DefaultPath;
        }

        /// <summary>
        /// Opens the journal for appending, creating it (and its folder) when absent, and takes the writer's lock,
        /// waiting up to <paramref name="lockWait"/> for another run to finish.
        /// </summary>
        /// <exception cref="JournalLockedException">Another writer still holds the lock after the wait.</exception>
        public static ResponseJournal Open(
            string path,
            TimeSpan lockWait,
            CancellationToken cancellationToken = default
        )
        {
            if (string.IsNullOrWhiteSpace(path))
                throw new ArgumentException("The journal path is empty.", nameof(path));
            var fullPath = System.IO.Path.GetFullPath(path);
            var directory = System.IO.Path.GetDirectoryName(fullPath);
            if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
                OwnerOnly.CreateDirectory(directory!);

            var lockFile = AcquireLock(fullPath + ".lock", lockWait, cancellationToken);
            try
            {
                // Who changed what in the tenant, and the state before: for the operator's eyes only.
                OwnerOnly.CreateFile(fullPath);
                var file = new FileStream(
                    fullPath,
                    FileMode.Append,
                    FileAccess.Write,
                    FileShare.Read,
                    4096,
                    FileOptions.None
                );
                var journal = new ResponseJournal(fullPath, lockFile, file);
                journal.EndTornLine();
                return journal;
            }
            catch
            {
                lockFile.Dispose();
                throw;
            }
        }

        private static FileStream AcquireLock(string lockPath, TimeSpan wait, CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + wait;
            while (true)
            {
                try
                {
                    // FileShare.None is an exclusive lock on Windows and an exclusive flock on Linux and macOS; the OS
                    // drops it when the process dies, so a crashed run never leaves the journal locked.
                    OwnerOnly.CreateFile(lockPath);
                    return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException) when (DateTime.UtcNow < deadline)
                {
                    cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(200));
                    cancellationToken.ThrowIfCancellationRequested();
                }
                catch (IOException ex)
                {
                    throw new JournalLockedException(lockPath, wait, ex);
                }
            }
        }

        /// <summary>A crash mid-write can leave a partial last line; start ours on a fresh one.</summary>
        private void EndTornLine()
        {
            if (_file.Length == 0)
                return;
            using var reader = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            reader.Seek(-1, SeekOrigin.End);
            if (reader.ReadByte() != '\n')
                WriteDurably(new[] { (byte)'\n' });
        }

        /// <summary>Journals an action as started, before its first call. Durable when this returns.</summary>
        public void WriteStarted(JournalRecord record) => Write(StartedPhase, record, includeOutcome: false);

        /// <summary>
        /// Journals an action's outcome. For an action that was journaled as started only its id and outcome are
        /// written; one decided without any call (already done, refused) is written whole.
        /// </summary>
        public void WriteCompleted(JournalRecord record, bool started) =>
            Write(CompletedPhase, record, includeOutcome: true, includeDescription: !started);

        private void Write(string phase, JournalRecord record, bool includeOutcome, bool includeDescription = true)
        {
            _line.SetLength(0);
            _json.Reset(_line);
            _json.WriteStartObject();
            _json.WriteString(JournalRecordJson.JournalId, record.JournalId);
            _json.WriteString(JournalRecordJson.Phase, phase);
            _json.WriteString(
                JournalRecordJson.Time,
                (includeOutcome ? record.CompletedTime ?? record.Time : record.Time).UtcDateTime
            );
            if (includeOutcome)
                JournalRecordJson.WriteOutcome(_json, record);
            if (includeDescription)
                JournalRecordJson.WriteDescription(_json, record);
            _json.WriteEndObject();
            _json.Flush();
            _line.WriteByte((byte)'\n');
            WriteDurably(_line.ToArray());
        }

        private void WriteDurably(byte[] bytes)
        {
            _file.Write(bytes, 0, bytes.Length);
            _file.Flush(flushToDisk: true);
        }

        public void Dispose()
        {
            _json.Dispose();
            _file.Dispose();
            _lock.Dispose();
        }
    }

    /// <summary>Another EntraGuard run holds the journal's writer lock.</summary>
    public sealed class JournalLockedException : IOException
    {
        public JournalLockedException(string lockPath, TimeSpan waited, Exception inner)
            : base(
                $"Another EntraGuard run is writing the journal (the lock '{lockPath}' is held; waited "
                    + $"{waited.TotalSeconds:0.#} s). "
                    + "Let it finish, or give this run another journal path.",
                inner
            )
        {
            LockPath = lockPath;
        }

        public string LockPath { get; }
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Detection;
using EntraGuard.Ingest;

namespace EntraGuard.Commands
{
    /// <summary>
    /// What every EntraGuard cmdlet shares: a cancellation token that Ctrl+C (StopProcessing) trips, and the
    /// mapping from engine exceptions to ErrorRecords with stable ids and the right category.
    /// </summary>
    public abstract class EntraGuardCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
        protected CancellationToken CancellationToken => _stopping.Token;

        protected override void StopProcessing() => _stopping.Cancel();

        public void Dispose()
        {
            _stopping.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>An ErrorRecord for an engine exception, with a stable id and the category that fits it.</summary>
        protected static ErrorRecord ToErrorRecord(Exception exception, string errorId, object? target)
        {
            var record = new ErrorRecord(exception, errorId, CategoryOf(exception), target);
            // The record keeps the exception for scripts; what the admin reads is its plain words.
            var plain = ErrorText.Plain(exception);
            if (exception is CollectionInterruptedException interrupted)
            {
                var hint = interrupted.ResumeHint("-Since", "-Until", "-ResumeFrom");
                record.ErrorDetails = new ErrorDetails($"{plain} {hint}") { RecommendedAction = hint };
            }
            else if (plain != exception.Message)
                record.ErrorDetails = new ErrorDetails(plain);
            return record;
        }

        internal static ErrorCategory CategoryOf(Exception exception) =>
            exception switch
            {
                CollectionInterruptedException interrupted => CategoryOf(interrupted.Cause),
                GraphRequestException graph => graph.Kind switch
                {
                    GraphErrorKind.Authentication => ErrorCategory.AuthenticationError,
                    GraphErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
                    GraphErrorKind.NotFound => ErrorCategory.ObjectNotFound,
                    GraphErrorKind.Throttled => ErrorCategory.LimitsExceeded,
                    GraphErrorKind.Transient => ErrorCategory.ConnectionError,
                    GraphErrorKind.BadRequest => ErrorCategory.InvalidArgument,
                    GraphErrorKind.Protocol => ErrorCategory.ProtocolError,
                    _ => ErrorCategory.NotSpecified,
                },
                AuditDataException => ErrorCategory.InvalidData,
                FileNotFoundException or DirectoryNotFoundException or UnknownIdException =>
                    ErrorCategory.ObjectNotFound,
                UnauthorizedAccessException => ErrorCategory.PermissionDenied,
                IOException => ErrorCategory.ReadError,
                ArgumentException => ErrorCategory.InvalidArgument,
                OperationCanceledException => ErrorCategory.OperationStopped,
                _ => ErrorCategory.NotSpecified,
            };

        /// <summary>A stable error id for a Graph failure: Graph + its kind (GraphAuthentication,
        /// GraphPermissionDenied…).</summary>
        internal static string GraphErrorId(Exception exception) =>
            exception switch
            {
                CollectionInterruptedException interrupted => "Graph" + interrupted.Cause.Kind,
                GraphRequestException graph => "Graph" + graph.Kind,
                _ => "GraphFailed",
            };

        private readonly ConcurrentQueue<(bool Warning, string Text)> _backgroundMessages = new();

        /// <summary>
        /// Runs async engine work on a background thread and hands its items to <paramref name="onItem"/> on the
        /// pipeline thread, where output, progress and messages may be written. <paramref name="onIdle"/> runs there
        /// too while no item comes. Ctrl+C (StopProcessing) cancels the work.
        /// </summary>
        protected void RunOnPipelineThread<T>(
            Func<Action<T>, CancellationToken, Task> work,
            Action<T> onItem,
            Action? onIdle = null,
            int capacity = 1000
        )
        {
            using var stream = new BackgroundStream<T>(work, capacity, CancellationToken);
            foreach (
                var item in stream.Consume(() =>
                {
                    FlushBackgroundMessages();
                    onIdle?.Invoke();
                })
            )
            {
                FlushBackgroundMessages();
                onItem(item);
            }
            FlushBackgroundMessages();
        }

        /// <summary>
        /// Runs async engine work to completion on a background thread while the pipeline thread waits (output is
        /// written afterwards, on the pipeline thread). Ctrl+C (StopProcessing) cancels it and stops the pipeline.
        /// </summary>
        protected T RunToCompletion<T>(Func<CancellationToken, Task<T>> work)
        {
            try
            {
                return Task.Run(() => work(CancellationToken)).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>A verbose line from a background thread, written on the pipeline thread at the next
        /// chance.</summary>
        protected void PostVerbose(string text) => _backgroundMessages.Enqueue((false, text));

        /// <summary>A warning from a background thread, written on the pipeline thread at the next chance.</summary>
        protected void PostWarning(string text) => _backgroundMessages.Enqueue((true, text));

        private void FlushBackgroundMessages()
        {
            while (_backgroundMessages.TryDequeue(out var message))
            {
                if (message.Warning)
                    WriteWarning(message.Text);
                else
                    WriteVerbose(message.Text);
            }
        }

        /// <summary>A PowerShell date (local when unspecified, as Get-Date gives) as an instant.</summary>
        protected static DateTimeOffset? Instant(DateTime? value) =>
            value is null
                ? null
                : new DateTimeOffset(
                    value.Value.Kind == DateTimeKind.Unspecified
                        ? DateTime.SpecifyKind(value.Value, DateTimeKind.Local)
                        : value.Value
                );

        // Paths that were an error of their own (missing, unreadable): not also an empty read.
        private int _pathsFailed;

        /// <summary>
        /// Reads the audit files behind PowerShell paths (wildcards, PSDrives), handing each event on. A path that
        /// does not exist or cannot be read is an error for that path alone; the other paths are still read.
        /// </summary>
        protected void ReadAuditPaths(
            IEnumerable<string> paths,
            AuditReadOptions options,
            ReadStatistics statistics,
            Action<AuditEvent> onEvent
        ) =>
            ReadPaths(
                paths,
                files => AuditEventReader.ReadPaths(files, options, statistics, CancellationToken),
                onEvent,
                "AuditReadFailed"
            );

        /// <summary>As <see cref="ReadAuditPaths"/> for sign-in files.</summary>
        protected void ReadSignInPaths(
            IEnumerable<string> paths,
            AuditReadOptions options,
            ReadStatistics statistics,
            Action<SignInEvent> onSignIn
        ) =>
            ReadPaths(
                paths,
                files => SignInEventReader.ReadPaths(files, options, statistics, CancellationToken),
                onSignIn,
                "SignInReadFailed"
            );

        private void ReadPaths<T>(
            IEnumerable<string> paths,
            Func<IReadOnlyList<string>, IEnumerable<T>> read,
            Action<T> onItem,
            string readFailedId
        )
        {
            foreach (var path in paths)
            {
                if (ResolveAuditPath(path) is not { } files)
                    continue;
                try
                {
                    foreach (var item in read(files))
                        onItem(item);
                }
                catch (Exception ex) when (ex is AuditDataException or IOException)
                {
                    WriteReadError(ex, path, readFailedId);
                }
            }
        }

        /// <summary>Whether a path was an error of its own (missing, unreadable): not also an empty read.</summary>
        protected bool AnyPathFailed => _pathsFailed > 0;

        /// <summary>
        /// Resolves -Path values as they are bound (a path that matches nothing is an error for it alone), keeping
        /// them for the messages and their files for <see cref="ScanAuditFiles"/>, which reads them all at once.
        /// </summary>
        protected void CollectAuditFiles(IEnumerable<string> paths, List<string> named, List<string> files)
        {
            foreach (var path in paths)
            {
                named.Add(path);
                if (ResolveAuditPath(path) is { } resolved)
                    files.AddRange(resolved);
            }
        }

        /// <summary>
        /// Feeds a scan from the audit files of the -Path values, <paramref name="throttleLimit"/> read at once,
        /// noting every event for the coverage checks; a file that cannot be read is an error for it alone.
        /// </summary>
        protected void ScanAuditFiles(
            ScanSession session,
            IReadOnlyList<string> files,
            bool skipInvalid,
            int throttleLimit,
            ReadStatistics statistics,
            AuditCoverage coverage
        )
        {
            var options = new FileScanOptions
            {
                SkipInvalid = skipInvalid,
                MaxParallelism = throttleLimit,
                Statistics = statistics,
                Coverage = coverage,
                OnFileError = (file, error) => WriteReadError(error, file),
            };
            try
            {
                session.AddFiles(files, options, CancellationToken);
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>The files behind a PowerShell path; null, and an error for that path, when none.</summary>
        protected IReadOnlyList<string>? ResolveAuditPath(string path)
        {
            try
            {
                return GetResolvedProviderPathFromPSPath(path, out _);
            }
            catch (ItemNotFoundException ex)
            {
                _pathsFailed++;
                WriteError(new ErrorRecord(ex, "PathNotFound", ErrorCategory.ObjectNotFound, path));
                return null;
            }
        }

        /// <summary>A path or file that could not be read: an error for it alone.</summary>
        protected void WriteReadError(Exception exception, string target, string errorId = "AuditReadFailed")
        {
            _pathsFailed++;
            WriteError(ToErrorRecord(exception, errorId, target));
        }

        /// <summary>
        /// After reading files: none of them held an audit event (an error record to write, unless
        /// <paramref name="allowEmpty"/>: a broken export is not a clean tenant), and a warning for hours that no file
        /// covers inside the range read. A path that failed was already an error of its own, so it is not one twice.
        /// </summary>
        protected ErrorRecord? CheckCoverage(
            IReadOnlyList<string> paths,
            AuditCoverage coverage,
            ReadStatistics statistics,
            bool allowEmpty
        )
        {
            if (coverage.DescribeGaps(statistics.Files) is { } gaps)
                WriteWarning(gaps);
            if (allowEmpty || _pathsFailed > 0)
                return null;
            try
            {
                coverage.RequireEvents(paths, statistics, "use -AllowEmpty if that is expected");
                return null;
            }
            catch (NoAuditEventsException ex)
            {
                return new ErrorRecord(ex, "NoAuditEvents", ErrorCategory.InvalidData, paths.ToArray());
            }
        }

        /// <summary>Warnings for what a read set aside, so nothing is dropped silently.</summary>
        protected void WriteReadSummary(ReadStatistics statistics, string whatIsRead = "only AuditLogs is read")
        {
            if (statistics.InvalidRecords > 0)
            {
                WriteWarning(
                    $"Skipped {statistics.InvalidRecords} invalid record(s). First: "
                        + $"{string.Join(" | ", statistics.InvalidRecordMessages)}"
                );
            }
            foreach (var category in statistics.OtherCategories)
            {
                WriteVerbose(
                    $"Skipped {category.Value} diagnostic record(s) of category "
                        + $"{InputText.Quote(category.Key)} ({whatIsRead})."
                );
            }
            foreach (var file in statistics.IgnoredFiles)
            {
                WriteWarning($"Ignored '{InputText.OneLine(file)}': its content is not JSON.");
            }
        }
    }
}

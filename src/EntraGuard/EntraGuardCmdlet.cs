using System;
using System.IO;
using System.Management.Automation;
using System.Threading;
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
        protected static ErrorRecord ToErrorRecord(Exception exception, string errorId, object? target) =>
            new(exception, errorId, CategoryOf(exception), target);

        internal static ErrorCategory CategoryOf(Exception exception) => exception switch
        {
            AuditDataException => ErrorCategory.InvalidData,
            FileNotFoundException or DirectoryNotFoundException => ErrorCategory.ObjectNotFound,
            UnauthorizedAccessException => ErrorCategory.PermissionDenied,
            IOException => ErrorCategory.ReadError,
            ArgumentException => ErrorCategory.InvalidArgument,
            OperationCanceledException => ErrorCategory.OperationStopped,
            _ => ErrorCategory.NotSpecified,
        };

        /// <summary>Warnings for what a read set aside, so nothing is dropped silently.</summary>
        protected void WriteReadSummary(ReadStatistics statistics)
        {
            if (statistics.InvalidRecords > 0)
            {
                WriteWarning($"Skipped {statistics.InvalidRecords} invalid record(s). First: {string.Join(" | ", statistics.InvalidRecordMessages)}");
            }
            foreach (var category in statistics.OtherCategories)
            {
                WriteVerbose($"Skipped {category.Value} diagnostic record(s) of category '{category.Key}' (only AuditLogs is read).");
            }
            foreach (var file in statistics.IgnoredFiles)
            {
                WriteWarning($"Ignored '{file}': its content is not JSON.");
            }
        }
    }
}

using System;

namespace EntraGuard.Collection
{
    /// <summary>What went wrong with a Graph request, in the terms an admin acts on.</summary>
    public enum GraphErrorKind
    {
        /// <summary>401, or no token could be obtained: sign in again.</summary>
        Authentication,

        /// <summary>403: the app or user lacks a permission or role.</summary>
        PermissionDenied,

        /// <summary>404.</summary>
        NotFound,

        /// <summary>429 after every retry.</summary>
        Throttled,

        /// <summary>5xx after every retry, a cut connection, a truncated response.</summary>
        Transient,

        /// <summary>400 and other refusals of the request itself.</summary>
        BadRequest,

        /// <summary>Graph answered something that breaks its own protocol (a nextLink loop).</summary>
        Protocol,
        Other,
    }

    /// <summary>
    /// A failed Graph request, free of SDK types and of secrets (the message is scrubbed before it is built), so hosts
    /// can map it to an error record or an exit code.
    /// </summary>
    public class GraphRequestException : Exception
    {
        public GraphRequestException(
            GraphErrorKind kind,
            string message,
            int? statusCode = null,
            string? errorCode = null,
            string? requestId = null,
            Exception? cause = null
        )
            : base(message, cause)
        {
            Kind = kind;
            StatusCode = statusCode;
            ErrorCode = errorCode;
            RequestId = requestId;
        }

        public GraphErrorKind Kind { get; }

        /// <summary>The HTTP status, when Graph answered.</summary>
        public int? StatusCode { get; }

        /// <summary>Graph's error code (Authorization_RequestDenied, InvalidAuthenticationToken…), when it gave
        /// one.</summary>
        public string? ErrorCode { get; }

        /// <summary>Graph's request-id, for a support case.</summary>
        public string? RequestId { get; }

        /// <summary>Worth trying again later: throttling, server faults, network failures.</summary>
        public bool IsTransient => Kind is GraphErrorKind.Throttled or GraphErrorKind.Transient;
    }

    /// <summary>
    /// A collection that stopped part-way: says what was collected, and (<see cref="ResumeHint"/>, in the host's
    /// words) how to pick up exactly where it stopped.
    /// </summary>
    public sealed class CollectionInterruptedException : Exception
    {
        public CollectionInterruptedException(
            GraphRequestException cause,
            long eventsCollected,
            DateTimeOffset since,
            DateTimeOffset? completeFrom,
            string? resumeLink,
            DateTimeOffset resumeUntil
        )
            : base(Describe(cause, eventsCollected, completeFrom), cause)
        {
            Cause = cause;
            EventsCollected = eventsCollected;
            Since = since;
            CompleteFrom = completeFrom;
            ResumeLink = resumeLink;
            ResumeUntil = resumeUntil;
        }

        public GraphRequestException Cause { get; }

        /// <summary>Events delivered before the failure.</summary>
        public long EventsCollected { get; }

        /// <summary>The start of the range asked for.</summary>
        public DateTimeOffset Since { get; }

        /// <summary>Every event at or after this time (up to the end of the range) was delivered; null when none
        /// was.</summary>
        public DateTimeOffset? CompleteFrom { get; }

        /// <summary>The nextLink to continue from (with the same start), or null when the failed request was a slice's
        /// first.</summary>
        public string? ResumeLink { get; }

        /// <summary>The end to re-run with when no link is at hand: the newest time not yet complete.</summary>
        public DateTimeOffset ResumeUntil { get; }

        /// <summary>
        /// How to pick up where the collection stopped, naming the host's own parameters (<c>-Since</c> in
        /// PowerShell, <c>--since</c> on the command line).
        /// </summary>
        public string ResumeHint(string sinceName, string untilName, string resumeFromName)
        {
            var since = $"{sinceName} {Since.UtcDateTime:o}";
            var rerun = $"{since} {untilName} {ResumeUntil.UtcDateTime:o}";
            return ResumeLink is null
                ? $"To resume, run again with {rerun}."
                : $"To resume exactly where it stopped, run again with {resumeFromName} '{ResumeLink}' {since}; "
                    + $"or re-read the unfinished part with {rerun}.";
        }

        private static string Describe(GraphRequestException cause, long events, DateTimeOffset? completeFrom)
        {
            var collected = completeFrom is null
                ? $"Collected {events:N0} event(s) before the failure."
                : $"Collected {events:N0} event(s) before the failure; everything from "
                    + $"{completeFrom.Value.UtcDateTime:o} on is complete.";
            return $"{cause.Message} {collected}";
        }
    }
}

using System;
using System.Collections.Generic;

namespace EntraGuard.Posture
{
    /// <summary>The outcome of one check. The numbers are part of the saved-results format: never renumber.</summary>
    public enum PostureStatus
    {
        Passed = 0,
        Failed = 1,

        /// <summary>The check could not be evaluated: data it needs could not be read, or it cannot judge what it
        /// found.</summary>
        Skipped = 2,

        /// <summary>The check does not apply to this tenant (most often: the licence for the feature is
        /// missing).</summary>
        NotApplicable = 3,
    }

    /// <summary>How a result compares with the baseline it was run against. Part of the saved-results format.</summary>
    public enum PostureChange
    {
        /// <summary>Not failing now, and not failing in the baseline.</summary>
        Unchanged = 0,

        /// <summary>Failing now; passing, not evaluated or absent in the baseline.</summary>
        NewFailure = 1,

        /// <summary>Failing in the baseline, passing now.</summary>
        Fixed = 2,

        /// <summary>Failing in both.</summary>
        StillFailing = 3,

        /// <summary>Failing in the baseline, skipped or not applicable now: neither fixed nor failing.</summary>
        NoLongerEvaluated = 4,
    }

    /// <summary>One thing a check found wrong: a policy gap, a role holder, a credential, a setting.</summary>
    public sealed class PostureFinding
    {
        /// <summary>The object the finding is about: an object id, appId, role template id, policy id or setting
        /// name.</summary>
        public string TargetId { get; init; } = "";

        public string? TargetName { get; init; }

        /// <summary>user, group, role, application, servicePrincipal, policy, setting, …</summary>
        public string TargetType { get; init; } = "";

        public string Detail { get; init; } = "";

        /// <summary>The credential's key id, for credential findings.</summary>
        public string? KeyId { get; init; }

        /// <summary>The application (client) id, for application and service principal findings.</summary>
        public string? AppId { get; init; }

        /// <summary>The accepted deviation that covers this finding, if one does.</summary>
        public AcceptedDeviation? AcceptedDeviation { get; internal set; }

        /// <summary>True when the baseline did not have this finding; null when no baseline was given.</summary>
        public bool? IsNew { get; internal set; }

        /// <summary>Is this finding what the given id names (its target, appId or key id)?</summary>
        public bool IsIdentifiedBy(string id) =>
            string.Equals(TargetId, id, StringComparison.OrdinalIgnoreCase)
            || string.Equals(AppId, id, StringComparison.OrdinalIgnoreCase)
            || string.Equals(KeyId, id, StringComparison.OrdinalIgnoreCase);

        /// <summary>The key that identifies the finding across runs.</summary>
        internal string Key => KeyId is { Length: > 0 } keyId ? $"{TargetId}/{keyId}" : TargetId;

        /// <summary>The target id, so that shallow serializers (ConvertTo-Json at its default depth) keep what a
        /// baseline needs.</summary>
        public override string ToString() => Key;
    }

    /// <summary>The result of one posture check against one tenant.</summary>
    public sealed class PostureCheckResult
    {
        public string CheckId { get; init; } = "";
        public string Title { get; init; } = "";
        public Severity Severity { get; init; }
        public string Category { get; init; } = "";
        public PostureStatus Result { get; init; }

        /// <summary>Why the check passed, failed, was skipped or does not apply, in a sentence or two.</summary>
        public string Reason { get; init; } = "";

        /// <summary>The facts read from Graph that the verdict rests on, each naming the Graph resource it came
        /// from.</summary>
        public IReadOnlyList<string> Evidence { get; init; } = Array.Empty<string>();

        public string Remediation { get; init; } = "";
        public IReadOnlyList<PostureFinding> Findings { get; init; } = Array.Empty<PostureFinding>();

        /// <summary>Compared with the baseline; null when the run had none.</summary>
        public PostureChange? Change { get; internal set; }

        /// <summary>Findings the baseline had that are gone now (their keys); empty without a baseline.</summary>
        public IReadOnlyList<string> ResolvedFindings { get; internal set; } = Array.Empty<string>();

        public bool IsFailure => Result == PostureStatus.Failed;

        public override string ToString() => $"{CheckId} {Result}: {Title}";
    }
}

using System;
using System.Collections.Generic;

namespace EntraGuard
{
    /// <summary>
    /// One Entra ID directory audit record, faithful to Graph's <c>directoryAudit</c> whatever source it came from
    /// (Graph pages, exported JSON, Azure Monitor diagnostic records). Immutable once read.
    /// </summary>
    public sealed class AuditEvent
    {
        private string? _activity;
        private readonly string? _userAgent;

        public string Id { get; init; } = "";

        /// <summary>When the activity happened, always with an offset (UTC when the source gave no zone).</summary>
        public DateTimeOffset ActivityDateTime { get; init; }

        /// <summary>The activity name exactly as the source wrote it.</summary>
        public string ActivityDisplayName { get; init; } = "";

        /// <summary>The activity name in the form rules match on (see <see cref="ActivityName.Normalize"/>).</summary>
        public string Activity => _activity ??= ActivityName.Normalize(ActivityDisplayName);

        public string? Category { get; init; }
        public string? CorrelationId { get; init; }
        public string? LoggedByService { get; init; }
        public string? OperationType { get; init; }

        /// <summary>success, failure, timeout or unknownFutureValue, as Graph spells it.</summary>
        public string? Result { get; init; }

        public string? ResultReason { get; init; }
        public AuditActor InitiatedBy { get; init; } = AuditActor.None;

        // Read from a source, the two arrays arrive as raw JSON and are built on first use (see NestedArrays): most
        // events are only counted or matched by activity, and building their objects dominated reading time. Two
        // threads racing to build get equal results, so no lock is needed.
        private IReadOnlyList<TargetResource>? _targetResources;
        private IReadOnlyList<AdditionalDetail>? _additionalDetails;
        private readonly byte[]? _targetsJson;
        private readonly byte[]? _detailsJson;

        public IReadOnlyList<TargetResource> TargetResources
        {
            get => _targetResources ??= _targetsJson is null ? Array.Empty<TargetResource>() : Ingest.NestedArrays.Targets(_targetsJson);
            init => _targetResources = value;
        }

        public IReadOnlyList<AdditionalDetail> AdditionalDetails
        {
            get => _additionalDetails ??= _detailsJson is null ? Array.Empty<AdditionalDetail>() : Ingest.NestedArrays.Details(_detailsJson);
            init => _additionalDetails = value;
        }

        /// <summary>The raw <c>targetResources</c> array as read, built into <see cref="TargetResources"/> on first use.</summary>
        internal byte[]? TargetsJson { init => _targetsJson = value; }

        /// <summary>The raw <c>additionalDetails</c> array as read, built into <see cref="AdditionalDetails"/> on first use.</summary>
        internal byte[]? DetailsJson { init => _detailsJson = value; }

        /// <summary>The tenant the record belongs to, where the source says (diagnostic records do).</summary>
        public string? TenantId { get; init; }

        /// <summary>The caller's user agent: a <c>userAgent</c> field where the source has one, else the
        /// <c>User-Agent</c> additional detail.</summary>
        public string? UserAgent
        {
            get => _userAgent ?? GetAdditionalDetail("User-Agent");
            init => _userAgent = value;
        }

        /// <summary>Where the record was read from: a file path, or <c>graph</c>.</summary>
        public string? Source { get; init; }

        public bool IsSuccess => string.Equals(Result, "success", StringComparison.OrdinalIgnoreCase);

        /// <summary>The value of the first additional detail with this key (case-insensitive), or null.</summary>
        public string? GetAdditionalDetail(string key)
        {
            foreach (var detail in AdditionalDetails)
            {
                if (string.Equals(detail.Key, key, StringComparison.OrdinalIgnoreCase)) return detail.Value;
            }
            return null;
        }

        /// <summary>The first target of this type (User, Group, ServicePrincipal, Application, …), or null.</summary>
        public TargetResource? GetTarget(string type)
        {
            foreach (var target in TargetResources)
            {
                if (string.Equals(target.Type, type, StringComparison.OrdinalIgnoreCase)) return target;
            }
            return null;
        }

        public override string ToString() => $"{ActivityDateTime:u} {ActivityDisplayName} by {InitiatedBy} ({Id})";
    }

    /// <summary>Who initiated an audited activity: a user, an application, or (rarely) neither.</summary>
    public sealed class AuditActor
    {
        public static readonly AuditActor None = new();

        public string? UserId { get; init; }
        public string? UserDisplayName { get; init; }
        public string? UserPrincipalName { get; init; }
        public string? IpAddress { get; init; }
        public string? AppId { get; init; }
        public string? AppDisplayName { get; init; }
        public string? ServicePrincipalId { get; init; }
        public string? ServicePrincipalName { get; init; }

        public bool IsUser => !string.IsNullOrEmpty(UserId) || !string.IsNullOrEmpty(UserPrincipalName);
        public bool IsApp => !IsUser && (!string.IsNullOrEmpty(AppId) || !string.IsNullOrEmpty(ServicePrincipalId));

        /// <summary>
        /// A stable identifier for the actor: the user's object id (or UPN), else the app's service principal id
        /// (or app id). Null when the record names no actor.
        /// </summary>
        public string? Key =>
            IsUser ? NonEmpty(UserId) ?? UserPrincipalName
            : IsApp ? NonEmpty(ServicePrincipalId) ?? AppId
            : null;

        /// <summary>A readable name: UPN, user display name, app display name or id.</summary>
        public string? Name =>
            IsUser ? NonEmpty(UserPrincipalName) ?? NonEmpty(UserDisplayName) ?? UserId
            : IsApp ? NonEmpty(AppDisplayName) ?? NonEmpty(ServicePrincipalName) ?? NonEmpty(AppId) ?? ServicePrincipalId
            : null;

        public override string ToString() => Name ?? "(unknown)";

        private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>An object an audited activity acted on.</summary>
    public sealed class TargetResource
    {
        public string? Id { get; init; }
        public string? DisplayName { get; init; }

        /// <summary>User, Group, ServicePrincipal, Application, Device, Policy, Other, …</summary>
        public string? Type { get; init; }

        public string? UserPrincipalName { get; init; }
        public string? GroupType { get; init; }
        public IReadOnlyList<ModifiedProperty> ModifiedProperties { get; init; } = Array.Empty<ModifiedProperty>();

        /// <summary>The first modified property with this display name (case-insensitive), or null.</summary>
        public ModifiedProperty? GetModifiedProperty(string displayName)
        {
            foreach (var property in ModifiedProperties)
            {
                if (string.Equals(property.DisplayName, displayName, StringComparison.OrdinalIgnoreCase)) return property;
            }
            return null;
        }

        public override string ToString() => DisplayName ?? UserPrincipalName ?? Id ?? "(unnamed)";
    }

    /// <summary>A property changed by the activity; Graph gives old and new values as (often JSON-encoded) strings.</summary>
    public sealed class ModifiedProperty
    {
        public string? DisplayName { get; init; }
        public string? OldValue { get; init; }
        public string? NewValue { get; init; }
    }

    /// <summary>A key/value pair from <c>additionalDetails</c> (User-Agent, AppId, AuthenticationMethod, …).</summary>
    public sealed class AdditionalDetail
    {
        public AdditionalDetail(string? key, string? value)
        {
            Key = key;
            Value = value;
        }

        public string? Key { get; }
        public string? Value { get; }
    }
}

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

        // Read from a source, an event holds its record's JSON and decodes everything but its time and activity on
        // first use, all at once (see RecordDecoder): most events are only counted or dispatched by activity, and
        // decoding a dozen strings and two arrays for each of them dominated reading. Two threads racing to decode
        // get equal results, so no lock is needed.
        // A record a scan's reader lent (AuditReadOptions.LendsKeptRecords) is the reader's buffer, valid until it
        // reads the next record; it then takes the record back, and decoding after that is refused, never made of
        // whatever the buffer holds by then.
        private ReadOnlyMemory<byte> _json;
        private bool _returned;

        // read with AuditReadOptions.KeepRecord refusing it: time and activity only
        private readonly bool _withoutRecord;

        // kept by a KeepRecord filter for the rules that watch it, which read its targets and details
        private readonly bool _keptForRules;
        private AuditRecordFields? _fields;

        public AuditEvent() { }

        /// <summary>An event read from a source: the record's JSON, validated, with what every consumer needs
        /// decoded; <paramref name="keptForRules"/> when a filter kept it (see <see cref="Fields"/>).</summary>
        internal AuditEvent(
            ReadOnlyMemory<byte> json,
            DateTimeOffset activityDateTime,
            string activityDisplayName,
            string source,
            bool keptForRules = false
        )
        {
            _json = json;
            _keptForRules = keptForRules;
            ActivityDateTime = activityDateTime;
            ActivityDisplayName = activityDisplayName;
            Source = source;
        }

        /// <summary>An event read without its record (see <see cref="Ingest.AuditReadOptions.KeepRecord"/>): its time
        /// and activity only.</summary>
        internal AuditEvent(DateTimeOffset activityDateTime, string activityDisplayName, string source)
        {
            _withoutRecord = true;
            ActivityDateTime = activityDateTime;
            ActivityDisplayName = activityDisplayName;
            Source = source;
        }

        // A record a filter kept for the rules is decoded with its arrays in one walk: its rules read them.
        private AuditRecordFields Fields =>
            _fields ??=
                !_json.IsEmpty ? Ingest.RecordDecoder.Decode(_json, withArrays: _keptForRules)
                : _withoutRecord
                    ? throw new InvalidOperationException(
                        $"The '{ActivityDisplayName}' event of {ActivityDateTime:o} from {Source} was read without "
                            + $"its record (AuditReadOptions.KeepRecord): only its time and activity are known."
                    )
                : _returned
                    ? throw new InvalidOperationException(
                        $"The '{ActivityDisplayName}' event of {ActivityDateTime:o} from {Source} was read from a "
                            + "scan's buffer (AuditReadOptions.LendsKeptRecords), and asked for its record after the "
                            + "next event was read."
                    )
                : new AuditRecordFields();

        /// <summary>The reader takes back the record it lent: the fields decoded so far stay, nothing more can
        /// be.</summary>
        internal void ReturnRecord()
        {
            _json = default;
            _returned = true;
        }

        public string Id
        {
            get => Fields.Id;
            init => Fields.Id = value;
        }

        /// <summary>When the activity happened, always with an offset (UTC when the source gave no zone).</summary>
        public DateTimeOffset ActivityDateTime { get; init; }

        /// <summary>The activity name exactly as the source wrote it.</summary>
        public string ActivityDisplayName { get; init; } = "";

        /// <summary>The activity name in the form rules match on (see <see cref="ActivityName.Normalize"/>).</summary>
        public string Activity => _activity ??= ActivityName.Normalize(ActivityDisplayName);

        public string? Category
        {
            get => Fields.Category;
            init => Fields.Category = value;
        }
        public string? CorrelationId
        {
            get => Fields.CorrelationId;
            init => Fields.CorrelationId = value;
        }
        public string? LoggedByService
        {
            get => Fields.LoggedByService;
            init => Fields.LoggedByService = value;
        }
        public string? OperationType
        {
            get => Fields.OperationType;
            init => Fields.OperationType = value;
        }

        /// <summary>success, failure, timeout or unknownFutureValue, as Graph spells it.</summary>
        public string? Result
        {
            get => Fields.Result;
            init => Fields.Result = value;
        }

        public string? ResultReason
        {
            get => Fields.ResultReason;
            init => Fields.ResultReason = value;
        }
        public AuditActor InitiatedBy
        {
            get => Fields.InitiatedBy;
            init => Fields.InitiatedBy = value;
        }
        public IReadOnlyList<TargetResource> TargetResources
        {
            get => Fields.TargetResources;
            init => Fields.TargetResources = value;
        }
        public IReadOnlyList<AdditionalDetail> AdditionalDetails
        {
            get => Fields.AdditionalDetails;
            init => Fields.AdditionalDetails = value;
        }

        /// <summary>The tenant the record belongs to, where the source says (diagnostic records do).</summary>
        public string? TenantId
        {
            get => Fields.TenantId;
            init => Fields.TenantId = value;
        }

        /// <summary>The caller's user agent: a <c>userAgent</c> field where the source has one, else the
        /// <c>User-Agent</c> additional detail.</summary>
        public string? UserAgent
        {
            get => Fields.UserAgent ?? GetAdditionalDetail("User-Agent");
            init => Fields.UserAgent = value;
        }

        /// <summary>Where the record was read from: a file path, or <c>graph</c>.</summary>
        public string? Source { get; init; }

        /// <summary>
        /// Whether the record's raw JSON may hold what <paramref name="text"/> requires. An event built in code has no
        /// raw JSON, so it may; one read without its record was refused by a filter that keeps every record some rule
        /// may match (<see cref="Detection.DetectionEngine.ActivityFilter"/>), so it may not.
        /// </summary>
        internal bool MayHold(Detection.RequiredText text, Detection.RecordSearches searches) =>
            !_json.IsEmpty ? text.MayMatch(new Ingest.RecordView(_json.Span), searches) : !_withoutRecord;

        /// <summary>Whether the record has been decoded (tests check that a skipped record never is).</summary>
        internal bool IsDecoded => _fields != null;

        public bool IsSuccess => string.Equals(Result, "success", StringComparison.OrdinalIgnoreCase);

        /// <summary>The value of the first additional detail with this key (case-insensitive), or null.</summary>
        public string? GetAdditionalDetail(string key)
        {
            var details = AdditionalDetails;
            for (var i = 0; i < details.Count; i++)
            {
                if (string.Equals(details[i].Key, key, StringComparison.OrdinalIgnoreCase))
                    return details[i].Value;
            }
            return null;
        }

        /// <summary>The first target of this type (User, Group, ServicePrincipal, Application, …), or null.</summary>
        public TargetResource? GetTarget(string type)
        {
            var targets = TargetResources;
            for (var i = 0; i < targets.Count; i++)
            {
                if (string.Equals(targets[i].Type, type, StringComparison.OrdinalIgnoreCase))
                    return targets[i];
            }
            return null;
        }

        public override string ToString() => $"{ActivityDateTime:u} {ActivityDisplayName} by {InitiatedBy} ({Id})";
    }

    /// <summary>
    /// The fields of an <see cref="AuditEvent"/> beyond its time and activity: set by an object initializer, or
    /// decoded from the record's JSON on first use. The two arrays stay raw JSON until read (most rules never look).
    /// </summary>
    internal sealed class AuditRecordFields
    {
        private IReadOnlyList<TargetResource>? _targetResources;
        private IReadOnlyList<AdditionalDetail>? _additionalDetails;

        public string Id = "";
        public string? Category,
            CorrelationId,
            LoggedByService,
            OperationType,
            Result,
            ResultReason,
            UserAgent,
            TenantId;
        public AuditActor InitiatedBy = AuditActor.None;
        public ReadOnlyMemory<byte> TargetsJson,
            DetailsJson;

        public IReadOnlyList<TargetResource> TargetResources
        {
            get =>
                _targetResources ??= TargetsJson.IsEmpty
                    ? Array.Empty<TargetResource>()
                    : Ingest.NestedArrays.Targets(TargetsJson);
            set => _targetResources = value;
        }

        public IReadOnlyList<AdditionalDetail> AdditionalDetails
        {
            get =>
                _additionalDetails ??= DetailsJson.IsEmpty
                    ? Array.Empty<AdditionalDetail>()
                    : Ingest.NestedArrays.Details(DetailsJson);
            set => _additionalDetails = value;
        }
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
            : IsApp
                ? NonEmpty(AppDisplayName) ?? NonEmpty(ServicePrincipalName) ?? NonEmpty(AppId) ?? ServicePrincipalId
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
            for (var i = 0; i < ModifiedProperties.Count; i++)
            {
                if (string.Equals(ModifiedProperties[i].DisplayName, displayName, StringComparison.OrdinalIgnoreCase))
                    return ModifiedProperties[i];
            }
            return null;
        }

        public override string ToString() => DisplayName ?? UserPrincipalName ?? Id ?? "(unnamed)";
    }

    /// <summary>A property changed by the activity; Graph gives old and new values as (often JSON-encoded)
    /// strings.</summary>
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

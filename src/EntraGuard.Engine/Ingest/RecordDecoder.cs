using System;
using System.Text.Json;
using static EntraGuard.Ingest.JsonTokens;

namespace EntraGuard.Ingest
{
    /// <summary>
    /// Decodes the fields of one audit record from the JSON the reader kept for it: a directoryAudit object, or a
    /// diagnostic record whose <c>properties</c> holds one, whose envelope fields (category, tenantId, resourceId,
    /// callerIpAddress) fill what the audit leaves out. The reader validated the JSON and its shape when it read the
    /// record, so decoding cannot fail; it runs the first time anyone asks an event for more than its time and
    /// activity.
    /// </summary>
    internal static class RecordDecoder
    {
        // What a decode collects, reused by the decodes on one thread (events may be decoded on any thread).
        [ThreadStatic]
        private static Collected? _collected;

        /// <summary>
        /// The record's fields. With <paramref name="withArrays"/> (a record kept for the rules that watch its
        /// activity, which read its targets and details) they are built in the same walk; else they stay raw JSON
        /// until read, and the walk only steps past them.
        /// </summary>
        public static AuditRecordFields Decode(ReadOnlyMemory<byte> json, bool withArrays)
        {
            var reader = new Utf8JsonReader(json.Span);
            Read(ref reader); // {
            var record = _collected ??= new Collected();
            record.Clear(json, withArrays);
            ReadRecordObject(ref reader, record, StringPool.OfThisThread, envelopeLevel: true);
            return record.ToFields();
        }

        private static void ReadRecordObject(
            ref Utf8JsonReader reader,
            Collected record,
            StringPool pool,
            bool envelopeLevel
        )
        {
            while (NextProperty(ref reader, out var field))
            {
                switch (field)
                {
                    case Field.Id:
                        record.Id = ReadString(ref reader, pool, pooled: false) ?? record.Id;
                        break;
                    case Field.Category:
                        if (envelopeLevel)
                            record.TopCategory = ReadString(ref reader, pool);
                        else
                            record.InnerCategory = ReadString(ref reader, pool);
                        break;
                    case Field.CorrelationId:
                        var correlationId = ReadString(ref reader, pool, pooled: false);
                        if (!envelopeLevel || record.CorrelationId is null)
                            record.CorrelationId = correlationId;
                        break;
                    case Field.LoggedByService:
                        record.LoggedByService = ReadString(ref reader, pool);
                        break;
                    case Field.OperationType:
                        record.OperationType = ReadString(ref reader, pool);
                        break;
                    case Field.Result:
                        record.Result = ReadString(ref reader, pool);
                        break;
                    case Field.ResultReason:
                        record.ResultReason = ReadString(ref reader, pool);
                        break;
                    case Field.InitiatedBy:
                        ReadInitiatedBy(ref reader, record, pool);
                        break;
                    case Field.TargetResources when record.WithArrays:
                        record.Targets = NestedArrays.Targets(ref reader, pool);
                        break;
                    case Field.TargetResources:
                        record.TargetsJson = Slice(ref reader, record.Json);
                        break;
                    case Field.AdditionalDetails when record.WithArrays:
                        record.Details = NestedArrays.Details(ref reader, pool);
                        break;
                    case Field.AdditionalDetails:
                        record.DetailsJson = Slice(ref reader, record.Json);
                        break;
                    case Field.UserAgent:
                        record.UserAgent = ReadString(ref reader, pool);
                        break;
                    case Field.TenantId:
                        record.TenantId = ReadString(ref reader, pool) ?? record.TenantId;
                        break;
                    case Field.Properties when envelopeLevel && reader.TokenType == JsonTokenType.StartObject:
                        record.IsDiagnosticRecord = true;
                        ReadRecordObject(ref reader, record, pool, envelopeLevel: false);
                        break;
                    case Field.ResourceId when envelopeLevel:
                        record.ResourceId = ReadString(ref reader, pool);
                        break;
                    case Field.CallerIpAddress when envelopeLevel:
                        record.CallerIpAddress = ReadString(ref reader, pool);
                        break;
                    default:
                        Skip(ref reader);
                        break;
                }
            }
        }

        private static void ReadInitiatedBy(ref Utf8JsonReader reader, Collected record, StringPool pool)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                Skip(ref reader);
                return;
            }
            while (NextProperty(ref reader, out var field))
            {
                var isObject = reader.TokenType == JsonTokenType.StartObject;
                if (isObject && field == Field.User)
                    ReadActorFields(ref reader, record, pool, user: true);
                else if (isObject && field == Field.App)
                    ReadActorFields(ref reader, record, pool, user: false);
                else
                    Skip(ref reader);
            }
        }

        private static void ReadActorFields(ref Utf8JsonReader reader, Collected record, StringPool pool, bool user)
        {
            while (NextProperty(ref reader, out var field))
            {
                switch (field)
                {
                    case Field.Id when user:
                        record.UserId = ReadString(ref reader, pool);
                        break;
                    case Field.DisplayName when user:
                        record.UserDisplayName = ReadString(ref reader, pool);
                        break;
                    case Field.UserPrincipalName when user:
                        record.UserPrincipalName = ReadString(ref reader, pool);
                        break;
                    case Field.IpAddress when user:
                        record.UserIpAddress = ReadString(ref reader, pool);
                        break;
                    case Field.AppId when !user:
                        record.AppId = ReadString(ref reader, pool);
                        break;
                    case Field.DisplayName when !user:
                        record.AppDisplayName = ReadString(ref reader, pool);
                        break;
                    case Field.ServicePrincipalId when !user:
                        record.ServicePrincipalId = ReadString(ref reader, pool);
                        break;
                    case Field.ServicePrincipalName when !user:
                        record.ServicePrincipalName = ReadString(ref reader, pool);
                        break;
                    default:
                        Skip(ref reader);
                        break;
                }
            }
        }

        /// <summary>The bytes of the array at the reader (built into objects only when read); empty for anything
        /// else.</summary>
        private static ReadOnlyMemory<byte> Slice(ref Utf8JsonReader reader, ReadOnlyMemory<byte> json)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                Skip(ref reader);
                return default;
            }
            var start = (int)reader.TokenStartIndex;
            Skip(ref reader);
            return json.Slice(start, (int)reader.BytesConsumed - start);
        }

        /// <summary>What one record says, before envelope and audit fields are reconciled.</summary>
        private sealed class Collected
        {
            public string? Id,
                CorrelationId,
                LoggedByService,
                OperationType,
                Result,
                ResultReason;
            public string? UserId,
                UserDisplayName,
                UserPrincipalName,
                UserIpAddress;
            public string? AppId,
                AppDisplayName,
                ServicePrincipalId,
                ServicePrincipalName;
            public string? UserAgent,
                TenantId,
                ResourceId,
                CallerIpAddress,
                TopCategory,
                InnerCategory;
            public bool IsDiagnosticRecord;
            public ReadOnlyMemory<byte> TargetsJson,
                DetailsJson;
            public TargetResource[]? Targets;
            public AdditionalDetail[]? Details;

            /// <summary>The record being decoded, and whether its arrays are built as they are walked.</summary>
            public ReadOnlyMemory<byte> Json;
            public bool WithArrays;

            public void Clear(ReadOnlyMemory<byte> json, bool withArrays)
            {
                Id = CorrelationId = LoggedByService = OperationType = Result = ResultReason = null;
                UserId = UserDisplayName = UserPrincipalName = UserIpAddress = null;
                AppId = AppDisplayName = ServicePrincipalId = ServicePrincipalName = null;
                UserAgent = TenantId = ResourceId = CallerIpAddress = TopCategory = InnerCategory = null;
                IsDiagnosticRecord = false;
                TargetsJson = DetailsJson = default;
                Targets = null;
                Details = null;
                Json = json;
                WithArrays = withArrays;
            }

            public AuditRecordFields ToFields()
            {
                var hasUser = UserId != null || UserPrincipalName != null || UserDisplayName != null;
                var hasApp =
                    AppId != null
                    || ServicePrincipalId != null
                    || AppDisplayName != null
                    || ServicePrincipalName != null;
                var fields = new AuditRecordFields
                {
                    Id = Id ?? "",
                    Category = IsDiagnosticRecord ? InnerCategory : TopCategory,
                    CorrelationId = CorrelationId,
                    LoggedByService = LoggedByService,
                    OperationType = OperationType,
                    Result = Result,
                    ResultReason = ResultReason,
                    InitiatedBy =
                        hasUser || hasApp || CallerIpAddress != null
                            ? new AuditActor
                            {
                                UserId = UserId,
                                UserDisplayName = UserDisplayName,
                                UserPrincipalName = UserPrincipalName,
                                IpAddress = string.IsNullOrEmpty(UserIpAddress) ? CallerIpAddress : UserIpAddress,
                                AppId = AppId,
                                AppDisplayName = AppDisplayName,
                                ServicePrincipalId = ServicePrincipalId,
                                ServicePrincipalName = ServicePrincipalName,
                            }
                            : AuditActor.None,
                    TargetsJson = TargetsJson,
                    DetailsJson = DetailsJson,
                    UserAgent = UserAgent,
                    TenantId = TenantId ?? TenantFromResourceId(ResourceId),
                };
                if (Targets != null)
                    fields.TargetResources = Targets;
                if (Details != null)
                    fields.AdditionalDetails = Details;
                return fields;
            }

            // "/tenants/<id>/providers/Microsoft.aadiam"
            private static string? TenantFromResourceId(string? resourceId)
            {
                const string prefix = "/tenants/";
                if (resourceId is null || !resourceId.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    return null;
                var end = resourceId.IndexOf('/', prefix.Length);
                var id =
                    end < 0
                        ? resourceId.Substring(prefix.Length)
                        : resourceId.Substring(prefix.Length, end - prefix.Length);
                return id.Length == 0 ? null : id;
            }
        }
    }
}

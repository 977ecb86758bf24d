using System;
using static EntraGuard.Ingest.ValidatedJson;

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
            var record = _collected ??= new Collected();
            record.Clear(json, withArrays);
            var data = json.Span;
            ReadRecordObject(
                data,
                CompactJson.SkipWhiteSpace(data, 0),
                record,
                StringPool.OfThisThread,
                envelopeLevel: true
            );
            return record.ToFields();
        }

        /// <summary>Reads the object at <paramref name="i"/> into <paramref name="record"/>; past it.</summary>
        private static int ReadRecordObject(
            ReadOnlySpan<byte> data,
            int i,
            Collected record,
            StringPool pool,
            bool envelopeLevel
        )
        {
            for (var first = true; ; first = false)
            {
                i = NextProperty(data, i, first, out var field, out var ended);
                if (ended)
                    return i;
                string? text;
                switch (field)
                {
                    case Field.Id:
                        i = Text(data, i, pool, pooled: false, out text);
                        record.Id = text ?? record.Id;
                        break;
                    case Field.Category:
                        i = Text(data, i, pool, pooled: true, out text);
                        if (envelopeLevel)
                            record.TopCategory = text;
                        else
                            record.InnerCategory = text;
                        break;
                    case Field.CorrelationId:
                        i = Text(data, i, pool, pooled: false, out text);
                        if (!envelopeLevel || record.CorrelationId is null)
                            record.CorrelationId = text;
                        break;
                    case Field.LoggedByService:
                        i = Text(data, i, pool, pooled: true, out record.LoggedByService);
                        break;
                    case Field.OperationType:
                        i = Text(data, i, pool, pooled: true, out record.OperationType);
                        break;
                    case Field.Result:
                        i = Text(data, i, pool, pooled: true, out record.Result);
                        break;
                    case Field.ResultReason:
                        i = Text(data, i, pool, pooled: true, out record.ResultReason);
                        break;
                    case Field.InitiatedBy:
                        i = ReadInitiatedBy(data, i, record, pool);
                        break;
                    case Field.TargetResources when record.WithArrays:
                        i = NestedArrays.Targets(data, i, pool, out record.Targets);
                        break;
                    case Field.TargetResources:
                        i = Slice(data, i, record.Json, out record.TargetsJson);
                        break;
                    case Field.AdditionalDetails when record.WithArrays:
                        i = NestedArrays.Details(data, i, pool, out record.Details);
                        break;
                    case Field.AdditionalDetails:
                        i = Slice(data, i, record.Json, out record.DetailsJson);
                        break;
                    case Field.UserAgent:
                        i = Text(data, i, pool, pooled: true, out record.UserAgent);
                        break;
                    case Field.TenantId:
                        i = Text(data, i, pool, pooled: true, out text);
                        record.TenantId = text ?? record.TenantId;
                        break;
                    case Field.Properties when envelopeLevel && data[i] == (byte)'{':
                        record.IsDiagnosticRecord = true;
                        i = ReadRecordObject(data, i, record, pool, envelopeLevel: false);
                        break;
                    case Field.ResourceId when envelopeLevel:
                        i = Text(data, i, pool, pooled: true, out record.ResourceId);
                        break;
                    case Field.CallerIpAddress when envelopeLevel:
                        i = Text(data, i, pool, pooled: true, out record.CallerIpAddress);
                        break;
                    default:
                        i = Skip(data, i);
                        break;
                }
            }
        }

        private static int ReadInitiatedBy(ReadOnlySpan<byte> data, int i, Collected record, StringPool pool)
        {
            if (data[i] != (byte)'{')
                return Skip(data, i);
            for (var first = true; ; first = false)
            {
                i = NextProperty(data, i, first, out var field, out var ended);
                if (ended)
                    return i;
                var isObject = data[i] == (byte)'{';
                if (isObject && field == Field.User)
                    i = ReadActorFields(data, i, record, pool, user: true);
                else if (isObject && field == Field.App)
                    i = ReadActorFields(data, i, record, pool, user: false);
                else
                    i = Skip(data, i);
            }
        }

        private static int ReadActorFields(ReadOnlySpan<byte> data, int i, Collected record, StringPool pool, bool user)
        {
            for (var first = true; ; first = false)
            {
                i = NextProperty(data, i, first, out var field, out var ended);
                if (ended)
                    return i;
                i = field switch
                {
                    Field.Id when user => Text(data, i, pool, pooled: true, out record.UserId),
                    Field.DisplayName when user => Text(data, i, pool, pooled: true, out record.UserDisplayName),
                    Field.UserPrincipalName when user => Text(
                        data,
                        i,
                        pool,
                        pooled: true,
                        out record.UserPrincipalName
                    ),
                    Field.IpAddress when user => Text(data, i, pool, pooled: true, out record.UserIpAddress),
                    Field.AppId when !user => Text(data, i, pool, pooled: true, out record.AppId),
                    Field.DisplayName when !user => Text(data, i, pool, pooled: true, out record.AppDisplayName),
                    Field.ServicePrincipalId when !user => Text(
                        data,
                        i,
                        pool,
                        pooled: true,
                        out record.ServicePrincipalId
                    ),
                    Field.ServicePrincipalName when !user => Text(
                        data,
                        i,
                        pool,
                        pooled: true,
                        out record.ServicePrincipalName
                    ),
                    _ => Skip(data, i),
                };
            }
        }

        /// <summary>The bytes of the array at <paramref name="i"/> (built into objects only when read); empty for
        /// anything else.</summary>
        private static int Slice(
            ReadOnlySpan<byte> data,
            int i,
            ReadOnlyMemory<byte> json,
            out ReadOnlyMemory<byte> array
        )
        {
            var end = Skip(data, i);
            array = data[i] == (byte)'[' ? json.Slice(i, end - i) : default;
            return end;
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

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using static EntraGuard.Ingest.JsonTokens;

namespace EntraGuard.Ingest
{
    /// <summary>
    /// Decodes a sign-in record as the parser walks it: a Graph <c>signIn</c> object (v1.0 or beta), or a diagnostic
    /// record whose <c>properties</c> holds one, whose envelope (category, callerIpAddress, resultType) fills what the
    /// sign-in leaves out. Sign-ins are read for investigation, which looks at most fields of each, so every field is
    /// decoded in the one walk that also collects what the parser checks (id, time, which log the record is of).
    /// </summary>
    internal static class SignInRecordDecoder
    {
        internal enum Name
        {
            Unknown,
            Id,
            CreatedDateTime,
            UserId,
            UserPrincipalName,
            UserDisplayName,
            AppId,
            AppDisplayName,
            ServicePrincipalId,
            ServicePrincipalName,
            CredentialKeyId,
            CredentialThumbprint,
            IpAddress,
            UserAgent,
            ClientAppUsed,
            ResourceDisplayName,
            CorrelationId,
            Status,
            ErrorCode,
            FailureReason,
            SignInEventTypes,
            IsInteractive,
            Category,
            CallerIpAddress,
            ResultType,
            Properties,
            Time,
            ActivityDateTime,
            ActivityDisplayName,
        }

        internal static readonly Dictionary<string, Name> Names = new(StringComparer.OrdinalIgnoreCase)
        {
            ["id"] = Name.Id,
            ["createdDateTime"] = Name.CreatedDateTime,
            ["userId"] = Name.UserId,
            ["userPrincipalName"] = Name.UserPrincipalName,
            ["userDisplayName"] = Name.UserDisplayName,
            ["appId"] = Name.AppId,
            ["appDisplayName"] = Name.AppDisplayName,
            ["servicePrincipalId"] = Name.ServicePrincipalId,
            ["servicePrincipalName"] = Name.ServicePrincipalName,
            ["servicePrincipalCredentialKeyId"] = Name.CredentialKeyId,
            ["servicePrincipalCredentialThumbprint"] = Name.CredentialThumbprint,
            ["ipAddress"] = Name.IpAddress,
            ["userAgent"] = Name.UserAgent,
            ["clientAppUsed"] = Name.ClientAppUsed,
            ["resourceDisplayName"] = Name.ResourceDisplayName,
            ["correlationId"] = Name.CorrelationId,
            ["status"] = Name.Status,
            ["errorCode"] = Name.ErrorCode,
            ["failureReason"] = Name.FailureReason,
            ["signInEventTypes"] = Name.SignInEventTypes,
            ["isInteractive"] = Name.IsInteractive,
            ["category"] = Name.Category,
            ["callerIpAddress"] = Name.CallerIpAddress,
            ["resultType"] = Name.ResultType,
            ["properties"] = Name.Properties,
            ["time"] = Name.Time,
            // An audit record's own fields: they tell it apart from a sign-in, which the reader then sets aside.
            ["activityDateTime"] = Name.ActivityDateTime,
            ["activityDisplayName"] = Name.ActivityDisplayName,
        };

        // The names by length, lower-cased UTF-8: a record's thirty-odd property names are told apart by comparing a
        // few bytes, where making each a string and hashing it ignoring case was most of what decoding a sign-in cost.
        private static readonly (byte[] Lower, Name Name)[][] NamesByLength = IndexByLength();

        private static (byte[], Name)[][] IndexByLength()
        {
            var longest = 0;
            foreach (var name in Names.Keys)
                longest = Math.Max(longest, name.Length);
            var lists = new List<(byte[], Name)>[longest + 1];
            foreach (var entry in Names)
            {
                var bytes = System.Text.Encoding.ASCII.GetBytes(entry.Key.ToLowerInvariant());
                (lists[bytes.Length] ??= new List<(byte[], Name)>()).Add((bytes, entry.Value));
            }
            var index = new (byte[], Name)[longest + 1][];
            for (var length = 0; length <= longest; length++)
                index[length] = lists[length]?.ToArray() ?? Array.Empty<(byte[], Name)>();
            return index;
        }

        /// <summary>The field a property name stands for (ASCII case ignored, as <see cref="Names"/> does).</summary>
        internal static Name Lookup(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length >= NamesByLength.Length)
                return Name.Unknown;
            foreach (var (lower, name) in NamesByLength[utf8.Length])
            {
                var equal = true;
                for (var i = 0; i < lower.Length && equal; i++)
                {
                    var b = utf8[i];
                    equal = (b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b) == lower[i];
                }
                if (equal)
                    return name;
            }
            return Name.Unknown;
        }

        /// <summary>
        /// Walks the record at the reader (on its StartObject) into <paramref name="record"/>, which the caller has
        /// cleared; <paramref name="envelopeLevel"/> is true for the record itself and false for a diagnostic
        /// record's <c>properties</c>.
        /// </summary>
        internal static void Walk(ref Utf8JsonReader reader, Collected record, StringPool pool, bool envelopeLevel)
        {
            while (NextName(ref reader, out var name))
            {
                switch (name)
                {
                    case Name.Id:
                        record.HasId = HasIdAfter(ref reader, record.HasId);
                        record.Id = ReadString(ref reader, pool, pooled: false) ?? record.Id;
                        break;
                    case Name.CreatedDateTime:
                        record.CreatedDateTime = ParseTime(ref reader, out var bad) ?? record.CreatedDateTime;
                        record.BadTime ??= bad;
                        break;
                    case Name.ActivityDateTime:
                        var activityTime = ParseTime(ref reader, out var badActivityTime);
                        record.HasActivity |= activityTime != null;
                        record.BadTime ??= badActivityTime;
                        break;
                    case Name.ActivityDisplayName:
                        record.HasActivity |= ReadString(ref reader, pool) != null;
                        break;
                    case Name.Time when envelopeLevel:
                        record.EnvelopeTime = ParseTime(ref reader, out _);
                        break;
                    case Name.UserId:
                        record.UserId = ReadString(ref reader, pool);
                        break;
                    case Name.UserPrincipalName:
                        record.UserPrincipalName = ReadString(ref reader, pool);
                        break;
                    case Name.UserDisplayName:
                        record.UserDisplayName = ReadString(ref reader, pool);
                        break;
                    case Name.AppId:
                        record.AppId = ReadString(ref reader, pool);
                        break;
                    case Name.AppDisplayName:
                        record.AppDisplayName = ReadString(ref reader, pool);
                        break;
                    case Name.ServicePrincipalId:
                        record.ServicePrincipalId = ReadString(ref reader, pool);
                        break;
                    case Name.ServicePrincipalName:
                        record.ServicePrincipalName = ReadString(ref reader, pool);
                        break;
                    case Name.CredentialKeyId:
                        record.CredentialKeyId = ReadString(ref reader, pool);
                        break;
                    case Name.CredentialThumbprint:
                        record.CredentialThumbprint = ReadString(ref reader, pool);
                        break;
                    case Name.IpAddress:
                        record.IpAddress = ReadString(ref reader, pool);
                        break;
                    case Name.UserAgent:
                        record.UserAgent = ReadString(ref reader, pool);
                        break;
                    case Name.ClientAppUsed:
                        record.ClientAppUsed = ReadString(ref reader, pool);
                        break;
                    case Name.ResourceDisplayName:
                        record.ResourceDisplayName = ReadString(ref reader, pool);
                        break;
                    case Name.CorrelationId:
                        record.CorrelationId = ReadString(ref reader, pool, pooled: false);
                        break;
                    case Name.Status when reader.TokenType == JsonTokenType.StartObject:
                        Walk(ref reader, record, pool, envelopeLevel: false);
                        break;
                    case Name.ErrorCode:
                        record.ErrorCode = ReadString(ref reader, pool);
                        break;
                    case Name.FailureReason:
                        record.FailureReason = ReadString(ref reader, pool);
                        break;
                    case Name.SignInEventTypes:
                        record.EventType = FirstString(ref reader, pool);
                        break;
                    case Name.IsInteractive:
                        record.IsInteractive = reader.TokenType == JsonTokenType.True;
                        break;
                    case Name.Category when envelopeLevel:
                        record.Category = ReadString(ref reader, pool);
                        break;
                    case Name.CallerIpAddress when envelopeLevel:
                        record.CallerIpAddress = ReadString(ref reader, pool);
                        break;
                    case Name.ResultType when envelopeLevel:
                        record.ResultType = ReadString(ref reader, pool);
                        break;
                    case Name.Properties when envelopeLevel && reader.TokenType == JsonTokenType.StartObject:
                        record.IsDiagnosticRecord = true;
                        Walk(ref reader, record, pool, envelopeLevel: false);
                        break;
                    default:
                        Skip(ref reader);
                        break;
                }
            }
        }

        private static bool NextName(ref Utf8JsonReader reader, out Name name)
        {
            Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                name = Name.Unknown;
                return false;
            }
            name = Lookup(PropertyName(ref reader));
            Read(ref reader);
            return true;
        }

        /// <summary>The first string of an array (Graph lists one event type a sign-in); null for anything
        /// else.</summary>
        private static string? FirstString(ref Utf8JsonReader reader, StringPool pool)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                Skip(ref reader);
                return null;
            }
            string? first = null;
            while (true)
            {
                Read(ref reader);
                if (reader.TokenType == JsonTokenType.EndArray)
                    return first;
                var value = ReadString(ref reader, pool);
                first ??= value;
            }
        }

        /// <summary>
        /// What one record says, before envelope and sign-in fields are reconciled. A parser keeps one and clears it
        /// for each record.
        /// </summary>
        internal sealed class Collected
        {
            public string Id = "";
            public bool HasId,
                HasActivity;
            public DateTimeOffset? CreatedDateTime,
                EnvelopeTime;
            public string? BadTime;
            public string? UserId,
                UserPrincipalName,
                UserDisplayName,
                AppId,
                AppDisplayName,
                ServicePrincipalId;
            public string? ServicePrincipalName,
                CredentialKeyId,
                CredentialThumbprint,
                IpAddress,
                UserAgent;
            public string? ClientAppUsed,
                ResourceDisplayName,
                CorrelationId,
                ErrorCode,
                FailureReason,
                EventType;
            public string? Category,
                CallerIpAddress,
                ResultType;
            public bool? IsInteractive;
            public bool IsDiagnosticRecord;

            public void Clear()
            {
                Id = "";
                HasId = HasActivity = IsDiagnosticRecord = false;
                CreatedDateTime = EnvelopeTime = null;
                IsInteractive = null;
                BadTime = UserId = UserPrincipalName = UserDisplayName = AppId = AppDisplayName = null;
                ServicePrincipalId = ServicePrincipalName = CredentialKeyId = CredentialThumbprint = null;
                IpAddress = UserAgent = ClientAppUsed = ResourceDisplayName = CorrelationId = ErrorCode = null;
                FailureReason = EventType = Category = CallerIpAddress = ResultType = null;
            }

            public SignInEvent ToSignIn(DateTimeOffset time, string source) =>
                new()
                {
                    Id = Id,
                    CreatedDateTime = time,
                    Kind = Kind(),
                    UserId = UserId,
                    UserPrincipalName = UserPrincipalName,
                    UserDisplayName = UserDisplayName,
                    AppId = AppId,
                    AppDisplayName = AppDisplayName,
                    ServicePrincipalId = NonEmpty(ServicePrincipalId),
                    ServicePrincipalName = ServicePrincipalName,
                    ServicePrincipalCredentialKeyId = NonEmpty(CredentialKeyId),
                    ServicePrincipalCredentialThumbprint = NonEmpty(CredentialThumbprint),
                    IpAddress = NonEmpty(IpAddress) ?? NonEmpty(CallerIpAddress),
                    UserAgent = NonEmpty(UserAgent),
                    ClientAppUsed = ClientAppUsed,
                    ResourceDisplayName = ResourceDisplayName,
                    CorrelationId = CorrelationId,
                    ErrorCode = Code(ErrorCode) ?? Code(ResultType) ?? 0,
                    FailureReason = FailureReason,
                    Source = source,
                };

            // The diagnostic category says which log; a Graph record says it in signInEventTypes (beta) or, in
            // v1.0, by isInteractive and by naming a user or only a service principal.
            private SignInKind Kind()
            {
                if (IsDiagnosticRecord && SignInEvent.KindNamed(Category) is { } byCategory)
                    return byCategory;
                if (SignInEvent.KindNamed(EventType) is { } byType)
                    return byType;
                if (
                    string.IsNullOrEmpty(UserId)
                    && string.IsNullOrEmpty(UserPrincipalName)
                    && !string.IsNullOrEmpty(ServicePrincipalId)
                )
                {
                    return SignInKind.ServicePrincipal;
                }
                return IsInteractive == false ? SignInKind.NonInteractiveUser : SignInKind.InteractiveUser;
            }

            private static int? Code(string? text) =>
                int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : null;

            private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
        }
    }
}

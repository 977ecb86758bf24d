using System;
using System.Globalization;
using EntraGuard.Ingest;
using SignInField = EntraGuard.Ingest.SignInRecordDecoder.Name;

namespace EntraGuard
{
    /// <summary>Which sign-in log a sign-in comes from (Graph's <c>signInEventTypes</c>, Azure Monitor's
    /// category).</summary>
    public enum SignInKind
    {
        InteractiveUser,
        NonInteractiveUser,
        ServicePrincipal,
        ManagedIdentity,
    }

    /// <summary>
    /// One Entra ID sign-in, faithful to Graph's <c>signIn</c> (v1.0 and beta) whatever source it came from (Graph
    /// pages, exported JSON, Azure Monitor diagnostic records of the four sign-in categories). Immutable once read.
    /// </summary>
    /// <remarks>
    /// A sign-in read from JSON keeps the record's bytes and where each field's value starts in them, and decodes a
    /// field the first time it is asked for: most sign-ins an investigation reads are looked at for two or three
    /// fields, and building twenty strings for each cost more than reading it.
    /// </remarks>
    public sealed class SignInEvent
    {
        // What a field decoded to when that is null: a slot holding null is not decoded yet.
        private static readonly object Absent = new();
        private static readonly int SlotCount = Enum.GetValues(typeof(SignInField)).Length;

        private readonly byte[]? _record;
        private readonly int[]? _at;
        private readonly string? _diagnosticCategory;

        // Decoded values by field, filled on first use. Two threads may decode the same field at once: both store the
        // same value, and a reference is written whole, so a reader sees either nothing or a finished value.
        private object?[]? _values;

        public SignInEvent() { }

        internal SignInEvent(
            byte[] record,
            int[] valueStarts,
            string? diagnosticCategory,
            DateTimeOffset createdDateTime,
            string source
        )
        {
            _record = record;
            _at = valueStarts;
            _diagnosticCategory = diagnosticCategory;
            CreatedDateTime = createdDateTime;
            Source = source;
        }

        public string Id
        {
            get => Value(SignInField.Id, () => Text(SignInField.Id, pooled: false)) ?? "";
            init => Set(SignInField.Id, value);
        }

        /// <summary>When the sign-in happened, always with an offset (UTC when the source gave no zone).</summary>
        public DateTimeOffset CreatedDateTime { get; init; }

        public SignInKind Kind
        {
            get => Value(SignInField.SignInEventTypes, () => (object)DecideKind()) is SignInKind kind ? kind : default;
            init => Set(SignInField.SignInEventTypes, value);
        }

        public string? UserId
        {
            get => Text(SignInField.UserId);
            init => Set(SignInField.UserId, value);
        }

        public string? UserPrincipalName
        {
            get => Text(SignInField.UserPrincipalName);
            init => Set(SignInField.UserPrincipalName, value);
        }

        public string? UserDisplayName
        {
            get => Text(SignInField.UserDisplayName);
            init => Set(SignInField.UserDisplayName, value);
        }

        /// <summary>The application signed in to (users) or signing in (workloads).</summary>
        public string? AppId
        {
            get => Text(SignInField.AppId);
            init => Set(SignInField.AppId, value);
        }

        public string? AppDisplayName
        {
            get => Text(SignInField.AppDisplayName);
            init => Set(SignInField.AppDisplayName, value);
        }

        /// <summary>The workload's service principal (service-principal and managed-identity sign-ins).</summary>
        public string? ServicePrincipalId
        {
            get => NonEmpty(SignInField.ServicePrincipalId);
            init => Set(SignInField.ServicePrincipalId, value);
        }

        public string? ServicePrincipalName
        {
            get => Text(SignInField.ServicePrincipalName);
            init => Set(SignInField.ServicePrincipalName, value);
        }

        /// <summary>The key id of the secret or certificate the service principal signed in with.</summary>
        public string? ServicePrincipalCredentialKeyId
        {
            get => NonEmpty(SignInField.CredentialKeyId);
            init => Set(SignInField.CredentialKeyId, value);
        }

        public string? ServicePrincipalCredentialThumbprint
        {
            get => NonEmpty(SignInField.CredentialThumbprint);
            init => Set(SignInField.CredentialThumbprint, value);
        }

        /// <summary>The client's address; a diagnostic record's callerIpAddress when the sign-in names none.</summary>
        public string? IpAddress
        {
            get =>
                Value(
                    SignInField.IpAddress,
                    () => NonEmpty(Raw(SignInField.IpAddress)) ?? NonEmpty(Raw(SignInField.CallerIpAddress))
                );
            init => Set(SignInField.IpAddress, value);
        }

        public string? UserAgent
        {
            get => NonEmpty(SignInField.UserAgent);
            init => Set(SignInField.UserAgent, value);
        }

        public string? ClientAppUsed
        {
            get => Text(SignInField.ClientAppUsed);
            init => Set(SignInField.ClientAppUsed, value);
        }

        public string? ResourceDisplayName
        {
            get => Text(SignInField.ResourceDisplayName);
            init => Set(SignInField.ResourceDisplayName, value);
        }

        public string? CorrelationId
        {
            get => Text(SignInField.CorrelationId, pooled: false);
            init => Set(SignInField.CorrelationId, value);
        }

        /// <summary>0 for a successful sign-in, else Entra's error code (50126: wrong password, …); a diagnostic
        /// record's resultType when the sign-in states none.</summary>
        public int ErrorCode
        {
            get =>
                Value(
                    SignInField.ErrorCode,
                    () => (object)(Code(Raw(SignInField.ErrorCode)) ?? Code(Raw(SignInField.ResultType)) ?? 0)
                )
                    is int code
                    ? code
                    : 0;
            init => Set(SignInField.ErrorCode, value);
        }

        public string? FailureReason
        {
            get => Text(SignInField.FailureReason);
            init => Set(SignInField.FailureReason, value);
        }

        /// <summary>Where the sign-in was read from: a file path, or <c>graph</c>.</summary>
        public string? Source { get; init; }

        public bool IsSuccess => ErrorCode == 0;
        public bool IsUser => Kind is SignInKind.InteractiveUser or SignInKind.NonInteractiveUser;

        /// <summary>Whether the sign-in is this user's, by object id or user principal name
        /// (case-insensitive).</summary>
        public bool IsBy(string? userIdOrName) =>
            IsUser
            && !string.IsNullOrEmpty(userIdOrName)
            && (
                string.Equals(UserId, userIdOrName, StringComparison.OrdinalIgnoreCase)
                || string.Equals(UserPrincipalName, userIdOrName, StringComparison.OrdinalIgnoreCase)
            );

        public override string ToString() =>
            $"{CreatedDateTime:u} {Kind} {UserPrincipalName ?? ServicePrincipalName ?? AppDisplayName ?? "(unknown)"} "
            + $"from {IpAddress ?? "(no address)"} ({Id})";

        /// <summary>The kind a <c>signInEventTypes</c> value or diagnostic category names, or null for another
        /// word.</summary>
        internal static SignInKind? KindNamed(string? name) =>
            name?.ToLowerInvariant() switch
            {
                "interactiveuser" or "signinlogs" => SignInKind.InteractiveUser,
                "noninteractiveuser" or "noninteractiveusersigninlogs" => SignInKind.NonInteractiveUser,
                "serviceprincipal" or "serviceprincipalsigninlogs" => SignInKind.ServicePrincipal,
                "managedidentity" or "managedidentitysigninlogs" => SignInKind.ManagedIdentity,
                _ => null,
            };

        // The diagnostic category says which log; a Graph record says it in signInEventTypes (beta) or, in v1.0, by
        // isInteractive and by naming a user or only a service principal.
        private SignInKind DecideKind()
        {
            if (KindNamed(_diagnosticCategory) is { } byCategory)
                return byCategory;
            if (
                KindNamed(SignInRecordDecoder.FirstText(_record!, _at![(int)SignInField.SignInEventTypes])) is
                { } byType
            )
                return byType;
            if (
                string.IsNullOrEmpty(Raw(SignInField.UserId))
                && string.IsNullOrEmpty(Raw(SignInField.UserPrincipalName))
                && !string.IsNullOrEmpty(Raw(SignInField.ServicePrincipalId))
            )
            {
                return SignInKind.ServicePrincipal;
            }
            return SignInRecordDecoder.Flag(_record!, _at![(int)SignInField.IsInteractive]) == false
                ? SignInKind.NonInteractiveUser
                : SignInKind.InteractiveUser;
        }

        private string? Text(SignInField field, bool pooled = true) => Value(field, () => Raw(field, pooled));

        private string? NonEmpty(SignInField field) => Value(field, () => NonEmpty(Raw(field)));

        /// <summary>The field's text as the record holds it (built in code: none).</summary>
        private string? Raw(SignInField field, bool pooled = true) =>
            _record is null ? null : SignInRecordDecoder.Text(_record, _at![(int)field], pooled);

        // A field's value: decoded once, then kept. A sign-in built in code has the values it was given, or none.
        private T? Value<T>(SignInField field, Func<T?> decode)
            where T : class
        {
            var slot = _values?[(int)field];
            if (slot != null)
                return slot == Absent ? null : (T)slot;
            if (_record is null)
                return null;
            var value = decode();
            (_values ??= new object?[SlotCount])[(int)field] = (object?)value ?? Absent;
            return value;
        }

        private void Set(SignInField field, object? value) =>
            (_values ??= new object?[SlotCount])[(int)field] = value ?? Absent;

        private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

        private static int? Code(string? text) =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : null;
    }
}

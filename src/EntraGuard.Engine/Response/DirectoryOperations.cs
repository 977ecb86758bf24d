using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using EntraGuard.Collection;

namespace EntraGuard.Response
{
    /// <summary>
    /// One Graph call a remediation needs, as data: the engine plans with these, shows them (-WhatIf prints
    /// <see cref="ToString"/>: method, path, query and body without secret values), journals them, and hands them in
    /// batches to an <see cref="IDirectoryGateway"/>, which performs each through the Graph SDK and sets
    /// <see cref="Outcome"/>.
    /// </summary>
    public abstract class DirectoryOperation
    {
        public abstract string Method { get; }

        /// <summary>The path below Graph's version segment, ids included:
        /// <c>/servicePrincipals/{id}/removePassword</c>.</summary>
        public abstract string Path { get; }

        /// <summary>Properties asked for with <c>$select</c>, if any.</summary>
        public virtual IReadOnlyList<string> Select => Array.Empty<string>();

        /// <summary>The query string (decoded, without '?'), or null.</summary>
        public virtual string? Query => Select.Count == 0 ? null : "$select=" + string.Join(",", Select);

        /// <summary>The request body as JSON, secret values elided; null when there is none.</summary>
        public virtual string? BodyPreview => null;

        /// <summary>The least-privilege Graph permissions the call needs, named in a 403's error message.</summary>
        public abstract string Permissions { get; }

        /// <summary>What the call does, for messages: "removing password … from service principal …".</summary>
        public abstract string Description { get; }

        public bool IsWrite => Method != "GET";

        /// <summary>Sent as client-request-id; the same for every call of one action, and journaled.</summary>
        public string? CorrelationId { get; internal set; }

        /// <summary>Set once the call has been made (or has finally failed).</summary>
        public OperationOutcome? Outcome { get; internal set; }

        internal bool Succeeded => Outcome is { Error: null };

        /// <summary>For a write: a fresh read of the state it changes, made after it to prove it took effect.</summary>
        internal virtual DirectoryOperation? VerificationRead() => null;

        /// <summary>
        /// What the (successful) <see cref="VerificationRead"/> found that shows this write did not take effect, or
        /// null when it did.
        /// </summary>
        internal virtual string? Contradiction(DirectoryOperation read) => null;

        /// <summary><c>METHOD /path?query body</c>: the exact call, as -WhatIf and the journal show it.</summary>
        public override string ToString() =>
            Method + " " + Path + (Query is null ? "" : "?" + Query) + (BodyPreview is null ? "" : " " + BodyPreview);

        protected static string Quote(string value) => System.Text.Json.JsonSerializer.Serialize(value);
    }

    /// <summary>What came back for one operation.</summary>
    public sealed class OperationOutcome
    {
        private OperationOutcome(object? value, GraphRequestException? error, bool retryable, TimeSpan? retryAfter)
        {
            Value = value;
            Error = error;
            Retryable = retryable;
            RetryAfter = retryAfter;
        }

        /// <summary>The state read (an <see cref="AppObjectState"/>, <see cref="UserState"/>…), or null for
        /// writes.</summary>
        public object? Value { get; }

        public GraphRequestException? Error { get; }

        /// <summary>Throttled inside a batch: the request may be sent again on its own (the SDK retries only whole
        /// requests).</summary>
        public bool Retryable { get; }

        /// <summary>The Retry-After Graph gave with a retryable answer, if any.</summary>
        public TimeSpan? RetryAfter { get; }

        public static OperationOutcome Success(object? value = null) => new(value, null, false, null);

        public static OperationOutcome Failure(GraphRequestException error) => new(null, error, false, null);

        /// <summary>A 429 (or 503/504) for one request of a batch, to be retried alone after <paramref
        /// name="retryAfter"/>.</summary>
        public static OperationOutcome Throttled(GraphRequestException error, TimeSpan? retryAfter) =>
            new(null, error, true, retryAfter);
    }

    // ---- reads -----------------------------------------------------------------------------------------------------

    /// <summary>Reads a service principal or application: ids, name, enabled state and credential lists.</summary>
    public sealed class GetAppObject : DirectoryOperation
    {
        internal static readonly string[] Properties =
        {
            "id",
            "appId",
            "displayName",
            "accountEnabled",
            "passwordCredentials",
            "keyCredentials",
        };
        private static readonly string[] ApplicationProperties =
        {
            "id",
            "appId",
            "displayName",
            "passwordCredentials",
            "keyCredentials",
        };

        public GetAppObject(DirectoryObjectType type, string id, bool byAppId = false)
        {
            if (type is not (DirectoryObjectType.ServicePrincipal or DirectoryObjectType.Application))
                throw new ArgumentOutOfRangeException(nameof(type));
            Type = type;
            Id = id;
            ByAppId = byAppId;
        }

        public DirectoryObjectType Type { get; }

        /// <summary>The object id, or the application (client) id when <see cref="ByAppId"/>.</summary>
        public string Id { get; }

        /// <summary>Addressed by appId (<c>/applications(appId='…')</c>) rather than object id.</summary>
        public bool ByAppId { get; }

        public override string Method => "GET";
        public override string Path =>
            ByAppId
                ? $"/{DirectoryObjectTypes.CollectionOf(Type)}(appId='{Id}')"
                : $"/{DirectoryObjectTypes.CollectionOf(Type)}/{Id}";
        public override IReadOnlyList<string> Select =>
            Type == DirectoryObjectType.Application ? ApplicationProperties : Properties;
        public override string Permissions => "Application.Read.All";
        public override string Description => $"reading {DirectoryObjectTypes.Describe(Type)} {Id}";
        public AppObjectState? Result => Outcome?.Value as AppObjectState;
    }

    /// <summary>
    /// Reads an object's certificates with their key material: <c>$select=keyCredentials</c> on the single object is
    /// the only read that returns <c>key</c>, and a PATCH without it would delete the certificates it leaves out.
    /// </summary>
    public sealed class GetKeyCredentials : DirectoryOperation
    {
        private static readonly string[] KeyCredentialsOnly = { "keyCredentials" };

        public GetKeyCredentials(DirectoryObjectType type, string id)
        {
            Type = type;
            Id = id;
        }

        public DirectoryObjectType Type { get; }
        public string Id { get; }
        public override string Method => "GET";
        public override string Path => $"/{DirectoryObjectTypes.CollectionOf(Type)}/{Id}";
        public override IReadOnlyList<string> Select => KeyCredentialsOnly;
        public override string Permissions => "Application.Read.All";
        public override string Description => $"reading the certificates of {DirectoryObjectTypes.Describe(Type)} {Id}";
        public IReadOnlyList<KeyCredentialInfo>? Result => Outcome?.Value as IReadOnlyList<KeyCredentialInfo>;
    }

    public sealed class GetUser : DirectoryOperation
    {
        private static readonly string[] Properties =
        {
            "id",
            "displayName",
            "userPrincipalName",
            "accountEnabled",
            "signInSessionsValidFromDateTime",
        };

        public GetUser(string id) => Id = id;

        /// <summary>Object id or user principal name.</summary>
        public string Id { get; }

        public override string Method => "GET";
        public override string Path => $"/users/{Id}";
        public override IReadOnlyList<string> Select => Properties;
        public override string Permissions => "User.Read.All";
        public override string Description => $"reading user {Id}";
        public UserState? Result => Outcome?.Value as UserState;
    }

    public sealed class GetGroup : DirectoryOperation
    {
        private static readonly string[] Properties =
        {
            "id",
            "displayName",
            "groupTypes",
            "membershipRule",
            "isAssignableToRole",
            "onPremisesSyncEnabled",
        };

        public GetGroup(string id) => Id = id;

        public string Id { get; }
        public override string Method => "GET";
        public override string Path => $"/groups/{Id}";
        public override IReadOnlyList<string> Select => Properties;
        public override string Permissions => "GroupMember.Read.All";
        public override string Description => $"reading group {Id}";
        public GroupState? Result => Outcome?.Value as GroupState;
    }

    /// <summary>
    /// Whether an object is a direct member of a group: the group's members filtered by id (an advanced query, hence
    /// <c>$count</c> and <c>ConsistencyLevel: eventual</c>). The result is a bool.
    /// </summary>
    public sealed class CheckGroupMember : DirectoryOperation
    {
        public CheckGroupMember(string groupId, string memberId)
        {
            GroupId = groupId;
            MemberId = memberId;
        }

        public string GroupId { get; }
        public string MemberId { get; }
        public override string Method => "GET";
        public override string Path => $"/groups/{GroupId}/members";
        public string Filter => $"id eq '{MemberId}'";
        public override string? Query => $"$count=true&$filter={Filter}&$select=id";
        public override string Permissions => "GroupMember.Read.All";
        public override string Description => $"checking whether {MemberId} is a member of group {GroupId}";
        public bool? IsMember => Outcome?.Value as bool?;
    }

    public sealed class ListAuthenticationMethods : DirectoryOperation
    {
        public ListAuthenticationMethods(string userId) => UserId = userId;

        public string UserId { get; }
        public override string Method => "GET";
        public override string Path => $"/users/{UserId}/authentication/methods";
        public override string Permissions => "UserAuthenticationMethod.Read.All";
        public override string Description => $"listing the authentication methods of user {UserId}";
        public IReadOnlyList<AuthenticationMethodInfo>? Result =>
            Outcome?.Value as IReadOnlyList<AuthenticationMethodInfo>;
    }

    // ---- writes ----------------------------------------------------------------------------------------------------

    /// <summary>Removes a client secret: <c>POST /{servicePrincipals|applications}/{id}/removePassword</c>.</summary>
    public sealed class RemovePassword : DirectoryOperation
    {
        public RemovePassword(DirectoryObjectType type, string id, string keyId)
        {
            Type = type;
            Id = id;
            KeyId = keyId;
        }

        public DirectoryObjectType Type { get; }
        public string Id { get; }
        public string KeyId { get; }
        public override string Method => "POST";
        public override string Path => $"/{DirectoryObjectTypes.CollectionOf(Type)}/{Id}/removePassword";
        public override string BodyPreview => $"{{\"keyId\":{Quote(KeyId)}}}";
        public override string Permissions =>
            "Application.ReadWrite.All (or Application.ReadWrite.OwnedBy for an app that owns the object)";
        public override string Description =>
            $"removing password {KeyId} from {DirectoryObjectTypes.Describe(Type)} {Id}";

        internal override DirectoryOperation VerificationRead() => new GetAppObject(Type, Id);

        internal override string? Contradiction(DirectoryOperation read) =>
            ((GetAppObject)read).Result!.PasswordCredentials.Any(p => CredentialKeys.Same(p.KeyId, KeyId))
                ? $"password {KeyId} is still on {DirectoryObjectTypes.Describe(Type)} {Id}"
                : null;
    }

    /// <summary>
    /// Replaces an object's whole keyCredentials collection (PATCH). Every certificate to keep must come with its
    /// key material; the preview shows key ids and sizes, never the keys.
    /// </summary>
    public sealed class ReplaceKeyCredentials : DirectoryOperation
    {
        public ReplaceKeyCredentials(
            DirectoryObjectType type,
            string id,
            IReadOnlyList<KeyCredentialInfo> keep,
            IReadOnlyList<string> removedKeyIds
        )
        {
            if (keep.Any(k => !k.HasKey))
                throw new ArgumentException("Every certificate kept must carry its key material.", nameof(keep));
            if (removedKeyIds.Count == 0)
                throw new ArgumentException("At least one certificate must be removed.", nameof(removedKeyIds));
            Type = type;
            Id = id;
            Keep = keep;
            RemovedKeyIds = removedKeyIds;
        }

        public DirectoryObjectType Type { get; }
        public string Id { get; }

        /// <summary>The collection to write: every current certificate but the one removed, with its key.</summary>
        public IReadOnlyList<KeyCredentialInfo> Keep { get; }

        /// <summary>The certificates this write removes (several when removals on one object are merged).</summary>
        public IReadOnlyList<string> RemovedKeyIds { get; }

        public override string Method => "PATCH";
        public override string Path => $"/{DirectoryObjectTypes.CollectionOf(Type)}/{Id}";

        public override string BodyPreview
        {
            get
            {
                var text = new StringBuilder("{\"keyCredentials\":[");
                for (var i = 0; i < Keep.Count; i++)
                {
                    var key = Keep[i];
                    if (i > 0)
                        text.Append(',');
                    text.Append("{\"keyId\":").Append(Quote(key.KeyId));
                    if (key.Type != null)
                        text.Append(",\"type\":").Append(Quote(key.Type));
                    if (key.Usage != null)
                        text.Append(",\"usage\":").Append(Quote(key.Usage));
                    text.Append(",\"key\":\"(").Append(key.Key!.Length).Append(" bytes, as read)\"}");
                }
                return text.Append("]}").ToString();
            }
        }

        public override string Permissions =>
            "Application.ReadWrite.All (or Application.ReadWrite.OwnedBy for an app that owns the object)";
        public override string Description =>
            $"removing certificate{(RemovedKeyIds.Count == 1 ? "" : "s")} {string.Join(", ", RemovedKeyIds)} from "
            + $"{DirectoryObjectTypes.Describe(Type)} {Id}";

        internal override DirectoryOperation VerificationRead() => new GetAppObject(Type, Id);

        internal override string? Contradiction(DirectoryOperation read)
        {
            var present = ((GetAppObject)read).Result!.KeyCredentials.Select(k => k.KeyId).ToArray();
            var stillThere = RemovedKeyIds
                .Where(removed => present.Any(p => CredentialKeys.Same(p, removed)))
                .ToArray();
            var lost = Keep.Select(k => k.KeyId)
                .Where(kept => !present.Any(p => CredentialKeys.Same(p, kept)))
                .ToArray();
            var found = new List<string>();
            if (stillThere.Length > 0)
                found.Add(
                    $"certificate {string.Join(", ", stillThere)} is still on "
                        + $"{DirectoryObjectTypes.Describe(Type)} {Id}"
                );
            if (lost.Length > 0)
                found.Add($"certificate {string.Join(", ", lost)}, which was written back, is missing from it");
            return found.Count == 0 ? null : string.Join("; ", found);
        }
    }

    /// <summary>Disables or enables sign-in: <c>PATCH {"accountEnabled":…}</c> on a service principal or
    /// user.</summary>
    public sealed class SetAccountEnabled : DirectoryOperation
    {
        public SetAccountEnabled(DirectoryObjectType type, string id, bool enabled)
        {
            if (type is not (DirectoryObjectType.ServicePrincipal or DirectoryObjectType.User))
                throw new ArgumentOutOfRangeException(nameof(type));
            Type = type;
            Id = id;
            Enabled = enabled;
        }

        public DirectoryObjectType Type { get; }
        public string Id { get; }
        public bool Enabled { get; }
        public override string Method => "PATCH";
        public override string Path => $"/{DirectoryObjectTypes.CollectionOf(Type)}/{Id}";
        public override string BodyPreview => Enabled ? "{\"accountEnabled\":true}" : "{\"accountEnabled\":false}";

        public override string Permissions =>
            Type == DirectoryObjectType.User
                ? "User.EnableDisableAccount.All and User.Read.All (delegated: also User Administrator, or "
                    + "Privileged Authentication Administrator for an admin)"
                : "Application.ReadWrite.All";

        public override string Description =>
            $"{(Enabled ? "enabling" : "disabling")} {DirectoryObjectTypes.Describe(Type)} {Id}";

        internal override DirectoryOperation VerificationRead() =>
            Type == DirectoryObjectType.User ? new GetUser(Id) : new GetAppObject(Type, Id);

        internal override string? Contradiction(DirectoryOperation read)
        {
            var enabled = read is GetUser user
                ? user.Result!.AccountEnabled
                : ((GetAppObject)read).Result!.AccountEnabled;
            var state =
                enabled is null ? "of unknown state"
                : enabled == true ? "still enabled"
                : "still disabled";
            return enabled == Enabled ? null : $"{DirectoryObjectTypes.Describe(Type)} {Id} is {state}";
        }
    }

    /// <summary>Invalidates a user's refresh tokens and session cookies: <c>POST
    /// /users/{id}/revokeSignInSessions</c>.</summary>
    public sealed class RevokeSignInSessions : DirectoryOperation
    {
        public RevokeSignInSessions(string userId, DateTimeOffset? validFromBefore)
        {
            UserId = userId;
            ValidFromBefore = validFromBefore;
        }

        public string UserId { get; }

        /// <summary>The user's signInSessionsValidFromDateTime before the call: afterwards it must be later.</summary>
        public DateTimeOffset? ValidFromBefore { get; }

        public override string Method => "POST";
        public override string Path => $"/users/{UserId}/revokeSignInSessions";
        public override string Permissions => "User.RevokeSessions.All";
        public override string Description => $"revoking the sign-in sessions of user {UserId}";

        internal override DirectoryOperation VerificationRead() => new GetUser(UserId);

        internal override string? Contradiction(DirectoryOperation read) =>
            ((GetUser)read).Result!.SignInSessionsValidFromDateTime is { } after
            && (ValidFromBefore is null || after > ValidFromBefore)
                ? null
                : $"the sessions of user {UserId} are still valid from "
                    + $"{(ValidFromBefore is { } before ? before.UtcDateTime.ToString("u") : "the start")}";
    }

    /// <summary>
    /// Adds a member by reference: <c>POST /groups/{id}/members/$ref</c>. Only the reference is created; nothing is
    /// ever deleted by this action.
    /// </summary>
    public sealed class AddGroupMember : DirectoryOperation
    {
        public AddGroupMember(string groupId, string memberId, string memberUrl, bool roleAssignable)
        {
            GroupId = groupId;
            MemberId = memberId;
            MemberUrl = memberUrl;
            RoleAssignable = roleAssignable;
        }

        public string GroupId { get; }
        public string MemberId { get; }

        /// <summary>The member's directoryObject URL in the connected cloud, sent as <c>@odata.id</c>.</summary>
        public string MemberUrl { get; }

        public bool RoleAssignable { get; }
        public override string Method => "POST";
        public override string Path => $"/groups/{GroupId}/members/$ref";
        public override string BodyPreview => $"{{\"@odata.id\":{Quote(MemberUrl)}}}";

        public override string Permissions =>
            RoleAssignable
                ? "GroupMember.ReadWrite.All and RoleManagement.ReadWrite.Directory (the group is role-assignable)"
                : "GroupMember.ReadWrite.All";

        public override string Description => $"adding {MemberId} to group {GroupId}";

        internal override DirectoryOperation VerificationRead() => new CheckGroupMember(GroupId, MemberId);

        internal override string? Contradiction(DirectoryOperation read) =>
            ((CheckGroupMember)read).IsMember == true ? null : $"{MemberId} is not a member of group {GroupId}";

        /// <summary>Graph answers 400 "…already exist…" when the reference is there: for us, already done.</summary>
        internal bool AnsweredAlreadyMember =>
            Outcome?.Error is { Kind: GraphErrorKind.BadRequest } error
            && error.Message.IndexOf("already exist", StringComparison.OrdinalIgnoreCase) >= 0;
    }

    /// <summary>Issues a temporary access pass: <c>POST
    /// /users/{id}/authentication/temporaryAccessPassMethods</c>.</summary>
    public sealed class CreateTemporaryAccessPass : DirectoryOperation
    {
        public CreateTemporaryAccessPass(string userId, int lifetimeInMinutes, bool isUsableOnce)
        {
            UserId = userId;
            LifetimeInMinutes = lifetimeInMinutes;
            IsUsableOnce = isUsableOnce;
        }

        public string UserId { get; }
        public int LifetimeInMinutes { get; }
        public bool IsUsableOnce { get; }
        public override string Method => "POST";
        public override string Path => $"/users/{UserId}/authentication/temporaryAccessPassMethods";
        public override string BodyPreview =>
            $"{{\"isUsableOnce\":{(IsUsableOnce ? "true" : "false")},\"lifetimeInMinutes\":{LifetimeInMinutes}}}";
        public override string Permissions => "UserAuthenticationMethod.ReadWrite.All";
        public override string Description => $"issuing a temporary access pass for user {UserId}";
        public IssuedTemporaryAccessPass? Result => Outcome?.Value as IssuedTemporaryAccessPass;

        internal override DirectoryOperation VerificationRead() => new ListAuthenticationMethods(UserId);

        internal override string? Contradiction(DirectoryOperation read) =>
            ((ListAuthenticationMethods)read).Result!.Any(m =>
                Result is { } pass && CredentialKeys.Same(m.Id, pass.MethodId)
            )
                ? null
                : $"the temporary access pass {Result?.MethodId} is not among the authentication methods of user "
                    + $"{UserId}";
    }
}

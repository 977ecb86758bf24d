using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;

namespace EntraGuard.Response
{
    /// <summary>The kinds of directory object remediation acts on, named as Graph names them.</summary>
    public enum DirectoryObjectType
    {
        ServicePrincipal,
        Application,
        User,
        Group,
    }

    public static class DirectoryObjectTypes
    {
        /// <summary>Graph's collection segment: servicePrincipals, applications, users, groups.</summary>
        public static string CollectionOf(DirectoryObjectType type) =>
            type switch
            {
                DirectoryObjectType.ServicePrincipal => "servicePrincipals",
                DirectoryObjectType.Application => "applications",
                DirectoryObjectType.User => "users",
                _ => "groups",
            };

        /// <summary>Graph's type name in camelCase, as the journal writes it: servicePrincipal, application…</summary>
        public static string NameOf(DirectoryObjectType type) =>
            type switch
            {
                DirectoryObjectType.ServicePrincipal => "servicePrincipal",
                DirectoryObjectType.Application => "application",
                DirectoryObjectType.User => "user",
                _ => "group",
            };

        /// <summary>For people: "service principal", "application"…</summary>
        public static string Describe(DirectoryObjectType type) =>
            type == DirectoryObjectType.ServicePrincipal ? "service principal" : NameOf(type);
    }

    internal static class CredentialKeys
    {
        /// <summary>Key ids are GUIDs: the same key whatever the letter case it was written in.</summary>
        public static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A client secret as Graph lists it. Graph never returns the secret; its <c>hint</c> (the secret's first
    /// characters) is deliberately not kept either.</summary>
    public sealed class PasswordCredentialInfo
    {
        public string KeyId { get; init; } = "";
        public string? DisplayName { get; init; }
        public DateTimeOffset? StartDateTime { get; init; }
        public DateTimeOffset? EndDateTime { get; init; }

        public override string ToString() => $"password {KeyId}" + (DisplayName is null ? "" : $" '{DisplayName}'");
    }

    /// <summary>
    /// A certificate (or other key) credential. <see cref="Key"/> is the public certificate, present only when it was
    /// read with <c>$select=keyCredentials</c> on the single object; it is carried so that a PATCH of the collection
    /// can write every other certificate back intact, and it is never shown or journaled.
    /// </summary>
    public sealed class KeyCredentialInfo
    {
        public string KeyId { get; init; } = "";

        /// <summary>AsymmetricX509Cert, X509CertAndPassword, Symmetric.</summary>
        public string? Type { get; init; }

        /// <summary>Verify (sign-in) or Sign (token signing).</summary>
        public string? Usage { get; init; }

        public string? DisplayName { get; init; }

        /// <summary>Usually the certificate's SHA-1 thumbprint, base64-encoded.</summary>
        public string? CustomKeyIdentifier { get; init; }

        public DateTimeOffset? StartDateTime { get; init; }
        public DateTimeOffset? EndDateTime { get; init; }

        /// <summary>The public key material; null when Graph did not return it.</summary>
        internal byte[]? Key { get; init; }

        internal bool HasKey => Key is { Length: > 0 };

        public override string ToString() =>
            $"{Type ?? "key"} {KeyId}" + (DisplayName is null ? "" : $" '{DisplayName}'");
    }

    /// <summary>A service principal or application object: what credential revocation and disabling read
    /// first.</summary>
    public sealed class AppObjectState
    {
        public DirectoryObjectType Type { get; init; }
        public string Id { get; init; } = "";
        public string? AppId { get; init; }
        public string? DisplayName { get; init; }

        /// <summary>Service principals only: whether it may sign in.</summary>
        public bool? AccountEnabled { get; init; }

        public IReadOnlyList<PasswordCredentialInfo> PasswordCredentials { get; init; } =
            Array.Empty<PasswordCredentialInfo>();
        public IReadOnlyList<KeyCredentialInfo> KeyCredentials { get; init; } = Array.Empty<KeyCredentialInfo>();

        public override string ToString() => $"{DirectoryObjectTypes.Describe(Type)} '{DisplayName ?? Id}' ({Id})";
    }

    public sealed class UserState
    {
        public string Id { get; init; } = "";
        public string? UserPrincipalName { get; init; }
        public string? DisplayName { get; init; }
        public bool? AccountEnabled { get; init; }

        /// <summary>Tokens issued before this time are invalid: when sessions were last revoked.</summary>
        public DateTimeOffset? SignInSessionsValidFromDateTime { get; init; }

        public override string ToString() => $"user '{UserPrincipalName ?? DisplayName ?? Id}' ({Id})";
    }

    public sealed class GroupState
    {
        public string Id { get; init; } = "";
        public string? DisplayName { get; init; }
        public IReadOnlyList<string> GroupTypes { get; init; } = Array.Empty<string>();
        public string? MembershipRule { get; init; }
        public bool? IsAssignableToRole { get; init; }
        public bool? OnPremisesSyncEnabled { get; init; }

        /// <summary>Membership follows a rule; members cannot be added or removed by hand.</summary>
        public bool IsDynamic =>
            GroupTypes.Any(t => string.Equals(t, "DynamicMembership", StringComparison.OrdinalIgnoreCase));

        public override string ToString() => $"group '{DisplayName ?? Id}' ({Id})";
    }

    /// <summary>One of a user's registered authentication methods ("security info").</summary>
    public sealed class AuthenticationMethodInfo
    {
        public string UserId { get; init; } = "";
        public string Id { get; init; } = "";

        /// <summary>Graph's type without its namespace and suffix: phone, microsoftAuthenticator, fido2, email,
        /// password, temporaryAccessPass, windowsHelloForBusiness, softwareOath, platformCredential…</summary>
        public string MethodType { get; init; } = "";

        /// <summary>The device, key model or phone/e-mail the method is registered on, where Graph says.</summary>
        public string? Detail { get; init; }

        public DateTimeOffset? CreatedDateTime { get; init; }

        public override string ToString() => Detail is null ? MethodType : $"{MethodType} ({Detail})";
    }

    /// <summary>
    /// A temporary access pass just issued. The pass itself is shown once: it is held in a SecureString, and
    /// <see cref="ToString"/> and the journal never include it.
    /// </summary>
    public sealed class IssuedTemporaryAccessPass
    {
        public IssuedTemporaryAccessPass(
            string methodId,
            SecureString pass,
            int lifetimeInMinutes,
            bool isUsableOnce,
            DateTimeOffset? startDateTime
        )
        {
            MethodId = methodId;
            Pass = pass;
            LifetimeInMinutes = lifetimeInMinutes;
            IsUsableOnce = isUsableOnce;
            StartDateTime = startDateTime;
        }

        /// <summary>The id of the temporaryAccessPassAuthenticationMethod created.</summary>
        public string MethodId { get; }

        /// <summary>The pass, read-only. Give it to the user over a trusted channel.</summary>
        public SecureString Pass { get; }

        public int LifetimeInMinutes { get; }
        public bool IsUsableOnce { get; }
        public DateTimeOffset? StartDateTime { get; }

        public override string ToString() =>
            $"temporary access pass {MethodId}, {LifetimeInMinutes} min, "
            + (IsUsableOnce ? "usable once" : "reusable")
            + (StartDateTime is null ? "" : $", from {StartDateTime.Value.UtcDateTime:u}");

        /// <summary>Wraps a pass Graph returned as text into a read-only SecureString.</summary>
        public static SecureString Protect(string pass)
        {
            var secure = new SecureString();
            foreach (var c in pass)
                secure.AppendChar(c);
            secure.MakeReadOnly();
            return secure;
        }
    }
}

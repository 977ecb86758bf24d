using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Response;

namespace EntraGuard.Engine.Tests.Response
{
    /// <summary>
    /// A tenant in memory behind <see cref="IDirectoryGateway"/>: it performs each operation on its objects the way
    /// Graph would, records every batch it was handed, and can be scripted to throttle or fail chosen operations.
    /// </summary>
    internal sealed class InMemoryDirectory : IDirectoryGateway
    {
        public const string BaseUrl = "https://graph.microsoft.com/v1.0";

        public Dictionary<string, AppObject> ServicePrincipals { get; } = new(StringComparer.OrdinalIgnoreCase);
        public Dictionary<string, AppObject> Applications { get; } = new(StringComparer.OrdinalIgnoreCase);
        public Dictionary<string, User> Users { get; } = new(StringComparer.OrdinalIgnoreCase);
        public Dictionary<string, Group> Groups { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Every batch handed over, in order.</summary>
        public List<DirectoryOperation[]> Batches { get; } = new();

        public IEnumerable<DirectoryOperation> Writes => Batches.SelectMany(b => b).Where(o => o.IsWrite);

        /// <summary>Answers 429 (with this Retry-After) to the operations it matches, that many times each.</summary>
        public List<(Func<DirectoryOperation, bool> Match, int Times, TimeSpan? RetryAfter)> Throttle { get; } = new();

        /// <summary>Fails the operations it matches with the error it gives.</summary>
        public List<(Func<DirectoryOperation, bool> Match, GraphRequestException Error)> Failures { get; } = new();

        /// <summary>When set, thrown for the whole exchange (a network failure, a cancelled run).</summary>
        public Func<DirectoryOperation[], Exception?>? Exchange { get; set; }

        /// <summary>Leaves key material out of keyCredentials reads (what a careless read gets).</summary>
        public bool OmitKeyMaterial { get; set; }

        public string Pass { get; set; } = "Tap-Secret-7Q9x!";

        public GraphConnectionInfo Connection { get; set; } =
            AppOnly("11111111-aaaa-4aaa-8aaa-111111111111", "99999999-9999-4999-8999-999999999999");

        private readonly Dictionary<DirectoryOperation, int> _throttled = new();

        public static GraphConnectionInfo AppOnly(string clientId, string servicePrincipalId) =>
            new()
            {
                TenantId = "5b7c1e2a-8d3f-4a6b-9c0e-1f2a3b4c5d6e",
                ClientId = clientId,
                ObjectId = servicePrincipalId,
                AppDisplayName = "EntraGuard-Responder",
                Roles = new[] { "Application.ReadWrite.All" },
                GraphBaseUrl = BaseUrl,
            };

        public static GraphConnectionInfo Delegated(string userId, string upn) =>
            new()
            {
                TenantId = "5b7c1e2a-8d3f-4a6b-9c0e-1f2a3b4c5d6e",
                ClientId = "14d82eec-204b-4c2f-b7e8-296a70dab67e",
                ObjectId = userId,
                Account = upn,
                Scopes = new[] { "User.ReadWrite.All" },
                GraphBaseUrl = BaseUrl,
            };

        public Task<GraphConnectionInfo> GetConnectionAsync(CancellationToken cancellationToken) =>
            Task.FromResult(Connection);

        public Task<IReadOnlyList<OperationOutcome>> SendAsync(
            IReadOnlyList<DirectoryOperation> operations,
            CancellationToken cancellationToken
        )
        {
            Assert.InRange(operations.Count, 1, ResponseEngine.MaxBatchSize);
            var batch = operations.ToArray();
            Batches.Add(batch);
            if (Exchange?.Invoke(batch) is { } failure)
                throw failure;
            return Task.FromResult<IReadOnlyList<OperationOutcome>>(batch.Select(Perform).ToArray());
        }

        private OperationOutcome Perform(DirectoryOperation operation)
        {
            foreach (var (match, times, retryAfter) in Throttle)
            {
                if (!match(operation))
                    continue;
                _throttled.TryGetValue(operation, out var count);
                if (count < times)
                {
                    _throttled[operation] = count + 1;
                    return OperationOutcome.Throttled(
                        new GraphRequestException(
                            GraphErrorKind.Throttled,
                            $"Graph throttled the request while {operation.Description} (429).",
                            429
                        ),
                        retryAfter
                    );
                }
            }
            foreach (var (match, error) in Failures)
            {
                if (match(operation))
                    return OperationOutcome.Failure(error);
            }
            try
            {
                return OperationOutcome.Success(Apply(operation));
            }
            catch (KeyNotFoundException)
            {
                return OperationOutcome.Failure(
                    new GraphRequestException(
                        GraphErrorKind.NotFound,
                        $"Graph found no such object while {operation.Description} (404).",
                        404,
                        "Request_ResourceNotFound"
                    )
                );
            }
        }

        private object? Apply(DirectoryOperation operation)
        {
            switch (operation)
            {
                case GetAppObject read when read.ByAppId:
                    return Applications
                            .Values.FirstOrDefault(a => a.AppId == read.Id)
                            ?.State(OmitKeyMaterial, includeKeys: false)
                        ?? throw new KeyNotFoundException();
                case GetAppObject read:
                    return Find(read.Type, read.Id).State(OmitKeyMaterial, includeKeys: false);
                case GetKeyCredentials read:
                    return Find(read.Type, read.Id).State(OmitKeyMaterial, includeKeys: true).KeyCredentials;
                case GetUser read:
                    return FindUser(read.Id).State();
                case GetGroup read:
                    return Groups[read.Id].State();
                case CheckGroupMember check:
                    return Groups[check.GroupId].Members.Contains(check.MemberId);
                case ListAuthenticationMethods list:
                    return FindUser(list.UserId).Methods.ToArray();
                case RemovePassword remove:
                    var holder = Find(remove.Type, remove.Id);
                    if (holder.Passwords.RemoveAll(p => p.KeyId == remove.KeyId) == 0)
                    {
                        throw new InvalidOperationException(
                            "removePassword for a key that is not there: the engine should have known."
                        );
                    }
                    return null;
                case ReplaceKeyCredentials replace:
                    Find(replace.Type, replace.Id).Keys = replace.Keep.ToList();
                    return null;
                case SetAccountEnabled set when set.Type == DirectoryObjectType.User:
                    FindUser(set.Id).AccountEnabled = set.Enabled;
                    return null;
                case SetAccountEnabled set:
                    ServicePrincipals[set.Id].AccountEnabled = set.Enabled;
                    return null;
                case RevokeSignInSessions revoke:
                    FindUser(revoke.UserId).SessionsValidFrom = DateTimeOffset.UtcNow;
                    return null;
                case AddGroupMember add:
                    if (!add.MemberUrl.EndsWith("/directoryObjects/" + add.MemberId, StringComparison.Ordinal))
                        throw new InvalidOperationException("bad member URL");
                    if (!Groups[add.GroupId].Members.Add(add.MemberId))
                    {
                        throw new InvalidOperationException(
                            "already a member: tests of that answer script it as a failure"
                        );
                    }
                    return null;
                case CreateTemporaryAccessPass create:
                    var user = FindUser(create.UserId);
                    var method = new AuthenticationMethodInfo
                    {
                        UserId = user.Id,
                        Id = Guid.NewGuid().ToString(),
                        MethodType = "temporaryAccessPass",
                        CreatedDateTime = DateTimeOffset.UtcNow,
                    };
                    user.Methods.Add(method);
                    return new IssuedTemporaryAccessPass(
                        method.Id,
                        IssuedTemporaryAccessPass.Protect(Pass),
                        create.LifetimeInMinutes,
                        create.IsUsableOnce,
                        DateTimeOffset.UtcNow
                    );
                default:
                    throw new NotSupportedException(operation.GetType().Name);
            }
        }

        private AppObject Find(DirectoryObjectType type, string id) =>
            type == DirectoryObjectType.ServicePrincipal ? ServicePrincipals[id] : Applications[id];

        private User FindUser(string idOrUpn) =>
            Users.TryGetValue(idOrUpn, out var user)
                ? user
                : Users.Values.FirstOrDefault(u =>
                    string.Equals(u.UserPrincipalName, idOrUpn, StringComparison.OrdinalIgnoreCase)
                ) ?? throw new KeyNotFoundException();

        // ---- objects ---------------------------------------------------------------------------------------------

        public sealed class AppObject
        {
            public DirectoryObjectType Type { get; init; }
            public string Id { get; init; } = "";
            public string AppId { get; init; } = "";
            public string DisplayName { get; init; } = "";
            public bool AccountEnabled { get; set; } = true;
            public List<PasswordCredentialInfo> Passwords { get; set; } = new();
            public List<KeyCredentialInfo> Keys { get; set; } = new();

            public AppObjectState State(bool omitKeyMaterial, bool includeKeys) =>
                new()
                {
                    Type = Type,
                    Id = Id,
                    AppId = AppId,
                    DisplayName = DisplayName,
                    AccountEnabled = Type == DirectoryObjectType.ServicePrincipal ? AccountEnabled : null,
                    PasswordCredentials = Passwords.ToArray(),
                    KeyCredentials = Keys.Select(k => new KeyCredentialInfo
                        {
                            KeyId = k.KeyId,
                            Type = k.Type,
                            Usage = k.Usage,
                            DisplayName = k.DisplayName,
                            CustomKeyIdentifier = k.CustomKeyIdentifier,
                            StartDateTime = k.StartDateTime,
                            EndDateTime = k.EndDateTime,
                            Key = includeKeys && !omitKeyMaterial ? k.Key : null,
                        })
                        .ToArray(),
                };
        }

        public sealed class User
        {
            public string Id { get; init; } = "";
            public string UserPrincipalName { get; init; } = "";
            public bool AccountEnabled { get; set; } = true;
            public DateTimeOffset? SessionsValidFrom { get; set; }
            public List<AuthenticationMethodInfo> Methods { get; } = new();

            public UserState State() =>
                new()
                {
                    Id = Id,
                    UserPrincipalName = UserPrincipalName,
                    DisplayName = UserPrincipalName.Split('@')[0],
                    AccountEnabled = AccountEnabled,
                    SignInSessionsValidFromDateTime = SessionsValidFrom,
                };
        }

        public sealed class Group
        {
            public string Id { get; init; } = "";
            public string DisplayName { get; init; } = "";
            public string[] GroupTypes { get; init; } = Array.Empty<string>();
            public string? MembershipRule { get; init; }
            public bool IsAssignableToRole { get; init; }
            public bool OnPremisesSyncEnabled { get; init; }
            public HashSet<string> Members { get; } = new(StringComparer.OrdinalIgnoreCase);

            public GroupState State() =>
                new()
                {
                    Id = Id,
                    DisplayName = DisplayName,
                    GroupTypes = GroupTypes,
                    MembershipRule = MembershipRule,
                    IsAssignableToRole = IsAssignableToRole,
                    OnPremisesSyncEnabled = OnPremisesSyncEnabled,
                };
        }

        // ---- the Fabrikam objects the tests act on -----------------------------------------------------------------

        public const string PayrollSp = "3f0c9a51-6c1e-4d2b-9a7e-5b1c2d3e4f50";
        public const string PayrollApp = "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
        public const string PayrollAppId = "c2a4e6f8-1b3d-4f5a-8c7e-9d0b1a2c3e4f";
        public const string AttackerSecret = "6b0d6b1e-2f3a-4c5d-8e9f-0a1b2c3d4e5f";
        public const string RotationSecret = "1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b";
        public const string AppSecret = "0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f";
        public const string GoodCertificate = "aa11bb22-cc33-4d44-8e55-ff6677889900";
        public const string BadCertificate = "bad0cafe-0000-4000-8000-00000000beef";
        public const string SecondCertificate = "22223333-4444-4555-8666-777788889999";

        public const string AdminId = "5d4c3b2a-1908-4766-8554-433221100fed";
        public const string MeganId = "a7b8c9d0-e1f2-4a3b-8c4d-5e6f7a8b9c0d";
        public const string AlexId = "0a1b2c3d-4e5f-4061-8728-394a5b6c7d8e";
        public const string Tier0 = "0c1b2a39-4857-4665-8a7b-9c8d7e6f5a4b";

        public static byte[] CertificateBytes(int seed) =>
            Enumerable.Range(0, 300).Select(i => (byte)(i * seed)).ToArray();

        public static InMemoryDirectory Fabrikam()
        {
            var directory = new InMemoryDirectory();
            directory.ServicePrincipals[PayrollSp] = new AppObject
            {
                Type = DirectoryObjectType.ServicePrincipal,
                Id = PayrollSp,
                AppId = PayrollAppId,
                DisplayName = "Payroll-Sync",
                Passwords =
                {
                    new() { KeyId = RotationSecret, DisplayName = "rotation-2026-11-12" },
                    new() { KeyId = AttackerSecret, DisplayName = "backup" },
                },
                Keys =
                {
                    new()
                    {
                        KeyId = GoodCertificate,
                        Type = "AsymmetricX509Cert",
                        Usage = "Verify",
                        DisplayName = "CN=payroll",
                        CustomKeyIdentifier = "q83vEjRWeJA=",
                        Key = CertificateBytes(3),
                    },
                    new()
                    {
                        KeyId = BadCertificate,
                        Type = "AsymmetricX509Cert",
                        Usage = "Verify",
                        DisplayName = "CN=intruder",
                        Key = CertificateBytes(5),
                    },
                    new()
                    {
                        KeyId = SecondCertificate,
                        Type = "AsymmetricX509Cert",
                        Usage = "Sign",
                        DisplayName = "CN=payroll-signing",
                        Key = CertificateBytes(7),
                    },
                },
            };
            directory.Applications[PayrollApp] = new AppObject
            {
                Type = DirectoryObjectType.Application,
                Id = PayrollApp,
                AppId = PayrollAppId,
                DisplayName = "Payroll-Sync",
                Passwords =
                {
                    new() { KeyId = AppSecret, DisplayName = "backup" },
                },
            };
            return directory;
        }
    }
}

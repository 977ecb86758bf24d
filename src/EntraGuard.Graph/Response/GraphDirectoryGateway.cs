using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Response;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Abstractions.Store;

namespace EntraGuard.Graph.Response
{
    /// <summary>
    /// The response engine's directory, over the Graph session: each <see cref="DirectoryOperation"/> becomes a request
    /// built by the SDK's own request builders; one operation is sent as it is, several as one JSON batch. Answers are
    /// read into EntraGuard's state types, so nothing of the SDK leaks out; failures become
    /// <see cref="GraphRequestException"/>s naming the permission the call needs.
    /// </summary>
    public sealed class GraphDirectoryGateway : IDirectoryGateway
    {
        private const string JsonContentType = "application/json";
        private readonly GraphSession _session;

        public GraphDirectoryGateway(GraphSession session) =>
            _session = session ?? throw new ArgumentNullException(nameof(session));

        private GraphServiceClient Client => _session.Client;

        public Task<GraphConnectionInfo> GetConnectionAsync(CancellationToken cancellationToken) =>
            _session.GetConnectionInfoAsync(cancellationToken);

        public async Task<IReadOnlyList<OperationOutcome>> SendAsync(
            IReadOnlyList<DirectoryOperation> operations,
            CancellationToken cancellationToken
        )
        {
            if (operations.Count == 0)
                return Array.Empty<OperationOutcome>();
            if (operations.Count > ResponseEngine.MaxBatchSize)
                throw new ArgumentException(
                    $"At most {ResponseEngine.MaxBatchSize} operations per batch.",
                    nameof(operations)
                );
            return operations.Count == 1
                ? new[] { await SendOneAsync(operations[0], cancellationToken).ConfigureAwait(false) }
                : await SendBatchAsync(operations, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>A single operation goes as a plain request, through the SDK's retry handler.</summary>
        private async Task<OperationOutcome> SendOneAsync(
            DirectoryOperation operation,
            CancellationToken cancellationToken
        )
        {
            try
            {
                var body = await _session.SendForStreamAsync(Build(operation), cancellationToken).ConfigureAwait(false);
                using (body)
                    return OperationOutcome.Success(
                        await ReadAsync(operation, body, cancellationToken).ConfigureAwait(false)
                    );
            }
            catch (Exception ex)
                when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return OperationOutcome.Failure(_session.Errors.Map(ex, operation.Description, operation.Permissions));
            }
        }

        /// <summary>
        /// Several operations go as one <c>$batch</c>. Graph throttles each request of a batch on its own and the SDK
        /// does not retry those, so a 429 (or 503/504) part comes back retryable, with its Retry-After.
        /// </summary>
        private async Task<IReadOnlyList<OperationOutcome>> SendBatchAsync(
            IReadOnlyList<DirectoryOperation> operations,
            CancellationToken cancellationToken
        )
        {
            var content = new BatchRequestContentCollection(Client, ResponseEngine.MaxBatchSize);
            var ids = new string[operations.Count];
            for (var i = 0; i < operations.Count; i++)
            {
                ids[i] = await content
                    .AddBatchRequestStepAsync(
                        Build(operations[i]),
                        (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    )
                    .ConfigureAwait(false);
            }

            BatchResponseContentCollection responses;
            try
            {
                responses = await Client.Batch.PostAsync(content, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
                when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw _session.Errors.Map(
                    ex,
                    $"sending a batch of {operations.Count} requests",
                    string.Join("; ", operations.Select(o => o.Permissions).Distinct())
                );
            }

            var outcomes = new OperationOutcome[operations.Count];
            for (var i = 0; i < operations.Count; i++)
            {
                using var response = await responses.GetResponseByIdAsync(ids[i]).ConfigureAwait(false);
                outcomes[i] = await ReadPartAsync(operations[i], response, cancellationToken).ConfigureAwait(false);
            }
            return outcomes;
        }

        private async Task<OperationOutcome> ReadPartAsync(
            DirectoryOperation operation,
            HttpResponseMessage? response,
            CancellationToken cancellationToken
        )
        {
            if (response is null)
            {
                return OperationOutcome.Failure(
                    new GraphRequestException(
                        GraphErrorKind.Protocol,
                        $"Graph's batch answer has no part for the request {operation.Description}."
                    )
                );
            }
            var status = (int)response.StatusCode;
            // A part's body is small and already in memory (the batch answer held it); a MemoryStream knows its length.
            var bytes = response.Content is null
                ? Array.Empty<byte>()
                : await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            using var body = bytes.Length == 0 ? null : new MemoryStream(bytes, writable: false);
            if (status >= 200 && status < 300)
            {
                try
                {
                    return OperationOutcome.Success(
                        await ReadAsync(operation, body, cancellationToken).ConfigureAwait(false)
                    );
                }
                catch (Exception ex)
                {
                    return OperationOutcome.Failure(
                        _session.Errors.Map(ex, operation.Description, operation.Permissions)
                    );
                }
            }

            var error = await ParseErrorAsync(body, status, response, cancellationToken).ConfigureAwait(false);
            var mapped = _session.Errors.Map(error, operation.Description, operation.Permissions);
            return status is 429 or 503 or 504
                ? OperationOutcome.Throttled(mapped, RetryAfter(response))
                : OperationOutcome.Failure(mapped);
        }

        private static async Task<ODataError> ParseErrorAsync(
            Stream? body,
            int status,
            HttpResponseMessage response,
            CancellationToken cancellationToken
        )
        {
            ODataError? error = null;
            if (body != null)
            {
                try
                {
                    error = (
                        await ParseNodeFactoryRegistry
                            .DefaultInstance.GetRootParseNodeAsync(JsonContentType, body, cancellationToken)
                            .ConfigureAwait(false)
                    ).GetObjectValue(ODataError.CreateFromDiscriminatorValue);
                }
                catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
                {
                    error = null;
                }
            }
            error ??= new ODataError { Error = new MainError { Message = response.ReasonPhrase } };
            error.ResponseStatusCode = status;
            return error;
        }

        private static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header?.Delta is { } delta)
                return delta;
            if (header?.Date is { } date)
                return date - DateTimeOffset.UtcNow > TimeSpan.Zero ? date - DateTimeOffset.UtcNow : TimeSpan.Zero;
            return null;
        }

        // ---- requests: the SDK's builders make every URL, query and body -------------------------------------------

        private RequestInformation Build(DirectoryOperation operation)
        {
            var request = operation switch
            {
                GetAppObject { Type: DirectoryObjectType.ServicePrincipal } read => Client
                    .ServicePrincipals[read.Id]
                    .ToGetRequestInformation(c => c.QueryParameters.Select = read.Select.ToArray()),
                GetAppObject { ByAppId: true } read => Client
                    .ApplicationsWithAppId(read.Id)
                    .ToGetRequestInformation(c => c.QueryParameters.Select = read.Select.ToArray()),
                GetAppObject read => Client
                    .Applications[read.Id]
                    .ToGetRequestInformation(c => c.QueryParameters.Select = read.Select.ToArray()),
                GetKeyCredentials { Type: DirectoryObjectType.ServicePrincipal } read => Client
                    .ServicePrincipals[read.Id]
                    .ToGetRequestInformation(c => c.QueryParameters.Select = read.Select.ToArray()),
                GetKeyCredentials read => Client
                    .Applications[read.Id]
                    .ToGetRequestInformation(c => c.QueryParameters.Select = read.Select.ToArray()),
                GetUser read => Client
                    .Users[read.Id]
                    .ToGetRequestInformation(c => c.QueryParameters.Select = read.Select.ToArray()),
                GetGroup read => Client
                    .Groups[read.Id]
                    .ToGetRequestInformation(c => c.QueryParameters.Select = read.Select.ToArray()),
                CheckGroupMember check => Client
                    .Groups[check.GroupId]
                    .Members.ToGetRequestInformation(c =>
                    {
                        c.QueryParameters.Filter = check.Filter;
                        c.QueryParameters.Select = new[] { "id" };
                        c.QueryParameters.Count = true;
                        c.Headers.Add("ConsistencyLevel", "eventual");
                    }),
                ListAuthenticationMethods list => Client
                    .Users[list.UserId]
                    .Authentication.Methods.ToGetRequestInformation(),
                RemovePassword { Type: DirectoryObjectType.ServicePrincipal } remove => Client
                    .ServicePrincipals[remove.Id]
                    .RemovePassword.ToPostRequestInformation(
                        new Microsoft.Graph.ServicePrincipals.Item.RemovePassword.RemovePasswordPostRequestBody
                        {
                            KeyId = Guid.Parse(remove.KeyId),
                        }
                    ),
                RemovePassword remove => Client
                    .Applications[remove.Id]
                    .RemovePassword.ToPostRequestInformation(
                        new Microsoft.Graph.Applications.Item.RemovePassword.RemovePasswordPostRequestBody
                        {
                            KeyId = Guid.Parse(remove.KeyId),
                        }
                    ),
                ReplaceKeyCredentials { Type: DirectoryObjectType.ServicePrincipal } replace => Client
                    .ServicePrincipals[replace.Id]
                    .ToPatchRequestInformation(
                        Changed(new ServicePrincipal(), m => m.KeyCredentials = ToGraph(replace.Keep))
                    ),
                ReplaceKeyCredentials replace => Client
                    .Applications[replace.Id]
                    .ToPatchRequestInformation(
                        Changed(new Application(), m => m.KeyCredentials = ToGraph(replace.Keep))
                    ),
                SetAccountEnabled { Type: DirectoryObjectType.ServicePrincipal } set => Client
                    .ServicePrincipals[set.Id]
                    .ToPatchRequestInformation(Changed(new ServicePrincipal(), m => m.AccountEnabled = set.Enabled)),
                SetAccountEnabled set => Client
                    .Users[set.Id]
                    .ToPatchRequestInformation(Changed(new User(), m => m.AccountEnabled = set.Enabled)),
                RevokeSignInSessions revoke => Client
                    .Users[revoke.UserId]
                    .RevokeSignInSessions.ToPostRequestInformation(),
                AddGroupMember add => Client
                    .Groups[add.GroupId]
                    .Members.Ref.ToPostRequestInformation(new ReferenceCreate { OdataId = add.MemberUrl }),
                CreateTemporaryAccessPass create => Client
                    .Users[create.UserId]
                    .Authentication.TemporaryAccessPassMethods.ToPostRequestInformation(
                        Changed(
                            new TemporaryAccessPassAuthenticationMethod(),
                            m =>
                            {
                                m.LifetimeInMinutes = create.LifetimeInMinutes;
                                m.IsUsableOnce = create.IsUsableOnce;
                            }
                        )
                    ),
                _ => throw new NotSupportedException($"No Graph request for {operation.GetType().Name}."),
            };
            if (operation.CorrelationId != null)
                request.Headers.TryAdd("client-request-id", operation.CorrelationId);
            return request;
        }

        /// <summary>
        /// A model whose body holds only what <paramref name="set"/> sets. The SDK's models fill in their
        /// <c>@odata.type</c> when built; marking them initialized first keeps that (and any other default) out of
        /// a PATCH, so the body is exactly the change and nothing else.
        /// </summary>
        private static T Changed<T>(T model, Action<T> set)
            where T : IBackedModel
        {
            model.BackingStore.InitializationCompleted = true;
            set(model);
            return model;
        }

        private static List<KeyCredential> ToGraph(IEnumerable<KeyCredentialInfo> keys) =>
            keys.Select(k =>
                    Changed(
                        new KeyCredential(),
                        m =>
                        {
                            m.KeyId = Guid.Parse(k.KeyId);
                            m.Type = k.Type;
                            m.Usage = k.Usage;
                            m.DisplayName = k.DisplayName;
                            if (k.CustomKeyIdentifier != null)
                                m.CustomKeyIdentifier = Convert.FromBase64String(k.CustomKeyIdentifier);
                            if (k.StartDateTime != null)
                                m.StartDateTime = k.StartDateTime;
                            if (k.EndDateTime != null)
                                m.EndDateTime = k.EndDateTime;
                            m.Key = k.Key;
                        }
                    )
                )
                .ToList();

        // ---- answers: read into EntraGuard's types -----------------------------------------------------------------

        private static async Task<object?> ReadAsync(
            DirectoryOperation operation,
            Stream? body,
            CancellationToken cancellationToken
        )
        {
            switch (operation)
            {
                case GetAppObject read:
                    return read.Type == DirectoryObjectType.ServicePrincipal
                        ? ToState(
                            (
                                await ParseAsync(body, ServicePrincipal.CreateFromDiscriminatorValue, cancellationToken)
                                    .ConfigureAwait(false)
                            )
                        )
                        : ToState(
                            (
                                await ParseAsync(body, Application.CreateFromDiscriminatorValue, cancellationToken)
                                    .ConfigureAwait(false)
                            )
                        );
                case GetKeyCredentials read:
                    var keys =
                        read.Type == DirectoryObjectType.ServicePrincipal
                            ? (
                                await ParseAsync(body, ServicePrincipal.CreateFromDiscriminatorValue, cancellationToken)
                                    .ConfigureAwait(false)
                            ).KeyCredentials
                            : (
                                await ParseAsync(body, Application.CreateFromDiscriminatorValue, cancellationToken)
                                    .ConfigureAwait(false)
                            ).KeyCredentials;
                    return (IReadOnlyList<KeyCredentialInfo>)
                        (keys ?? new List<KeyCredential>()).Select(ToInfo).ToArray();
                case GetUser:
                    var user = (
                        await ParseAsync(body, User.CreateFromDiscriminatorValue, cancellationToken)
                            .ConfigureAwait(false)
                    );
                    return new UserState
                    {
                        Id = user.Id ?? "",
                        UserPrincipalName = user.UserPrincipalName,
                        DisplayName = user.DisplayName,
                        AccountEnabled = user.AccountEnabled,
                        SignInSessionsValidFromDateTime = user.SignInSessionsValidFromDateTime,
                    };
                case GetGroup:
                    var group = (
                        await ParseAsync(body, Group.CreateFromDiscriminatorValue, cancellationToken)
                            .ConfigureAwait(false)
                    );
                    return new GroupState
                    {
                        Id = group.Id ?? "",
                        DisplayName = group.DisplayName,
                        GroupTypes = group.GroupTypes?.ToArray() ?? Array.Empty<string>(),
                        MembershipRule = group.MembershipRule,
                        IsAssignableToRole = group.IsAssignableToRole,
                        OnPremisesSyncEnabled = group.OnPremisesSyncEnabled,
                    };
                case CheckGroupMember check:
                    var members =
                        (
                            await ParseAsync(
                                    body,
                                    DirectoryObjectCollectionResponse.CreateFromDiscriminatorValue,
                                    cancellationToken
                                )
                                .ConfigureAwait(false)
                        ).Value
                        ?? new List<DirectoryObject>();
                    return members.Any(m => string.Equals(m.Id, check.MemberId, StringComparison.OrdinalIgnoreCase));
                case ListAuthenticationMethods list:
                    var methods =
                        (
                            await ParseAsync(
                                    body,
                                    AuthenticationMethodCollectionResponse.CreateFromDiscriminatorValue,
                                    cancellationToken
                                )
                                .ConfigureAwait(false)
                        ).Value
                        ?? new List<AuthenticationMethod>();
                    return (IReadOnlyList<AuthenticationMethodInfo>)
                        methods.Select(m => ToInfo(list.UserId, m)).ToArray();
                case CreateTemporaryAccessPass create:
                    var created = (
                        await ParseAsync(
                                body,
                                TemporaryAccessPassAuthenticationMethod.CreateFromDiscriminatorValue,
                                cancellationToken
                            )
                            .ConfigureAwait(false)
                    );
                    if (string.IsNullOrEmpty(created.TemporaryAccessPass))
                    {
                        throw new GraphRequestException(
                            GraphErrorKind.Protocol,
                            $"Graph created a temporary access pass for user {create.UserId} but returned no pass."
                        );
                    }
                    var pass = IssuedTemporaryAccessPass.Protect(created.TemporaryAccessPass!);
                    created.TemporaryAccessPass = null;
                    return new IssuedTemporaryAccessPass(
                        created.Id ?? "",
                        pass,
                        created.LifetimeInMinutes ?? create.LifetimeInMinutes,
                        created.IsUsableOnce ?? create.IsUsableOnce,
                        created.StartDateTime
                    );
                default:
                    return null;
            }
        }

        private static async Task<T> ParseAsync<T>(
            Stream? body,
            ParsableFactory<T> factory,
            CancellationToken cancellationToken
        )
            where T : IParsable
        {
            if (body is null)
                throw new GraphRequestException(
                    GraphErrorKind.Protocol,
                    "Graph answered without a body where one was expected."
                );
            var node = await ParseNodeFactoryRegistry
                .DefaultInstance.GetRootParseNodeAsync(JsonContentType, body, cancellationToken)
                .ConfigureAwait(false);
            return node.GetObjectValue(factory)
                ?? throw new GraphRequestException(GraphErrorKind.Protocol, "Graph answered with an empty body.");
        }

        private static AppObjectState ToState(ServicePrincipal principal) =>
            ToState(
                DirectoryObjectType.ServicePrincipal,
                principal.Id,
                principal.AppId,
                principal.DisplayName,
                principal.AccountEnabled,
                principal.PasswordCredentials,
                principal.KeyCredentials
            );

        private static AppObjectState ToState(Application application) =>
            ToState(
                DirectoryObjectType.Application,
                application.Id,
                application.AppId,
                application.DisplayName,
                null,
                application.PasswordCredentials,
                application.KeyCredentials
            );

        private static AppObjectState ToState(
            DirectoryObjectType type,
            string? id,
            string? appId,
            string? displayName,
            bool? accountEnabled,
            List<PasswordCredential>? passwords,
            List<KeyCredential>? keys
        ) =>
            new()
            {
                Type = type,
                Id = id ?? "",
                AppId = appId,
                DisplayName = displayName,
                AccountEnabled = accountEnabled,
                PasswordCredentials = (passwords ?? new List<PasswordCredential>()).Select(ToInfo).ToArray(),
                KeyCredentials = (keys ?? new List<KeyCredential>()).Select(ToInfo).ToArray(),
            };

        private static PasswordCredentialInfo ToInfo(PasswordCredential password) =>
            new()
            {
                KeyId = password.KeyId?.ToString() ?? "",
                DisplayName = password.DisplayName,
                StartDateTime = password.StartDateTime,
                EndDateTime = password.EndDateTime,
            };

        private static KeyCredentialInfo ToInfo(KeyCredential key) =>
            new()
            {
                KeyId = key.KeyId?.ToString() ?? "",
                Type = key.Type,
                Usage = key.Usage,
                DisplayName = key.DisplayName,
                CustomKeyIdentifier = key.CustomKeyIdentifier is { Length: > 0 } custom
                    ? Convert.ToBase64String(custom)
                    : null,
                StartDateTime = key.StartDateTime,
                EndDateTime = key.EndDateTime,
                Key = key.Key,
            };

        private static AuthenticationMethodInfo ToInfo(string userId, AuthenticationMethod method)
        {
            var (detail, created) = method switch
            {
                PhoneAuthenticationMethod phone => (
                    $"{phone.PhoneType} {phone.PhoneNumber}".Trim(),
                    (DateTimeOffset?)null
                ),
                MicrosoftAuthenticatorAuthenticationMethod app => (app.DisplayName, app.CreatedDateTime),
                Fido2AuthenticationMethod key => (key.Model ?? key.DisplayName, key.CreatedDateTime),
                EmailAuthenticationMethod email => (email.EmailAddress, null),
                WindowsHelloForBusinessAuthenticationMethod hello => (hello.DisplayName, hello.CreatedDateTime),
                TemporaryAccessPassAuthenticationMethod pass => (
                    $"{pass.LifetimeInMinutes} min" + (pass.IsUsable == true ? ", usable" : ""),
                    pass.CreatedDateTime
                ),
                PlatformCredentialAuthenticationMethod platform => (platform.DisplayName, platform.CreatedDateTime),
                _ => ((string?)null, (DateTimeOffset?)null),
            };
            return new AuthenticationMethodInfo
            {
                UserId = userId,
                Id = method.Id ?? "",
                MethodType = MethodType(method.OdataType),
                Detail = string.IsNullOrWhiteSpace(detail) ? null : detail,
                CreatedDateTime = created,
            };
        }

        /// <summary>#microsoft.graph.phoneAuthenticationMethod → phone.</summary>
        private static string MethodType(string? odataType)
        {
            var name = (odataType ?? "").Replace("#microsoft.graph.", "");
            return name.EndsWith("AuthenticationMethod", StringComparison.Ordinal)
                ? name.Substring(0, name.Length - "AuthenticationMethod".Length)
                : name;
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using EntraGuard.Collection;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Authentication.Azure;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace EntraGuard.Graph
{
    /// <summary>
    /// One connection to a tenant's Microsoft Graph, and the only place a <see cref="GraphServiceClient"/> is made:
    /// credential → auth provider (token only for allowed hosts) → the SDK's middleware from
    /// <see cref="GraphClientFactory"/> (retry honouring Retry-After, redirects…) → the per-API rate limiters → base
    /// URL. Collectors, responders and posture checks all send through it, so they share limits, retries and error
    /// mapping. Its public surface holds no SDK type.
    /// </summary>
    public sealed class GraphSession : IDisposable
    {
        private static readonly Dictionary<string, ParsableFactory<IParsable>> ErrorMapping = new()
        {
            ["XXX"] = ODataError.CreateFromDiscriminatorValue,
        };

        private readonly TokenCredential? _credential;
        private readonly HttpClient _httpClient;

        private GraphSession(GraphConnectionOptions options, GraphClientSettings settings, TokenCredential? credential)
        {
            Options = options;
            Settings = settings;
            BaseUrl = options.ResolveBaseUrl();
            Errors = new GraphErrors(options);
            RequestTimeout = options.RequestTimeout ?? settings.RequestTimeout;
            _credential = credential is null ? null : new TokenRememberingCredential(credential, Errors);
            ReportsLimiter = new SlidingWindowRateLimiter(
                settings.ReportsRequestsPerWindow,
                settings.ReportsWindow,
                settings.Clock
            );
            IdentityProtectionLimiter = new SlidingWindowRateLimiter(
                settings.IdentityProtectionRequestsPerWindow,
                settings.IdentityProtectionWindow,
                settings.Clock
            );

            var handlers = GraphClientFactory.CreateDefaultHandlers(new GraphClientOptions());
            var retry = handlers.OfType<RetryHandler>().Single();
            handlers[handlers.IndexOf(retry)] = new RetryHandler(
                new RetryHandlerOption
                {
                    MaxRetry = settings.MaxRetries,
                    Delay = (int)Math.Round(settings.RetryDelay.TotalSeconds),
                }
            );
            handlers.Add(new ThrottlingHandler(ReportsLimiter, IdentityProtectionLimiter));
            _httpClient = GraphClientFactory.Create(handlers, "v1.0", "Global", null, null, true);
            _httpClient.Timeout = RequestTimeout;

            var scopes = options.ResolveScopes().ToArray();
            var allowedHosts = options.AllowedHosts().ToArray();
            IAuthenticationProvider authentication = _credential is null
                ? new BaseBearerTokenAuthenticationProvider(
                    new StaticAccessTokenProvider(options.AccessToken!, allowedHosts)
                )
                : new AzureIdentityAuthenticationProvider(_credential, allowedHosts, null, true, scopes);
            Client = new GraphServiceClient(_httpClient, authentication, BaseUrl.ToString());
        }

        /// <summary>Connects with the given options. Makes no network call: the first request signs in.</summary>
        public static GraphSession Create(GraphConnectionOptions options, GraphClientSettings? settings = null)
        {
            if (options is null)
                throw new ArgumentNullException(nameof(options));
            options.Validate();
            var credential =
                options.AuthMethod == GraphAuthMethod.AccessToken ? null : CredentialFactory.Create(options);
            return new GraphSession(options, settings ?? GraphClientSettings.Default, credential);
        }

        /// <summary>As <see cref="Create(GraphConnectionOptions, GraphClientSettings)"/> with a given credential
        /// (tests).</summary>
        internal static GraphSession Create(
            GraphConnectionOptions options,
            GraphClientSettings settings,
            TokenCredential credential
        )
        {
            options.Validate();
            return new GraphSession(options, settings, credential);
        }

        public GraphConnectionOptions Options { get; }
        public GraphClientSettings Settings { get; }

        /// <summary>How long one request may take, its body included.</summary>
        public TimeSpan RequestTimeout { get; }

        /// <summary>Where requests go, version included.</summary>
        public Uri BaseUrl { get; }

        /// <summary>The same root with beta in place of its version, for the reads Graph serves in beta only.</summary>
        public Uri BetaBaseUrl
        {
            get
            {
                var text = BaseUrl.ToString().TrimEnd('/');
                return new Uri(text.Substring(0, text.LastIndexOf('/')) + "/beta");
            }
        }

        /// <summary>The reports APIs' limit (directory audits): shared by everything this session sends
        /// there.</summary>
        public SlidingWindowRateLimiter ReportsLimiter { get; }

        /// <summary>Identity Protection's limit.</summary>
        public SlidingWindowRateLimiter IdentityProtectionLimiter { get; }

        internal GraphServiceClient Client { get; }
        internal GraphErrors Errors { get; }

        /// <summary>
        /// Signs in (if not yet) and tells who is connected, from the token's claims. The token itself is not kept
        /// beyond this call and never shown.
        /// </summary>
        public async Task<GraphConnectionInfo> GetConnectionInfoAsync(CancellationToken cancellationToken = default)
        {
            if (_credential is null)
                return GraphConnectionInfo.FromToken(Options.AccessToken!, Options);
            try
            {
                var token = await _credential
                    .GetTokenAsync(new TokenRequestContext(Options.ResolveScopes().ToArray()), cancellationToken)
                    .ConfigureAwait(false);
                return GraphConnectionInfo.FromToken(SecretText.FromPlainText(token.Token), Options);
            }
            catch (Exception ex)
                when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw Errors.Map(ex, "signing in", "a valid sign-in");
            }
        }

        /// <summary>Sends a request and returns its response body, mapping failures (without retrying beyond the
        /// SDK).</summary>
        internal async Task<Stream?> SendForStreamAsync(RequestInformation request, CancellationToken cancellationToken)
        {
            return await Client
                .RequestAdapter.SendPrimitiveAsync<Stream>(request, ErrorMapping, cancellationToken)
                .ConfigureAwait(false);
        }

        /// <summary>A GET for a URL exactly as Graph gave it (a nextLink).</summary>
        internal static RequestInformation GetRequest(string absoluteUrl)
        {
            var request = new RequestInformation { HttpMethod = Method.GET, URI = new Uri(absoluteUrl) };
            request.Headers.TryAdd("Accept", "application/json");
            return request;
        }

        /// <summary>Whether a URL (a resume link) points at a host this session sends its token to.</summary>
        internal bool IsAllowedHost(Uri url) =>
            Options.AllowedHosts().Contains(url.Host, StringComparer.OrdinalIgnoreCase);

        public void Dispose()
        {
            Client.Dispose();
            _httpClient.Dispose();
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace EntraGuard.Collection
{
    /// <summary>How EntraGuard signs in to Microsoft Graph: the choices Connect-MgGraph offers admins.</summary>
    public enum GraphAuthMethod
    {
        /// <summary>An Azure managed identity: system-assigned, or user-assigned when a client id is given.</summary>
        ManagedIdentity,

        /// <summary>App-only with a client secret.</summary>
        ClientSecret,

        /// <summary>App-only with a certificate (thumbprint in the store, an X509Certificate2, or a PFX/PEM
        /// file).</summary>
        Certificate,

        /// <summary>Delegated: a user signs in on another device with a code.</summary>
        DeviceCode,

        /// <summary>Delegated: a user signs in in a browser on this machine.</summary>
        InteractiveBrowser,

        /// <summary>A bearer token obtained elsewhere, used as is until it expires.</summary>
        AccessToken,
    }

    /// <summary>
    /// Everything needed to reach a tenant's Graph: the sign-in choice and its material, the cloud, and an optional
    /// base-URL override for proxies and tests. Plain data; the Graph seam turns it into a client.
    /// </summary>
    public sealed class GraphConnectionOptions
    {
        /// <summary>Microsoft Graph Command Line Tools, the public client Connect-MgGraph signs users in
        /// with.</summary>
        public const string DefaultPublicClientId = "14d82eec-204b-4c2f-b7e8-296a70dab67e";

        /// <summary>The least privilege that reading directory audits needs (delegated callers also need a reader
        /// role).</summary>
        public static readonly IReadOnlyList<string> DefaultDelegatedScopes = new[]
        {
            "AuditLog.Read.All",
            "Directory.Read.All",
        };

        public GraphAuthMethod AuthMethod { get; init; }
        public string? TenantId { get; init; }

        /// <summary>The application (client) id; for a managed identity, the user-assigned identity's client
        /// id.</summary>
        public string? ClientId { get; init; }

        public SecretText? ClientSecret { get; init; }
        public string? CertificateThumbprint { get; init; }
        public X509Certificate2? Certificate { get; init; }

        /// <summary>A PFX or PEM file holding the certificate and its private key.</summary>
        public string? CertificatePath { get; init; }

        public SecretText? CertificatePassword { get; init; }
        public SecretText? AccessToken { get; init; }

        /// <summary>Delegated permissions to ask for (e.g. AuditLog.Read.All); app-only methods use the app's
        /// roles.</summary>
        public IReadOnlyList<string> Scopes { get; init; } = Array.Empty<string>();

        public GraphCloud Cloud { get; init; } = GraphCloud.Global;

        /// <summary>
        /// Sends Graph requests here instead of the cloud's Graph (a proxy, a test server). https, or http on a
        /// loopback address only. Without a path, <c>/v1.0</c> is added.
        /// </summary>
        public string? GraphBaseUrl { get; init; }

        /// <summary>How long one Graph request may take, its body included; null for the default (60 s).</summary>
        public TimeSpan? RequestTimeout { get; init; }

        /// <summary>The longest request timeout accepted.</summary>
        public static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromHours(1);

        /// <summary>Shows the device-code sign-in instruction to the user (the message holds the code to
        /// type).</summary>
        public Action<string>? DeviceCodePrompt { get; init; }

        public GraphCloudEndpoints Endpoints => GraphCloudEndpoints.For(Cloud);

        public bool IsAppOnly =>
            AuthMethod
                is GraphAuthMethod.ManagedIdentity
                    or GraphAuthMethod.ClientSecret
                    or GraphAuthMethod.Certificate;

        /// <summary>
        /// The client id a delegated sign-in uses: the one given, else Graph Command Line Tools. Empty for app-only
        /// methods without one and for a given access token: no sign-in of ours chose the client, so none is known.
        /// </summary>
        public string EffectiveClientId =>
            !string.IsNullOrWhiteSpace(ClientId) ? ClientId!
            : IsAppOnly || AuthMethod == GraphAuthMethod.AccessToken ? ""
            : DefaultPublicClientId;

        /// <summary>Checks that the chosen method has what it needs; the error names what is missing.</summary>
        public void Validate()
        {
            switch (AuthMethod)
            {
                case GraphAuthMethod.ClientSecret:
                    RequireTenantAndClient("a client secret");
                    if (ClientSecret is null)
                        throw new ArgumentException("Client-secret sign-in needs the secret.", nameof(ClientSecret));
                    break;
                case GraphAuthMethod.Certificate:
                    RequireTenantAndClient("a certificate");
                    var given = new[]
                    {
                        !string.IsNullOrWhiteSpace(CertificateThumbprint),
                        Certificate != null,
                        !string.IsNullOrWhiteSpace(CertificatePath),
                    }.Count(g => g);
                    if (given != 1)
                    {
                        throw new ArgumentException(
                            "Certificate sign-in needs exactly one of: a certificate thumbprint, a certificate "
                                + "object, a certificate file path.",
                            nameof(Certificate)
                        );
                    }
                    if (CertificatePassword != null && string.IsNullOrWhiteSpace(CertificatePath))
                    {
                        throw new ArgumentException(
                            "A certificate password applies only to a certificate file.",
                            nameof(CertificatePassword)
                        );
                    }
                    break;
                case GraphAuthMethod.AccessToken:
                    if (AccessToken is null)
                        throw new ArgumentException("Access-token sign-in needs the token.", nameof(AccessToken));
                    break;
                case GraphAuthMethod.ManagedIdentity:
                case GraphAuthMethod.DeviceCode:
                case GraphAuthMethod.InteractiveBrowser:
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(AuthMethod), AuthMethod, "Unknown sign-in method.");
            }
            if (RequestTimeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > MaxRequestTimeout))
            {
                throw new ArgumentException(
                    $"The request timeout must be more than 0 and at most {MaxRequestTimeout.TotalSeconds:0} "
                        + $"seconds; {timeout.TotalSeconds:0.###} was given.",
                    nameof(RequestTimeout)
                );
            }
            if (Scopes.Count > 0 && IsAppOnly)
            {
                throw new ArgumentException(
                    "Scopes apply to delegated sign-in only; app-only sign-in uses the application's granted roles.",
                    nameof(Scopes)
                );
            }
            ResolveBaseUrl();
        }

        /// <summary>The Graph root every request goes to, version included
        /// (https://graph.microsoft.com/v1.0).</summary>
        public Uri ResolveBaseUrl()
        {
            if (string.IsNullOrWhiteSpace(GraphBaseUrl))
                return new Uri(Endpoints.GraphResource + "/v1.0");
            if (
                !Uri.TryCreate(GraphBaseUrl!.Trim(), UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            )
            {
                throw new ArgumentException(
                    $"The Graph base URL '{GraphBaseUrl}' is not an absolute http(s) URL.",
                    nameof(GraphBaseUrl)
                );
            }
            if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
            {
                throw new ArgumentException(
                    $"The Graph base URL '{GraphBaseUrl}' uses plain http, which would expose the access token; "
                        + $"use https (http is accepted only for localhost, 127.0.0.1 or ::1).",
                    nameof(GraphBaseUrl)
                );
            }
            var text = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
            if (uri.AbsolutePath.Trim('/').Length == 0)
                text += "/v1.0";
            return new Uri(text);
        }

        /// <summary>Hosts that receive the token: the cloud's Graph host, and the override's host when one is
        /// set.</summary>
        public IReadOnlyList<string> AllowedHosts()
        {
            var hosts = new List<string> { Endpoints.GraphHost };
            var baseUrl = ResolveBaseUrl();
            if (!hosts.Contains(baseUrl.Host, StringComparer.OrdinalIgnoreCase))
                hosts.Add(baseUrl.Host);
            return hosts;
        }

        /// <summary>
        /// The scopes a token is requested for, qualified with the cloud's Graph resource: <c>/.default</c> for
        /// app-only (the roles granted to the app), else the delegated permissions asked for (default: read audits and
        /// directory).
        /// </summary>
        public IReadOnlyList<string> ResolveScopes()
        {
            var resource = Endpoints.GraphResource;
            if (IsAppOnly || AuthMethod == GraphAuthMethod.AccessToken)
                return new[] { resource + "/.default" };
            var scopes = Scopes.Count > 0 ? Scopes : DefaultDelegatedScopes;
            return scopes.Select(scope => scope.Contains("://") ? scope : $"{resource}/{scope.Trim()}").ToArray();
        }

        internal static bool IsLoopback(Uri uri) =>
            uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

        private void RequireTenantAndClient(string what)
        {
            if (string.IsNullOrWhiteSpace(TenantId))
                throw new ArgumentException($"App-only sign-in with {what} needs the tenant id.", nameof(TenantId));
            if (string.IsNullOrWhiteSpace(ClientId))
                throw new ArgumentException(
                    $"App-only sign-in with {what} needs the application (client) id.",
                    nameof(ClientId)
                );
        }
    }
}

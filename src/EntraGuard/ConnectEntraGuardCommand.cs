using System;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using EntraGuard.Collection;
using EntraGuard.Graph;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Connects EntraGuard to a tenant's Microsoft Graph with the sign-in choices of
    /// Connect-MgGraph.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "EntraGuard", DefaultParameterSetName = UserSet)]
    [OutputType(typeof(GraphConnectionInfo))]
    public sealed class ConnectEntraGuardCommand : EntraGuardCmdlet
    {
        private const string UserSet = "User";
        private const string CertificateSet = "AppCertificate";
        private const string SecretSet = "AppSecretCredential";
        private const string IdentitySet = "Identity";
        private const string TokenSet = "AccessToken";

        /// <summary>Delegated permissions to ask for (default: AuditLog.Read.All, Directory.Read.All).</summary>
        [Parameter(ParameterSetName = UserSet, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] Scopes { get; set; } = Array.Empty<string>();

        /// <summary>Sign in with a device code instead of a browser on this machine.</summary>
        [Parameter(ParameterSetName = UserSet)]
        [Alias("UseDeviceAuthentication", "DeviceCode", "DeviceAuth", "Device")]
        public SwitchParameter UseDeviceCode { get; set; }

        /// <summary>The application (client) id; for -Identity, a user-assigned identity's client id.</summary>
        [Parameter(ParameterSetName = UserSet)]
        [Parameter(ParameterSetName = CertificateSet, Mandatory = true)]
        [Parameter(ParameterSetName = IdentitySet)]
        [Alias("AppId", "ApplicationId")]
        [ValidateNotNullOrEmpty]
        public string? ClientId { get; set; }

        /// <summary>The tenant id or a verified domain of the tenant.</summary>
        [Parameter(ParameterSetName = UserSet)]
        [Parameter(ParameterSetName = CertificateSet, Mandatory = true)]
        [Parameter(ParameterSetName = SecretSet, Mandatory = true)]
        [Alias("Audience", "Tenant")]
        [ValidateNotNullOrEmpty]
        public string? TenantId { get; set; }

        /// <summary>Thumbprint of a certificate with its private key in the CurrentUser or LocalMachine My
        /// store.</summary>
        [Parameter(ParameterSetName = CertificateSet)]
        [ValidateNotNullOrEmpty]
        public string? CertificateThumbprint { get; set; }

        /// <summary>A certificate with its private key.</summary>
        [Parameter(ParameterSetName = CertificateSet)]
        [ValidateNotNull]
        public X509Certificate2? Certificate { get; set; }

        /// <summary>A PFX or PEM file holding the certificate and its private key.</summary>
        [Parameter(ParameterSetName = CertificateSet)]
        [ValidateNotNullOrEmpty]
        public string? CertificatePath { get; set; }

        /// <summary>The password of the PFX file given with -CertificatePath.</summary>
        [Parameter(ParameterSetName = CertificateSet)]
        [ValidateNotNull]
        public SecureString? CertificatePassword { get; set; }

        /// <summary>The application id as user name and the client secret as password.</summary>
        [Parameter(ParameterSetName = SecretSet, Mandatory = true)]
        [Alias("SecretCredential", "Credential")]
        [ValidateNotNull]
        public PSCredential? ClientSecretCredential { get; set; }

        /// <summary>Sign in as the Azure managed identity of this runbook, function or VM.</summary>
        [Parameter(ParameterSetName = IdentitySet, Mandatory = true)]
        [Alias("ManagedIdentity", "ManagedServiceIdentity", "MSI")]
        public SwitchParameter Identity { get; set; }

        /// <summary>A Graph access token obtained elsewhere.</summary>
        [Parameter(ParameterSetName = TokenSet, Mandatory = true)]
        [ValidateNotNull]
        public SecureString? AccessToken { get; set; }

        /// <summary>The national cloud: Global (default), USGov, USGovDoD, China.</summary>
        [Parameter]
        [Alias("EnvironmentName", "NationalCloud")]
        public GraphCloud Environment
        {
            get => (GraphCloud)_environment;
            set => _environment = value;
        }

        // Held boxed: an engine enum field would load the engine before the module's resolver (see ReadyToRunFolder).
        private object _environment = GraphCloud.Global;

        /// <summary>Send Graph requests to this URL instead (a proxy; http only for loopback).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? GraphBaseUrl { get; set; }

        /// <summary>Seconds one Graph request may take, its whole answer included (default 60).</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int? RequestTimeout { get; set; }

        /// <summary>Write the connection's context to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            GraphSession? session = null;
            GraphConnectionInfo? info = null;
            try
            {
                // Signing in may prompt (a device code): the prompt is shown from the pipeline thread.
                RunOnPipelineThread<string>(
                    async (prompt, token) =>
                    {
                        session = GraphSession.Create(BuildOptions(prompt));
                        info = await session.GetConnectionInfoAsync(token).ConfigureAwait(false);
                    },
                    WriteWarning
                );
            }
            catch (Exception ex)
                when (ex is GraphRequestException or ArgumentException or System.IO.FileNotFoundException)
            {
                session?.Dispose();
                ThrowTerminatingError(
                    new ErrorRecord(
                        ex,
                        ex is GraphRequestException ? GraphErrorId(ex) : "InvalidConnectionOptions",
                        CategoryOf(ex),
                        null
                    )
                );
            }

            GraphConnectionState.Set(session!, info!);
            WriteVerbose($"Connected: {info}");
            if (PassThru)
                WriteObject(info);
        }

        private GraphConnectionOptions BuildOptions(Action<string> prompt)
        {
            var method = ParameterSetName switch
            {
                CertificateSet => GraphAuthMethod.Certificate,
                SecretSet => GraphAuthMethod.ClientSecret,
                IdentitySet => GraphAuthMethod.ManagedIdentity,
                TokenSet => GraphAuthMethod.AccessToken,
                _ => UseDeviceCode ? GraphAuthMethod.DeviceCode : GraphAuthMethod.InteractiveBrowser,
            };
            return new GraphConnectionOptions
            {
                AuthMethod = method,
                TenantId = TenantId,
                ClientId = method == GraphAuthMethod.ClientSecret ? ClientSecretCredential!.UserName : ClientId,
                ClientSecret =
                    method == GraphAuthMethod.ClientSecret
                        ? SecretText.FromSecureString(ClientSecretCredential!.Password)
                        : null,
                CertificateThumbprint = CertificateThumbprint,
                Certificate = Certificate,
                CertificatePath = CertificatePath is null ? null : GetUnresolvedProviderPathFromPSPath(CertificatePath),
                CertificatePassword = CertificatePassword is null
                    ? null
                    : SecretText.FromSecureString(CertificatePassword),
                AccessToken = AccessToken is null ? null : SecretText.FromSecureString(AccessToken),
                Scopes = Scopes,
                Cloud = Environment,
                GraphBaseUrl = GraphBaseUrl,
                RequestTimeout = RequestTimeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                DeviceCodePrompt = prompt,
            };
        }
    }
}

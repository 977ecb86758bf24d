using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using EntraGuard.Collection;

namespace EntraGuard.Graph
{
    /// <summary>
    /// Turns connection options into an Azure.Identity credential. Building one makes no network call: tokens are
    /// requested on first use.
    /// </summary>
    internal static class CredentialFactory
    {
        /// <summary>The credential for every method except a ready access token (which needs none).</summary>
        public static TokenCredential Create(GraphConnectionOptions options)
        {
            var authority = options.Endpoints.AuthorityHost;
            switch (options.AuthMethod)
            {
                case GraphAuthMethod.ManagedIdentity:
                    var identity = string.IsNullOrWhiteSpace(options.ClientId)
                        ? ManagedIdentityId.SystemAssigned
                        : ManagedIdentityId.FromUserAssignedClientId(options.ClientId!.Trim());
                    return new ManagedIdentityCredential(
                        new ManagedIdentityCredentialOptions(identity) { AuthorityHost = authority }
                    );

                case GraphAuthMethod.ClientSecret:
                    return new ClientSecretCredential(
                        options.TenantId,
                        options.ClientId,
                        options.ClientSecret!.Reveal(),
                        new ClientSecretCredentialOptions { AuthorityHost = authority }
                    );

                case GraphAuthMethod.Certificate:
                    var certificateOptions = new ClientCertificateCredentialOptions
                    {
                        AuthorityHost = authority,
                        SendCertificateChain = false,
                    };
                    if (!string.IsNullOrWhiteSpace(options.CertificatePath) && options.CertificatePassword is null)
                    {
                        // Azure.Identity reads PFX and PEM files itself, on first use: check the file now for a clear
                        // error.
                        var path = Path.GetFullPath(options.CertificatePath!);
                        if (!File.Exists(path))
                            throw new FileNotFoundException(
                                $"Cannot find the certificate file '{options.CertificatePath}'.",
                                path
                            );
                        return new ClientCertificateCredential(
                            options.TenantId,
                            options.ClientId,
                            path,
                            certificateOptions
                        );
                    }
                    return new ClientCertificateCredential(
                        options.TenantId,
                        options.ClientId,
                        LoadCertificate(options),
                        certificateOptions
                    );

                case GraphAuthMethod.DeviceCode:
                    return new DeviceCodeCredential(
                        new DeviceCodeCredentialOptions
                        {
                            AuthorityHost = authority,
                            TenantId = TenantOrOrganizations(options),
                            ClientId = options.EffectiveClientId,
                            DeviceCodeCallback = (code, _) =>
                            {
                                (options.DeviceCodePrompt ?? Console.Error.WriteLine)(code.Message);
                                return System.Threading.Tasks.Task.CompletedTask;
                            },
                        }
                    );

                case GraphAuthMethod.InteractiveBrowser:
                    return new InteractiveBrowserCredential(
                        new InteractiveBrowserCredentialOptions
                        {
                            AuthorityHost = authority,
                            TenantId = TenantOrOrganizations(options),
                            ClientId = options.EffectiveClientId,
                        }
                    );

                default:
                    throw new ArgumentException(
                        $"Sign-in method {options.AuthMethod} uses no Azure.Identity credential.",
                        nameof(options)
                    );
            }
        }

        /// <summary>The certificate with its private key: from the store by thumbprint, as given, or from a protected
        /// PFX.</summary>
        internal static X509Certificate2 LoadCertificate(GraphConnectionOptions options)
        {
            X509Certificate2 certificate;
            if (options.Certificate != null)
                certificate = options.Certificate;
            else if (!string.IsNullOrWhiteSpace(options.CertificateThumbprint))
                certificate = FindInStores(options.CertificateThumbprint!);
            else
            {
                var path = Path.GetFullPath(options.CertificatePath!);
                if (!File.Exists(path))
                    throw new FileNotFoundException(
                        $"Cannot find the certificate file '{options.CertificatePath}'.",
                        path
                    );
                try
                {
                    certificate = new X509Certificate2(
                        path,
                        options.CertificatePassword!.Reveal(),
                        X509KeyStorageFlags.DefaultKeySet
                    );
                }
                catch (CryptographicException)
                {
                    // The inner message may echo parts of the file; say only what the admin can act on.
                    throw new ArgumentException(
                        $"Cannot open the certificate file '{options.CertificatePath}' with the password given (a "
                            + $"password-protected PFX is expected).",
                        nameof(options.CertificatePassword)
                    );
                }
            }
            if (!certificate.HasPrivateKey)
            {
                throw new ArgumentException(
                    $"The certificate {certificate.Thumbprint} has no private key, so it cannot sign in.",
                    nameof(options.Certificate)
                );
            }
            return certificate;
        }

        private static X509Certificate2 FindInStores(string thumbprint)
        {
            var wanted = thumbprint.Replace(" ", "").Trim();
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            {
                try
                {
                    using var store = new X509Store(StoreName.My, location);
                    store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
                    var found = store.Certificates.Find(X509FindType.FindByThumbprint, wanted, validOnly: false);
                    if (found.Count > 0)
                        return found[0];
                }
                catch (CryptographicException)
                {
                    // A store that does not exist on this platform (LocalMachine on Linux): look in the next one.
                }
            }
            throw new ArgumentException(
                $"No certificate with thumbprint {wanted} in the CurrentUser or LocalMachine 'My' store.",
                nameof(GraphConnectionOptions.CertificateThumbprint)
            );
        }

        private static string TenantOrOrganizations(GraphConnectionOptions options) =>
            string.IsNullOrWhiteSpace(options.TenantId) ? "organizations" : options.TenantId!;
    }
}

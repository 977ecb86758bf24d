using System;
using System.Collections.Generic;
using System.CommandLine;
using EntraGuard.Collection;

namespace EntraGuard.Cli
{
    /// <summary>
    /// How a command signs in to Microsoft Graph, declared once for every command that talks to it (events and scan
    /// with --graph, respond). Secrets never come on the command line: a client secret or certificate password is named
    /// by the environment variable that holds it, and a ready token comes from ENTRAGUARD_ACCESS_TOKEN.
    /// </summary>
    internal sealed class GraphConnectionCliOptions
    {
        public const string AccessTokenVariable = "ENTRAGUARD_ACCESS_TOKEN";

        public Option<string> Tenant { get; } = new("--tenant") { Description = "The tenant id or domain." };
        public Option<string> ClientId { get; } =
            new("--client-id")
            {
                Description = "The application (client) id, or a user-assigned managed identity's client id.",
            };
        public Option<string> Certificate { get; } =
            new("--certificate") { Description = "Sign in as the app with this PFX or PEM certificate file." };
        public Option<string> CertificatePasswordEnv { get; } =
            new("--certificate-password-env")
            {
                Description = "Name of the environment variable holding the PFX password.",
            };
        public Option<string> ClientSecretEnv { get; } =
            new("--client-secret-env")
            {
                Description = "Sign in as the app with the client secret held in this environment variable.",
            };
        public Option<bool> ManagedIdentity { get; } =
            new("--managed-identity")
            {
                Description = "Sign in as the Azure managed identity (user-assigned with --client-id).",
            };
        public Option<bool> DeviceCode { get; } =
            new("--device-code") { Description = "Sign in as a user with a device code (prompt on stderr)." };
        public Option<GraphCloud> Environment { get; } =
            new("--environment")
            {
                Description = "Global (default), USGov, USGovDoD or China.",
                DefaultValueFactory = _ => GraphCloud.Global,
            };
        public Option<string> GraphBaseUrl { get; } =
            new("--graph-base-url") { Description = "Send requests to this URL (a proxy; http only for loopback)." };
        public Option<double?> RequestTimeout { get; } =
            new("--request-timeout")
            {
                Description =
                    "Seconds one Graph request may take, its whole answer included, before it is given up "
                    + "(default 60; a stalled page is asked once more).",
            };

        public IEnumerable<Option> All =>
            new Option[]
            {
                Tenant,
                ClientId,
                Certificate,
                CertificatePasswordEnv,
                ClientSecretEnv,
                ManagedIdentity,
                DeviceCode,
                Environment,
                GraphBaseUrl,
                RequestTimeout,
            };

        public void AddTo(Command command)
        {
            foreach (var option in All)
                command.Options.Add(option);
        }

        /// <summary>Whether any sign-in is set up: a method option, or a token in ENTRAGUARD_ACCESS_TOKEN.</summary>
        public bool IsSignInGiven(ParseResult parse) =>
            parse.GetValue(ManagedIdentity)
            || parse.GetValue(Certificate) != null
            || parse.GetValue(ClientSecretEnv) != null
            || parse.GetValue(DeviceCode)
            || !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable(AccessTokenVariable));

        /// <summary>The sign-in the options choose: one of the explicit methods, else the token in
        /// ENTRAGUARD_ACCESS_TOKEN.</summary>
        public GraphConnectionOptions ConnectionOptions(ParseResult parse)
        {
            var chosen = new List<GraphAuthMethod>();
            if (parse.GetValue(ManagedIdentity))
                chosen.Add(GraphAuthMethod.ManagedIdentity);
            if (parse.GetValue(Certificate) != null)
                chosen.Add(GraphAuthMethod.Certificate);
            if (parse.GetValue(ClientSecretEnv) != null)
                chosen.Add(GraphAuthMethod.ClientSecret);
            if (parse.GetValue(DeviceCode))
                chosen.Add(GraphAuthMethod.DeviceCode);
            if (chosen.Count > 1)
                throw new ArgumentException(
                    "Choose one way to sign in: --managed-identity, --certificate, --client-secret-env or "
                        + "--device-code."
                );
            var token = System.Environment.GetEnvironmentVariable(AccessTokenVariable);
            if (chosen.Count == 0 && string.IsNullOrEmpty(token))
            {
                throw new ArgumentException(
                    $"Choose how to sign in to Graph: --managed-identity, --certificate, --client-secret-env, "
                        + $"--device-code, or a token in {AccessTokenVariable}."
                );
            }
            var method = chosen.Count == 1 ? chosen[0] : GraphAuthMethod.AccessToken;
            var options = new GraphConnectionOptions
            {
                AuthMethod = method,
                TenantId = parse.GetValue(Tenant),
                ClientId = parse.GetValue(ClientId),
                CertificatePath = parse.GetValue(Certificate),
                CertificatePassword = Secret(parse.GetValue(CertificatePasswordEnv), "--certificate-password-env"),
                ClientSecret = Secret(parse.GetValue(ClientSecretEnv), "--client-secret-env"),
                AccessToken = method == GraphAuthMethod.AccessToken ? SecretText.FromPlainText(token!) : null,
                Cloud = parse.GetValue(Environment),
                GraphBaseUrl = parse.GetValue(GraphBaseUrl),
                RequestTimeout = Seconds(parse.GetValue(RequestTimeout)),
                DeviceCodePrompt = message => parse.InvocationConfiguration.Error.WriteLine(message),
            };
            options.Validate();
            return options;
        }

        private static TimeSpan? Seconds(double? seconds)
        {
            if (seconds is null)
                return null;
            if (!(seconds > 0) || seconds > GraphConnectionOptions.MaxRequestTimeout.TotalSeconds)
            {
                var most = GraphConnectionOptions.MaxRequestTimeout.TotalSeconds;
                throw new ArgumentException($"--request-timeout: give seconds, more than 0 and at most {most:0}.");
            }
            return TimeSpan.FromSeconds(seconds.Value);
        }

        private static SecretText? Secret(string? variable, string option)
        {
            if (variable is null)
                return null;
            var value = System.Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(value))
                throw new ArgumentException($"{option}: the environment variable '{variable}' is not set or empty.");
            return SecretText.FromPlainText(value!);
        }
    }
}

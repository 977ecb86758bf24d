using System;
using EntraGuard.Collection;

namespace EntraGuard.Tests.Collection
{
    public sealed class ConnectionOptionsTests
    {
        [Theory]
        [InlineData(GraphCloud.Global, "https://graph.microsoft.com/v1.0", "https://graph.microsoft.com/.default")]
        [InlineData(GraphCloud.USGov, "https://graph.microsoft.us/v1.0", "https://graph.microsoft.us/.default")]
        [InlineData(
            GraphCloud.USGovDoD,
            "https://dod-graph.microsoft.us/v1.0",
            "https://dod-graph.microsoft.us/.default"
        )]
        [InlineData(
            GraphCloud.China,
            "https://microsoftgraph.chinacloudapi.cn/v1.0",
            "https://microsoftgraph.chinacloudapi.cn/.default"
        )]
        public void Each_cloud_has_its_Graph_and_app_only_scope(GraphCloud cloud, string baseUrl, string scope)
        {
            var options = new GraphConnectionOptions { AuthMethod = GraphAuthMethod.ManagedIdentity, Cloud = cloud };
            Assert.Equal(new Uri(baseUrl), options.ResolveBaseUrl());
            Assert.Equal(new[] { scope }, options.ResolveScopes());
            Assert.Equal(new[] { new Uri(baseUrl).Host }, options.AllowedHosts());
        }

        [Fact]
        public void Delegated_scopes_are_qualified_with_the_clouds_resource_and_default_to_reading_audits()
        {
            Assert.Equal(
                new[]
                {
                    "https://graph.microsoft.com/AuditLog.Read.All",
                    "https://graph.microsoft.com/Directory.Read.All",
                },
                new GraphConnectionOptions { AuthMethod = GraphAuthMethod.DeviceCode }.ResolveScopes()
            );
            Assert.Equal(
                new[] { "https://microsoftgraph.chinacloudapi.cn/IdentityRiskEvent.Read.All" },
                new GraphConnectionOptions
                {
                    AuthMethod = GraphAuthMethod.InteractiveBrowser,
                    Cloud = GraphCloud.China,
                    Scopes = new[] { "IdentityRiskEvent.Read.All" },
                }.ResolveScopes()
            );
        }

        [Theory]
        [InlineData("https://proxy.contoso.example/graph/v1.0/", "https://proxy.contoso.example/graph/v1.0")]
        [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/v1.0")]
        [InlineData("http://localhost:5000/beta", "http://localhost:5000/beta")]
        [InlineData("http://[::1]:5000/v1.0", "http://[::1]:5000/v1.0")]
        public void A_base_URL_override_is_accepted_over_https_or_on_loopback(string given, string resolved)
        {
            var options = new GraphConnectionOptions
            {
                AuthMethod = GraphAuthMethod.ManagedIdentity,
                GraphBaseUrl = given,
            };
            options.Validate();
            Assert.Equal(new Uri(resolved), options.ResolveBaseUrl());
            Assert.Equal(new[] { "graph.microsoft.com", new Uri(resolved).Host }, options.AllowedHosts());
        }

        [Theory]
        [InlineData("http://proxy.contoso.example/v1.0", "plain http")]
        [InlineData("http://10.0.0.5/v1.0", "plain http")]
        [InlineData("ftp://proxy/v1.0", "not an absolute http(s) URL")]
        [InlineData("/v1.0", "not an absolute http(s) URL")]
        public void A_base_URL_override_that_would_expose_the_token_is_refused(string given, string message)
        {
            var error = Assert.Throws<ArgumentException>(() =>
                new GraphConnectionOptions
                {
                    AuthMethod = GraphAuthMethod.ManagedIdentity,
                    GraphBaseUrl = given,
                }.Validate()
            );
            Assert.Contains(message, error.Message);
        }

        [Fact]
        public void Each_method_names_what_it_is_missing()
        {
            Assert.Contains(
                "tenant id",
                Assert
                    .Throws<ArgumentException>(() =>
                        new GraphConnectionOptions
                        {
                            AuthMethod = GraphAuthMethod.ClientSecret,
                            ClientId = "c",
                            ClientSecret = SecretText.FromPlainText("s"),
                        }.Validate()
                    )
                    .Message
            );
            Assert.Contains(
                "client) id",
                Assert
                    .Throws<ArgumentException>(() =>
                        new GraphConnectionOptions
                        {
                            AuthMethod = GraphAuthMethod.Certificate,
                            TenantId = "t",
                            CertificatePath = "x.pfx",
                        }.Validate()
                    )
                    .Message
            );
            Assert.Contains(
                "needs the secret",
                Assert
                    .Throws<ArgumentException>(() =>
                        new GraphConnectionOptions
                        {
                            AuthMethod = GraphAuthMethod.ClientSecret,
                            TenantId = "t",
                            ClientId = "c",
                        }.Validate()
                    )
                    .Message
            );
            Assert.Contains(
                "exactly one",
                Assert
                    .Throws<ArgumentException>(() =>
                        new GraphConnectionOptions
                        {
                            AuthMethod = GraphAuthMethod.Certificate,
                            TenantId = "t",
                            ClientId = "c",
                            CertificatePath = "x.pfx",
                            CertificateThumbprint = "AB",
                        }.Validate()
                    )
                    .Message
            );
            Assert.Contains(
                "only to a certificate file",
                Assert
                    .Throws<ArgumentException>(() =>
                        new GraphConnectionOptions
                        {
                            AuthMethod = GraphAuthMethod.Certificate,
                            TenantId = "t",
                            ClientId = "c",
                            CertificateThumbprint = "AB",
                            CertificatePassword = SecretText.FromPlainText("p"),
                        }.Validate()
                    )
                    .Message
            );
            Assert.Contains(
                "needs the token",
                Assert
                    .Throws<ArgumentException>(() =>
                        new GraphConnectionOptions { AuthMethod = GraphAuthMethod.AccessToken }.Validate()
                    )
                    .Message
            );
            Assert.Contains(
                "delegated sign-in only",
                Assert
                    .Throws<ArgumentException>(() =>
                        new GraphConnectionOptions
                        {
                            AuthMethod = GraphAuthMethod.ManagedIdentity,
                            Scopes = new[] { "User.Read" },
                        }.Validate()
                    )
                    .Message
            );
        }

        [Fact]
        public void A_secret_shows_only_its_mask()
        {
            var secureString = new System.Security.SecureString();
            foreach (var c in "s3cr3t-value")
                secureString.AppendChar(c);
            var secret = SecretText.FromSecureString(secureString);

            Assert.Equal(SecretText.Mask, secret.ToString());
            Assert.Equal($"value={SecretText.Mask}", $"value={secret}");
            Assert.Equal("s3cr3t-value", secret.Reveal());
            Assert.Equal(
                $"echo {SecretText.Mask} twice {SecretText.Mask}",
                secret.Scrub("echo s3cr3t-value twice s3cr3t-value")
            );
            Assert.Throws<ArgumentException>(() => SecretText.FromPlainText(""));
        }

        [Fact]
        public void Token_claims_are_read_without_validation_and_an_opaque_token_gives_no_claims()
        {
            static string Part(string json) =>
                Convert
                    .ToBase64String(System.Text.Encoding.UTF8.GetBytes(json))
                    .TrimEnd('=')
                    .Replace('+', '-')
                    .Replace('/', '_');
            var jwt =
                $"{Part("{}")}."
                + $"{Part("{\"tid\":\"t1\",\"azp\":\"c1\",\"roles\":[\"B.Read\",\"A.Read\"],\"exp\":1700000000}")}.sig";
            var options = new GraphConnectionOptions
            {
                AuthMethod = GraphAuthMethod.AccessToken,
                AccessToken = SecretText.FromPlainText(jwt),
            };

            var info = GraphConnectionInfo.FromToken(options.AccessToken!, options);
            var opaque = GraphConnectionInfo.FromToken(SecretText.FromPlainText("not-a-jwt"), options);

            Assert.Equal("t1", info.TenantId);
            Assert.Equal("c1", info.ClientId);
            Assert.Equal(new[] { "A.Read", "B.Read" }, info.Roles);
            Assert.Equal("AppOnly", info.TokenType);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), info.TokenExpiresOn);
            Assert.Null(opaque.TenantId);
            Assert.Empty(opaque.Roles);
            // Nothing says which app got an opaque token: the journal's "connected as" must not name a default.
            Assert.Null(opaque.ClientId);
            Assert.Equal("(unknown identity)", new EntraGuard.Response.Planning.ConnectedIdentity(opaque).Name);
        }
    }
}

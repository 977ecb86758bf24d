using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Identity;
using EntraGuard.Collection;
using EntraGuard.Graph.Tests.StandIn;

namespace EntraGuard.Graph.Tests
{
    /// <summary>Each sign-in choice builds the right credential without touching the network, and tokens go only where
    /// allowed.</summary>
    public sealed class ConnectionTests : IAsyncLifetime
    {
        private const string Secret = "client-SECRET-value-1234";
        private const string PfxPassword = "pfx-PASSWORD-5678";
        private GraphStandIn _standIn = null!;

        public async Task InitializeAsync() => _standIn = await GraphStandIn.StartAsync();

        public async Task DisposeAsync() => await _standIn.DisposeAsync();

        private static T Member<T>(object target, string name)
        {
            for (var type = target.GetType(); type != null; type = type.BaseType)
            {
                const BindingFlags flags =
                    BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly;
                if (type.GetProperty(name, flags) is { } property)
                    return (T)property.GetValue(target)!;
                if (type.GetField(name, flags) is { } field)
                    return (T)field.GetValue(target)!;
            }
            throw new MissingMemberException(target.GetType().Name, name);
        }

        private static Uri AuthorityOf(TokenCredential credential)
        {
            var pipelineField = credential
                .GetType()
                .GetFields(BindingFlags.Instance | BindingFlags.NonPublic)
                .First(f => f.FieldType.Name == "CredentialPipeline");
            var pipeline = pipelineField.GetValue(credential)!;
            return ((TokenCredentialOptions)Member<object>(pipeline, "ClientOptions")).AuthorityHost;
        }

        private static X509Certificate2 SelfSigned()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest(
                "CN=EntraGuard test",
                key,
                HashAlgorithmName.SHA256,
                RSASignaturePadding.Pkcs1
            );
            return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        }

        [Fact]
        public void A_system_assigned_managed_identity_has_no_client_id_and_a_user_assigned_one_has_its_own()
        {
            var system = CredentialFactory.Create(
                new GraphConnectionOptions { AuthMethod = GraphAuthMethod.ManagedIdentity }
            );
            var user = CredentialFactory.Create(
                new GraphConnectionOptions
                {
                    AuthMethod = GraphAuthMethod.ManagedIdentity,
                    ClientId = "77777777-7777-7777-7777-777777777777",
                }
            );

            Assert.IsType<ManagedIdentityCredential>(system);
            Assert.IsType<ManagedIdentityCredential>(user);
            Assert.Equal(
                "SystemAssigned",
                Member<ManagedIdentityId>(Member<object>(system, "Client"), "ManagedIdentityId").ToString()
            );
            Assert.Contains(
                "77777777-7777-7777-7777-777777777777",
                Member<ManagedIdentityId>(Member<object>(user, "Client"), "ManagedIdentityId").ToString()
            );
        }

        [Theory]
        [InlineData(GraphCloud.Global, "https://login.microsoftonline.com/")]
        [InlineData(GraphCloud.USGov, "https://login.microsoftonline.us/")]
        [InlineData(GraphCloud.USGovDoD, "https://login.microsoftonline.us/")]
        [InlineData(GraphCloud.China, "https://login.chinacloudapi.cn/")]
        public void A_client_secret_credential_signs_in_at_the_clouds_authority(GraphCloud cloud, string authority)
        {
            var credential = CredentialFactory.Create(
                new GraphConnectionOptions
                {
                    AuthMethod = GraphAuthMethod.ClientSecret,
                    TenantId = TestConnections.TenantId,
                    ClientId = TestConnections.AppId,
                    ClientSecret = SecretText.FromPlainText(Secret),
                    Cloud = cloud,
                }
            );

            var secret = Assert.IsType<ClientSecretCredential>(credential);
            Assert.Equal(TestConnections.TenantId, Member<string>(secret, "TenantId"));
            Assert.Equal(TestConnections.AppId, Member<string>(secret, "ClientId"));
            Assert.Equal(Secret, Member<string>(secret, "ClientSecret"));
            Assert.Equal(new Uri(authority), AuthorityOf(credential));
        }

        [Fact]
        public void A_certificate_object_a_protected_PFX_and_a_PEM_file_each_build_a_certificate_credential()
        {
            using var certificate = SelfSigned();
            var pfx = Path.Combine(Path.GetTempPath(), $"entraguard-{Guid.NewGuid():N}.pfx");
            var pem = Path.Combine(Path.GetTempPath(), $"entraguard-{Guid.NewGuid():N}.pem");
            File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, PfxPassword));
            File.WriteAllText(
                pem,
                certificate.ExportCertificatePem() + certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem()
            );
            try
            {
                GraphConnectionOptions Options(Action<GraphConnectionOptionsBuilder> set)
                {
                    var builder = new GraphConnectionOptionsBuilder();
                    set(builder);
                    return builder.Build();
                }

                var fromObject = CredentialFactory.Create(Options(b => b.Certificate = certificate));
                var fromPfx = CredentialFactory.Create(
                    Options(b =>
                    {
                        b.Path = pfx;
                        b.Password = PfxPassword;
                    })
                );
                var fromPem = CredentialFactory.Create(Options(b => b.Path = pem));

                Assert.All(new[] { fromObject, fromPfx, fromPem }, c => Assert.IsType<ClientCertificateCredential>(c));
                Assert.Equal(
                    certificate.Thumbprint,
                    CredentialFactory
                        .LoadCertificate(
                            Options(b =>
                            {
                                b.Path = pfx;
                                b.Password = PfxPassword;
                            })
                        )
                        .Thumbprint
                );
                var wrong = Assert.Throws<ArgumentException>(() =>
                    CredentialFactory.Create(
                        Options(b =>
                        {
                            b.Path = pfx;
                            b.Password = "wrong";
                        })
                    )
                );
                Assert.DoesNotContain("wrong", wrong.Message.Replace("with the password given", ""));
                Assert.Throws<FileNotFoundException>(() =>
                    CredentialFactory.Create(Options(b => b.Path = pfx + ".missing"))
                );
            }
            finally
            {
                File.Delete(pfx);
                File.Delete(pem);
            }
        }

        [Fact]
        public void A_certificate_is_found_by_thumbprint_in_the_current_user_store()
        {
            using var generated = SelfSigned();
            using var withKey = X509CertificateLoader.LoadPkcs12(
                generated.Export(X509ContentType.Pfx, PfxPassword),
                PfxPassword,
                X509KeyStorageFlags.PersistKeySet | X509KeyStorageFlags.Exportable
            );
            using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
            store.Open(OpenFlags.ReadWrite);
            store.Add(withKey);
            try
            {
                var options = new GraphConnectionOptions
                {
                    AuthMethod = GraphAuthMethod.Certificate,
                    TenantId = TestConnections.TenantId,
                    ClientId = TestConnections.AppId,
                    CertificateThumbprint = withKey.Thumbprint.ToLowerInvariant(),
                };
                Assert.IsType<ClientCertificateCredential>(CredentialFactory.Create(options));
                Assert.Equal(withKey.Thumbprint, CredentialFactory.LoadCertificate(options).Thumbprint);
                var missing = Assert.Throws<ArgumentException>(() =>
                    CredentialFactory.Create(
                        new GraphConnectionOptions
                        {
                            AuthMethod = GraphAuthMethod.Certificate,
                            TenantId = TestConnections.TenantId,
                            ClientId = TestConnections.AppId,
                            CertificateThumbprint = "00112233445566778899AABBCCDDEEFF00112233",
                        }
                    )
                );
                Assert.Contains("00112233445566778899AABBCCDDEEFF00112233", missing.Message);
            }
            finally
            {
                store.Remove(withKey);
            }
        }

        [Fact]
        public void Delegated_sign_in_uses_Graph_Command_Line_Tools_unless_told_otherwise()
        {
            var device = CredentialFactory.Create(
                new GraphConnectionOptions { AuthMethod = GraphAuthMethod.DeviceCode, Cloud = GraphCloud.USGov }
            );
            var browser = CredentialFactory.Create(
                new GraphConnectionOptions
                {
                    AuthMethod = GraphAuthMethod.InteractiveBrowser,
                    ClientId = TestConnections.AppId,
                    TenantId = TestConnections.TenantId,
                }
            );

            Assert.Equal(
                GraphConnectionOptions.DefaultPublicClientId,
                Member<string>(Assert.IsType<DeviceCodeCredential>(device), "ClientId")
            );
            Assert.Equal(new Uri("https://login.microsoftonline.us/"), AuthorityOf(device));
            Assert.Equal(
                TestConnections.AppId,
                Member<string>(Assert.IsType<InteractiveBrowserCredential>(browser), "ClientId")
            );
            Assert.Equal(TestConnections.TenantId, Member<string>(browser, "TenantId"));
        }

        [Fact]
        public async Task An_access_token_is_sent_to_the_base_URL_override_and_the_context_reads_its_claims()
        {
            var token = TestConnections.FakeToken(scp: "AuditLog.Read.All Directory.Read.All");
            _standIn.OnJson("GET", AuditFeed.Path, AuditFeed.PageJson(Array.Empty<FeedEvent>(), null));
            using var session = GraphSession.Create(
                TestConnections.AccessToken(_standIn.BaseUrl, token),
                TestConnections.Fast()
            );

            await new GraphAuditCollector(session).CollectAsync(
                new AuditQuery { Since = DateTimeOffset.UtcNow.AddHours(-1), Until = DateTimeOffset.UtcNow },
                _ => { }
            );
            var info = await session.GetConnectionInfoAsync();

            Assert.Equal("Bearer " + token, _standIn.Requests.Single().Header("Authorization"));
            Assert.Equal(TestConnections.TenantId, info.TenantId);
            Assert.Equal(TestConnections.AppId, info.ClientId);
            Assert.Equal("analyst@contoso.example", info.Account);
            Assert.Equal(new[] { "AuditLog.Read.All", "Directory.Read.All" }, info.Scopes);
            Assert.Equal("Delegated", info.TokenType);
            Assert.Equal(_standIn.BaseUrl, info.GraphBaseUrl);
            Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), info.TokenExpiresOn);
            Assert.DoesNotContain("SECRET-TOKEN-MARKER", info.ToString());
        }

        [Fact]
        public async Task An_Azure_Identity_credential_attaches_its_token_to_the_override_host_for_the_clouds_scope()
        {
            var credential = new RecordingCredential(TestConnections.FakeToken(roles: new[] { "AuditLog.Read.All" }));
            _standIn.OnJson("GET", AuditFeed.Path, AuditFeed.PageJson(Array.Empty<FeedEvent>(), null));
            var options = new GraphConnectionOptions
            {
                AuthMethod = GraphAuthMethod.ClientSecret,
                TenantId = TestConnections.TenantId,
                ClientId = TestConnections.AppId,
                ClientSecret = SecretText.FromPlainText(Secret),
                GraphBaseUrl = _standIn.Root.ToString(),
            };
            using var session = GraphSession.Create(options, TestConnections.Fast(), credential);

            await new GraphAuditCollector(session).CollectAsync(
                new AuditQuery { Since = DateTimeOffset.UtcNow.AddHours(-1), Until = DateTimeOffset.UtcNow },
                _ => { }
            );
            var info = await session.GetConnectionInfoAsync();

            var request = _standIn.Requests.Single();
            Assert.Equal("/v1.0/auditLogs/directoryAudits", request.Path); // a base URL without a path gets /v1.0
            Assert.Equal("Bearer " + credential.Token, request.Header("Authorization"));
            Assert.All(credential.Scopes, s => Assert.Equal(new[] { "https://graph.microsoft.com/.default" }, s));
            Assert.Equal(new[] { "AuditLog.Read.All" }, info.Roles);
            Assert.Equal("AppOnly", info.TokenType);
        }

        [Fact]
        public async Task A_nextLink_to_a_host_outside_the_allowed_ones_gets_no_token()
        {
            var foreign = "http://localhost:" + _standIn.Root.Port + "/v1.0" + AuditFeed.Path + "?$skiptoken=2";
            _standIn.On(
                "GET",
                AuditFeed.Path,
                (context, request) =>
                    GraphStandIn.Json(
                        context,
                        request.Query.ContainsKey("$skiptoken")
                            ? AuditFeed.PageJson(Array.Empty<FeedEvent>(), null)
                            : AuditFeed.PageJson(Array.Empty<FeedEvent>(), foreign)
                    )
            );
            using var session = GraphSession.Create(
                TestConnections.AccessToken(_standIn.BaseUrl, TestConnections.FakeToken()),
                TestConnections.Fast()
            );

            await new GraphAuditCollector(session).CollectAsync(
                new AuditQuery { Since = DateTimeOffset.UtcNow.AddHours(-1), Until = DateTimeOffset.UtcNow },
                _ => { }
            );

            var requests = _standIn.Requests;
            Assert.Equal(2, requests.Count);
            Assert.NotNull(requests[0].Header("Authorization"));
            Assert.Null(requests[1].Header("Authorization")); // localhost is not 127.0.0.1: not an allowed host
        }

        [Fact]
        public async Task No_secret_appears_in_any_output_error_or_progress()
        {
            var token = TestConnections.FakeToken(marker: "TOKEN-MARKER-abc");
            var captured = new List<string>();
            // Graph echoes what it received in its error messages (a misbehaving proxy would).
            _standIn.On(
                "GET",
                AuditFeed.Path,
                (context, request) =>
                    GraphStandIn.Error(
                        context,
                        503,
                        "ServiceUnavailable",
                        $"upstream said no to {request.Header("Authorization")}"
                    )
            );
            var options = TestConnections.AccessToken(_standIn.BaseUrl, token);
            using var session = GraphSession.Create(options, TestConnections.Fast(maxRetries: 0));
            var observer = new CollectionObserver
            {
                Progress = p => captured.Add(p.ToString()),
                Verbose = captured.Add,
                Warning = captured.Add,
            };

            var error = await Assert.ThrowsAsync<CollectionInterruptedException>(() =>
                new GraphAuditCollector(session).CollectAsync(
                    new AuditQuery { Since = DateTimeOffset.UtcNow.AddHours(-1), Until = DateTimeOffset.UtcNow },
                    _ => { },
                    observer
                )
            );
            captured.Add(error.ToString());
            captured.Add(options.AccessToken!.ToString());
            captured.Add(System.Text.Json.JsonSerializer.Serialize(options.AccessToken));

            var secretBuilt = new GraphConnectionOptions
            {
                AuthMethod = GraphAuthMethod.ClientSecret,
                TenantId = "t",
                ClientId = "c",
                ClientSecret = SecretText.FromPlainText(Secret),
            };
            captured.Add(secretBuilt.ClientSecret!.ToString());
            captured.Add(
                new GraphErrors(secretBuilt)
                    .Map(new InvalidOperationException("bad secret " + Secret), "signing in", "x")
                    .ToString()
            );

            // A token an Azure.Identity credential obtained is unknown to the options, yet masked all the same.
            var acquired = new RecordingCredential(TestConnections.FakeToken(marker: "TOKEN-MARKER-abc"));
            using (
                var azure = GraphSession.Create(
                    new GraphConnectionOptions
                    {
                        AuthMethod = GraphAuthMethod.ManagedIdentity,
                        GraphBaseUrl = _standIn.BaseUrl,
                    },
                    TestConnections.Fast(maxRetries: 0),
                    acquired
                )
            )
            {
                var azureError = await Assert.ThrowsAsync<CollectionInterruptedException>(() =>
                    new GraphAuditCollector(azure).CollectAsync(
                        new AuditQuery { Since = DateTimeOffset.UtcNow.AddHours(-1), Until = DateTimeOffset.UtcNow },
                        _ => { },
                        observer
                    )
                );
                captured.Add(azureError.ToString());
                Assert.Contains("upstream said no to Bearer " + SecretText.Mask, azureError.Message);
            }

            Assert.Contains(captured, c => c.Contains("upstream said no to Bearer " + SecretText.Mask));
            Assert.All(
                captured,
                c =>
                {
                    Assert.DoesNotContain("TOKEN-MARKER-abc", c);
                    Assert.DoesNotContain(Secret, c);
                }
            );
        }

        /// <summary>A TokenCredential that hands out a fixed token and records the scopes asked for.</summary>
        private sealed class RecordingCredential : TokenCredential
        {
            public RecordingCredential(string token) => Token = token;

            public string Token { get; }
            public List<string[]> Scopes { get; } = new();

            public override AccessToken GetToken(
                TokenRequestContext requestContext,
                CancellationToken cancellationToken
            )
            {
                lock (Scopes)
                    Scopes.Add(requestContext.Scopes);
                return new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1));
            }

            public override ValueTask<AccessToken> GetTokenAsync(
                TokenRequestContext requestContext,
                CancellationToken cancellationToken
            ) => new(GetToken(requestContext, cancellationToken));
        }

        /// <summary>Certificate sign-in options for one test case.</summary>
        private sealed class GraphConnectionOptionsBuilder
        {
            public X509Certificate2? Certificate { get; set; }
            public string? Path { get; set; }
            public string? Password { get; set; }

            public GraphConnectionOptions Build() =>
                new()
                {
                    AuthMethod = GraphAuthMethod.Certificate,
                    TenantId = TestConnections.TenantId,
                    ClientId = TestConnections.AppId,
                    Certificate = Certificate,
                    CertificatePath = Path,
                    CertificatePassword = Password is null ? null : SecretText.FromPlainText(Password),
                };
        }
    }
}

using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using EntraGuard.Graph.Tests.Response;
using EntraGuard.Graph.Tests.StandIn;

namespace EntraGuard.PowerShell.Tests
{
    /// <summary>
    /// The module's Graph connection is one per process: every test that connects, disconnects or needs to be
    /// disconnected runs in this collection, one at a time.
    /// </summary>
    [CollectionDefinition(Name)]
    public sealed class GraphConnectionCollection
    {
        public const string Name = "Graph connection";
    }

    /// <summary>Tests that each get a fresh connected loopback tenant and a journal file of their own.</summary>
    public abstract class ConnectedTests : IAsyncLifetime
    {
        protected string Journal { get; } =
            Path.Combine(Path.GetTempPath(), $"entraguard-journal-{Guid.NewGuid():N}.jsonl");
        protected LoopbackTenant Tenant { get; private set; } = null!;

        public virtual async Task InitializeAsync() => Tenant = await LoopbackTenant.ConnectAsync();

        public async Task DisposeAsync()
        {
            await Tenant.DisposeAsync();
            File.Delete(Journal);
            // The journal's lock file stays beside it by design (deleting it would race another writer's lock).
            File.Delete(Journal + ".lock");
        }
    }

    /// <summary>
    /// A session connected (Connect-EntraGuard -AccessToken -GraphBaseUrl) to the Kestrel Graph stand-in on loopback,
    /// with a small directory behind it. Ids are the ones Get-Mg* output would carry.
    /// </summary>
    public sealed class LoopbackTenant : IAsyncDisposable
    {
        public const string TenantId = "5b7c1e2a-8d3f-4a6b-9c0e-1f2a3b4c5d6e";

        /// <summary>
        /// The application EntraGuard signs in as: its own service principal is <see cref="SelfServicePrincipalId"/>.
        /// </summary>
        public const string ConnectedAppId = "11111111-aaaa-4aaa-8aaa-111111111111";
        public const string SelfServicePrincipalId = "0d7e4b1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b";
        public const string ServicePrincipalId = "3f0c9a51-6c1e-4d2b-9a7e-5b1c2d3e4f50";
        public const string ServicePrincipalAppId = "c2a4e6f8-1b3d-4f5a-8c7e-9d0b1a2c3e4f";
        public const string ApplicationId = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
        public const string PasswordKeyId = "e3b9f0a2-5d6c-4b7a-8e9f-0a1b2c3d4e5f";
        public const string UserId = "6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";
        public const string UserPrincipalName = "megan.bowen@fabrikam.example";
        public const string GroupId = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";

        private LoopbackTenant(GraphStandIn graph, ModuleSession session)
        {
            Graph = graph;
            Directory = new DirectoryStandIn(graph);
            Session = session;
            Directory.AddServicePrincipal(SelfServicePrincipalId, ConnectedAppId, "EntraGuard Responder");
            Directory.AddServicePrincipal(
                ServicePrincipalId,
                ServicePrincipalAppId,
                "Payroll-Sync",
                passwords: new() { DirectoryStandIn.Password(PasswordKeyId, "rotation") }
            );
            Directory.AddApplication(ApplicationId, ServicePrincipalAppId, "Payroll-Sync");
            Directory.AddUser(UserId, UserPrincipalName);
            Directory.AddGroup(GroupId, "Tier0 Admins");
        }

        public GraphStandIn Graph { get; }
        public DirectoryStandIn Directory { get; }
        public ModuleSession Session { get; }

        public static async Task<LoopbackTenant> ConnectAsync()
        {
            var graph = await GraphStandIn.StartAsync();
            var session = new ModuleSession();
            var tenant = new LoopbackTenant(graph, session);
            session.Invoke(
                "Connect-EntraGuard -AccessToken (ConvertTo-SecureString $args[0] -AsPlainText -Force) "
                    + "-GraphBaseUrl $args[1]",
                AccessToken(),
                graph.BaseUrl
            );
            return tenant;
        }

        /// <summary>
        /// An unsigned JWT carrying the claims Connect-EntraGuard reads (no signature is checked offline).
        /// </summary>
        public static string AccessToken()
        {
            static string Part(object value) =>
                Convert
                    .ToBase64String(JsonSerializer.SerializeToUtf8Bytes(value))
                    .TrimEnd('=')
                    .Replace('+', '-')
                    .Replace('/', '_');
            var claims = new
            {
                tid = TenantId,
                appid = ConnectedAppId,
                oid = SelfServicePrincipalId,
                exp = 1893456000,
                roles = new[] { "AuditLog.Read.All" },
            };
            var signature = Convert.ToBase64String(Encoding.UTF8.GetBytes("loopback"));
            return $"{Part(new { alg = "none", typ = "JWT" })}.{Part(claims)}.{signature}";
        }

        public async ValueTask DisposeAsync()
        {
            Session.Invoke("Disconnect-EntraGuard | Out-Null");
            Session.Dispose();
            await Graph.DisposeAsync();
        }
    }
}

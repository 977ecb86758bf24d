using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;

namespace EntraGuard.Graph.Tests
{
    /// <summary>Virtual time: waiting advances the clock at once, so limits and back-off are tested without
    /// sleeping.</summary>
    public sealed class ManualWaitClock : IWaitClock
    {
        private long _ticks;
        public TimeSpan Now => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));
        public List<TimeSpan> Waits { get; } = new();

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (Waits)
                Waits.Add(delay);
            Interlocked.Add(ref _ticks, delay.Ticks);
            return Task.CompletedTask;
        }
    }

    public static class TestConnections
    {
        public const string TenantId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
        public const string AppId = "99999999-8888-7777-6666-555555555555";

        /// <summary>An unsigned JWT with the claims Get-EntraGuardContext reads, ending in a marker to look for in
        /// output.</summary>
        public static string FakeToken(
            string marker = "SECRET-TOKEN-MARKER",
            string? scp = null,
            string[]? roles = null
        )
        {
            static string Encode(string json) =>
                Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var claims = new StringBuilder(
                $"{{\"tid\":\"{TenantId}\",\"appid\":\"{AppId}\",\"app_displayname\":\"EntraGuard "
                    + $"Test\",\"oid\":\"12121212-1212-1212-1212-121212121212\",\"exp\":1893456000"
            );
            if (scp != null)
                claims.Append($",\"scp\":\"{scp}\",\"upn\":\"analyst@contoso.example\"");
            if (roles != null)
                claims
                    .Append(",\"roles\":[")
                    .Append(string.Join(",", Array.ConvertAll(roles, r => $"\"{r}\"")))
                    .Append(']');
            claims.Append('}');
            return $"{Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Encode(claims.ToString())}.{marker}";
        }

        public static GraphConnectionOptions AccessToken(string baseUrl, string token) =>
            new()
            {
                AuthMethod = GraphAuthMethod.AccessToken,
                AccessToken = SecretText.FromPlainText(token),
                GraphBaseUrl = baseUrl,
            };

        /// <summary>Settings that keep tests quick: no SDK back-off unless asked, virtual time for our own
        /// waits.</summary>
        public static GraphClientSettings Fast(
            IWaitClock? clock = null,
            int retryDelaySeconds = 0,
            int maxRetries = 2
        ) =>
            new()
            {
                Clock = clock ?? new ManualWaitClock(),
                RetryDelay = TimeSpan.FromSeconds(retryDelaySeconds),
                MaxRetries = maxRetries,
                PageRetryDelay = TimeSpan.FromSeconds(1),
            };
    }
}

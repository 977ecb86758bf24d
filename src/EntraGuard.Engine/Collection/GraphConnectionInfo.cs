using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace EntraGuard.Collection
{
    /// <summary>
    /// Who is connected to Graph, to which tenant, with which permissions: what Get-EntraGuardContext shows. Read from
    /// the access token's claims (decoded, not validated: Graph validates it), never holding the token itself.
    /// </summary>
    public sealed class GraphConnectionInfo
    {
        public string? TenantId { get; init; }
        public string? ClientId { get; init; }
        public string? AppDisplayName { get; init; }

        /// <summary>The signed-in user (delegated) or null (app-only).</summary>
        public string? Account { get; init; }

        /// <summary>The object id of the user or service principal the token was issued to.</summary>
        public string? ObjectId { get; init; }

        public GraphAuthMethod AuthType { get; init; }

        /// <summary>Delegated (a user's permissions) or AppOnly (the app's own roles).</summary>
        public string TokenType => Scopes.Count > 0 || Account != null ? "Delegated" : "AppOnly";

        /// <summary>Delegated permissions granted (the <c>scp</c> claim).</summary>
        public IReadOnlyList<string> Scopes { get; init; } = Array.Empty<string>();

        /// <summary>Application permissions granted (the <c>roles</c> claim).</summary>
        public IReadOnlyList<string> Roles { get; init; } = Array.Empty<string>();

        public GraphCloud Environment { get; init; }
        public string GraphBaseUrl { get; init; } = "";
        public DateTimeOffset? TokenExpiresOn { get; init; }

        /// <summary>
        /// Reads the claims of a JWT access token without validating it. A token that is not a readable JWT (Graph
        /// accepts opaque tokens in some clouds) gives an info without claims rather than an error; the error never
        /// repeats the token.
        /// </summary>
        public static GraphConnectionInfo FromToken(SecretText token, GraphConnectionOptions options)
        {
            var claims = DecodeClaims(token.Reveal());
            string? Claim(string name) =>
                claims != null
                && claims.Value.TryGetProperty(name, out var value)
                && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;

            var expires =
                claims != null
                && claims.Value.TryGetProperty("exp", out var exp)
                && exp.ValueKind == JsonValueKind.Number
                && exp.TryGetInt64(out var seconds)
                    ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                    : (DateTimeOffset?)null;
            var roles =
                claims != null
                && claims.Value.TryGetProperty("roles", out var rolesClaim)
                && rolesClaim.ValueKind == JsonValueKind.Array
                    ? rolesClaim
                        .EnumerateArray()
                        .Where(r => r.ValueKind == JsonValueKind.String)
                        .Select(r => r.GetString()!)
                        .OrderBy(r => r, StringComparer.Ordinal)
                        .ToArray()
                    : Array.Empty<string>();
            var scopes = (Claim("scp") ?? "")
                .Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToArray();

            return new GraphConnectionInfo
            {
                TenantId = Claim("tid") ?? options.TenantId,
                ClientId = Claim("appid") ?? Claim("azp") ?? NullIfEmpty(options.EffectiveClientId),
                AppDisplayName = Claim("app_displayname"),
                Account = Claim("upn") ?? Claim("preferred_username") ?? Claim("unique_name"),
                ObjectId = Claim("oid"),
                AuthType = options.AuthMethod,
                Scopes = scopes,
                Roles = roles,
                Environment = options.Cloud,
                GraphBaseUrl = options.ResolveBaseUrl().ToString(),
                TokenExpiresOn = expires,
            };
        }

        /// <summary>What is known before any token is at hand (no claims).</summary>
        public static GraphConnectionInfo FromOptions(GraphConnectionOptions options) =>
            new()
            {
                TenantId = options.TenantId,
                ClientId = NullIfEmpty(options.EffectiveClientId),
                AuthType = options.AuthMethod,
                Environment = options.Cloud,
                GraphBaseUrl = options.ResolveBaseUrl().ToString(),
            };

        public override string ToString() =>
            $"{AuthType} {TokenType} {Account ?? ClientId} @ {TenantId ?? "(tenant unknown)"} ({Environment}, "
            + $"{GraphBaseUrl})";

        private static JsonElement? DecodeClaims(string token)
        {
            var parts = token.Split('.');
            if (parts.Length != 3)
                return null;
            try
            {
                var payload = parts[1].Replace('-', '+').Replace('_', '/');
                payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
                using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
                return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
            }
            catch (Exception ex) when (ex is FormatException or JsonException)
            {
                return null;
            }
        }

        private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
    }
}

using System;
using System.Linq;

namespace EntraGuard.Investigation
{
    /// <summary>User agents of HTTP libraries and command-line tools: people rarely run these against Entra; attack
    /// kits do.</summary>
    public static class ScriptingClients
    {
        private static readonly string[] Markers =
        {
            "python-requests",
            "python-urllib",
            "aiohttp",
            "httpx",
            "curl/",
            "wget/",
            "go-http-client",
            "powershell",
            "azure-cli",
            "azurecli",
            "okhttp",
            "node-fetch",
            "axios",
            "libwww-perl",
            "java/",
            "httpie",
            "postmanruntime",
            // Azure SDKs (azsdk-net-identity, azsdk-python-mgmt-…) and Kiota-built Graph SDKs: programmatic callers
            // of every language, also what an attacker's script that holds a stolen secret looks like.
            "azsdk-",
            "kiota-",
            "python/",
        };

        public static bool IsScriptingClient(string? userAgent) =>
            userAgent != null
            && Markers.Any(marker => userAgent.IndexOf(marker, StringComparison.OrdinalIgnoreCase) >= 0);
    }
}

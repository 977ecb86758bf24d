using EntraGuard.Investigation;

namespace EntraGuard.Tests.Investigation
{
    public sealed class ScriptingClientsTests
    {
        [Theory]
        [InlineData("python-requests/2.31.0")]
        [InlineData("azsdk-net-Identity/1.12.0 (.NET 8.0.4; Ubuntu 22.04.4 LTS)")]
        [InlineData("azsdk-python-identity/1.16.0 Python/3.11.9 (Linux-6.5.0-x86_64-with-glibc2.35)")]
        [InlineData("kiota-dotnet/1.9.0")]
        [InlineData("python/3.10.12 (Linux-5.15.0-1061-azure-x86_64-with-glibc2.35) AZURECLI/2.61.0")]
        [InlineData("Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.22631; en-US) PowerShell/7.4.2")]
        public void Libraries_and_command_line_tools_are_scripting_clients(string userAgent)
        {
            Assert.True(ScriptingClients.IsScriptingClient(userAgent));
        }

        [Theory]
        [InlineData(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 "
                + "Safari/537.36 Edg/126.0.0.0"
        )]
        [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148")]
        [InlineData("Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17628; Pro)")]
        [InlineData("")]
        [InlineData(null)]
        public void Browsers_and_office_apps_are_not(string? userAgent)
        {
            Assert.False(ScriptingClients.IsScriptingClient(userAgent));
        }
    }
}

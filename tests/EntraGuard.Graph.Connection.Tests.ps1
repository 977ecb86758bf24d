# Pester 5+: the Graph connection cmdlets, without a tenant. Runs where pwsh exists (.ci/run), after a build.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'EntraGuard.psd1') -Force

    function New-FakeToken([string] $Marker = 'PESTER-TOKEN-MARKER') {
        $encode = { param($json) [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($json)).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
        $claims = '{"tid":"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee","appid":"99999999-8888-7777-6666-555555555555","roles":["AuditLog.Read.All","Directory.Read.All"],"exp":1893456000}'
        "$(& $encode '{"alg":"none"}').$(& $encode $claims).$Marker"
    }
}

Describe 'Connect-EntraGuard' -Tag 'EntraGuard' {
    AfterEach { Disconnect-EntraGuard | Out-Null }

    It 'connects with an access token and shows its claims, never the token' {
        $token = ConvertTo-SecureString (New-FakeToken) -AsPlainText -Force
        $context = Connect-EntraGuard -AccessToken $token -GraphBaseUrl 'http://127.0.0.1:9/v1.0' -PassThru -Verbose 4>&1

        $info = Get-EntraGuardContext
        $info.TenantId | Should -Be 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'
        $info.Roles | Should -Be @('AuditLog.Read.All', 'Directory.Read.All')
        $info.TokenType | Should -Be 'AppOnly'
        $info.GraphBaseUrl | Should -Be 'http://127.0.0.1:9/v1.0'
        ($context | Out-String) + ($info | Format-List * | Out-String) | Should -Not -Match 'PESTER-TOKEN-MARKER'
    }

    It 'refuses plain http to a host that is not loopback' {
        $token = ConvertTo-SecureString (New-FakeToken) -AsPlainText -Force
        { Connect-EntraGuard -AccessToken $token -GraphBaseUrl 'http://proxy.contoso.example/v1.0' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidConnectionOptions,EntraGuard.Commands.ConnectEntraGuardCommand'
        Get-EntraGuardContext | Should -BeNullOrEmpty
    }

    It 'asks for a connection before reading from Graph' {
        { Get-EntraAuditEvent -Since (Get-Date).AddMinutes(-9) -ErrorAction Stop } |
            Should -Throw -ErrorId 'NotConnected,EntraGuard.Commands.GetEntraAuditEventCommand'
    }

    It 'forgets the connection on Disconnect-EntraGuard' {
        Connect-EntraGuard -AccessToken (ConvertTo-SecureString (New-FakeToken) -AsPlainText -Force) -GraphBaseUrl 'http://127.0.0.1:9'
        (Disconnect-EntraGuard).TenantId | Should -Be 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'
        Get-EntraGuardContext | Should -BeNullOrEmpty
    }

    It 'reports a refused connection as a non-terminating Graph error with the collected count' {
        # Nothing listens on port 9 of loopback: every attempt fails, and the error says how to resume.
        Connect-EntraGuard -AccessToken (ConvertTo-SecureString (New-FakeToken) -AsPlainText -Force) -GraphBaseUrl 'http://127.0.0.1:9'
        $events = Get-EntraAuditEvent -Since (Get-Date).AddMinutes(-9) -ErrorVariable failure -ErrorAction SilentlyContinue
        $events | Should -BeNullOrEmpty
        $failure[0].FullyQualifiedErrorId | Should -Be 'GraphTransient,EntraGuard.Commands.GetEntraAuditEventCommand'
        $failure[0].Exception.EventsCollected | Should -Be 0
    }
}

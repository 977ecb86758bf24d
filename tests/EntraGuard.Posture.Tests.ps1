# Pester 5+: the posture cmdlets, without a tenant: the catalog, errors, and Test-EntraGuardPosture against a loopback
# stand-in serving the Fabrikam sample's Graph responses (samples/posture). Runs where pwsh exists (.ci/run), after a build.
BeforeAll {
    $RepositoryRoot = Split-Path -Parent $PSScriptRoot
    Import-Module (Join-Path $RepositoryRoot 'EntraGuard.psd1') -Force
    $SamplePosture = Join-Path $RepositoryRoot 'samples/posture'

    function New-FakeToken {
        $encode = { param($json) [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($json)).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
        $claims = '{"tid":"5b7c1e2a-8d3f-4a6b-9c0e-1f2a3b4c5d6e","appid":"99999999-8888-7777-6666-555555555555","roles":["Policy.Read.All"],"exp":1893456000}'
        "$(& $encode '{"alg":"none"}').$(& $encode $claims).PESTER-POSTURE-TOKEN"
    }
}

Describe 'Get-EntraGuardPostureCheck' -Tag 'EntraGuard' {
    It 'lists the fourteen checks in id order with their permissions' {
        $checks = Get-EntraGuardPostureCheck
        $checks.Id | Should -Be @(1..14 | ForEach-Object { 'EGP{0:000}' -f $_ })
        ($checks.Permissions | Sort-Object -Unique) | Should -Be @('Application.Read.All', 'Organization.Read.All', 'Policy.Read.All', 'RoleManagement.Read.Directory')
    }

    It 'selects by wildcard and reports an unknown id without stopping' {
        $checks = Get-EntraGuardPostureCheck -CheckId 'EGP01*', 'EGP099' -ErrorVariable missing -ErrorAction SilentlyContinue
        $checks.Id | Should -Be @('EGP010', 'EGP011', 'EGP012', 'EGP013', 'EGP014')
        $missing[0].FullyQualifiedErrorId | Should -Be 'PostureCheckNotFound,EntraGuard.Commands.GetEntraGuardPostureCheckCommand'
    }

    It 'completes check ids with Tab' {
        $line = 'Test-EntraGuardPosture -CheckId EGP00'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'EGP009'
    }
}

Describe 'Test-EntraGuardPosture' -Tag 'EntraGuard' {
    BeforeAll {
        # The Fabrikam sample on loopback: each path answers with its sample file; the service principals in two pages.
        $files = @{
            '/v1.0/organization'                                       = 'organization.json'
            '/v1.0/subscribedSkus'                                     = 'subscribedSkus.json'
            '/v1.0/policies/identitySecurityDefaultsEnforcementPolicy' = 'identitySecurityDefaultsEnforcementPolicy.json'
            '/v1.0/identity/conditionalAccess/policies'                = 'conditionalAccessPolicies.json'
            '/v1.0/policies/authorizationPolicy'                       = 'authorizationPolicy.json'
            '/v1.0/roleManagement/directory/roleAssignmentSchedules'   = 'roleAssignmentSchedules.json'
            '/v1.0/roleManagement/directory/roleEligibilitySchedules'  = 'roleEligibilitySchedules.json'
            '/v1.0/applications'                                       = 'applications.json'
        }
        $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $probe.Start()
        $port = $probe.LocalEndpoint.Port
        $probe.Stop()
        $BaseUrl = "http://127.0.0.1:$port/v1.0"
        $Listener = [System.Net.HttpListener]::new()
        $Listener.Prefixes.Add("http://127.0.0.1:$port/")
        $Listener.Start()
        $Server = [powershell]::Create()
        $null = $Server.AddScript({
                param($listener, $folder, $files, $baseUrl)
                while ($listener.IsListening) {
                    try { $context = $listener.GetContext() } catch { break }
                    $path = $context.Request.Url.AbsolutePath
                    $file = if ($path -eq '/v1.0/servicePrincipals') {
                        if ($context.Request.Url.Query -match 'skiptoken') { 'servicePrincipals-2.json' } else { 'servicePrincipals-1.json' }
                    }
                    else { $files[$path] }
                    if ($file) {
                        $json = [IO.File]::ReadAllText((Join-Path $folder $file)).Replace('https://graph.microsoft.com/v1.0', $baseUrl)
                        $body = [Text.Encoding]::UTF8.GetBytes($json)
                        $context.Response.ContentType = 'application/json'
                        $context.Response.OutputStream.Write($body, 0, $body.Length)
                    }
                    else { $context.Response.StatusCode = 404 }
                    $context.Response.Close()
                }
            }).AddArgument($Listener).AddArgument($SamplePosture).AddArgument($files).AddArgument($BaseUrl)
        $null = $Server.BeginInvoke()

        $Settings = Join-Path $TestDrive 'entraguard.yaml'
        Set-Content -Path $Settings -Value "posture:`n  breakGlassAccounts:`n    - 3f0c8a52-6f1e-4c8e-9a57-1d2b3c4d5e01`n    - 3f0c8a52-6f1e-4c8e-9a57-1d2b3c4d5e02`n"
    }

    AfterAll {
        Disconnect-EntraGuard -ErrorAction SilentlyContinue | Out-Null
        $Listener.Stop()
        $Listener.Close()
        $Server.Dispose()
    }

    It 'asks for a connection first' {
        Disconnect-EntraGuard -ErrorAction SilentlyContinue | Out-Null
        { Test-EntraGuardPosture -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,EntraGuard.Commands.TestEntraGuardPostureCommand'
    }

    It 'judges the sample tenant check by check' {
        Connect-EntraGuard -AccessToken (ConvertTo-SecureString (New-FakeToken) -AsPlainText -Force) -GraphBaseUrl $BaseUrl
        $results = Test-EntraGuardPosture -ConfigPath $Settings
        $results.Count | Should -Be 14
        # Verdicts that do not depend on today's date (credential expiry does).
        $failed = ($results | Where-Object Result -eq 'Failed').CheckId
        foreach ($id in 'EGP001', 'EGP002', 'EGP004', 'EGP006', 'EGP008', 'EGP014') { $failed | Should -Contain $id }
        $passed = ($results | Where-Object Result -eq 'Passed').CheckId
        foreach ($id in 'EGP003', 'EGP005', 'EGP009', 'EGP013') { $passed | Should -Contain $id }
        ($results | Where-Object CheckId -eq 'EGP014').Findings.TargetName | Should -Be 'Mail-Relay'
        ($results | Format-List | Out-String) | Should -Not -Match 'PESTER-POSTURE-TOKEN'
    }

    It '-Quiet answers with one Boolean: $true when nothing failed' {
        Connect-EntraGuard -AccessToken (ConvertTo-SecureString (New-FakeToken) -AsPlainText -Force) -GraphBaseUrl $BaseUrl
        Test-EntraGuardPosture -CheckId EGP009 -Quiet | Should -BeTrue
        @(Test-EntraGuardPosture -CheckId EGP008 -Quiet) | Should -Be @($false)
    }

    It 'takes check ids from Get-EntraGuardPostureCheck and marks changes against a baseline' {
        Connect-EntraGuard -AccessToken (ConvertTo-SecureString (New-FakeToken) -AsPlainText -Force) -GraphBaseUrl $BaseUrl
        $baseline = Join-Path $TestDrive 'baseline.json'
        Set-Content -Path $baseline -Value '[{"CheckId":"EGP008","Result":0},{"CheckId":"EGP009","Result":1}]'
        $results = Get-EntraGuardPostureCheck -CheckId EGP008, EGP009 | Test-EntraGuardPosture -BaselinePath $baseline
        $results.Change | Should -Be @('NewFailure', 'Fixed')
    }

    It 'stops on a bad settings file with the file, line and key' {
        Connect-EntraGuard -AccessToken (ConvertTo-SecureString (New-FakeToken) -AsPlainText -Force) -GraphBaseUrl $BaseUrl
        $bad = Join-Path $TestDrive 'bad.yaml'
        Set-Content -Path $bad -Value "posture:`n  maxSecretLifetimeDays: forever`n"
        { Test-EntraGuardPosture -ConfigPath $bad -ErrorAction Stop } |
            Should -Throw -ExpectedMessage "*bad.yaml: line 2: field 'posture.maxSecretLifetimeDays': 'forever' is not a whole number from 1 to 3650"
    }
}

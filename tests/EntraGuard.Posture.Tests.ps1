# Pester 5+: the posture cmdlets, without a tenant: the catalog, errors, and Test-EntraGuardPosture against a loopback
# stand-in serving the Fabrikam sample's Graph responses (samples/posture). Runs where pwsh exists (.ci/run), after a build.
BeforeAll {
    $RepositoryRoot = Split-Path -Parent $PSScriptRoot
    Import-Module (Join-Path $RepositoryRoot 'EntraGuard.psd1') -Force
    $SamplePosture = Join-Path $RepositoryRoot 'samples/posture'

    Import-Module (Join-Path $PSScriptRoot 'PostureStandIn.psm1') -Force
}

Describe 'Get-EntraGuardPostureCheck' -Tag 'EntraGuard' {
    It 'lists the checks in id order with their permissions and framework ids' {
        $checks = Get-EntraGuardPostureCheck
        $checks.Id | Should -Be @($checks.Id | Sort-Object)
        foreach ($id in 1..39 | ForEach-Object { 'EGP{0:000}' -f $_ }) { $checks.Id | Should -Contain $id }
        ($checks.Permissions | Sort-Object -Unique) | Should -Be @(
            'Application.Read.All', 'AuditLog.Read.All', 'Directory.Read.All', 'Domain.Read.All',
            'EntitlementManagement.Read.All', 'GroupMember.Read.All', 'GroupSettings.Read.All',
            'OnPremDirectorySynchronization.Read.All', 'Organization.Read.All', 'Policy.Read.All',
            'Policy.Read.DeviceConfiguration', 'Reports.Read.All', 'RoleManagement.Read.Directory',
            'RoleManagementAlert.Read.Directory', 'RoleManagementPolicy.Read.Directory', 'User.Read.All'
        )
        ($checks | Where-Object Id -EQ 'EGP019').Frameworks | Should -Be @('MS.AAD.8.2', 'EIDSCA.AP04')
        ($checks | Where-Object Id -EQ 'EGP019').Tags | Should -Contain 'Licence:None'
    }

    It 'selects by wildcard and reports an unknown id without stopping' {
        $checks = Get-EntraGuardPostureCheck -CheckId 'EGP01*', 'EGP999' -ErrorVariable missing -ErrorAction SilentlyContinue
        $checks.Id | Should -Be @(10..19 | ForEach-Object { 'EGP{0:000}' -f $_ })
        $missing[0].FullyQualifiedErrorId | Should -Be 'PostureCheckNotFound,EntraGuard.Commands.GetEntraGuardPostureCheckCommand'
    }

    It 'completes check ids with Tab' {
        $line = 'Test-EntraGuardPosture -CheckId EGP00'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'EGP009'
    }
}

Describe 'Test-EntraGuardPosture' -Tag 'EntraGuard' {
    BeforeAll {
        # The Fabrikam sample on loopback.
        $StandIn = Start-PostureStandIn -Folder $SamplePosture
        $BaseUrl = $StandIn.BaseUrl

        $Settings = Join-Path $TestDrive 'entraguard.yaml'
        Set-Content -Path $Settings -Value "posture:`n  breakGlassAccounts:`n    - 3f0c8a52-6f1e-4c8e-9a57-1d2b3c4d5e01`n    - 3f0c8a52-6f1e-4c8e-9a57-1d2b3c4d5e02`n"
    }

    AfterAll {
        Disconnect-EntraGuard -ErrorAction SilentlyContinue | Out-Null
        Stop-PostureStandIn -StandIn $StandIn
    }

    It 'asks for a connection first' {
        Disconnect-EntraGuard -ErrorAction SilentlyContinue | Out-Null
        { Test-EntraGuardPosture -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,EntraGuard.Commands.TestEntraGuardPostureCommand'
    }

    It 'judges the sample tenant check by check' {
        Connect-EntraGuard -AccessToken (New-PostureStandInToken) -GraphBaseUrl $BaseUrl
        $results = Test-EntraGuardPosture -ConfigPath $Settings
        $results.Count | Should -Be (Get-EntraGuardPostureCheck).Count
        # Verdicts that do not depend on today's date (credential expiry does).
        $failed = ($results | Where-Object Result -eq 'Failed').CheckId
        foreach ($id in 'EGP001', 'EGP002', 'EGP004', 'EGP006', 'EGP008', 'EGP014', 'EGP019', 'EGP023', 'EGP041',
            'EGP046', 'EGP048', 'EGP049', 'EGP085', 'EGP086', 'EGP087', 'EGP103', 'EGP104', 'EGP106', 'EGP107',
            'EGP108', 'EGP068', 'EGP069', 'EGP110', 'EGP111', 'EGP112', 'EGP113') {
            $failed | Should -Contain $id
        }
        $passed = ($results | Where-Object Result -eq 'Passed').CheckId
        foreach ($id in 'EGP003', 'EGP005', 'EGP009', 'EGP013', 'EGP015', 'EGP024', 'EGP040', 'EGP047', 'EGP105') {
            $passed | Should -Contain $id
        }
        ($results | Where-Object CheckId -eq 'EGP014').Findings.TargetName | Should -Be 'Mail-Relay'
        # No approved list here: both public Microsoft 365 groups are named.
        ($results | Where-Object CheckId -eq 'EGP087').Findings.TargetName | Should -Be @('All Company', 'Fabrikam Marketing')
        # Megan Bowen owns Payroll-Sync without MFA registered; CA002 excludes a group anyone managing groups can change.
        ($results | Where-Object CheckId -eq 'EGP067').Findings.TargetName | Should -Be 'Payroll-Sync'
        ($results | Where-Object CheckId -eq 'EGP088').Findings.TargetName | Should -Be 'MFA rollout exclusions'
        ($results | Format-List | Out-String) | Should -Not -Match 'PESTER-POSTURE-TOKEN'
    }

    It '-Quiet answers with one Boolean: $true when nothing failed' {
        Connect-EntraGuard -AccessToken (New-PostureStandInToken) -GraphBaseUrl $BaseUrl
        Test-EntraGuardPosture -CheckId EGP009 -Quiet | Should -BeTrue
        @(Test-EntraGuardPosture -CheckId EGP008 -Quiet) | Should -Be @($false)
    }

    It 'takes check ids from Get-EntraGuardPostureCheck and marks changes against a baseline' {
        Connect-EntraGuard -AccessToken (New-PostureStandInToken) -GraphBaseUrl $BaseUrl
        $baseline = Join-Path $TestDrive 'baseline.json'
        Set-Content -Path $baseline -Value '[{"CheckId":"EGP008","Result":0},{"CheckId":"EGP009","Result":1}]'
        $results = Get-EntraGuardPostureCheck -CheckId EGP008, EGP009 | Test-EntraGuardPosture -BaselinePath $baseline
        $results.Change | Should -Be @('NewFailure', 'Fixed')
    }

    It 'shows its results in the HTML report beside the findings' {
        Connect-EntraGuard -AccessToken (New-PostureStandInToken) -GraphBaseUrl $BaseUrl
        $results = Test-EntraGuardPosture -ConfigPath $Settings
        $report = Join-Path $TestDrive 'report.html'
        Get-EntraRiskEvent -Path (Join-Path $RepositoryRoot 'samples/graph') |
            Export-EntraGuardReport -OutFile $report -PostureResult $results | Out-Null
        $html = Get-Content -Raw -Path $report
        ([regex]::Matches($html, '<tr class="check ')).Count | Should -Be $results.Count
        foreach ($failed in $results | Where-Object Result -eq 'Failed') {
            $html | Should -Match ('<tr class="check failed"><td><a href="#check-' + $failed.CheckId + '">')
        }
        $html | Should -Match ('id="card-posture-failed"><div class="value">' + @($results | Where-Object Result -eq 'Failed').Count + '<')
    }

    It 'takes the connected tenant''s file from a settings folder, default.yaml for the rest' {
        Connect-EntraGuard -AccessToken (New-PostureStandInToken) -GraphBaseUrl $BaseUrl
        $folder = Join-Path $TestDrive 'tenants'
        New-Item -ItemType Directory -Path $folder | Out-Null
        # The stand-in token's tenant id names the file.
        Set-Content -Path (Join-Path $folder '5b7c1e2a-8d3f-4a6b-9c0e-1f2a3b4c5d6e.yaml') -Value "posture:`n  acceptedDeviations:`n    - check: EGP008`n      justification: pilot`n      expires: 2099-01-31`n"
        (Test-EntraGuardPosture -CheckId EGP008 -ConfigPath $folder).Result | Should -Be 'Passed'

        $others = Join-Path $TestDrive 'others'
        New-Item -ItemType Directory -Path $others | Out-Null
        Set-Content -Path (Join-Path $others 'contoso.onmicrosoft.com.yaml') -Value 'posture: {}'
        { Test-EntraGuardPosture -CheckId EGP008 -ConfigPath $others -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*has no file for tenant 5b7c1e2a-8d3f-4a6b-9c0e-1f2a3b4c5d6e: looked for 5b7c1e2a-8d3f-4a6b-9c0e-1f2a3b4c5d6e.yaml, default.yaml (or .yml, .json).'
        Set-Content -Path (Join-Path $others 'default.yaml') -Value 'posture: {}'
        (Test-EntraGuardPosture -CheckId EGP008 -ConfigPath $others).Result | Should -Be 'Failed'
    }

    It 'resolves break-glass accounts named by userPrincipalName and warns about one no user has' {
        Connect-EntraGuard -AccessToken (New-PostureStandInToken) -GraphBaseUrl $BaseUrl
        $byName = Join-Path $TestDrive 'by-name.yaml'
        Set-Content -Path $byName -Value "posture:`n  breakGlassAccounts:`n    - bg-emergency-01@fabrikam.example`n    - userPrincipalName: gone@fabrikam.example`n      name: Old emergency`n"
        $result = Test-EntraGuardPosture -CheckId EGP030 -ConfigPath $byName -WarningVariable warnings -WarningAction SilentlyContinue
        $result.Findings.TargetId | Should -Contain 'gone@fabrikam.example'
        "$($result.Evidence)" | Should -BeLike '*bg-emergency-01@fabrikam.example, 3f0c8a52-6f1e-4c8e-9a57-1d2b3c4d5e01*'
        "$warnings" | Should -BeLike '*break-glass account Old emergency (gone@fabrikam.example) (posture.breakGlassAccounts) did not resolve*'
    }

    It 'stops on a bad settings file with the file, line and key' {
        Connect-EntraGuard -AccessToken (New-PostureStandInToken) -GraphBaseUrl $BaseUrl
        $bad = Join-Path $TestDrive 'bad.yaml'
        Set-Content -Path $bad -Value "posture:`n  maxSecretLifetimeDays: forever`n"
        { Test-EntraGuardPosture -ConfigPath $bad -ErrorAction Stop } |
            Should -Throw -ExpectedMessage "*bad.yaml: line 2: field 'posture.maxSecretLifetimeDays': 'forever' is not a whole number from 1 to 3650"
    }
}

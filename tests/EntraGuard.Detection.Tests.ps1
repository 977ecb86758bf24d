# Pester 5+ tests for the detection cmdlets over the bundled sample tenant. They run where PowerShell 7 is installed
# (CI skips them otherwise); the same behaviour is covered by the xunit suites on machines without pwsh.
BeforeAll {
    $root = Split-Path $PSScriptRoot -Parent
    $manifest = Join-Path $root 'EntraGuard.psd1'
    if (Test-Path $manifest) {
        Import-Module $manifest -Force
    }
    else {
        $dll = Get-ChildItem (Join-Path $root 'src/EntraGuard/bin') -Recurse -Filter EntraGuard.dll | Select-Object -First 1
        Import-Module $dll.FullName -Force
    }
    $graph = Join-Path $root 'samples/graph'
    $settings = Join-Path $root 'samples/settings.yaml'
}

Describe 'Get-EntraRiskEvent' -Tag 'EntraGuard' {
    It 'reports the sample intrusion with stable ids' {
        $findings = Get-EntraRiskEvent -Path $graph -SettingsPath $settings
        $findings.Count | Should -Be 32   # samples/README.md tells each one
        ($findings | Where-Object RuleId -eq 'EG0011').TargetName | Should -Be 'SOC-Analysts'
        $again = Get-EntraAuditEvent -Path $graph | Get-EntraRiskEvent -SettingsPath $settings
        $again.RiskEventId | Should -Be $findings.RiskEventId
    }

    It 'binds responder keys by property name' {
        $rare = Get-EntraRiskEvent -Path $graph -SettingsPath $settings -RuleId EG0001 |
            Where-Object ActorName -like 'megan*' | Select-Object -First 1
        $rare.ServicePrincipalId | Should -Not -BeNullOrEmpty
        $rare.KeyId | Should -Not -BeNullOrEmpty
        $rare.SuggestedResponse | Should -Be 'Invoke-CredentialRevocation'
    }

    It 'shows suppressed findings only when asked' {
        $all = Get-EntraRiskEvent -Path $graph -SettingsPath $settings -IncludeSuppressed
        ($all | Where-Object Suppressed).Count | Should -Be 44
        ($all | Where-Object Suppressed | Select-Object -First 1).SuppressionJustification | Should -Not -BeNullOrEmpty
    }

    It 'filters by severity and rule id wildcards' {
        $high = Get-EntraRiskEvent -Path $graph -SettingsPath $settings -MinimumSeverity High -RuleId 'EG00*'
        $high.Severity | Sort-Object -Unique | Should -Be @('High')
    }

    It 'stops with a clear error on a malformed rule file' {
        $bad = Join-Path $TestDrive 'bad.yaml'
        Set-Content $bad "id: X1`nname: n`ndescription: d`nseverity: urgent`n"
        { Get-EntraRiskEvent -Path $graph -RulePath $bad -ErrorAction Stop } |
            Should -Throw -ExpectedMessage "*line 4: rule X1: field 'severity': 'urgent' is not a severity*"
    }
}

Describe 'Test-RareCredentialActor' -Tag 'EntraGuard' {
    It 'finds the rare actors of the sample tenant' {
        $rare = Test-RareCredentialActor -Path $graph -SettingsPath $settings
        $rare.ActorName | Should -Contain 'megan.bowen@fabrikam.example'
        $rare.ActorName | Should -Contain 'Legacy-Reporting'
    }

    It '-Quiet is $true when a rare actor is found and $false otherwise' {
        Test-RareCredentialActor -Path $graph -SettingsPath $settings -Quiet | Should -BeTrue
        Test-RareCredentialActor -Path $graph -SettingsPath $settings -Since '2026-11-14T12:00:00Z' -Quiet | Should -BeFalse
    }

    It 'asks for a source when given none' {
        { Test-RareCredentialActor -ErrorAction Stop } | Should -Throw -ErrorId 'NoAuditSource*'
    }
}

Describe 'Get-EntraGuardRule' -Tag 'EntraGuard' {
    It 'lists the catalog and accepts wildcards' {
        (Get-EntraGuardRule).Count | Should -BeGreaterOrEqual 13
        (Get-EntraGuardRule -RuleId 'EG000?').Id | Should -Contain 'EG0005'
        (Get-EntraGuardRule EG0001).Kind | Should -Be 'NewTerms'
    }

    It 'reports an unknown id' {
        { Get-EntraGuardRule -RuleId EG9999 -ErrorAction Stop } | Should -Throw -ErrorId 'RuleNotFound*'
    }
}

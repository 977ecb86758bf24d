# Pester 5+ tests for Export-EntraGuardRule. They run where PowerShell 7 is installed; the xunit suites cover the
# same behaviour (and the Kusto language-service check) on machines without pwsh.
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
}

Describe 'Export-EntraGuardRule' -Tag 'EntraGuard' {
    It 'writes the rare-credential-actor rule as KQL with its history window' {
        $export = Export-EntraGuardRule -RuleId EG0001 -Format Kql
        $export.RuleId | Should -Be 'EG0001'
        $export.Content | Should -Match 'let historyWindow = 10d;'
        $export.Content | Should -Match 'join kind=leftanti'
    }

    It 'binds rules from Get-EntraGuardRule' {
        $exports = Get-EntraGuardRule -RuleId 'EG000[12]' | Export-EntraGuardRule -Format SentinelAnalyticsRule
        $exports.RuleId | Should -Be @('EG0001', 'EG0002')
    }

    It 'writes one file per rule and warns about what Sigma cannot express' {
        $folder = Join-Path $TestDrive 'sigma'
        $files = Export-EntraGuardRule -Format Sigma -OutputPath $folder -WarningVariable skipped -WarningAction SilentlyContinue
        $files.Name | Should -Contain 'EG0002.yml'
        ($skipped | Out-String) | Should -Match 'EG0001 is not exportable'
    }

    It 'writes nothing under -WhatIf' {
        $folder = Join-Path $TestDrive 'whatif'
        Export-EntraGuardRule -Format Kql -OutputPath $folder -WhatIf
        Test-Path (Join-Path $folder 'EG0001.kql') | Should -BeFalse
    }
}

#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    Scheduled checks in the shape a tenant's check pack uses (one Describe per area, one It per detection, tagged with
    the rule id), run here against the sample tenant, where the planted attacks must make each check fire. In a real
    pack the same line runs against Graph and reads `Should -BeFalse`.
#>

BeforeAll {
    $RepositoryRoot = Split-Path -Parent $PSScriptRoot
    Import-Module -Name (Join-Path $RepositoryRoot 'artifacts/module/EntraGuard.psd1') -Force
    $Samples = Join-Path $RepositoryRoot 'samples/graph'
}

AfterAll {
    Remove-Module -Name EntraGuard -ErrorAction SilentlyContinue
}

Describe 'EntraGuard/Credentials' -Tag 'EntraGuard' {
    BeforeAll {
        # Marks the running check skipped, and returns $true, when it cannot run in this build or checkout.
        function Test-CheckUnavailable {
            if (-not (Get-Command -Name Test-RareCredentialActor -Module EntraGuard -ErrorAction SilentlyContinue)) {
                Set-ItResult -Skipped -Because 'Test-RareCredentialActor is not in this build of the module'
                return $true
            }
            if (-not (Test-Path -Path $Samples)) {
                Set-ItResult -Skipped -Because 'samples/graph is not in this checkout'
                return $true
            }
            return $false
        }
    }

    It 'EG0001: a rare actor adding service principal credentials is found in the sample tenant' -Tag 'EG0001' {
        if (Test-CheckUnavailable) { return }
        Test-RareCredentialActor -Path $Samples -Quiet | Should -BeTrue
    }

    It 'EG0001: -Quiet answers with exactly one Boolean, ready for Should' -Tag 'EG0001' {
        if (Test-CheckUnavailable) { return }
        $answer = @(Test-RareCredentialActor -Path $Samples -Quiet)
        $answer.Count | Should -Be 1
        $answer[0] | Should -BeOfType ([bool])
    }
}

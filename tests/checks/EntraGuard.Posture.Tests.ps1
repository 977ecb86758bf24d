# EntraGuard posture checks as a Pester 5 suite, in Maester's shape: copy this file into Maester's Custom folder, or
# run it with Invoke-EntraGuardChecks.ps1 next to it. It needs the EntraGuard module and a connection made with
# Connect-EntraGuard; without either, every test fails with the reason: a run that judged nothing must never look
# like a clean tenant.
#
# The tenant is read once, in BeforeAll: one snapshot for every check, so all of them judge the same moment and the
# run costs a handful of Graph requests whatever the number of tests selected. Each It then asserts its check.
#
# Settings (break-glass accounts, limits, accepted deviations): the file in $env:ENTRAGUARD_CONFIG, else
# entraguard.yaml beside this file, else the defaults. See about_EntraGuard_Posture.

BeforeAll {
    $script:PostureResults = @{}

    # A failure here fails every test below with this message.
    if (-not (Get-Command -Name Test-EntraGuardPosture -ErrorAction SilentlyContinue)) {
        throw 'EntraGuard posture checks not evaluated: the EntraGuard module is not loaded (Import-Module EntraGuard).'
    }
    if (-not (Get-EntraGuardContext)) {
        throw 'EntraGuard posture checks not evaluated: not connected to Microsoft Graph (run Connect-EntraGuard first).'
    }
    $parameters = @{}
    $configPath = if ($env:ENTRAGUARD_CONFIG) { $env:ENTRAGUARD_CONFIG } else { Join-Path -Path $PSScriptRoot -ChildPath 'entraguard.yaml' }
    if (Test-Path -LiteralPath $configPath) { $parameters['ConfigPath'] = $configPath }
    foreach ($result in Test-EntraGuardPosture @parameters -ErrorAction Stop) {
        $script:PostureResults[$result.CheckId] = $result
    }

    # Passes, fails with the reason and the fix, or skips with the reason when the check does not apply to this
    # tenant (a missing licence) or could not be evaluated (data it could not read).
    function Assert-EntraGuardPostureCheck {
        param([Parameter(Mandatory)] [string] $CheckId)

        $check = $script:PostureResults[$CheckId]
        if ($null -eq $check) {
            throw "Test-EntraGuardPosture returned no result for $CheckId."
        }
        if ("$($check.Result)" -in 'NotApplicable', 'Skipped') {
            Set-ItResult -Skipped -Because $check.Reason
            return
        }
        "$($check.Result)" | Should -Be 'Passed' -Because "$($check.Reason). To fix: $($check.Remediation)"
    }
}

Describe 'EntraGuard/Conditional Access' -Tag 'EntraGuard', 'Posture' {
    It 'EGP001: Administrators must use multifactor authentication' -Tag 'EGP001', 'Severity:Critical' {
        Assert-EntraGuardPostureCheck -CheckId 'EGP001'
    }

    It 'EGP002: All users must use multifactor authentication' -Tag 'EGP002', 'Severity:High' {
        Assert-EntraGuardPostureCheck -CheckId 'EGP002'
    }

    It 'EGP003: Legacy authentication is blocked' -Tag 'EGP003', 'Severity:High' {
        Assert-EntraGuardPostureCheck -CheckId 'EGP003'
    }
}

Describe 'EntraGuard/Identity Protection' -Tag 'EntraGuard', 'Posture' {
    It 'EGP004: Risky sign-ins must be challenged' -Tag 'EGP004', 'Severity:High' {
        Assert-EntraGuardPostureCheck -CheckId 'EGP004'
    }

    It 'EGP005: Users at high risk must change their password' -Tag 'EGP005', 'Severity:High' {
        Assert-EntraGuardPostureCheck -CheckId 'EGP005'
    }
}

Describe 'EntraGuard/Privileged roles' -Tag 'EntraGuard', 'Posture' {
    It 'EGP006: Privileged roles are held through PIM, not permanently' -Tag 'EGP006', 'Severity:High' {
        Assert-EntraGuardPostureCheck -CheckId 'EGP006'
    }

    It 'EGP007: The tenant has a small, recoverable number of Global Administrators' -Tag 'EGP007', 'Severity:Medium' {
        Assert-EntraGuardPostureCheck -CheckId 'EGP007'
    }
}

Describe 'EntraGuard/Applications' -Tag 'EntraGuard', 'Posture' {
    It 'EGP008: Users cannot register applications' -Tag 'EGP008', 'Severity:Medium' {
        Assert-EntraGuardPostureCheck -CheckId 'EGP008'
    }

    It 'EGP009: User consent to applications is restricted' -Tag 'EGP009', 'Severity:High' {
        Assert-EntraGuardPostureCheck -CheckId 'EGP009'
    }
}

Describe 'EntraGuard/Application credentials' -Tag 'EntraGuard', 'Posture' {
    It 'EGP010: Client secrets are short-lived' -Tag 'EGP010', 'Severity:Medium' {
        Assert-EntraGuardPostureCheck -CheckId 'EGP010'
    }

    It 'EGP011: Expired credentials are removed' -Tag 'EGP011', 'Severity:Low' {
        Assert-EntraGuardPostureCheck -CheckId 'EGP011'
    }

    It 'EGP012: Applications use secrets or certificates, not both' -Tag 'EGP012', 'Severity:Low' {
        Assert-EntraGuardPostureCheck -CheckId 'EGP012'
    }

    It 'EGP013: Microsoft first-party service principals hold no credentials' -Tag 'EGP013', 'Severity:High' {
        Assert-EntraGuardPostureCheck -CheckId 'EGP013'
    }

    It 'EGP014: Service principals of multi-tenant applications hold no credentials' -Tag 'EGP014', 'Severity:High' {
        Assert-EntraGuardPostureCheck -CheckId 'EGP014'
    }
}

<#
.SYNOPSIS
    Azure Automation runbook: runs EntraGuard's posture checks against the tenant on a schedule, says what changed
    since the last run, and fails the job when a check at or above a severity fails.

.DESCRIPTION
    Meant to run daily on the PowerShell 7.4 runtime of an Automation account that has a system-assigned managed
    identity and the EntraGuard module imported. See posture.md beside this file for the setup, the schedule and the
    Microsoft Graph permissions.

    Each run signs in as the managed identity, reads the tenant once and judges the checks the Tag parameter selects
    (check ids, framework ids such as MS.AAD.3.6, Severity:High, Licence:EntraIdP1; all checks when empty). The
    settings (break-glass accounts, limits, accepted deviations) come from the Automation variable
    SettingsVariableName, holding the text of an EntraGuard settings file; the previous run's results come from
    BaselineVariableName, so the output marks new failures and fixed checks. Every result goes to the output stream,
    each failure also as a warning (visible in the job summary), and the new results are saved as the next baseline.

.PARAMETER Tag
    Run only the checks carrying one of these tags: EGP031, MS.AAD.3.6, CIS.M365.1.1.3, Severity:Critical,
    Licence:EntraIdP2, … The same tags select the Pester pack's tests.

.PARAMETER FailOn
    The job fails (throws at the end) when a check at or above this severity failed. None: never.

.PARAMETER SettingsVariableName
    The Automation variable (string) with the settings file's text; absent or empty: the defaults.

.PARAMETER BaselineVariableName
    The Automation variable (string, not encrypted) holding the last run's results as JSON. Create it once, empty.

.OUTPUTS
    EntraGuard.Posture.PostureCheckResult, one per check selected.
#>
[CmdletBinding()]
[OutputType('EntraGuard.Posture.PostureCheckResult')]
param(
    [string[]] $Tag = @(),

    [ValidateSet('None', 'Informational', 'Low', 'Medium', 'High', 'Critical')]
    [string] $FailOn = 'High',

    [string] $SettingsVariableName = 'EntraGuardPostureSettings',

    [string] $BaselineVariableName = 'EntraGuardPostureBaseline'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

Import-Module -Name EntraGuard

# The Automation account's system-assigned managed identity; no secret is stored anywhere.
Connect-EntraGuard -Identity | Out-Null

# Automation variables become files only for the length of the run.
$workFolder = Join-Path -Path ([IO.Path]::GetTempPath()) -ChildPath "entraguard-posture-$([guid]::NewGuid())"
New-Item -ItemType Directory -Path $workFolder | Out-Null
try {
    $parameters = @{}
    $selected = @(Get-EntraGuardPostureCheck)
    if ($Tag.Count -gt 0) {
        $selected = @($selected | Where-Object { @($_.Tags | Where-Object { $_ -in $Tag }).Count -gt 0 })
        if ($selected.Count -eq 0) {
            throw "No posture check carries any of the tags $($Tag -join ', ')."
        }
        $parameters['CheckId'] = $selected.Id
    }

    $settings = Get-AutomationVariable -Name $SettingsVariableName -ErrorAction SilentlyContinue
    if (-not [string]::IsNullOrWhiteSpace($settings)) {
        $parameters['ConfigPath'] = Join-Path -Path $workFolder -ChildPath 'entraguard.yaml'
        Set-Content -LiteralPath $parameters['ConfigPath'] -Value $settings -Encoding utf8
    }

    $baseline = Get-AutomationVariable -Name $BaselineVariableName
    if (-not [string]::IsNullOrWhiteSpace($baseline)) {
        $parameters['BaselinePath'] = Join-Path -Path $workFolder -ChildPath 'baseline.json'
        Set-Content -LiteralPath $parameters['BaselinePath'] -Value $baseline -Encoding utf8
    }

    # The change against the baseline is written to the verbose stream; keep it in the job's log.
    $results = @(Test-EntraGuardPosture @parameters -Verbose)
}
finally {
    Remove-Item -LiteralPath $workFolder -Recurse -Force -ErrorAction SilentlyContinue
}

$severities = 'Informational', 'Low', 'Medium', 'High', 'Critical'
$failed = @($results | Where-Object { "$($_.Result)" -eq 'Failed' })
foreach ($result in $failed) {
    $change = if ($result.Change) { " [$($result.Change)]" } else { '' }
    Write-Warning "$($result.CheckId) $($result.Severity)$($change): $($result.Reason)"
}
$results

Set-AutomationVariable -Name $BaselineVariableName -Value ($results | ConvertTo-Json -Depth 5 -Compress)

if ($FailOn -ne 'None') {
    $threshold = [array]::IndexOf($severities, $FailOn)
    $blocking = @($failed | Where-Object { [array]::IndexOf($severities, "$($_.Severity)") -ge $threshold })
    if ($blocking.Count -gt 0) {
        throw "$($blocking.Count) posture check(s) at or above $FailOn failed: $($blocking.CheckId -join ', ')."
    }
}

<#
.SYNOPSIS
    Azure Automation runbook: runs EntraGuard's detections over the last minutes of Entra ID audit events, reports
    each finding once, and optionally revokes the credentials the findings name.

.DESCRIPTION
    Meant to run every five minutes on the PowerShell 7.4 runtime of an Automation account that has a system-assigned
    managed identity and the EntraGuard module imported. See README.md beside this file for the setup, the schedules
    and the Microsoft Graph permissions.

    Each run reads the audit events of the last LookBackMinutes (nine by default, so an event that reaches the audit
    API up to four minutes late still falls in a window), runs the detections, and drops the findings already
    reported by an earlier run. A RiskEventId is derived from the evidence, so the same finding seen in two
    overlapping windows has the same id. The ids reported, with the time they were first reported, are kept as JSON
    in the Automation variable StateVariableName for RememberMinutes.

    The state is saved after the responses, so a run that fails half way reports (and answers) the same findings
    again on the next run; the response cmdlets report an already revoked credential as done.

.PARAMETER Revoke
    Also remove, without asking, every credential that a new finding names. Off by default: the runbook then only
    reports.

.PARAMETER LookBackMinutes
    How far back each run reads. Longer windows survive late or skipped runs at the cost of more reading; the
    de-duplication keeps the output the same.

.PARAMETER RememberMinutes
    How long a reported RiskEventId is remembered. Must be longer than LookBackMinutes, or a finding would be reported
    again by a later overlapping window.

.PARAMETER StateVariableName
    The Automation variable (string, not encrypted) holding the reported ids. Create it once with the value {}.

.OUTPUTS
    The new findings, as EntraGuard.RiskEvent objects (the job's output stream), and one warning per finding.
#>
[CmdletBinding()]
[OutputType('EntraGuard.RiskEvent')]
param(
    [bool] $Revoke = $false,

    [ValidateRange(1, 1440)]
    [int] $LookBackMinutes = 9,

    [ValidateRange(2, 10080)]
    [int] $RememberMinutes = 60,

    [string] $StateVariableName = 'EntraGuardReportedRiskEvents'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if ($RememberMinutes -le $LookBackMinutes) {
    throw "RememberMinutes ($RememberMinutes) must be longer than LookBackMinutes ($LookBackMinutes), or findings would be reported twice."
}

Import-Module -Name EntraGuard

# The Automation account's system-assigned managed identity; no secret is stored anywhere.
Connect-EntraGuard -Identity | Out-Null

$now = [DateTimeOffset]::UtcNow
$since = $now.AddMinutes(-$LookBackMinutes)

# Reported ids and when each was first reported: { "<RiskEventId>": "<ISO 8601 UTC>" }.
$stored = Get-AutomationVariable -Name $StateVariableName
$reported = @{}
if (-not [string]::IsNullOrWhiteSpace($stored)) {
    $parsed = $stored | ConvertFrom-Json -AsHashtable
    foreach ($id in $parsed.Keys) {
        # ConvertFrom-Json may already have turned the ISO 8601 text into a DateTime; the cast takes either.
        $firstReported = [DateTimeOffset] $parsed[$id]
        if ($firstReported -gt $now.AddMinutes(-$RememberMinutes)) {
            $reported[$id] = $firstReported.ToUniversalTime().ToString('o')
        }
    }
}

$findings = @(Get-EntraAuditEvent -Since $since.UtcDateTime -Until $now.UtcDateTime | Get-EntraRiskEvent)
$new = @($findings | Where-Object { -not $reported.ContainsKey($_.RiskEventId) })
Write-Verbose "Window $($since.ToString('u')) .. $($now.ToString('u')): $($findings.Count) finding(s), $($new.Count) new."

foreach ($finding in $new) {
    Write-Warning "$($finding.Severity) $($finding.RuleId) $($finding.RuleName): $($finding.RiskEventId)"
    $reported[$finding.RiskEventId] = $now.ToString('o')
}
$new

if ($Revoke) {
    $credentials = @($new | Where-Object { $_.KeyId })
    if ($credentials.Count -gt 0) {
        # -Confirm:$false on purpose: this runbook was started with Revoke, which is the decision.
        $credentials | Invoke-CredentialRevocation -Confirm:$false
    }
}

Set-AutomationVariable -Name $StateVariableName -Value ($reported | ConvertTo-Json -Compress)

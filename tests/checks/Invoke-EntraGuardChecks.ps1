<#
.SYNOPSIS
    Runs EntraGuard's posture check pack with Pester and writes the results as JUnit or NUnit XML.

.DESCRIPTION
    For scheduled runs (Azure Automation, a pipeline, a task): connect first with Connect-EntraGuard, then run this
    script. It runs EntraGuard.Posture.Tests.ps1 beside it, prints each test, and writes a test-result file that CI
    systems and dashboards read. Exits with 1 when a check failed (unless -PassThru, which returns Pester's result
    object instead, for callers that decide themselves).

.EXAMPLE
    Connect-EntraGuard -Identity
    ./Invoke-EntraGuardChecks.ps1 -OutputPath ./posture.xml -ConfigPath ./entraguard.yaml

    A runbook with a managed identity: JUnit XML in posture.xml, exit code 1 when a check failed.

.EXAMPLE
    ./Invoke-EntraGuardChecks.ps1 -OutputFormat NUnitXml -Tag 'Severity:Critical', 'Severity:High' -PassThru

    Only the critical and high checks, NUnit XML, and Pester's result object returned.
#>
[CmdletBinding()]
param(
    # Where the test-result XML is written.
    [string] $OutputPath = (Join-Path -Path (Get-Location) -ChildPath 'entraguard-posture.xml'),

    # JUnitXml (default) or one of Pester's NUnit formats.
    [ValidateSet('JUnitXml', 'NUnitXml', 'NUnit2.5', 'NUnit3')]
    [string] $OutputFormat = 'JUnitXml',

    # The settings file with the 'posture:' section (break-glass accounts, limits, accepted deviations).
    [string] $ConfigPath,

    # Run only tests with these tags: check ids (EGP001), severities (Severity:High), or 'Posture'.
    [string[]] $Tag,

    # Leave out tests with these tags.
    [string[]] $ExcludeTag,

    # Return Pester's result object instead of setting the exit code.
    [switch] $PassThru
)

#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

$previousConfig = $env:ENTRAGUARD_CONFIG
try {
    if ($ConfigPath) {
        $env:ENTRAGUARD_CONFIG = (Resolve-Path -LiteralPath $ConfigPath -ErrorAction Stop).ProviderPath
    }

    $configuration = New-PesterConfiguration
    $configuration.Run.Path = Join-Path -Path $PSScriptRoot -ChildPath 'EntraGuard.Posture.Tests.ps1'
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = $OutputFormat
    $configuration.TestResult.OutputPath = $OutputPath
    $configuration.TestResult.TestSuiteName = 'EntraGuard posture'
    if ($Tag) { $configuration.Filter.Tag = $Tag }
    if ($ExcludeTag) { $configuration.Filter.ExcludeTag = $ExcludeTag }

    $result = Invoke-Pester -Configuration $configuration
}
finally {
    $env:ENTRAGUARD_CONFIG = $previousConfig
}

Write-Verbose "Test results written to $OutputPath ($OutputFormat)."
if ($PassThru) {
    $result
}
elseif ($result.FailedCount -gt 0) {
    exit 1
}

<#
.SYNOPSIS
    Runs Pester suites and writes their NUnit XML report; returns Pester's result (nothing when Pester returned none).

.DESCRIPTION
    Pester must be imported already. XML 1.0 cannot hold control characters, and a failure that quotes coloured
    output carries ANSI escapes: Pester's own report writer throws on them and the whole report is lost. So the
    report is written here, after the escape sequences and other control characters are taken out of the failure
    messages and stack traces (the console output keeps them).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string[]] $Path,
    [Parameter(Mandatory)] [string] $ResultFile
)

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $configuration
if (-not $result) { return }
foreach ($failed in @($result.Failed) + @($result.FailedBlocks) + @($result.FailedContainers)) {
    foreach ($record in $failed.ErrorRecord) {
        foreach ($text in $record.PSObject.Properties.Where({ $_.Name -in 'DisplayErrorMessage', 'DisplayStackTrace' })) {
            $text.Value = $text.Value -replace '\x1b\[[0-9;?]*[ -/]*[@-~]', '' -replace '[\x00-\x08\x0b\x0c\x0e-\x1f]', ''
        }
    }
}
Export-NUnitReport -Result $result -Path $ResultFile
$result

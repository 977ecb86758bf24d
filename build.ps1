#Requires -Version 7.2
<#
.SYNOPSIS
    Builds EntraGuard, assembles the PowerShell module in artifacts/module, and runs the tests.

.DESCRIPTION
    `dotnet build` of src/EntraGuard/EntraGuard.csproj assembles the module folder (cmdlets, engine, the Graph side in
    Dependencies/, format file, MAML help, about topics, manifest); this script drives that build and, with -Test, checks
    the C# layout (`dotnet csharpier check`, width from .editorconfig), runs the xunit suites (`dotnet test
    EntraGuard.sln`) and then, in a separate PowerShell process (so this session never holds the module's DLLs
    open against the next build), the Pester suites (tests/*.Tests.ps1) and the posture check pack (tests/checks)
    connected to a loopback tenant. Pester comes from the NuGet packages folder at the version the solution
    restores; PowerShell itself can be the dotnet tool (`dotnet pwsh`).

    Test results go to artifacts/test-results: TRX files from xunit, pester.xml and posture-pack.xml (NUnit XML)
    from Pester. The last line is `tests: N passed, N failed, N skipped` over xunit and Pester together; the
    script exits non-zero when any test failed or a step could not run.

.PARAMETER Configuration
    Debug (default) or Release.

.PARAMETER Test
    Build the whole solution, then run xunit and Pester.

.PARAMETER Clean
    Remove build outputs and artifacts/ first.

.EXAMPLE
    ./build.ps1
    Builds the module; then `Import-Module ./EntraGuard.psd1` works.

.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Test
    Every test, as CI (.ci/run) runs it, on a machine with only the .NET SDK.
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug',

    [switch] $Test,

    [switch] $Clean
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$root = $PSScriptRoot
$solution = Join-Path $root 'EntraGuard.sln'
$moduleProject = Join-Path $root 'src/EntraGuard/EntraGuard.csproj'
$moduleDirectory = Join-Path $root 'artifacts/module'
$resultsDirectory = Join-Path $root 'artifacts/test-results'
# The Pester the solution restores (tests/EntraGuard.PowerShell.Tests: PackageDownload); keep the two in step.
$PesterVersion = '5.7.1'

# Where NuGet puts packages: NUGET_PACKAGES when set, else what dotnet reports (~/.nuget/packages by default).
function Get-NuGetPackagesFolder {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = & dotnet nuget locals global-packages --list | Select-Object -First 1
    if ($line -notmatch '^global-packages:\s*(.+?)\s*$') { throw "dotnet nuget locals did not name the packages folder: $line" }
    $Matches[1]
}

function Invoke-Step {
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [scriptblock] $Action)
    Write-Host "==> $Name" -ForegroundColor Cyan
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    & $Action
    Write-Host ('    {0} done in {1:n1} s' -f $Name, $watch.Elapsed.TotalSeconds) -ForegroundColor DarkGray
}

function Invoke-Native {
    param([Parameter(Mandatory)] [string] $FilePath, [Parameter(Mandatory)] [string[]] $Arguments)
    Write-Host "    $FilePath $($Arguments -join ' ')" -ForegroundColor DarkGray
    & $FilePath @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($Arguments -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

if (-not (Get-Command -Name dotnet -CommandType Application -ErrorAction SilentlyContinue)) {
    throw 'The .NET SDK (dotnet) is not on PATH. Install the .NET 10 SDK.'
}

if ($Clean) {
    Invoke-Step 'Clean' {
        Invoke-Native -FilePath dotnet -Arguments @('clean', $solution, '--configuration', $Configuration, '--nologo', '--verbosity', 'minimal')
        foreach ($directory in $moduleDirectory, $resultsDirectory) {
            if (Test-Path -Path $directory) {
                Remove-Item -Path $directory -Recurse -Force
                Write-Host "    removed $directory"
            }
        }
    }
}

# Tests need every project built; a plain build needs only the module (which builds what it references).
$buildTarget = if ($Test) { $solution } else { $moduleProject }
Invoke-Step "Build ($Configuration)" {
    Invoke-Native -FilePath dotnet -Arguments @('build', $buildTarget, '--configuration', $Configuration, '--nologo')
}

$manifest = Import-PowerShellDataFile -Path (Join-Path $moduleDirectory 'EntraGuard.psd1')
Write-Host "    module $($manifest.ModuleVersion) in $moduleDirectory exports: $($manifest.CmdletsToExport -join ', ')"
Write-Host "    Import-Module $(Join-Path $root 'EntraGuard.psd1')"

if ($Test) {
    # Layout is the formatter's, not a reviewer's: .editorconfig sets the width (120) it wraps code to.
    Invoke-Step 'Format (dotnet csharpier check .)' {
        Invoke-Native -FilePath dotnet -Arguments @('csharpier', 'check', $root)
    }

    $null = New-Item -ItemType Directory -Path $resultsDirectory -Force
    $counts = [ordered]@{ passed = 0; failed = 0; skipped = 0 }

    Invoke-Step 'xunit (dotnet test EntraGuard.sln)' {
        # Reports of an earlier run would name its failures as this run's.
        Get-ChildItem -Path $resultsDirectory -File | Remove-Item
        # Not Invoke-Native: a failing test must not stop the Pester run; both are counted, then the script fails.
        $output = & dotnet test $solution --configuration $Configuration --no-build --nologo `
            --results-directory $resultsDirectory --logger trx --logger 'console;verbosity=minimal' 2>&1
        $output | ForEach-Object { Write-Host "    $_" }
        # One summary line per test project: "Passed!  - Failed: 0, Passed: 85, Skipped: 0, Total: 85, …".
        foreach ($line in $output | Select-String -Pattern 'Failed:\s+(\d+), Passed:\s+(\d+), Skipped:\s+(\d+)') {
            $counts.failed += [int] $line.Matches[0].Groups[1].Value
            $counts.passed += [int] $line.Matches[0].Groups[2].Value
            $counts.skipped += [int] $line.Matches[0].Groups[3].Value
        }
        if ($LASTEXITCODE -ne 0 -and $counts.failed -eq 0) { throw "dotnet test failed with exit code $LASTEXITCODE." }
    }

    Invoke-Step 'Pester (tests/*.Tests.ps1, then the posture pack against a loopback tenant)' {
        $pester = Join-Path (Get-NuGetPackagesFolder) "pester/$PesterVersion/tools/Pester.psd1"
        if (-not (Test-Path -LiteralPath $pester)) {
            throw "Pester $PesterVersion is not in the NuGet packages folder ($pester): restore the solution (dotnet restore)."
        }
        # A separate process: the suites import the module, and this session must not keep its DLLs loaded.
        $runner = @'
$ErrorActionPreference = 'Stop'
# Read once: suites that set and remove variables of the same names for their own child sessions clear them.
$pester, $tests, $samples, $manifest, $results, $tools = $env:EG_PESTER, $env:EG_TESTS, $env:EG_SAMPLES, $env:EG_MANIFEST,
    $env:EG_RESULTS, $env:EG_TOOLS
Import-Module -Name $pester
$suites = & $tools/Invoke-PesterSuite.ps1 -Path (Get-ChildItem -Path $tests -Filter '*.Tests.ps1').FullName -ResultFile $results/pester.xml
# Pester can fail after running the tests (writing its XML report) and return nothing: never count that as no failure.
if (-not $suites) { throw 'The Pester suites returned no result; see the errors above.' }

# The check pack as a scheduled run uses it: connected (here to the compliant loopback tenant), settings from
# ENTRAGUARD_CONFIG.
Import-Module -Name $tests/PostureStandIn.psm1
Import-Module -Name $manifest
$standIn = Start-PostureStandIn -Folder $tests/checks/tenants/compliant, $samples/posture
try {
    Connect-EntraGuard -AccessToken (New-PostureStandInToken) -GraphBaseUrl $standIn.BaseUrl | Out-Null
    $env:ENTRAGUARD_CONFIG = "$tests/checks/tenants/entraguard.yaml"
    $pack = & $tools/Invoke-PesterSuite.ps1 -Path $tests/checks/EntraGuard.Posture.Tests.ps1 -ResultFile $results/posture-pack.xml
    if (-not $pack) { throw 'The posture pack returned no result; see the errors above.' }
}
finally {
    Stop-PostureStandIn -StandIn $standIn
}
"pester-counts: {0} {1} {2}" -f ($suites.PassedCount + $pack.PassedCount), ($suites.FailedCount + $pack.FailedCount),
    ($suites.SkippedCount + $pack.SkippedCount)
'@
        $environment = @{
            EG_PESTER   = $pester
            EG_TESTS    = Join-Path $root 'tests'
            EG_SAMPLES  = Join-Path $root 'samples'
            EG_MANIFEST = Join-Path $moduleDirectory 'EntraGuard.psd1'
            EG_RESULTS  = $resultsDirectory
            EG_TOOLS    = Join-Path $root 'tools'
        }
        foreach ($name in $environment.Keys) { Set-Item -Path "env:$name" -Value $environment[$name] }
        try {
            $pwsh, $prefix = & (Join-Path $root 'tools/Get-PowerShellCommand.ps1')
            $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($runner))
            $pesterCounts = $null
            & $pwsh $prefix -NoProfile -NonInteractive -OutputFormat Text -EncodedCommand $encoded | ForEach-Object {
                if ("$_" -match '^pester-counts: (\d+) (\d+) (\d+)$') { $pesterCounts = $Matches } else { Write-Host $_ }
            }
            if (-not $pesterCounts) { throw "The Pester run stopped before it reported its counts (exit code $LASTEXITCODE)." }
        }
        finally {
            foreach ($name in $environment.Keys) { Remove-Item -Path "env:$name" -ErrorAction SilentlyContinue }
        }
        Write-Host "    Pester: $($pesterCounts[1]) passed, $($pesterCounts[2]) failed, $($pesterCounts[3]) skipped"
        Write-Host "    results: $resultsDirectory"
        $counts.passed += [int] $pesterCounts[1]
        $counts.failed += [int] $pesterCounts[2]
        $counts.skipped += [int] $pesterCounts[3]
    }

    # CI shows the end of the output: the failed tests are named there too.
    if ($counts.failed -gt 0) {
        foreach ($failed in & (Join-Path $root 'tools/Get-FailedTest.ps1') -Path $resultsDirectory) {
            Write-Host "    failed: $($failed.Name) ($($failed.Report)): $($failed.Message)" -ForegroundColor Red
        }
    }
    # The last line, plain, for CI to read: xunit and Pester together.
    "tests: $($counts.passed) passed, $($counts.failed) failed, $($counts.skipped) skipped"
    if ($counts.failed -gt 0) { exit 1 }
    exit 0
}

Write-Host '==> Done' -ForegroundColor Green

#Requires -Version 7.2
<#
.SYNOPSIS
    Builds EntraGuard, assembles the PowerShell module in artifacts/module, and runs the tests.

.DESCRIPTION
    `dotnet build` of src/EntraGuard/EntraGuard.csproj assembles the module folder (cmdlets, engine, the Graph side in
    Dependencies/, format file, MAML help, about topics, manifest); this script drives that build and, with -Test, runs
    the xunit suites (`dotnet test EntraGuard.sln`) and then the Pester suites (tests/*.Tests.ps1) in a separate
    pwsh process, so this session never holds the module's DLLs open against the next build.

    Test results go to artifacts/test-results: TRX files from xunit and pester.xml (NUnit XML) from Pester.
    The script stops at the first failing step and exits non-zero.

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
    ./build.ps1 -Configuration Release -Clean -Test
    A clean Release build with every test, as CI runs it.
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
    Invoke-Step 'xunit (dotnet test EntraGuard.sln)' {
        Invoke-Native -FilePath dotnet -Arguments @(
            'test', $solution, '--configuration', $Configuration, '--no-build', '--nologo',
            '--results-directory', $resultsDirectory, '--logger', 'trx', '--logger', 'console;verbosity=minimal')
    }

    Invoke-Step 'Pester (tests/*.Tests.ps1)' {
        $pester = Get-Module -ListAvailable -Name Pester | Where-Object Version -GE ([version] '5.0.0') | Sort-Object Version -Descending | Select-Object -First 1
        if (-not $pester) {
            throw 'Pester 5 is not installed. Install it with: Install-Module -Name Pester -MinimumVersion 5.5.0 -Scope CurrentUser'
        }
        $pesterResults = Join-Path $resultsDirectory 'pester.xml'
        $null = New-Item -ItemType Directory -Path $resultsDirectory -Force
        # A separate process: the suites import the module, and this session must not keep its DLLs loaded.
        $runner = @'
$ErrorActionPreference = 'Stop'
Import-Module -Name Pester -MinimumVersion 5.0.0
$configuration = New-PesterConfiguration
$configuration.Run.Path = @(Get-ChildItem -Path $env:ENTRAGUARD_PESTER_TESTS -Filter '*.Tests.ps1' | ForEach-Object FullName)
$configuration.Run.Exit = $true
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $env:ENTRAGUARD_PESTER_RESULTS
$configuration.Output.Verbosity = 'Detailed'
Invoke-Pester -Configuration $configuration
'@
        $env:ENTRAGUARD_PESTER_TESTS = Join-Path $root 'tests'
        $env:ENTRAGUARD_PESTER_RESULTS = $pesterResults
        try {
            $pwsh = (Get-Process -Id $PID).Path
            $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($runner))
            Invoke-Native -FilePath $pwsh -Arguments @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded)
        }
        finally {
            Remove-Item -Path env:ENTRAGUARD_PESTER_TESTS, env:ENTRAGUARD_PESTER_RESULTS -ErrorAction SilentlyContinue
        }
        Write-Host "    results: $pesterResults"
    }
}

Write-Host '==> Done' -ForegroundColor Green

# The build's own tooling: what build.ps1 -Test relies on to report the suites.

BeforeAll {
    Import-Module -Name (Join-Path $PSScriptRoot 'FreshSession.psm1') -Force
    $SuiteRunner = Join-Path (Split-Path -Parent $PSScriptRoot) 'tools/Invoke-PesterSuite.ps1'
    $PesterManifest = (Get-Module -Name Pester).Path
}

Describe 'The Pester report' -Tag 'Build' {
    It 'keeps a failure that quotes coloured output, without its escape sequences' {
        $suite = Join-Path $TestDrive 'Coloured.Tests.ps1'
        Set-Content -LiteralPath $suite -Value @'
Describe 'coloured' { It 'fails quoting ANSI colour' { "$([char]27)[31mred$([char]27)[0m text" | Should -Be 'plain' } }
'@
        $report = Join-Path $TestDrive 'report.xml'
        # Pester runs inside a fresh process: a Pester run cannot be nested in this one.
        $result = Invoke-InFreshSession -Environment @{ EG_PESTER = $PesterManifest; EG_RUNNER = $SuiteRunner; EG_SUITE = $suite; EG_REPORT = $report } -Script @'
Import-Module -Name $env:EG_PESTER
$run = & $env:EG_RUNNER -Path $env:EG_SUITE -ResultFile $env:EG_REPORT 6>$null
@{ Failed = $run.FailedCount } | ConvertTo-Json -Compress
'@
        $result.Failed | Should -Be 1
        [xml] $xml = Get-Content -LiteralPath $report -Raw
        $message = $xml.SelectSingleNode('//test-case/failure/message').InnerText
        $message | Should -Match "But was:\s+'red text'"
        $message | Should -Not -Match ([char]27)
    }
}

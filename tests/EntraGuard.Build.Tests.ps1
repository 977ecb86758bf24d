# The build's own tooling: what build.ps1 -Test relies on to report the suites.

BeforeAll {
    Import-Module -Name (Join-Path $PSScriptRoot 'FreshSession.psm1') -Force
    $SuiteRunner = Join-Path (Split-Path -Parent $PSScriptRoot) 'tools/Invoke-PesterSuite.ps1'
    $FailedTestLister = Join-Path (Split-Path -Parent $PSScriptRoot) 'tools/Get-FailedTest.ps1'
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

Describe 'The failed tests named at the end of the output' -Tag 'Build' {
    It 'come from xunit TRX files and Pester reports, each with the first line of its message' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'results')
        Set-Content -LiteralPath (Join-Path $folder 'engine.trx') -Value @'
<?xml version="1.0" encoding="utf-8"?>
<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <Results>
    <UnitTestResult testName="EntraGuard.Tests.Memory.KeeperTests.Keeps_a_value" outcome="Passed" />
    <UnitTestResult testName="EntraGuard.Tests.Detection.EvidenceRetentionTests.Shares(seed: 3)" outcome="Failed">
      <Output><ErrorInfo><Message>Assert.Same() Failure: Values are not the same instance
Expected: "Mozilla/5.0"</Message></ErrorInfo></Output>
    </UnitTestResult>
  </Results>
</TestRun>
'@
        Set-Content -LiteralPath (Join-Path $folder 'pester.xml') -Value @'
<?xml version="1.0" encoding="utf-8" standalone="no"?>
<test-results name="Pester" total="2" errors="0" failures="1">
  <test-suite type="TestFixture" name="Get-EntraRiskEvent" result="Failure">
    <results>
      <test-case name="Get-EntraRiskEvent.reports the sample intrusion" result="Success" success="True" />
      <test-case name="Get-EntraRiskEvent.honours -Severity" result="Failure" success="False">
        <failure><message>Expected 3, but got 4.</message><stack-trace>at line 12</stack-trace></failure>
      </test-case>
    </results>
  </test-suite>
</test-results>
'@

        $failed = & $FailedTestLister -Path $folder

        $failed.Count | Should -Be 2
        $failed[0].Name | Should -Be 'EntraGuard.Tests.Detection.EvidenceRetentionTests.Shares(seed: 3)'
        $failed[0].Report | Should -Be 'engine.trx'
        $failed[0].Message | Should -Be 'Assert.Same() Failure: Values are not the same instance'
        $failed[1].Name | Should -Be 'Get-EntraRiskEvent.honours -Severity'
        $failed[1].Report | Should -Be 'pester.xml'
        $failed[1].Message | Should -Be 'Expected 3, but got 4.'
    }

    It 'are none when every test passed' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'passed')
        Set-Content -LiteralPath (Join-Path $folder 'all.trx') -Value @'
<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"><Results>
<UnitTestResult testName="A.B.C" outcome="Passed" /></Results></TestRun>
'@
        & $FailedTestLister -Path $folder | Should -BeNullOrEmpty
    }
}

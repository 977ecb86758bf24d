<#
.SYNOPSIS
    Names every failed test in a folder of test reports: xunit's TRX files and Pester's NUnit XML.

.DESCRIPTION
    One object a failed test: its name, the report that holds it and the first line of its message. CI shows the end
    of build.ps1 -Test's output, so the failures are named there too, not only among thousands of lines above.
#>
[CmdletBinding()]
[OutputType([pscustomobject])]
param(
    [Parameter(Mandatory)] [string] $Path
)

foreach ($file in Get-ChildItem -Path $Path -File -Include *.trx, *.xml -Recurse) {
    $report = [xml] (Get-Content -LiteralPath $file.FullName -Raw)
    if ($file.Extension -eq '.trx') {
        # A namespaced document: match on local names.
        $failed = $report.SelectNodes("//*[local-name()='UnitTestResult'][@outcome='Failed']")
        $nameAttribute, $messagePath = 'testName', ".//*[local-name()='Message']"
    }
    else {
        $failed = $report.SelectNodes("//test-case[@result='Failure']")
        $nameAttribute, $messagePath = 'name', 'failure/message'
    }
    foreach ($test in $failed) {
        $message = $test.SelectSingleNode($messagePath)
        $firstLine = if ($message) { $message.InnerText.Trim() -split '\r?\n' | Select-Object -First 1 }
        [pscustomobject]@{ Name = $test.GetAttribute($nameAttribute); Report = $file.Name; Message = $firstLine }
    }
}

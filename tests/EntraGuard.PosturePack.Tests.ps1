#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    The posture check pack (tests/checks/EntraGuard.Posture.Tests.ps1) as a user runs it, each run in a fresh
    session with its own Pester: against a loopback tenant each It passes or fails as that tenant's configuration
    says, and a run with no connection fails, saying why.
#>

BeforeAll {
    $RepositoryRoot = Split-Path -Parent $PSScriptRoot
    Import-Module -Name (Join-Path $PSScriptRoot 'FreshSession.psm1') -Force
    $SamplePosture = Join-Path $RepositoryRoot 'samples/posture'
    $CompliantPosture = Join-Path $RepositoryRoot 'tests/checks/tenants/compliant'
    # The sample tenant's break-glass accounts, as its admins would declare them.
    $Settings = Join-Path $RepositoryRoot 'tests/checks/tenants/entraguard.yaml'
    # Every check the pack holds (it is rendered from the catalog, and a test keeps it so).
    $AllChecks = @([regex]::Matches((Get-Content -Raw -Path (Join-Path $PSScriptRoot 'checks/EntraGuard.Posture.Tests.ps1')), "It '(EGP\d{3}):") |
        ForEach-Object { $_.Groups[1].Value })

    # Runs the pack against the tenant in the folders given (none: not connected) and returns the check ids that
    # passed, failed and were skipped, and the failure messages.
    function Invoke-PostureCheckPack {
        param([string[]] $Tenant = @(), [string[]] $Tag = @())
        $script = @'
$ErrorActionPreference = 'Stop'
Import-Module -Name $env:EG_PESTER
Import-Module -Name $env:EG_MANIFEST
Import-Module -Name $env:EG_STANDIN
$standIn = if ($env:EG_TENANT) { Start-PostureStandIn -Folder ($env:EG_TENANT -split [IO.Path]::PathSeparator) }
try {
    if ($standIn) { Connect-EntraGuard -AccessToken (New-PostureStandInToken) -GraphBaseUrl $standIn.BaseUrl | Out-Null }
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $env:EG_PACK
    $configuration.Run.PassThru = $true
    if ($env:EG_TAG) { $configuration.Filter.Tag = $env:EG_TAG -split ',' }
    $configuration.Output.Verbosity = 'None'
    $run = Invoke-Pester -Configuration $configuration
}
finally {
    # A listener left running keeps the process from exiting.
    if ($standIn) { Stop-PostureStandIn -StandIn $standIn }
}
$id = { ($_.Name -split ':')[0] }
[pscustomobject]@{
    Passed   = @($run.Passed | ForEach-Object $id)
    Failed   = @($run.Failed | ForEach-Object $id)
    Skipped  = @($run.Skipped | ForEach-Object $id)
    # A failing BeforeAll fails each test, but its error is the file's (the container's), not the test's.
    Messages = @(@($run.Failed.ErrorRecord) + @($run.FailedContainers.ErrorRecord) |
        ForEach-Object { $_.Exception.Message } | Where-Object { $_ } | Sort-Object -Unique)
} | ConvertTo-Json -Compress
'@
        Invoke-InFreshSession -Script $script -Environment @{
            EG_PESTER         = (Get-Module -Name Pester).Path
            EG_MANIFEST       = Join-Path $RepositoryRoot 'artifacts/module/EntraGuard.psd1'
            EG_STANDIN        = Join-Path $PSScriptRoot 'PostureStandIn.psm1'
            EG_PACK           = Join-Path $PSScriptRoot 'checks/EntraGuard.Posture.Tests.ps1'
            EG_TENANT         = $Tenant -join [IO.Path]::PathSeparator
            EG_TAG            = $Tag -join ','
            ENTRAGUARD_CONFIG = $Settings
        }
    }
}

Describe 'The posture check pack' -Tag 'Posture', 'Pack' {
    It 'passes every check on a compliant tenant' {
        $run = Invoke-PostureCheckPack -Tenant $CompliantPosture, $SamplePosture
        $run.Messages | Should -BeNullOrEmpty
        $AllChecks.Count | Should -BeGreaterOrEqual 50
        # The tenant holds Entra ID P1, where Conditional Access replaces security defaults: EGP095 does not apply.
        ($run.Passed | Sort-Object) | Should -Be @($AllChecks | Where-Object { $_ -ne 'EGP095' } | Sort-Object)
        $run.Skipped | Should -Be @('EGP095')
    }

    It 'fails the checks the sample tenant breaks, and only those' {
        $run = Invoke-PostureCheckPack -Tenant $SamplePosture
        # Credential expiry (EGP011) depends on today's date; the others do not.
        $failing = 'EGP001', 'EGP002', 'EGP004', 'EGP006', 'EGP008', 'EGP010', 'EGP012', 'EGP014', 'EGP016', 'EGP017',
            'EGP019', 'EGP020', 'EGP021', 'EGP023', 'EGP025', 'EGP028', 'EGP029', 'EGP030', 'EGP031', 'EGP032',
            'EGP033', 'EGP034', 'EGP035', 'EGP036', 'EGP037', 'EGP038', 'EGP039', 'EGP041', 'EGP046', 'EGP048',
            'EGP049', 'EGP052', 'EGP053', 'EGP054', 'EGP055', 'EGP056', 'EGP057', 'EGP060', 'EGP062', 'EGP071',
            'EGP073', 'EGP074', 'EGP076', 'EGP077', 'EGP078', 'EGP079', 'EGP080', 'EGP081', 'EGP082', 'EGP083',
            'EGP085', 'EGP086', 'EGP087', 'EGP090', 'EGP091', 'EGP092', 'EGP093', 'EGP096', 'EGP097', 'EGP098',
            'EGP103', 'EGP104', 'EGP106', 'EGP107', 'EGP108', 'EGP068', 'EGP069', 'EGP110', 'EGP111', 'EGP112',
            'EGP113'
        foreach ($id in $failing) { $run.Failed | Should -Contain $id }
        # An app owner without MFA registered (EGP067), an unprotected group excluded from CA002 (EGP088).
        foreach ($id in 'EGP067', 'EGP088') { $run.Failed | Should -Contain $id }
        $passing = 'EGP003', 'EGP005', 'EGP007', 'EGP009', 'EGP013', 'EGP015', 'EGP018', 'EGP022', 'EGP024',
            'EGP026', 'EGP027', 'EGP040', 'EGP042', 'EGP043', 'EGP044', 'EGP047', 'EGP050', 'EGP051', 'EGP058',
            'EGP059', 'EGP061', 'EGP063', 'EGP070', 'EGP072', 'EGP075', 'EGP084', 'EGP094', 'EGP105'
        foreach ($id in $passing) { $run.Passed | Should -Contain $id }
        # The sample sets no session controls for unmanaged devices (EGP064, EGP065); no enabled policy that blocks or
        # demands a grant reaches its directory synchronization account (EGP066).
        foreach ($id in 'EGP064', 'EGP065') { $run.Failed | Should -Contain $id }
        $run.Passed | Should -Contain 'EGP066'
        # With the admin consent workflow off (EGP023 fails) there are no notifications to judge; with Entra ID P1
        # security defaults give way to Conditional Access (EGP095 does not apply).
        ($run.Skipped | Sort-Object) | Should -Be @('EGP045', 'EGP095')
    }

    It 'selects checks by framework id' {
        $run = Invoke-PostureCheckPack -Tenant $SamplePosture -Tag 'MS.AAD.8.2', 'CIS.M365.5.1.2.3'
        $run.Failed | Should -Be @('EGP019')
        $run.Passed | Should -Be @('EGP015')
        (Invoke-PostureCheckPack -Tenant $SamplePosture -Tag 'MS.AAD.3.9').Failed | Should -Be @('EGP033')
    }

    It 'fails every check, saying why, when not connected' {
        $run = Invoke-PostureCheckPack
        ($run.Failed | Sort-Object) | Should -Be @($AllChecks | Sort-Object)
        $run.Passed | Should -BeNullOrEmpty
        $run.Skipped | Should -BeNullOrEmpty
        $run.Messages | Should -Be 'EntraGuard posture checks not evaluated: not connected to Microsoft Graph (run Connect-EntraGuard first).'
    }
}

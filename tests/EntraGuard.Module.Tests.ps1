#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    The module as an admin meets it: import into a fresh session (from either manifest), beside another
    Azure.Identity, tab completion, help, table output. Run by `./build.ps1 -Test` after a build, which leaves the
    module in artifacts/module. The xunit contract tests (tests/EntraGuard.Module.Tests) check the same surface from
    metadata; these check it in PowerShell itself.
#>

BeforeDiscovery {
    $repositoryRoot = Split-Path -Parent $PSScriptRoot
    $rootManifest = Join-Path $repositoryRoot 'EntraGuard.psd1'
    $ExportedCmdlets = @((Import-PowerShellDataFile -Path $rootManifest).CmdletsToExport | ForEach-Object { @{ Name = $_ } })
    $IsCore = $PSVersionTable.PSEdition -eq 'Core'
    $Runbooks = @(Get-ChildItem -Path (Join-Path $repositoryRoot 'docs/runbooks') -Filter *.ps1 -ErrorAction SilentlyContinue | ForEach-Object { @{ Path = $_.FullName; Name = $_.Name } })
}

BeforeAll {
    $RepositoryRoot = Split-Path -Parent $PSScriptRoot
    $RootManifest = Join-Path $RepositoryRoot 'EntraGuard.psd1'
    $ModuleManifest = Join-Path $RepositoryRoot 'artifacts/module/EntraGuard.psd1'
    if (-not (Test-Path -Path $ModuleManifest)) {
        throw "The module is not built: run ./build.ps1 (or dotnet build src/EntraGuard/EntraGuard.csproj) first."
    }
    $WindowsPowerShell = if ($IsWindows) { Get-Command -Name powershell.exe -CommandType Application -ErrorAction SilentlyContinue }
    Import-Module -Name (Join-Path $PSScriptRoot 'FreshSession.psm1') -Force

    $ImportAndDescribe = @'
$ErrorActionPreference = 'Stop'
$module = Import-Module -Name $env:EG_MANIFEST -PassThru -WarningVariable importWarnings -Force
[pscustomobject]@{
    Name     = $module.Name
    Version  = "$($module.Version)"
    Cmdlets  = @((Get-Command -Module EntraGuard -CommandType Cmdlet).Name | Sort-Object)
    Warnings = @($importWarnings | ForEach-Object { "$_" })
    Engine   = [EntraGuard.AuditEvent].Assembly.GetName().Name
} | ConvertTo-Json -Compress
'@
}

Describe 'Importing EntraGuard' -Tag 'Module' {
    It 'imports the built module folder in a fresh session, exporting exactly the manifest cmdlets without warnings' {
        $result = Invoke-InFreshSession -Script $ImportAndDescribe -Environment @{ EG_MANIFEST = $ModuleManifest }
        $result.Name | Should -Be 'EntraGuard'
        $result.Version | Should -Be (Import-PowerShellDataFile -Path $RootManifest).ModuleVersion
        $result.Cmdlets | Should -Be @((Import-PowerShellDataFile -Path $RootManifest).CmdletsToExport | Sort-Object)
        $result.Warnings | Should -BeNullOrEmpty -Because 'an unapproved verb or a clobbered name warns at import'
        $result.Engine | Should -Be 'EntraGuard.Engine'
    }

    It 'imports from the repository root manifest right after a build' {
        $result = Invoke-InFreshSession -Script $ImportAndDescribe -Environment @{ EG_MANIFEST = $RootManifest }
        $result.Cmdlets | Should -Be @((Import-PowerShellDataFile -Path $RootManifest).CmdletsToExport | Sort-Object)
        $result.Warnings | Should -BeNullOrEmpty
    }

    It 'imports in Windows PowerShell 5.1 too' {
        if (-not $WindowsPowerShell) {
            Set-ItResult -Skipped -Because 'Windows PowerShell 5.1 (powershell.exe) exists only on Windows'
            return
        }
        $result = Invoke-InFreshSession -Shell 'powershell.exe' -Script $ImportAndDescribe -Environment @{ EG_MANIFEST = $ModuleManifest }
        $result.Cmdlets | Should -Be @((Import-PowerShellDataFile -Path $RootManifest).CmdletsToExport | Sort-Object)
    }

    It 'can be removed and imported again in one session' {
        $script = @'
$ErrorActionPreference = 'Stop'
Import-Module -Name $env:EG_MANIFEST
Remove-Module -Name EntraGuard
Import-Module -Name $env:EG_MANIFEST
[pscustomobject]@{ Count = @(Get-Command -Module EntraGuard).Count } | ConvertTo-Json -Compress
'@
        (Invoke-InFreshSession -Script $script -Environment @{ EG_MANIFEST = $ModuleManifest }).Count | Should -BeGreaterThan 0
    }
}

Describe 'Dependency isolation on PowerShell 7' -Tag 'Module', 'Isolation' -Skip:(-not $IsCore) {
    BeforeAll {
        # A stand-in for another module's Azure.Identity: same name, another version, loaded first. Compiled with
        # Roslyn, as Add-Type -OutputAssembly gives the assembly a random name whatever the file is called.
        $ForeignIdentity = Join-Path $TestDrive 'Azure.Identity.dll'
        Add-Type -AssemblyName Microsoft.CodeAnalysis.CSharp
        $source = @'
[assembly: System.Reflection.AssemblyVersion("1.0.0.0")]
namespace Azure.Identity { public sealed class ForeignMarker { } }
'@
        $compilation = [Microsoft.CodeAnalysis.CSharp.CSharpCompilation]::Create('Azure.Identity',
            [Microsoft.CodeAnalysis.SyntaxTree[]] @([Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree]::ParseText($source)),
            [Microsoft.CodeAnalysis.MetadataReference[]] @([Microsoft.CodeAnalysis.MetadataReference]::CreateFromFile([object].Assembly.Location)),
            [Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions]::new([Microsoft.CodeAnalysis.OutputKind]::DynamicallyLinkedLibrary))
        $stream = [IO.File]::Create($ForeignIdentity)
        try { $emitted = $compilation.Emit($stream) } finally { $stream.Dispose() }
        if (-not $emitted.Success) { throw "The Azure.Identity stand-in did not compile: $($emitted.Diagnostics)" }
        # Loads EntraGuard.Graph the way a Graph cmdlet would (through the default context), then reports where
        # each assembly landed.
        $Describe = @'
function Get-EntraGuardLoading {
    $graph = [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyName([System.Reflection.AssemblyName]::new('EntraGuard.Graph'))
    $privateContext = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($graph)
    $inDefault = [System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies
    [pscustomobject]@{
        GraphContext          = $privateContext.Name
        EngineContext         = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([EntraGuard.AuditEvent].Assembly).Name
        PrivateAzureIdentity  = "$(($privateContext.Assemblies | Where-Object { $_.GetName().Name -eq 'Azure.Identity' }).GetName().Version)"
        DefaultAzureIdentity  = @($inDefault | Where-Object { $_.GetName().Name -eq 'Azure.Identity' } | ForEach-Object { "$($_.GetName().Version)" })
        IsolatedInDefault     = @($inDefault | ForEach-Object { $_.GetName().Name } | Where-Object { $_ -match '^(Azure\.|Microsoft\.Graph|Microsoft\.Kiota\.|Microsoft\.Identity\.)' })
    }
}
'@
    }

    It 'keeps Microsoft.Graph, Kiota, Azure.Identity and MSAL out of the default load context' {
        $script = $Describe + @'
$ErrorActionPreference = 'Stop'
Import-Module -Name $env:EG_MANIFEST
Get-EntraGuardLoading | ConvertTo-Json -Compress
'@
        $result = Invoke-InFreshSession -Script $script -Environment @{ EG_MANIFEST = $ModuleManifest }
        $result.GraphContext | Should -Be 'EntraGuard'
        $result.EngineContext | Should -Be 'Default' -Because 'the model types are pipeline objects every script must see'
        $result.PrivateAzureIdentity | Should -Match '^1\.'
        $result.IsolatedInDefault | Should -BeNullOrEmpty
    }

    It 'scans files with the ReadyToRun engine of this platform and without loading the Graph side' {
        $script = @'
$ErrorActionPreference = 'Stop'
Import-Module -Name $env:EG_MANIFEST
$engineAtImport = [EntraGuard.AuditEvent].Assembly.Location
$findings = @(Get-EntraRiskEvent -Path $env:EG_SAMPLES/graph -SettingsPath $env:EG_SAMPLES/settings.yaml).Count
$loaded = @([AppDomain]::CurrentDomain.GetAssemblies())
[pscustomobject]@{
    EngineAtImport = $engineAtImport
    Findings       = $findings
    Engine         = ($loaded | Where-Object { $_.GetName().Name -eq 'EntraGuard.Engine' }).Location
    Yaml           = @($loaded | Where-Object { $_.GetName().Name -eq 'YamlDotNet' } | ForEach-Object { $_.Location })
    Contexts       = @([System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object { $_.Name })
    Platform       = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
} | ConvertTo-Json -Compress
'@
        $result = Invoke-InFreshSession -Script $script -Environment @{
            EG_MANIFEST = $ModuleManifest; EG_SAMPLES = Join-Path $RepositoryRoot 'samples' }
        $result.Findings | Should -BeGreaterThan 0
        $images = Join-Path (Split-Path -Parent $ModuleManifest) "ReadyToRun/$($result.Platform)"
        Test-Path -Path $images | Should -BeTrue -Because 'the build compiles images for the platform it runs on'
        $result.EngineAtImport | Should -Be (Join-Path $images 'EntraGuard.Engine.dll') -Because 'scripts name engine types right after the import'
        $result.Engine | Should -Be $result.EngineAtImport
        $result.Yaml | Should -Be @(Join-Path $images 'YamlDotNet.dll')
        $result.Contexts | Should -Not -Contain 'EntraGuard' -Because 'reading files needs nothing from Dependencies/'
    }

    It 'imports into a session that already loaded another Azure.Identity, and uses its own' {
        $script = $Describe + @'
$ErrorActionPreference = 'Stop'
Add-Type -Path $env:EG_FOREIGN
Import-Module -Name $env:EG_MANIFEST
$loading = Get-EntraGuardLoading
$loading | Add-Member -NotePropertyName ForeignStillUsable -NotePropertyValue ([Azure.Identity.ForeignMarker]::new() -ne $null)
$loading | ConvertTo-Json -Compress
'@
        $result = Invoke-InFreshSession -Script $script -Environment @{ EG_MANIFEST = $ModuleManifest; EG_FOREIGN = $ForeignIdentity }
        $result.DefaultAzureIdentity | Should -Be @('1.0.0.0')
        $result.PrivateAzureIdentity | Should -Not -Be '1.0.0.0'
        $result.GraphContext | Should -Be 'EntraGuard'
        $result.ForeignStillUsable | Should -BeTrue
    }

    It 'lets another Azure.Identity load after EntraGuard has loaded its own' {
        $script = $Describe + @'
$ErrorActionPreference = 'Stop'
Import-Module -Name $env:EG_MANIFEST
$null = Get-EntraGuardLoading
Add-Type -Path $env:EG_FOREIGN
Get-EntraGuardLoading | ConvertTo-Json -Compress
'@
        $result = Invoke-InFreshSession -Script $script -Environment @{ EG_MANIFEST = $ModuleManifest; EG_FOREIGN = $ForeignIdentity }
        $result.DefaultAzureIdentity | Should -Be @('1.0.0.0')
        $result.PrivateAzureIdentity | Should -Not -Be '1.0.0.0'
    }

    It 'imports beside <Name> in either order' -ForEach @(
        @{ Name = 'Microsoft.Graph.Authentication' }
        @{ Name = 'Az.Accounts' }
    ) {
        if (-not (Get-Module -ListAvailable -Name $Name)) {
            Set-ItResult -Skipped -Because "$Name is not installed on this machine"
            return
        }
        foreach ($order in @('theirs-first', 'ours-first')) {
            $script = $Describe + @'
$ErrorActionPreference = 'Stop'
if ($env:EG_ORDER -eq 'theirs-first') { Import-Module -Name $env:EG_OTHER }
Import-Module -Name $env:EG_MANIFEST
$loading = Get-EntraGuardLoading
if ($env:EG_ORDER -eq 'ours-first') { Import-Module -Name $env:EG_OTHER }
$loading | ConvertTo-Json -Compress
'@
            $result = Invoke-InFreshSession -Script $script -Environment @{ EG_MANIFEST = $ModuleManifest; EG_OTHER = $Name; EG_ORDER = $order }
            $result.GraphContext | Should -Be 'EntraGuard' -Because "EntraGuard must load its Graph side privately ($order)"
        }
    }
}

Describe 'Help' -Tag 'Module', 'Help' {
    BeforeAll {
        Import-Module -Name $ModuleManifest -Force
    }

    AfterAll {
        Remove-Module -Name EntraGuard -ErrorAction SilentlyContinue
    }

    It '<Name> has a synopsis, a description, parameter help and at least two examples' -ForEach $ExportedCmdlets {
        $help = Get-Help -Name $Name -Full
        # Without MAML, PowerShell makes up a "synopsis" from the syntax.
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match ([regex]::Escape($Name) + '\s+\[')
        ($help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        # A cmdlet with only the common parameters has an empty parameters section (a string, no .parameter).
        foreach ($parameter in @($help.parameters.parameter | Where-Object { $_ })) {
            ($parameter.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$($parameter.name) needs a description"
        }
    }

    It 'finds about_<Topic>' -ForEach @(
        @{ Topic = 'EntraGuard' }
        @{ Topic = 'EntraGuard_Runbooks' }
    ) {
        Get-Help -Name "about_$Topic" | Out-String | Should -Match 'SHORT DESCRIPTION'
    }
}

Describe 'Output and completion' -Tag 'Module' {
    BeforeAll {
        Import-Module -Name $ModuleManifest -Force
        $Samples = Join-Path $RepositoryRoot 'samples/graph'
    }

    AfterAll {
        Remove-Module -Name EntraGuard -ErrorAction SilentlyContinue
    }

    It 'prints AuditEvent as the table view of the format file' {
        if (-not (Test-Path -Path $Samples)) {
            Set-ItResult -Skipped -Because 'samples/graph is not in this checkout'
            return
        }
        $table = Get-EntraAuditEvent -Path $Samples | Select-Object -First 3 | Format-Table | Out-String -Width 200
        $table | Should -Match 'Time \(UTC\)\s+Activity\s+InitiatedBy\s+Target\s+Result'
    }

    It 'prints RiskEvent and Rule as their table views' {
        if (-not (Get-Command -Name Get-EntraRiskEvent -ErrorAction SilentlyContinue) -or -not (Test-Path -Path $Samples)) {
            Set-ItResult -Skipped -Because 'Get-EntraRiskEvent or samples/graph is not in this build'
            return
        }
        Get-EntraRiskEvent -Path $Samples | Select-Object -First 3 | Format-Table | Out-String -Width 200 |
            Should -Match 'Time \(UTC\)\s+Severity\s+RuleId\s+RuleName\s+Actor\s+Target'
        Get-EntraGuardRule | Format-Table | Out-String -Width 200 | Should -Match 'Id\s+Kind\s+Severity\s+Risk\s+Name'
    }

    It 'completes activity names on -Activity, quoted and with the en dash Entra writes' {
        $command = Get-Command -Name Get-EntraAuditEvent
        if (-not $command.Parameters.ContainsKey('Activity')) {
            Set-ItResult -Skipped -Because 'Get-EntraAuditEvent has no -Activity parameter in this build'
            return
        }
        # As typed at a prompt: an unquoted name with spaces would bind word by word to other parameters, so
        # the admin opens a quote, or joins the words with a wildcard.
        foreach ($line in "Get-EntraAuditEvent -Activity 'update application - cert", 'Get-EntraAuditEvent -Activity update*cert') {
            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
            $completions | Should -Contain "'Update application $([char]0x2013) Certificates and secrets management'" -Because $line
        }
    }

    It 'completes rule ids on -RuleId from Get-EntraGuardRule' {
        $command = Get-Command -Name Get-EntraRiskEvent -ErrorAction SilentlyContinue
        if (-not $command -or -not $command.Parameters.ContainsKey('RuleId') -or -not (Get-Command -Name Get-EntraGuardRule -ErrorAction SilentlyContinue)) {
            Set-ItResult -Skipped -Because 'Get-EntraRiskEvent -RuleId or Get-EntraGuardRule is not in this build'
            return
        }
        $line = 'Get-EntraRiskEvent -RuleId EG000'
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Should -Contain 'EG0001'
    }
}

Describe 'Runbooks' -Tag 'Module' {
    It '<Name> parses without errors' -ForEach $Runbooks {
        $tokens = $null
        $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $tokens, [ref] $errors)
        $errors | Should -BeNullOrEmpty
    }
}

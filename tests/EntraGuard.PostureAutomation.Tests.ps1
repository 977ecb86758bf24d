#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    The scheduled posture runbook and the pipeline example in docs/: their PowerShell parses, and every parameter they
    pass to an EntraGuard cmdlet or to the check pack's Invoke-EntraGuardChecks.ps1 exists there. Run by
    `./build.ps1 -Test` after a build, which leaves the module in artifacts/module.
#>

BeforeDiscovery {
    $repositoryRoot = Split-Path -Parent $PSScriptRoot
    $Pipelines = @(Get-ChildItem -Path (Join-Path $repositoryRoot 'docs/pipelines') -Filter *.yml | ForEach-Object { @{ Path = $_.FullName; Name = $_.Name } })
    $Scripts = @(
        Get-ChildItem -Path (Join-Path $repositoryRoot 'docs/runbooks') -Filter *Posture*.ps1 | ForEach-Object { @{ Path = $_.FullName; Name = $_.Name } }
    )
}

BeforeAll {
    $RepositoryRoot = Split-Path -Parent $PSScriptRoot
    $Module = Import-Module -Name (Join-Path $RepositoryRoot 'artifacts/module/EntraGuard.psd1') -PassThru -Force
    $Pack = Get-Command -Name (Join-Path $RepositoryRoot 'tests/checks/Invoke-EntraGuardChecks.ps1')

    # The PowerShell of each `run: |` step of a workflow, with the line it starts on.
    function Get-RunBlock {
        param([string] $Path)
        $lines = Get-Content -LiteralPath $Path
        for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -notmatch '^(\s*)run: \|\s*$') { continue }
            $indent = $Matches[1].Length
            $body = [Collections.Generic.List[string]]::new()
            $j = $i + 1
            while ($j -lt $lines.Count -and ($lines[$j].Trim() -eq '' -or ($lines[$j] -match '^(\s*)' -and $Matches[1].Length -gt $indent))) {
                $body.Add($lines[$j])
                $j++
            }
            [pscustomobject]@{ Line = $i + 2; Text = ($body -join "`n") }
        }
    }

    # Every named parameter passed to an EntraGuard cmdlet or to the pack's script that the command does not have.
    function Get-UnknownParameter {
        param([System.Management.Automation.Language.Ast] $Ast)
        $commands = $Ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true)
        foreach ($command in $commands) {
            $name = $command.GetCommandName()
            $target = if ($name -and $name.EndsWith('Invoke-EntraGuardChecks.ps1')) { $Pack } else { $Module.ExportedCmdlets[$name] }
            if (-not $target) { continue }
            foreach ($parameter in $command.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                $known = $target.Parameters.Keys + @($target.Parameters.Values.Aliases)
                if ($known -notcontains $parameter.ParameterName) { "$name -$($parameter.ParameterName)" }
            }
        }
    }
}

AfterAll {
    Remove-Module -Name EntraGuard -ErrorAction SilentlyContinue
}

Describe 'The pipeline example' -Tag 'Module' {
    It '<Name>: every PowerShell step parses and calls the pack and the cmdlets with parameters they have' -ForEach $Pipelines {
        $blocks = @(Get-RunBlock -Path $Path)
        $blocks.Count | Should -BeGreaterThan 0
        foreach ($block in $blocks) {
            $tokens = $null
            $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($block.Text, [ref] $tokens, [ref] $errors)
            $errors | Should -BeNullOrEmpty -Because "the step on line $($block.Line) must parse"
            Get-UnknownParameter -Ast $ast | Should -BeNullOrEmpty
        }
        (Get-Content -Raw -LiteralPath $Path) | Should -Match 'Invoke-EntraGuardChecks\.ps1'
    }

    It 'finds a misspelt parameter (the check itself can fail)' {
        $ast = [System.Management.Automation.Language.Parser]::ParseInput(
            "./posture/Invoke-EntraGuardChecks.ps1 -OutputFile x.xml; Test-EntraGuardPosture -Settings x", [ref] $null, [ref] $null)
        Get-UnknownParameter -Ast $ast | Should -Be @('./posture/Invoke-EntraGuardChecks.ps1 -OutputFile', 'Test-EntraGuardPosture -Settings')
    }
}

Describe 'The scheduled posture runbook' -Tag 'Module' {
    It '<Name> calls the cmdlets with parameters they have' -ForEach $Scripts {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $null, [ref] $null)
        Get-UnknownParameter -Ast $ast | Should -BeNullOrEmpty
    }
}

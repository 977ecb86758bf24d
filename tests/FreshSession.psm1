# Runs a script in a new PowerShell process, for the Pester suites: what the calling session already loaded cannot
# decide the outcome. Values reach the child through environment variables; the child writes one JSON object.

# pwsh itself, or dotnet + pwsh.dll when this is the PowerShell dotnet tool (the process path is dotnet there).
$script:ThisShell, $script:ThisShellPrefix = & (Join-Path (Split-Path -Parent $PSScriptRoot) 'tools/Get-PowerShellCommand.ps1')

function Invoke-InFreshSession {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Script,
        # Another shell (powershell.exe), started as itself.
        [string] $Shell,
        [hashtable] $Environment = @{}
    )
    $command, $prefix = if ($Shell) { $Shell, @() } else { $script:ThisShell, $script:ThisShellPrefix }
    foreach ($name in $Environment.Keys) { Set-Item -Path "env:$name" -Value $Environment[$name] }
    try {
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
        $output = & $command $prefix -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1
        $exitCode = $LASTEXITCODE
    }
    finally {
        foreach ($name in $Environment.Keys) { Remove-Item -Path "env:$name" -ErrorAction SilentlyContinue }
    }
    $text = ($output | ForEach-Object { "$_" }) -join [Environment]::NewLine
    if ($exitCode -ne 0) { throw "The fresh session failed (exit code $exitCode):$([Environment]::NewLine)$text" }
    $json = $output | Where-Object { $_ -is [string] -and $_.TrimStart().StartsWith('{') } | Select-Object -Last 1
    if (-not $json) { throw "The fresh session wrote no JSON result:$([Environment]::NewLine)$text" }
    $json | ConvertFrom-Json
}

Export-ModuleMember -Function Invoke-InFreshSession

<#
.SYNOPSIS
    The command line that starts another PowerShell like the one running: its executable, then the arguments that
    must come before PowerShell's own.

.DESCRIPTION
    An installed pwsh runs as itself, but the PowerShell dotnet tool (`dotnet pwsh`) runs inside the dotnet host, so
    the process path is dotnet and the child must be started as `dotnet <PSHOME>/pwsh.dll`.

.EXAMPLE
    $pwsh, $prefix = & ./tools/Get-PowerShellCommand.ps1
    & $pwsh $prefix -NoProfile -Command '$PSVersionTable.PSVersion'

    $prefix is $null for an installed pwsh; a native command drops it.
#>
[CmdletBinding()]
[OutputType([string])]
param()

$process = [Environment]::ProcessPath
if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
    $process
    Join-Path -Path $PSHOME -ChildPath 'pwsh.dll'
}
else {
    $process
}

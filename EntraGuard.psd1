#
# Module manifest for EntraGuard.
#
# This is the only manifest to edit. Its paths point into artifacts/module, the folder `dotnet build` assembles, so
# `Import-Module ./EntraGuard.psd1` works from a clone right after a build. The build writes the module folder's own
# EntraGuard.psd1 from this file, with that folder prefix taken off each path.
#
# Adding a cmdlet: add its name to CmdletsToExport (alphabetical). A contract test fails until this list and the
# cmdlets in EntraGuard.dll are the same set.
#
@{
    # The binary module is a nested module (as in PowerShell's own Microsoft.PowerShell.* manifests) rather than the
    # RootModule: Get-Help then finds en-US/EntraGuard.dll-Help.xml and the about_ topics beside the DLL whichever
    # manifest was imported, this one or the module folder's copy.
    NestedModules        = @('artifacts/module/EntraGuard.dll')
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '95f18cf2-31d7-4c79-8fdf-778490ae72c1'
    Author               = 'EntraGuard contributors'
    CompanyName          = 'EntraGuard contributors'
    Copyright            = '(c) EntraGuard contributors.'
    Description          = 'Finds and answers identity attacks in Microsoft Entra ID: reads directory audit events from exports or Microsoft Graph, runs detections written as data, and pipes findings into safe, journaled responses.'

    # netstandard2.0 binary module: Windows PowerShell 5.1 on .NET Framework 4.7.2 or later, and PowerShell 7.4+.
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'

    FormatsToProcess     = @('artifacts/module/EntraGuard.format.ps1xml')

    CmdletsToExport      = @(
        'Connect-EntraGuard'
        'Disable-EntraServicePrincipal'
        'Disable-EntraUser'
        'Disconnect-EntraGuard'
        'Enable-EntraServicePrincipal'
        'Enable-EntraUser'
        'Export-EntraGuardReport'
        'Export-EntraGuardRule'
        'Get-EntraAuditEvent'
        'Get-EntraGuardContext'
        'Get-EntraGuardJournal'
        'Get-EntraGuardPostureCheck'
        'Get-EntraGuardRule'
        'Get-EntraRiskEvent'
        'Get-EntraRiskEventContext'
        'Get-EntraSignInEvent'
        'Get-EntraUserSecurityInfo'
        'Invoke-CredentialRevocation'
        'New-EntraTemporaryAccessPass'
        'Restore-EntraGroupMember'
        'Revoke-EntraUserSession'
        'Test-EntraGuardPosture'
        'Test-RareCredentialActor'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()

    PrivateData          = @{
        PSData = @{
            Tags         = @(
                'EntraID', 'AzureAD', 'MicrosoftGraph', 'Security', 'Detection', 'IncidentResponse',
                'AuditLog', 'ThreatHunting', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS'
            )
            ProjectUri   = 'https://github.com/EntraGuard/EntraGuard'
            LicenseUri   = 'https://github.com/EntraGuard/EntraGuard/blob/main/LICENSE'
            ReleaseNotes = @'
0.1.0 - first preview.
- Get-EntraAuditEvent reads Entra ID directory audit events from Graph JSON exports, JSON lines and Azure Monitor
  diagnostic records (gzip too), streaming with flat memory.
- Get-EntraRiskEvent runs the detection catalog (EG0001-EG0013, rules as YAML, your own rule files and suppressions
  too); Test-RareCredentialActor answers the rare-credential-actor question for scheduled Pester checks;
  Get-EntraGuardRule lists the rules; Export-EntraGuardRule translates them to KQL, Sentinel, Elastic and Sigma.
- The module loads Microsoft Graph, Kiota, Azure.Identity and MSAL in a private load context on PowerShell 7, so it
  imports beside Az.Accounts and Microsoft.Graph of other versions.
'@
        }
    }
}

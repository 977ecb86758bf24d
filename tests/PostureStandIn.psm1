# A tenant's posture configuration on loopback, for the Pester suites: Graph v1.0 answers read from JSON files
# (the shapes samples/posture holds). Start it, connect with Connect-EntraGuard -AccessToken (New-PostureStandInToken)
# -GraphBaseUrl $standIn.BaseUrl, and stop it when done.

# Each Graph path the posture checks read, and the file answering it; the service principals come in two pages.
# The users file answers both the break-glass lookup by name and the read of the privileged role holders by id (the
# filter is not applied: the readers match what they asked for).
$script:Files = @{
    '/v1.0/organization'                                       = 'organization.json'
    '/v1.0/subscribedSkus'                                     = 'subscribedSkus.json'
    '/v1.0/policies/identitySecurityDefaultsEnforcementPolicy' = 'identitySecurityDefaultsEnforcementPolicy.json'
    '/v1.0/identity/conditionalAccess/policies'                = 'conditionalAccessPolicies.json'
    '/v1.0/policies/authorizationPolicy'                       = 'authorizationPolicy.json'
    '/v1.0/roleManagement/directory/roleAssignmentSchedules'   = 'roleAssignmentSchedules.json'
    '/v1.0/roleManagement/directory/roleEligibilitySchedules'  = 'roleEligibilitySchedules.json'
    '/v1.0/applications'                                       = 'applications.json'
    '/v1.0/policies/authenticationMethodsPolicy'               = 'authenticationMethodsPolicy.json'
    '/v1.0/policies/adminConsentRequestPolicy'                 = 'adminConsentRequestPolicy.json'
    '/v1.0/domains'                                            = 'domains.json'
    '/v1.0/policies/roleManagementPolicyAssignments'           = 'roleManagementPolicyAssignments.json'
    # Break-glass accounts named by userPrincipalName (the filter is not applied: the reader matches the names).
    '/v1.0/users'                                              = 'users.json'
    '/v1.0/groupSettings'                                      = 'groupSettings.json'
    # Microsoft Graph's service principal in the sample: its app roles, and the permissions granted on it.
    '/v1.0/servicePrincipals/5f000000-0000-4000-8000-0000000000e2'                   = 'graphServicePrincipal.json'
    '/v1.0/servicePrincipals/5f000000-0000-4000-8000-0000000000e2/appRoleAssignedTo' = 'appRoleAssignedTo.json'
    '/v1.0/oauth2PermissionGrants'                                                    = 'oauth2PermissionGrants.json'
    # A POST whose body names the ids; the file lists the users and groups that exist.
    '/v1.0/directoryObjects/getByIds'                          = 'directoryObjects.json'
    '/v1.0/policies/deviceRegistrationPolicy'                  = 'deviceRegistrationPolicy.json'
    '/v1.0/directory/onPremisesSynchronization'                = 'onPremisesSynchronization.json'
    # Read only when a policy names a role beyond the built-in ones EntraGuard knows (the sample's CA001 does).
    '/v1.0/roleManagement/directory/roleDefinitions'          = 'roleDefinitions.json'
    '/v1.0/policies/defaultAppManagementPolicy'                = 'defaultAppManagementPolicy.json'
    '/v1.0/reports/authenticationMethods/userRegistrationDetails' = 'userRegistrationDetails.json'
    '/beta/policies/authenticationMethodsPolicy'               = 'authenticationMethodsPolicy-beta.json'
    '/beta/reports/azureADPremiumLicenseInsight'               = 'azureADPremiumLicenseInsight.json'
    '/beta/identity/conditionalAccess/policies'                = 'conditionalAccessPolicies-beta.json'
    '/beta/identityGovernance/roleManagementAlerts/alerts'     = 'roleManagementAlerts.json'
    '/v1.0/identityGovernance/entitlementManagement/catalogs'           = 'accessPackageCatalogs.json'
    '/v1.0/identityGovernance/entitlementManagement/accessPackages'     = 'accessPackages.json'
    '/v1.0/identityGovernance/entitlementManagement/assignmentPolicies' = 'accessPackageAssignmentPolicies.json'
}

function Start-PostureStandIn {
    <#
    .SYNOPSIS
        Serves a tenant configuration: each file from the first folder that has it, so a variant folder holds only
        the files in which it differs from the sample. Returns BaseUrl and what Stop-PostureStandIn needs.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string[]] $Folder)

    $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $probe.Start()
    $port = $probe.LocalEndpoint.Port
    $probe.Stop()
    $baseUrl = "http://127.0.0.1:$port/v1.0"
    $listener = [System.Net.HttpListener]::new()
    $listener.Prefixes.Add("http://127.0.0.1:$port/")
    $listener.Start()
    $server = [powershell]::Create()
    $null = $server.AddScript({
            param($listener, $folders, $files, $baseUrl)
            while ($listener.IsListening) {
                try { $context = $listener.GetContext() } catch { break }
                $path = $context.Request.Url.AbsolutePath
                $file = if ($path -eq '/v1.0/servicePrincipals') {
                    if ($context.Request.Url.Query -match 'skiptoken') { 'servicePrincipals-2.json' } else { 'servicePrincipals-1.json' }
                }
                # The same path answers the krbtgt lookup and the break-glass lookup; the filter tells them apart.
                elseif ($path -eq '/v1.0/users' -and $context.Request.Url.Query -match 'krbtgt') { 'krbtgtUsers.json' }
                # Microsoft 365 groups and dynamic groups share the path; the groupTypes filter tells them apart.
                # The groups Conditional Access names are looked up by id, with their protection in the $select.
                elseif ($path -eq '/v1.0/groups') {
                    if ($context.Request.Url.Query -match 'isManagementRestricted') { 'conditionalAccessGroups.json' }
                    elseif ($context.Request.Url.Query -match 'DynamicMembership') { 'dynamicGroups.json' }
                    # The access packages' approver groups are read by id, with their members.
                    elseif ($context.Request.Url.Query -match 'members') { 'approverGroups.json' }
                    else { 'microsoftGroups.json' }
                }
                else { $files[$path] }
                $source = if ($file) { $folders | ForEach-Object { Join-Path $_ $file } | Where-Object { Test-Path $_ } | Select-Object -First 1 }
                if ($source) {
                    $json = [IO.File]::ReadAllText($source).Replace('https://graph.microsoft.com/v1.0', $baseUrl)
                    $body = [Text.Encoding]::UTF8.GetBytes($json)
                    $context.Response.ContentType = 'application/json'
                    $context.Response.OutputStream.Write($body, 0, $body.Length)
                }
                else { $context.Response.StatusCode = 404 }
                $context.Response.Close()
            }
        }).AddArgument($listener).AddArgument(@($Folder | ForEach-Object { (Resolve-Path -LiteralPath $_).ProviderPath })).AddArgument($script:Files).AddArgument($baseUrl)
    $null = $server.BeginInvoke()
    [pscustomobject]@{ BaseUrl = $baseUrl; Listener = $listener; Server = $server }
}

function Stop-PostureStandIn {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $StandIn)
    $StandIn.Listener.Stop()
    $StandIn.Listener.Close()
    $StandIn.Server.Dispose()
}

function New-PostureStandInToken {
    <# .SYNOPSIS An unsigned token with the claims EntraGuard reads (tenant, app, roles), as a SecureString. #>
    [CmdletBinding()]
    [OutputType([securestring])]
    param()
    $encode = { param($json) [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($json)).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
    $claims = '{"tid":"5b7c1e2a-8d3f-4a6b-9c0e-1f2a3b4c5d6e","appid":"99999999-8888-7777-6666-555555555555","roles":["Policy.Read.All"],"exp":1893456000}'
    ConvertTo-SecureString -String "$(& $encode '{"alg":"none"}').$(& $encode $claims).PESTER-POSTURE-TOKEN" -AsPlainText -Force
}

Export-ModuleMember -Function Start-PostureStandIn, Stop-PostureStandIn, New-PostureStandInToken

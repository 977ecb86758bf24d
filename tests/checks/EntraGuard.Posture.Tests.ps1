# EntraGuard posture checks as a Pester 5 suite, in Maester's shape: copy this file into Maester's Custom folder, or
# run it with Invoke-EntraGuardChecks.ps1 next to it. It needs the EntraGuard module and a connection made with
# Connect-EntraGuard; without either, every test fails with the reason: a run that judged nothing must never look
# like a clean tenant.
#
# The tenant is read once, in BeforeAll: one snapshot for every check, so all of them judge the same moment and the
# run costs a handful of Graph requests whatever the number of tests selected. Each It then asserts its check.
#
# Settings (break-glass accounts, limits, accepted deviations): the file in $env:ENTRAGUARD_CONFIG, else
# entraguard.yaml beside this file, else the defaults. See about_EntraGuard_Posture.

BeforeAll {
    $script:PostureResults = @{}

    # A failure here fails every test below with this message.
    if (-not (Get-Command -Name Test-EntraGuardPosture -ErrorAction SilentlyContinue)) {
        throw 'EntraGuard posture checks not evaluated: the EntraGuard module is not loaded (Import-Module EntraGuard).'
    }
    if (-not (Get-EntraGuardContext)) {
        throw 'EntraGuard posture checks not evaluated: not connected to Microsoft Graph (run Connect-EntraGuard first).'
    }
    $parameters = @{}
    $configPath = if ($env:ENTRAGUARD_CONFIG) { $env:ENTRAGUARD_CONFIG } else { Join-Path -Path $PSScriptRoot -ChildPath 'entraguard.yaml' }
    if (Test-Path -LiteralPath $configPath) { $parameters['ConfigPath'] = $configPath }
    foreach ($result in Test-EntraGuardPosture @parameters -ErrorAction Stop) {
        $script:PostureResults[$result.CheckId] = $result
    }

    # Passes, fails with the reason and the fix, or skips with the reason when the check does not apply to this
    # tenant (a missing licence) or could not be evaluated (data it could not read).
    function Assert-EntraGuardPostureCheck {
        param([Parameter(Mandatory)] [string] $CheckId)

        $check = $script:PostureResults[$CheckId]
        if ($null -eq $check) {
            throw "Test-EntraGuardPosture returned no result for $CheckId."
        }
        if ("$($check.Result)" -in 'NotApplicable', 'Skipped') {
            Set-ItResult -Skipped -Because $check.Reason
            return
        }
        "$($check.Result)" | Should -Be 'Passed' -Because "$($check.Reason). To fix: $($check.Remediation)"
    }
}

Describe 'EntraGuard/Conditional Access' -Tag 'EntraGuard', 'Posture' {
    It 'EGP001: Administrators must use multifactor authentication' -Tag @(
        'EGP001', 'Severity:Critical', 'Licence:None', 'MT.1006'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP001'
    }

    It 'EGP002: All users must use multifactor authentication' -Tag @(
        'EGP002', 'Severity:High', 'Licence:None', 'MS.AAD.3.2', 'MT.1007'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP002'
    }

    It 'EGP003: Legacy authentication is blocked' -Tag @(
        'EGP003', 'Severity:High', 'Licence:None', 'MS.AAD.1.1', 'MT.1009', 'MT.1010', 'MT.1033'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP003'
    }

    It 'EGP030: Break-glass accounts are excluded from every policy that can lock them out' -Tag @(
        'EGP030', 'Severity:High', 'Licence:EntraIdP1', 'MT.1005'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP030'
    }

    It 'EGP031: Every administrator sign-in needs phishing-resistant MFA' -Tag @(
        'EGP031', 'Severity:High', 'Licence:EntraIdP1', 'MS.AAD.3.6'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP031'
    }

    It 'EGP032: Administrator sessions end: sign-in frequency of 4 hours at most, no persistent browser' -Tag @(
        'EGP032', 'Severity:Medium', 'Licence:EntraIdP1'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP032'
    }

    It 'EGP033: Sign-in by device code is blocked' -Tag @(
        'EGP033', 'Severity:High', 'Licence:EntraIdP1', 'MS.AAD.3.9', 'MT.1052'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP033'
    }

    It 'EGP034: Security info can be registered only from a managed device' -Tag @(
        'EGP034', 'Severity:Medium', 'Licence:EntraIdP1', 'MS.AAD.3.8'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP034'
    }

    It 'EGP035: Security info can be registered only from trusted locations' -Tag @(
        'EGP035', 'Severity:Medium', 'Licence:EntraIdP1', 'MT.1011'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP035'
    }

    It 'EGP036: Administrators sign in only from compliant or hybrid-joined devices' -Tag @(
        'EGP036', 'Severity:High', 'Licence:EntraIdP1', 'MT.1014'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP036'
    }

    It 'EGP037: Every sign-in needs a compliant or hybrid-joined device' -Tag @(
        'EGP037', 'Severity:Medium', 'Licence:EntraIdP1', 'MS.AAD.3.7'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP037'
    }

    It 'EGP038: Every user sign-in needs phishing-resistant MFA' -Tag @(
        'EGP038', 'Severity:Medium', 'Licence:EntraIdP1', 'MS.AAD.3.1'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP038'
    }

    It 'EGP051: Some enforced policy requires a compliant device' -Tag @(
        'EGP051', 'Severity:Medium', 'Licence:EntraIdP1', 'MT.1001'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP051'
    }

    It 'EGP052: Every sign-in of every user, to any application, meets an enforced policy' -Tag @(
        'EGP052', 'Severity:Medium', 'Licence:EntraIdP1', 'MT.1003', 'MT.1004'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP052'
    }

    It 'EGP053: Every sign-in to Azure management is blocked or needs MFA' -Tag @(
        'EGP053', 'Severity:High', 'Licence:EntraIdP1', 'MT.1008'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP053'
    }

    It 'EGP054: Sign-ins from unknown or unsupported device platforms are blocked' -Tag @(
        'EGP054', 'Severity:Medium', 'Licence:EntraIdP1', 'MT.1015'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP054'
    }

    It 'EGP055: Every guest and external user sign-in is blocked or needs MFA' -Tag @(
        'EGP055', 'Severity:High', 'Licence:EntraIdP1', 'MT.1016'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP055'
    }

    It 'EGP056: Office 365 sign-ins get application-enforced restrictions' -Tag @(
        'EGP056', 'Severity:Low', 'Licence:EntraIdP1', 'MT.1019'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP056'
    }

    It 'EGP057: No enforced policy applies to any sign-in of a break-glass account' -Tag @(
        'EGP057', 'Severity:High', 'Licence:EntraIdP1', 'MT.1034'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP057'
    }

    It 'EGP058: Everything a policy excludes is still reached by another enforced policy' -Tag @(
        'EGP058', 'Severity:Medium', 'Licence:EntraIdP1', 'MT.1036'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP058'
    }

    It 'EGP059: User risk and sign-in risk are answered by separate policies' -Tag @(
        'EGP059', 'Severity:High', 'Licence:EntraIdP2', 'MT.1049'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP059'
    }

    It 'EGP060: Every sign-in to Azure DevOps is blocked or needs MFA' -Tag @(
        'EGP060', 'Severity:High', 'Licence:EntraIdP1', 'MT.1071'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP060'
    }

    It 'EGP061: No policy relies on the retired ''approved client app'' grant' -Tag @(
        'EGP061', 'Severity:High', 'Licence:EntraIdP1', 'MT.1072'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP061'
    }

    It 'EGP062: Conditional Access policies name no deleted users, groups or roles' -Tag @(
        'EGP062', 'Severity:Medium', 'Licence:EntraIdP1', 'MT.1038', 'MT.1066'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP062'
    }

    It 'EGP064: Browser sessions on unmanaged devices do not persist' -Tag @(
        'EGP064', 'Severity:Medium', 'Licence:EntraIdP1', 'MT.1017'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP064'
    }

    It 'EGP065: Sign-ins from unmanaged devices have a sign-in frequency' -Tag @(
        'EGP065', 'Severity:Medium', 'Licence:EntraIdP1', 'MT.1018'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP065'
    }

    It 'EGP066: Conditional Access leaves the directory synchronization accounts out' -Tag @(
        'EGP066', 'Severity:Medium', 'Licence:EntraIdP1', 'MT.1020'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP066'
    }

    It 'EGP068: Agent identities at high risk are blocked' -Tag @(
        'EGP068', 'Severity:High', 'Licence:EntraIdP2', 'MT.1181'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP068'
    }

    It 'EGP088: Groups named in Conditional Access are role-assignable or in a restricted management unit' -Tag @(
        'EGP088', 'Severity:Medium', 'Licence:EntraIdP1', 'MT.1035'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP088'
    }

    It 'EGP095: Security defaults are on where there is no Conditional Access' -Tag @(
        'EGP095', 'Severity:High', 'Licence:None', 'MT.1021'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP095'
    }
}

Describe 'EntraGuard/Identity Protection' -Tag 'EntraGuard', 'Posture' {
    It 'EGP004: Risky sign-ins must be challenged' -Tag @(
        'EGP004', 'Severity:High', 'Licence:EntraIdP2', 'MT.1012'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP004'
    }

    It 'EGP005: Users at high risk must change their password' -Tag @(
        'EGP005', 'Severity:High', 'Licence:EntraIdP2', 'MT.1013'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP005'
    }

    It 'EGP039: High-risk users and high-risk sign-ins are blocked' -Tag @(
        'EGP039', 'Severity:High', 'Licence:EntraIdP2', 'MS.AAD.2.1', 'MS.AAD.2.3'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP039'
    }
}

Describe 'EntraGuard/Privileged roles' -Tag 'EntraGuard', 'Posture' {
    It 'EGP006: Privileged roles are held through PIM, not permanently' -Tag @(
        'EGP006', 'Severity:High', 'Licence:Pim', 'MS.AAD.7.4', 'MT.1031'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP006'
    }

    It 'EGP007: The tenant has a small, recoverable number of Global Administrators' -Tag @(
        'EGP007', 'Severity:Medium', 'Licence:None', 'MS.AAD.7.1', 'CIS.M365.1.1.3', 'MT.1032'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP007'
    }

    It 'EGP028: Activating Global Administrator needs an approval' -Tag @(
        'EGP028', 'Severity:High', 'Licence:Pim', 'MS.AAD.7.6'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP028'
    }

    It 'EGP029: Assignments and activations of privileged roles alert the security team' -Tag @(
        'EGP029', 'Severity:Medium', 'Licence:Pim', 'MS.AAD.7.7', 'MS.AAD.7.8', 'MS.AAD.7.9'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP029'
    }

    It 'EGP069: Privileged roles are held only by administrators who use them' -Tag @(
        'EGP069', 'Severity:Medium', 'Licence:Pim', 'MT.1030'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP069'
    }

    It 'EGP070: No guest account holds a privileged role' -Tag @(
        'EGP070', 'Severity:High', 'Licence:None', 'MT.1025'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP070'
    }

    It 'EGP071: Users holding privileged roles are cloud-only accounts' -Tag @(
        'EGP071', 'Severity:High', 'Licence:None', 'MS.AAD.7.3', 'CIS.M365.1.1.1', 'MT.1026'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP071'
    }

    It 'EGP072: No service principal that signs in with a client secret holds a privileged role' -Tag @(
        'EGP072', 'Severity:High', 'Licence:None', 'MT.1027'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP072'
    }

    It 'EGP073: Users holding privileged roles have no mailbox' -Tag @(
        'EGP073', 'Severity:Medium', 'Licence:None', 'MT.1028'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP073'
    }

    It 'EGP074: Most administrators hold narrower roles than Global Administrator' -Tag @(
        'EGP074', 'Severity:Medium', 'Licence:None', 'MS.AAD.7.2'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP074'
    }

    It 'EGP075: Privileged roles are assigned through PIM' -Tag @(
        'EGP075', 'Severity:Medium', 'Licence:Pim', 'MS.AAD.7.5'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP075'
    }

    It 'EGP081: No user synchronized from on-premises holds a directory role' -Tag @(
        'EGP081', 'Severity:Medium', 'Licence:None', 'MT.1081'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP081'
    }

    It 'EGP082: No stale account holds a privileged role' -Tag @(
        'EGP082', 'Severity:Medium', 'Licence:EntraIdP1', 'MT.1029'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP082'
    }
}

Describe 'EntraGuard/Applications' -Tag 'EntraGuard', 'Posture' {
    It 'EGP008: Users cannot register applications' -Tag @(
        'EGP008', 'Severity:Medium', 'Licence:None', 'MS.AAD.5.1', 'EIDSCA.AP10', 'CIS.M365.5.1.2.2'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP008'
    }

    It 'EGP009: User consent to applications is restricted' -Tag @(
        'EGP009', 'Severity:High', 'Licence:None', 'EIDSCA.AP08'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP009'
    }

    It 'EGP023: Users can ask an administrator to consent to an application' -Tag @(
        'EGP023', 'Severity:Medium', 'Licence:None', 'MS.AAD.5.3', 'EIDSCA.CR01', 'CIS.M365.5.1.5.2'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP023'
    }

    It 'EGP027: Users cannot consent to applications Microsoft flags as risky' -Tag @(
        'EGP027', 'Severity:High', 'Licence:None', 'EIDSCA.AP09'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP027'
    }

    It 'EGP045: Admin consent reviewers hear of each request, and requests expire within 30 days' -Tag @(
        'EGP045', 'Severity:Low', 'Licence:None', 'EIDSCA.CR02', 'EIDSCA.CR03', 'EIDSCA.CR04'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP045'
    }

    It 'EGP079: Group and team owners cannot consent to applications' -Tag @(
        'EGP079', 'Severity:Medium', 'Licence:None', 'MS.AAD.5.4'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP079'
    }

    It 'EGP096: Only administrators consent to applications' -Tag @(
        'EGP096', 'Severity:High', 'Licence:None', 'MS.AAD.5.2', 'CIS.M365.5.1.5.1'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP096'
    }

    It 'EGP104: Group and team owners cannot consent to applications (legacy consent settings)' -Tag @(
        'EGP104', 'Severity:Medium', 'Licence:None', 'EIDSCA.CP01'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP104'
    }

    It 'EGP105: Risk-based step-up consent is on (legacy consent settings)' -Tag @(
        'EGP105', 'Severity:Medium', 'Licence:None', 'EIDSCA.CP03'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP105'
    }

    It 'EGP106: Users can ask for admin consent (legacy consent settings)' -Tag @(
        'EGP106', 'Severity:Low', 'Licence:None', 'EIDSCA.CP04'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP106'
    }
}

Describe 'EntraGuard/Application credentials' -Tag 'EntraGuard', 'Posture' {
    It 'EGP010: Client secrets are short-lived' -Tag @(
        'EGP010', 'Severity:Medium', 'Licence:None'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP010'
    }

    It 'EGP011: Expired credentials are removed' -Tag @(
        'EGP011', 'Severity:Low', 'Licence:None'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP011'
    }

    It 'EGP012: Applications use secrets or certificates, not both' -Tag @(
        'EGP012', 'Severity:Low', 'Licence:None'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP012'
    }

    It 'EGP013: Microsoft first-party service principals hold no credentials' -Tag @(
        'EGP013', 'Severity:High', 'Licence:None'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP013'
    }

    It 'EGP014: Service principals of multi-tenant applications hold no credentials' -Tag @(
        'EGP014', 'Severity:High', 'Licence:None'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP014'
    }

    It 'EGP080: The default app management policy restricts application secrets' -Tag @(
        'EGP080', 'Severity:Medium', 'Licence:WorkloadId', 'MT.1002'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP080'
    }

    It 'EGP085: Applications sign in with certificates or federated credentials, not client secrets' -Tag @(
        'EGP085', 'Severity:Medium', 'Licence:None', 'MT.1057'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP085'
    }
}

Describe 'EntraGuard/User and guest settings' -Tag 'EntraGuard', 'Posture' {
    It 'EGP015: Users cannot create tenants' -Tag @(
        'EGP015', 'Severity:Medium', 'Licence:None', 'CIS.M365.5.1.2.3', 'MT.1068'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP015'
    }

    It 'EGP016: Users cannot create security groups' -Tag @(
        'EGP016', 'Severity:Low', 'Licence:None', 'MT.1069'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP016'
    }

    It 'EGP017: Users cannot read the BitLocker keys of their own devices' -Tag @(
        'EGP017', 'Severity:Low', 'Licence:None', 'CIS.M365.5.1.4.6'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP017'
    }

    It 'EGP018: Guests have limited or restricted access to the directory' -Tag @(
        'EGP018', 'Severity:Medium', 'Licence:None', 'MS.AAD.8.1', 'CIS.M365.5.1.6.2'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP018'
    }

    It 'EGP019: Only administrators and Guest Inviters may invite guests' -Tag @(
        'EGP019', 'Severity:Medium', 'Licence:None', 'MS.AAD.8.2', 'EIDSCA.AP04'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP019'
    }

    It 'EGP024: Passwords do not expire on a schedule' -Tag @(
        'EGP024', 'Severity:Low', 'Licence:None', 'MS.AAD.6.1', 'CIS.M365.1.3.1'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP024'
    }

    It 'EGP025: Users cannot sign up for self-service subscriptions' -Tag @(
        'EGP025', 'Severity:Low', 'Licence:None', 'EIDSCA.AP05'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP025'
    }

    It 'EGP026: Outsiders cannot join the tenant by verifying an email address' -Tag @(
        'EGP026', 'Severity:Medium', 'Licence:None', 'EIDSCA.AP06'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP026'
    }

    It 'EGP046: Administrators cannot reset their own passwords by self-service' -Tag @(
        'EGP046', 'Severity:Medium', 'Licence:None', 'EIDSCA.AP01'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP046'
    }

    It 'EGP050: Guests cannot own Microsoft 365 groups' -Tag @(
        'EGP050', 'Severity:Low', 'Licence:None', 'EIDSCA.ST08'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP050'
    }

    It 'EGP090: Only approved users create Microsoft 365 groups' -Tag @(
        'EGP090', 'Severity:Medium', 'Licence:None', 'MT.1055'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP090'
    }

    It 'EGP103: Guests see only their own directory objects' -Tag @(
        'EGP103', 'Severity:Low', 'Licence:None', 'EIDSCA.AP07'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP103'
    }
}

Describe 'EntraGuard/Authentication methods' -Tag 'EntraGuard', 'Posture' {
    It 'EGP020: SMS, voice call and email one-time passcodes are turned off' -Tag @(
        'EGP020', 'Severity:Medium', 'Licence:None', 'MS.AAD.3.5', 'CIS.M365.5.2.3.5', 'EIDSCA.AV01'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP020'
    }

    It 'EGP021: Authentication methods are managed in the authentication methods policy' -Tag @(
        'EGP021', 'Severity:Medium', 'Licence:None', 'MS.AAD.3.4', 'EIDSCA.AG01'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP021'
    }

    It 'EGP022: Microsoft Authenticator shows the app and location it approves' -Tag @(
        'EGP022', 'Severity:Medium', 'Licence:None', 'MS.AAD.3.3', 'EIDSCA.AM06', 'EIDSCA.AM07', 'EIDSCA.AM09', 'EIDSCA.AM10'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP022'
    }

    It 'EGP040: Users can register FIDO2 security keys and passkeys' -Tag @(
        'EGP040', 'Severity:Medium', 'Licence:None', 'EIDSCA.AF01', 'EIDSCA.AF02'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP040'
    }

    It 'EGP041: Only attested FIDO2 key models the organization chose are accepted' -Tag @(
        'EGP041', 'Severity:Low', 'Licence:None', 'EIDSCA.AF03', 'EIDSCA.AF04', 'EIDSCA.AF05', 'EIDSCA.AF06'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP041'
    }

    It 'EGP042: Temporary Access Pass is available and works only once' -Tag @(
        'EGP042', 'Severity:Low', 'Licence:None', 'EIDSCA.AT01', 'EIDSCA.AT02'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP042'
    }

    It 'EGP043: Microsoft Authenticator is on, without its one-time codes' -Tag @(
        'EGP043', 'Severity:Medium', 'Licence:None', 'EIDSCA.AM01', 'EIDSCA.AM02'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP043'
    }

    It 'EGP044: A text message cannot replace the password at sign-in' -Tag @(
        'EGP044', 'Severity:Medium', 'Licence:None', 'EIDSCA.AS04'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP044'
    }

    It 'EGP063: Authentication method settings target no deleted groups' -Tag @(
        'EGP063', 'Severity:Medium', 'Licence:None', 'MT.1067'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP063'
    }

    It 'EGP107: Every user can report an MFA prompt they did not start' -Tag @(
        'EGP107', 'Severity:Medium', 'Licence:None', 'EIDSCA.AG02', 'EIDSCA.AG03'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP107'
    }
}

Describe 'EntraGuard/Passwords' -Tag 'EntraGuard', 'Posture' {
    It 'EGP047: Smart lockout stops password guessing after at most 10 failures' -Tag @(
        'EGP047', 'Severity:Medium', 'Licence:None', 'EIDSCA.PR05', 'EIDSCA.PR06'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP047'
    }

    It 'EGP048: Passwords made of the organization''s own words are refused' -Tag @(
        'EGP048', 'Severity:Low', 'Licence:EntraIdP1', 'EIDSCA.PR03'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP048'
    }

    It 'EGP049: Password protection is enforced on Windows Server Active Directory' -Tag @(
        'EGP049', 'Severity:Low', 'Licence:EntraIdP1', 'EIDSCA.PR01', 'EIDSCA.PR02'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP049'
    }
}

Describe 'EntraGuard/Application permissions' -Tag 'EntraGuard', 'Posture' {
    It 'EGP067: Owners of app registrations have MFA registered' -Tag @(
        'EGP067', 'Severity:Medium', 'Licence:EntraIdP1', 'MT.1063'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP067'
    }

    It 'EGP076: No application holds a Graph permission that makes it Global Administrator in one step' -Tag @(
        'EGP076', 'Severity:High', 'Licence:None', 'MT.1050'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP076'
    }

    It 'EGP077: No application holds a Graph permission that leads to Global Administrator in a few steps' -Tag @(
        'EGP077', 'Severity:High', 'Licence:None', 'MT.1051'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP077'
    }

    It 'EGP078: Applications not published by Microsoft admit only the users assigned to them' -Tag @(
        'EGP078', 'Severity:Medium', 'Licence:None', 'MT.1075'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP078'
    }

    It 'EGP083: No app registration holding a Graph permission that leads to Global Administrator has owners' -Tag @(
        'EGP083', 'Severity:High', 'Licence:None', 'MT.1077'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP083'
    }

    It 'EGP084: No app registration whose service principal holds a privileged role has owners' -Tag @(
        'EGP084', 'Severity:High', 'Licence:None', 'MT.1078'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP084'
    }
}

Describe 'EntraGuard/Guest access' -Tag 'EntraGuard', 'Posture' {
    It 'EGP086: A dynamic group gathers every guest' -Tag @(
        'EGP086', 'Severity:Low', 'Licence:EntraIdP1', 'CIS.M365.5.1.3.1'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP086'
    }
}

Describe 'EntraGuard/Groups and Teams' -Tag 'EntraGuard', 'Posture' {
    It 'EGP087: Only approved Microsoft 365 groups are public' -Tag @(
        'EGP087', 'Severity:Medium', 'Licence:None', 'CIS.M365.1.2.1'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP087'
    }
}

Describe 'EntraGuard/Devices' -Tag 'EntraGuard', 'Posture' {
    It 'EGP091: Only selected users join devices to Microsoft Entra ID' -Tag @(
        'EGP091', 'Severity:Medium', 'Licence:None', 'MT.1070'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP091'
    }

    It 'EGP092: Global Administrators are not local administrators of joined devices' -Tag @(
        'EGP092', 'Severity:Medium', 'Licence:None', 'MT.1090'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP092'
    }

    It 'EGP093: The user who joins a device does not become its local administrator' -Tag @(
        'EGP093', 'Severity:Medium', 'Licence:None', 'MT.1091'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP093'
    }

    It 'EGP094: Device registration MFA is left to Conditional Access where a policy covers it' -Tag @(
        'EGP094', 'Severity:Medium', 'Licence:None', 'MT.1061'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP094'
    }
}

Describe 'EntraGuard/Directory synchronization' -Tag 'EntraGuard', 'Posture' {
    It 'EGP097: Synchronization cannot take over cloud accounts by soft or hard match' -Tag @(
        'EGP097', 'Severity:High', 'Licence:None', 'MT.1073'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP097'
    }

    It 'EGP098: The krbtgt_AzureAD account is not synchronized to Microsoft Entra ID' -Tag @(
        'EGP098', 'Severity:High', 'Licence:None', 'MT.1147'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP098'
    }
}

Describe 'EntraGuard/Licences' -Tag 'EntraGuard', 'Posture' {
    It 'EGP108: Users of Entra ID P1 and P2 features do not outnumber the licences' -Tag @(
        'EGP108', 'Severity:Low', 'Licence:EntraIdP1', 'MT.1022', 'MT.1023'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP108'
    }
}

Describe 'EntraGuard/Entitlement management' -Tag 'EntraGuard', 'Posture' {
    It 'EGP110: Access packages and catalogs name no deleted group' -Tag @(
        'EGP110', 'Severity:Medium', 'Licence:Pim', 'MT.1107'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP110'
    }

    It 'EGP111: Access packages have no idle or orphaned assignment policies' -Tag @(
        'EGP111', 'Severity:Low', 'Licence:Pim', 'MT.1108'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP111'
    }

    It 'EGP112: Catalog resources all belong to some access package' -Tag @(
        'EGP112', 'Severity:Low', 'Licence:Pim', 'MT.1110'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP112'
    }

    It 'EGP113: Access package approvals name approvers who exist' -Tag @(
        'EGP113', 'Severity:Medium', 'Licence:Pim', 'MT.1109'
    ) {
        Assert-EntraGuardPostureCheck -CheckId 'EGP113'
    }
}

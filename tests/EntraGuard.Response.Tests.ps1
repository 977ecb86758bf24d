# Pester 5+ tests for the remediation cmdlets. They run where PowerShell 7 is installed (CI skips them otherwise); the
# same behaviour is covered by the xunit suites (engine, loopback Graph stand-in, module contract) on machines without pwsh.
BeforeAll {
    $root = Split-Path $PSScriptRoot -Parent
    $manifest = Join-Path $root 'EntraGuard.psd1'
    if (Test-Path $manifest) {
        Import-Module $manifest -Force
    }
    else {
        $dll = Get-ChildItem (Join-Path $root 'src/EntraGuard/bin') -Recurse -Filter EntraGuard.dll | Select-Object -First 1
        Import-Module $dll.FullName -Force
    }
    $responders = 'Invoke-CredentialRevocation', 'Disable-EntraServicePrincipal', 'Enable-EntraServicePrincipal',
        'Revoke-EntraUserSession', 'Disable-EntraUser', 'Enable-EntraUser', 'Restore-EntraGroupMember', 'New-EntraTemporaryAccessPass'

    # A directory of one service principal on a loopback HttpListener: answers the read and the PATCH, records every request.
    function Start-DirectoryStandIn {
        $port = Get-Random -Minimum 20000 -Maximum 60000
        $listener = [System.Net.HttpListener]::new()
        $listener.Prefixes.Add("http://127.0.0.1:$port/")
        $listener.Start()
        $requests = [System.Collections.Concurrent.ConcurrentQueue[string]]::new()
        $shell = [powershell]::Create()
        $null = $shell.AddScript({
                param($listener, $requests)
                $enabled = $true
                while ($listener.IsListening) {
                    try { $context = $listener.GetContext() } catch { break }
                    $body = [System.IO.StreamReader]::new($context.Request.InputStream).ReadToEnd()
                    $requests.Enqueue("$($context.Request.HttpMethod) $($context.Request.Url.AbsolutePath) $body".Trim())
                    if ($context.Request.HttpMethod -eq 'PATCH') { $enabled = $false; $context.Response.StatusCode = 204 }
                    else {
                        $json = '{"id":"3f0c9a51-6c1e-4d2b-9a7e-5b1c2d3e4f50","appId":"c2a4e6f8-1b3d-4f5a-8c7e-9d0b1a2c3e4f","displayName":"Payroll-Sync","accountEnabled":' + "$enabled".ToLower() + ',"passwordCredentials":[],"keyCredentials":[]}'
                        $bytes = [System.Text.Encoding]::UTF8.GetBytes($json)
                        $context.Response.ContentType = 'application/json'
                        $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                    }
                    $context.Response.Close()
                }
            }).AddArgument($listener).AddArgument($requests)
        $null = $shell.BeginInvoke()
        [pscustomobject]@{ BaseUrl = "http://127.0.0.1:$port/v1.0"; Listener = $listener; Shell = $shell; Requests = $requests }
    }

    function New-FakeToken {
        $encode = { param($json) [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($json)).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
        $claims = '{"tid":"5b7c1e2a-8d3f-4a6b-9c0e-1f2a3b4c5d6e","appid":"11111111-aaaa-4aaa-8aaa-111111111111","oid":"99999999-9999-4999-8999-999999999999","exp":1893456000}'
        "$(& $encode '{"alg":"none","typ":"JWT"}').$(& $encode $claims).PESTER-TOKEN" | ConvertTo-SecureString -AsPlainText -Force
    }
}

Describe 'The remediation cmdlets' -Tag 'EntraGuard' {
    It '<_> uses an approved verb and asks before it changes anything' -ForEach $responders {
        $command = Get-Command $_
        (Get-Verb).Verb | Should -Contain $command.Verb
        $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0].ConfirmImpact |
            Should -Be 'High'
        $command.Parameters.Keys | Should -Contain 'WhatIf'
        $command.Parameters.Keys | Should -Contain 'JournalPath'
    }

    It 'bind the responder keys of risk events by property name' {
        (Get-Command Invoke-CredentialRevocation).Parameters['KeyId'].ParameterSets.Values.ValueFromPipelineByPropertyName | Should -Contain $true
        (Get-Command Restore-EntraGroupMember).Parameters['MemberId'].Aliases | Should -Contain 'Id'
        (Get-Command Revoke-EntraUserSession).Parameters['EventTime'].Aliases | Should -Contain 'TimeGenerated'
    }

    It 'stop with NotConnected before Connect-EntraGuard' {
        Disconnect-EntraGuard -ErrorAction SilentlyContinue
        { Disable-EntraUser -UserId megan.bowen@fabrikam.example -WhatIf -ErrorAction Stop } |
            Should -Throw -ErrorId 'NotConnected,EntraGuard.Commands.DisableEntraUserCommand'
    }
}

Describe 'Disable-EntraServicePrincipal against a loopback directory' -Tag 'EntraGuard' {
    BeforeAll {
        $standIn = Start-DirectoryStandIn
        Connect-EntraGuard -AccessToken (New-FakeToken) -GraphBaseUrl $standIn.BaseUrl
        $journal = Join-Path $TestDrive 'journal.jsonl'
    }
    AfterAll {
        Disconnect-EntraGuard
        $standIn.Listener.Stop()
        $standIn.Shell.Dispose()
    }

    It '-WhatIf reads, prints the plan and writes nothing, not even the journal' {
        Disable-EntraServicePrincipal -ServicePrincipalId 3f0c9a51-6c1e-4d2b-9a7e-5b1c2d3e4f50 -JournalPath $journal -WhatIf |
            Should -BeNullOrEmpty
        $standIn.Requests.ToArray() | Should -Not -BeLike 'PATCH*'
        Test-Path $journal | Should -BeFalse
    }

    It 'disables once, journals before and after, and reports AlreadyDone on the second run' {
        $first = Disable-EntraServicePrincipal -ServicePrincipalId 3f0c9a51-6c1e-4d2b-9a7e-5b1c2d3e4f50 -JournalPath $journal -Confirm:$false
        $first.Status | Should -Be 'Done'
        @($standIn.Requests.ToArray() | Where-Object { $_ -like 'PATCH*' }) |
            Should -Be @('PATCH /v1.0/servicePrincipals/3f0c9a51-6c1e-4d2b-9a7e-5b1c2d3e4f50 {"accountEnabled":false}')

        $second = Disable-EntraServicePrincipal -ServicePrincipalId 3f0c9a51-6c1e-4d2b-9a7e-5b1c2d3e4f50 -JournalPath $journal -Confirm:$false
        $second.Status | Should -Be 'AlreadyDone'

        $records = Get-EntraGuardJournal -Path $journal
        $records.Status | Should -Be @('Done', 'AlreadyDone')
        ($first | Get-EntraGuardJournal -Path $journal).Calls | Should -Be 'PATCH /servicePrincipals/3f0c9a51-6c1e-4d2b-9a7e-5b1c2d3e4f50 {"accountEnabled":false}'
    }
}

Describe 'Get-EntraGuardJournal' -Tag 'EntraGuard' {
    BeforeAll {
        $journal = Join-Path $TestDrive 'journal.jsonl'
        @(
            '{"journalId":"j-1","phase":"started","time":"2026-11-13T02:40:00Z","action":"DisableUser","target":{"type":"user","id":"u-1","name":"megan.bowen@fabrikam.example"},"calls":["PATCH /users/u-1 {\"accountEnabled\":false}"],"priorState":{"user":{"id":"u-1","accountEnabled":true}}}'
            '{"journalId":"j-1","phase":"completed","time":"2026-11-13T02:40:01Z","status":"Done","detail":"Disable user"}'
            '{"journalId":"j-2","phase":"started","time":"2026-11-13T02:41:00Z","action":"RevokeUserSession","target":{"type":"user","id":"u-1"},"calls":["POST /users/u-1/revokeSignInSessions"]}'
        ) | Set-Content $journal
    }

    It 'shows an action without an outcome as Pending' {
        (Get-EntraGuardJournal -Path $journal -Status Pending).JournalId | Should -Be 'j-2'
    }

    It 'filters by target and action, and binds JournalId from results' {
        (Get-EntraGuardJournal -Path $journal -Target 'megan.bowen@fabrikam.example').JournalId | Should -Be 'j-1'
        (Get-EntraGuardJournal -Path $journal -Action RevokeUserSession).JournalId | Should -Be 'j-2'
        ([pscustomobject]@{ JournalId = 'j-1' } | Get-EntraGuardJournal -Path $journal).Status | Should -Be 'Done'
    }

    It 'warns about a line torn by a crash and reads the rest' {
        Add-Content $journal '{"journalId":"j-3","pha'
        $records = Get-EntraGuardJournal -Path $journal -WarningVariable warnings -WarningAction SilentlyContinue
        $records.Count | Should -Be 2
        $warnings | Should -BeLike '*unreadable journal line*'
    }
}

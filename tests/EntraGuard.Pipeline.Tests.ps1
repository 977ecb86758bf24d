#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    The pipelines EntraGuard promises, run over the synthetic tenant in samples/graph, and the responders under
    -WhatIf against a local Graph stand-in that records every request. A test whose cmdlet is not in this build yet is
    skipped with the reason and runs as soon as the cmdlet exists; the -WhatIf test runs once per responder found
    at discovery (none, until the response cmdlets land).
#>

BeforeDiscovery {
    $repositoryRoot = Split-Path -Parent $PSScriptRoot
    Import-Module -Name (Join-Path $repositoryRoot 'artifacts/module/EntraGuard.psd1') -Force
    # Responders: cmdlets that change the tenant and take the ids a RiskEvent carries (the xunit contract uses the
    # same definition).
    $targetParameters = 'ServicePrincipalId', 'ApplicationId', 'KeyId', 'UserId', 'GroupId'
    $Responders = @(Get-Command -Module EntraGuard -CommandType Cmdlet | Where-Object {
            $command = $_
            $command.Parameters.ContainsKey('WhatIf') -and
            @($command.Parameters.Values | Where-Object { $_.Name -in $targetParameters -or @($_.Aliases | Where-Object { $_ -in $targetParameters }).Count }).Count
        } | ForEach-Object { @{ Name = $_.Name } })
    Remove-Module -Name EntraGuard
}

BeforeAll {
    $RepositoryRoot = Split-Path -Parent $PSScriptRoot
    Import-Module -Name (Join-Path $RepositoryRoot 'artifacts/module/EntraGuard.psd1') -Force
    $Samples = Join-Path $RepositoryRoot 'samples/graph'
    # The sample tenant's settings: Tier0-Admins privileged, the daily key rotation suppressed.
    $Settings = Join-Path $RepositoryRoot 'samples/settings.yaml'

    # Marks the running test skipped, and returns $true, when a cmdlet or the sample data is missing.
    function Test-Unavailable {
        param([string[]] $Command = @(), [switch] $SampleData)
        foreach ($name in $Command) {
            if (-not (Get-Command -Name $name -Module EntraGuard -ErrorAction SilentlyContinue)) {
                Set-ItResult -Skipped -Because "$name is not in this build of the module"
                return $true
            }
        }
        if ($SampleData -and -not (Test-Path -Path $Samples)) {
            Set-ItResult -Skipped -Because 'samples/graph is not in this checkout'
            return $true
        }
        return $false
    }
}

AfterAll {
    Remove-Module -Name EntraGuard -ErrorAction SilentlyContinue
}

Describe 'Reading the sample tenant' -Tag 'Pipeline' {
    It 'Get-EntraAuditEvent streams every sample event as an AuditEvent' {
        if (Test-Unavailable -SampleData) { return }
        $events = @(Get-EntraAuditEvent -Path $Samples)
        $events.Count | Should -BeGreaterOrEqual 5000
        $events | Select-Object -First 1 | Should -BeOfType ([EntraGuard.AuditEvent])
        @($events | Where-Object { -not $_.Id -or $_.ActivityDateTime -eq [DateTimeOffset]::MinValue }) | Should -BeNullOrEmpty
    }

    It 'Get-ChildItem | Get-EntraAuditEvent binds each file through FullName and reads the same events' {
        if (Test-Unavailable -SampleData) { return }
        $direct = @(Get-EntraAuditEvent -Path $Samples).Count
        $piped = @(Get-ChildItem -Path $Samples -File -Recurse | Get-EntraAuditEvent).Count
        $piped | Should -Be $direct
    }

    It 'a missing path is an error for that path alone; the other paths are still read' {
        if (Test-Unavailable -SampleData) { return }
        $missing = Join-Path $TestDrive 'no-such-export.json'
        $events = @(Get-EntraAuditEvent -Path $missing, $Samples -ErrorVariable readErrors -ErrorAction SilentlyContinue)
        $events.Count | Should -Be 5066
        $readErrors.Count | Should -Be 1
        $readErrors[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
        $readErrors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Detection pipeline' -Tag 'Pipeline' {
    It 'Get-EntraAuditEvent | Get-EntraRiskEvent reports every seed detection in the sample tenant' {
        if (Test-Unavailable -Command Get-EntraRiskEvent -SampleData) { return }
        $risks = @(Get-EntraAuditEvent -Path $Samples | Get-EntraRiskEvent -SettingsPath $Settings)
        $risks | Should -Not -BeNullOrEmpty
        foreach ($rule in 'EG0001', 'EG0002', 'EG0003', 'EG0004', 'EG0005') {
            $risks.RuleId | Should -Contain $rule
        }
        @($risks | Where-Object { -not $_.RiskEventId }) | Should -BeNullOrEmpty
    }

    It 'gives the same RiskEventIds when the files are read in another order' {
        if (Test-Unavailable -Command Get-EntraRiskEvent -SampleData) { return }
        $forward = @(Get-ChildItem -Path $Samples -File -Recurse | Sort-Object -Property FullName | Get-EntraAuditEvent | Get-EntraRiskEvent -SettingsPath $Settings).RiskEventId | Sort-Object
        $reverse = @(Get-ChildItem -Path $Samples -File -Recurse | Sort-Object -Property FullName -Descending | Get-EntraAuditEvent | Get-EntraRiskEvent -SettingsPath $Settings).RiskEventId | Sort-Object
        $reverse | Should -Be $forward
    }
}

Describe 'Investigation pipeline' -Tag 'Pipeline' {
    It 'Get-EntraRiskEvent -Path … | Get-EntraRiskEventContext -Path … states that the planted secret was used' {
        if (Test-Unavailable -Command Get-EntraRiskEvent, Get-EntraRiskEventContext -SampleData) { return }
        $signIns = Join-Path $RepositoryRoot 'samples/signins'
        $contexts = @(Get-EntraRiskEvent -Path $Samples -SettingsPath $Settings -RuleId EG0001 |
                Get-EntraRiskEventContext -Path $Samples, $signIns)
        $planted = @($contexts | Where-Object { $_.TargetName -eq 'Payroll-Sync' -and $_.ActorName -like 'megan.bowen*' })
        $planted.Count | Should -Be 1
        $planted[0].CredentialUsed | Should -BeTrue
        # Both wire formats of the sample sign-ins are read: each of the six uses is there twice, counted once.
        $planted[0].CredentialSignInCount | Should -Be 6
        $planted[0].CredentialIpAddresses | Should -Be @('203.0.113.77')
        $planted[0].ActorNewIpAddresses | Should -Contain '203.0.113.77'
        $planted[0].ActorScriptingClient | Should -BeTrue
        $planted[0].RelatedEventIds.Count | Should -BeGreaterOrEqual 10
        $planted[0].Summary | Should -Match 'was used 6 time\(s\) from 203\.0\.113\.77'
    }

    It 'without sign-in files the credential use is unknown ($null), not $false' {
        if (Test-Unavailable -Command Get-EntraRiskEvent, Get-EntraRiskEventContext -SampleData) { return }
        $planted = @(Get-EntraRiskEvent -Path $Samples -SettingsPath $Settings -RuleId EG0001 |
                Get-EntraRiskEventContext -Path $Samples |
                Where-Object { $_.TargetName -eq 'Payroll-Sync' -and $_.ActorName -like 'megan.bowen*' })
        $planted.Count | Should -Be 1
        $planted[0].CredentialUsed | Should -BeNullOrEmpty
        $planted[0].Summary | Should -Match 'unknown: no service-principal sign-ins were read'
    }
}

Describe 'Responders under -WhatIf' -Tag 'Pipeline', 'WhatIf' {
    BeforeAll {
        # A Graph stand-in on loopback: records "METHOD /path" of every request, answers a GET with an empty object
        # and anything else with 204. A POST to $batch is only an envelope: each request inside it is recorded and
        # answered the same way, as a part of the batch answer. Reads may happen under -WhatIf (to show the plan);
        # writes must not.
        $Requests = [System.Collections.Concurrent.ConcurrentQueue[string]]::new()
        $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $probe.Start()
        $port = $probe.LocalEndpoint.Port
        $probe.Stop()
        $Listener = [System.Net.HttpListener]::new()
        $Listener.Prefixes.Add("http://127.0.0.1:$port/")
        $Listener.Start()
        $BaseUrl = "http://127.0.0.1:$port/v1.0"
        $Server = [powershell]::Create()
        $null = $Server.AddScript({
                param($listener, $requests)
                $emptyObject = @{ id = '00000000-0000-0000-0000-000000000000'; value = @(); keyCredentials = @(); passwordCredentials = @() }
                while ($listener.IsListening) {
                    try { $context = $listener.GetContext() } catch { break }
                    $request = $context.Request
                    $answer = $null
                    if ($request.HttpMethod -eq 'POST' -and $request.Url.AbsolutePath.EndsWith('/$batch')) {
                        $batch = [IO.StreamReader]::new($request.InputStream).ReadToEnd() | ConvertFrom-Json
                        $parts = foreach ($part in $batch.requests) {
                            $requests.Enqueue("$($part.method) $($part.url)")
                            if ($part.method -eq 'GET') {
                                @{ id = $part.id; status = 200; headers = @{ 'Content-Type' = 'application/json' }; body = $emptyObject }
                            }
                            else {
                                @{ id = $part.id; status = 204 }
                            }
                        }
                        $answer = @{ responses = @($parts) }
                    }
                    else {
                        $requests.Enqueue("$($request.HttpMethod) $($request.Url.AbsolutePath)")
                        if ($request.HttpMethod -eq 'GET') { $answer = $emptyObject }
                    }
                    if ($null -eq $answer) {
                        $context.Response.StatusCode = 204
                    }
                    else {
                        $body = [Text.Encoding]::UTF8.GetBytes(($answer | ConvertTo-Json -Depth 5 -Compress))
                        $context.Response.ContentType = 'application/json'
                        $context.Response.OutputStream.Write($body, 0, $body.Length)
                    }
                    $context.Response.Close()
                }
            }).AddArgument($Listener).AddArgument($Requests)
        $null = $Server.BeginInvoke()

        # Connects to the stand-in with a dummy token through whatever base-URL parameter Connect-EntraGuard has;
        # returns $false (test skipped) when this build cannot.
        function Connect-StandIn {
            $connect = Get-Command -Name Connect-EntraGuard -ErrorAction SilentlyContinue
            $baseUrlParameter = if ($connect) { $connect.Parameters.Keys | Where-Object { $_ -like '*BaseUr*' } | Select-Object -First 1 }
            if (-not $connect -or -not $connect.Parameters.ContainsKey('AccessToken') -or -not $baseUrlParameter) {
                Set-ItResult -Skipped -Because 'Connect-EntraGuard with -AccessToken and a base-URL parameter is not in this build'
                return $false
            }
            $token = ConvertTo-SecureString -String 'stand-in-token' -AsPlainText -Force
            $parameters = @{ AccessToken = $token; $baseUrlParameter = $BaseUrl }
            Connect-EntraGuard @parameters | Out-Null
            return $true
        }
    }

    AfterAll {
        if (Get-Command -Name Disconnect-EntraGuard -ErrorAction SilentlyContinue) { Disconnect-EntraGuard -ErrorAction SilentlyContinue | Out-Null }
        $Listener.Stop()
        $Listener.Close()
        $Server.Dispose()
    }

    It 'Get-EntraRiskEvent | <Name> -WhatIf sends no write to Graph' -ForEach $Responders {
        if (Test-Unavailable -Command Get-EntraRiskEvent -SampleData) { return }
        if (-not (Connect-StandIn)) { return }
        $risks = @(Get-EntraAuditEvent -Path $Samples | Get-EntraRiskEvent -SettingsPath $Settings)
        $before = $Requests.Count
        $risks | & $Name -WhatIf -ErrorVariable failures -ErrorAction SilentlyContinue | Out-Null
        $seen = @($Requests.ToArray() | Select-Object -Skip $before)
        @($seen | Where-Object { $_ -notlike 'GET *' }) | Should -BeNullOrEmpty -Because '-WhatIf must stop after the plan'
        # The reads that show the plan got their answers (a stand-in that answers nothing would prove nothing).
        @($failures | Where-Object { "$_" -like '*batch answer has no part*' }) | Should -BeNullOrEmpty
    }

    It 'Invoke-CredentialRevocation asks for confirmation by default (ConfirmImpact High)' {
        if (Test-Unavailable -Command Invoke-CredentialRevocation) { return }
        $command = Get-Command -Name Invoke-CredentialRevocation
        $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) | Select-Object -First 1
        $attribute.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::High)
        $command.Parameters.ContainsKey('WhatIf') | Should -BeTrue
    }
}

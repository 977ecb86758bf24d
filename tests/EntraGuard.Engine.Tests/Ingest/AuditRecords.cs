namespace EntraGuard.Tests.Ingest
{
    /// <summary>Hand-written directoryAudit records in Graph's shape, for reader tests.</summary>
    internal static class AuditRecords
    {
        public static string Record(
            string id,
            string time = "2026-11-13T02:11:07.1234567Z",
            string activity = "Add service principal credentials"
        ) =>
            $$"""
                {"id":"{{id}}","category":"ApplicationManagement","correlationId":"c-{{id}}","result":"success","resultReason":"",
                 "activityDisplayName":"{{activity}}","activityDateTime":"{{time}}","loggedByService":"Core Directory","operationType":"Update",
                 "initiatedBy":{"user":{"id":"u-megan","displayName":null,"userPrincipalName":"megan@fabrikam.example","ipAddress":"203.0.113.77"},"app":null},
                 "targetResources":[{"id":"sp-1","displayName":"Payroll-Sync","type":"ServicePrincipal","userPrincipalName":null,
                   "modifiedProperties":[{"displayName":"KeyDescription","oldValue":"[]","newValue":"[\"[KeyIdentifier=k-1,KeyType=Password,KeyUsage=Verify,DisplayName=backup]\"]"}]}],
                 "additionalDetails":[{"key":"User-Agent","value":"python-requests/2.31.0"},{"key":"AppId","value":"app-1"}]}
                """;

        public static string Page(params string[] records) =>
            "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits\",\"value\":["
            + string.Join(",", records)
            + "],\"@odata.nextLink\":\"https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$skiptoken=x\"}";

        public static string Diagnostic(
            string id,
            string category = "AuditLogs",
            string extra = "\"tenantId\":\"t-1\","
        ) =>
            $$"""
                {"time":"2026-11-13T03:00:00.0000000Z","resourceId":"/tenants/t-from-resource/providers/Microsoft.aadiam","operationName":"Add member to group",
                 "operationVersion":"1.0","category":"{{category}}",{{extra}}"durationMs":"0","callerIpAddress":"2001:db8::1","correlationId":"c-{{id}}","Level":4,
                 "properties":{"id":"{{id}}","category":"GroupManagement","activityDisplayName":"Add member to group","activityDateTime":"2026-11-13T03:00:00.0000000Z",
                   "result":"success","initiatedBy":{"user":{"id":"u-admin","userPrincipalName":"it.admin@fabrikam.example","ipAddress":""} },
                   "targetResources":[{"id":"g-1","displayName":"Tier0-Admins","Type":"Group"}]} }
                """.Replace("\n", "").Replace("\r", "");
    }
}

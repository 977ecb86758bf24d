using System;
using System.Linq;
using System.Text.Json;

namespace EntraGuard.Graph.Tests.StandIn
{
    /// <summary>
    /// The planted intrusion as Graph tells it: an attacker signs in from a new address with a script, adds a two-year
    /// secret to a service principal that holds Application.ReadWrite.All (and a privileged role through a group, and
    /// another eligible through PIM), grants more, and the secret is used from that address, again two days later.
    /// </summary>
    public static class InvestigationTenant
    {
        public static readonly DateTimeOffset Added = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        public const string AttackerId = "6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";
        public const string AttackerUpn = "megan.bowen@fabrikam.example";
        public const string SpId = "3f0c9a51-6c1e-4d2b-9a7e-5b1c2d3e4f50";
        public const string AppId = "c2a4e6f8-1b3d-4f5a-8c7e-9d0b1a2c3e4f";
        public const string KeyId = "e3b9f0a2-5d6c-4b7a-8e9f-0a1b2c3d4e5f";
        public const string GraphSpId = "0b1c2d3e-0000-4000-8000-00000000a001";
        public const string WriteAppsRoleId = "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9";
        public const string NewAddress = "198.51.100.7";
        public const string Tier0GroupId = "7a1b2c3d-0000-4000-8000-00000000b001";
        public const string RolesPath = "/roleManagement/directory/roleAssignments";
        public const string EligibilityPath = "/roleManagement/directory/roleEligibilityScheduleInstances";

        /// <summary>The request count of the planted case: three sign-in logs, two audit reads, seven reach reads
        /// (groups, roles, eligible roles, credentials, app role assignments, grants, the one resource).</summary>
        public const int PlantedCaseRequests = 12;

        public static void Plant(GraphStandIn standIn)
        {
            new SignInFeed(
                standIn,
                new[]
                {
                    // The attacker's usual address three days before, then a new one minutes before the add.
                    FeedSignIn.User("u-old", Added.AddDays(-3), AttackerId, AttackerUpn, "10.0.0.1"),
                    FeedSignIn.User(
                        "u-new",
                        Added.AddMinutes(-10),
                        AttackerId,
                        AttackerUpn,
                        NewAddress,
                        interactive: false, // a script's token use: the beta log, which carries the user agent
                        userAgent: "python-requests/2.31.0"
                    ),
                    FeedSignIn.Workload("w-1", Added.AddMinutes(20), SpId, AppId, KeyId, NewAddress),
                    FeedSignIn.Workload("w-2", Added.AddMinutes(40), SpId, AppId, KeyId, NewAddress),
                    // Two days on, outside the window: the key's use is read up to now.
                    FeedSignIn.Workload("w-late", Added.AddDays(2), SpId, AppId, KeyId, NewAddress),
                    FeedSignIn.Workload(
                        "w-other-key",
                        Added.AddMinutes(50),
                        SpId,
                        AppId,
                        Guid.Empty.ToString(),
                        "10.0.0.3"
                    ),
                }
            );
            var audits = new[]
            {
                Audit("evt-add", Added, "Add service principal credentials", AttackerId, KeyId),
                Audit("evt-grant", Added.AddMinutes(5), "Add app role assignment to service principal", AttackerId),
                Audit(
                    "evt-someone",
                    Added.AddMinutes(6),
                    "Add member to group",
                    "11111111-1111-1111-1111-111111111111"
                ),
            };
            standIn.On(
                "GET",
                AuditFeed.Path,
                (context, request) =>
                {
                    request.Query.TryGetValue("$filter", out var filter);
                    var (from, to) = AuditFeed.Bounds(filter);
                    var selected = audits.Where(a => (from is null || a.Time >= from) && (to is null || a.Time <= to));
                    return GraphStandIn.Json(
                        context,
                        "{\"value\":[" + string.Join(",", selected.Select(a => a.Json)) + "]}"
                    );
                }
            );
            standIn.OnJson(
                "GET",
                $"/servicePrincipals/{SpId}/appRoleAssignments",
                $"{{\"value\":[{{\"appRoleId\":\"{WriteAppsRoleId}\",\"resourceId\":\"{GraphSpId}\"}}]}}"
            );
            standIn.OnJson(
                "GET",
                $"/servicePrincipals/{SpId}/oauth2PermissionGrants",
                $"{{\"value\":[{{\"resourceId\":\"{GraphSpId}\",\"scope\":\"User.Read offline_access\"}}]}}"
            );
            standIn.OnJson(
                "GET",
                $"/servicePrincipals/{GraphSpId}",
                "{\"displayName\":\"Microsoft Graph\",\"appRoles\":[{\"id\":\""
                    + WriteAppsRoleId
                    + "\",\"value\":\"Application.ReadWrite.All\"}]}"
            );
            standIn.OnJson(
                "GET",
                $"/servicePrincipals/{SpId}/transitiveMemberOf",
                $"{{\"value\":[{{\"@odata.type\":\"#microsoft.graph.group\",\"id\":\"{Tier0GroupId}\","
                    + "\"displayName\":\"Tier0-Automation\",\"isAssignableToRole\":true},"
                    + "{\"@odata.type\":\"#microsoft.graph.group\",\"id\":\"g-plain\","
                    + "\"displayName\":\"All workloads\",\"isAssignableToRole\":false}]}"
            );
            standIn.OnJson(
                "GET",
                RolesPath,
                "{\"value\":["
                    + Role(SpId, "88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "Directory Readers")
                    + ","
                    + Role(Tier0GroupId, "e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator")
                    + "]}"
            );
            standIn.OnJson(
                "GET",
                EligibilityPath,
                "{\"value\":[" + Role(SpId, "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator") + "]}"
            );
            // Its own credentials: the attacker's secret, valid two years.
            standIn.OnJson(
                "GET",
                $"/servicePrincipals/{SpId}",
                $"{{\"passwordCredentials\":[{{\"keyId\":\"{KeyId}\","
                    + $"\"startDateTime\":\"{Added.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\","
                    + $"\"endDateTime\":\"{Added.AddDays(730).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\"}}],"
                    + "\"keyCredentials\":[]}"
            );
        }

        private static string Role(string principalId, string roleId, string name) =>
            $"{{\"principalId\":\"{principalId}\",\"roleDefinitionId\":\"{roleId}\","
            + $"\"roleDefinition\":{{\"id\":\"{roleId}\",\"displayName\":\"{name}\"}}}}";

        private static (DateTimeOffset Time, string Json) Audit(
            string id,
            DateTimeOffset time,
            string activity,
            string userId,
            string? keyId = null
        )
        {
            var keys = keyId is null
                ? "[]"
                : JsonSerializer.Serialize(
                    JsonSerializer.Serialize(
                        new[] { $"[KeyIdentifier={keyId},KeyType=Password,KeyUsage=Verify,DisplayName=x]" }
                    )
                );
            var json =
                $"{{\"id\":\"{id}\",\"category\":\"ApplicationManagement\",\"result\":\"success\","
                + $"\"activityDisplayName\":{JsonSerializer.Serialize(activity)},"
                + $"\"activityDateTime\":\"{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\","
                + "\"loggedByService\":\"Core Directory\",\"operationType\":\"Add\","
                + $"\"initiatedBy\":{{\"user\":{{\"id\":\"{userId}\",\"userPrincipalName\":null,"
                + $"\"ipAddress\":\"{NewAddress}\"}}}},"
                + $"\"targetResources\":[{{\"id\":\"{SpId}\",\"displayName\":\"Payroll-Sync\","
                + "\"type\":\"ServicePrincipal\",\"modifiedProperties\":[{\"displayName\":\"KeyDescription\","
                + $"\"oldValue\":\"[]\",\"newValue\":{(keyId is null ? "\"[]\"" : keys)}}}]}}],"
                + "\"additionalDetails\":[]}";
            return (time, json);
        }

        /// <summary>The finding about the secret added, as <c>entraguard scan --format json</c> writes it.</summary>
        public static string RiskEventJson(string riskEventId = "re-1") =>
            JsonSerializer.Serialize(
                new
                {
                    RiskEventId = riskEventId,
                    RuleId = "EG0001",
                    RuleName = "Credential added to a service principal",
                    TimeGenerated = Added,
                    ActorType = "User",
                    ActorId = AttackerId,
                    Actor = AttackerUpn,
                    TargetId = SpId,
                    Target = "Payroll-Sync",
                    TargetType = "ServicePrincipal",
                    ServicePrincipalId = SpId,
                    KeyId,
                    KeyType = "Password",
                    EventIds = new[] { "evt-add" },
                }
            );
    }
}

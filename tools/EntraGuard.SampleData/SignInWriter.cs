using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace EntraGuard.SampleData
{
    /// <summary>
    /// The sample tenant's sign-ins, in Graph's wire format (v1.0 pages of interactive sign-ins, beta pages of the
    /// other kinds) and in Azure Monitor's (one blob a category and day): every user signs in daily from a usual
    /// address, every workload several times a day with its live secret, and the intrusion adds the attacker's
    /// sign-ins as megan.bowen from a new address and the rogue secret used from that address.
    /// Drawn from a generator of its own, so the audit samples stay byte for byte what they were.
    /// </summary>
    public static class SignInWriter
    {
        public const string PayrollAddress = "10.20.40.21";

        private static readonly string[] Browsers =
        {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 "
                + "Safari/537.36 Edg/142.0.0.0",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 "
                + "Safari/605.1.15",
        };

        public static void Write(string folder, SyntheticTenant tenant)
        {
            var signIns = Generate(tenant);
            SampleWriter.Recreate(folder);
            WriteGraph(Path.Combine(folder, "graph"), signIns);
            WriteDiagnostic(Path.Combine(folder, "diagnostic"), signIns);
        }

        /// <summary>Every sign-in of the 14 days, oldest first, as beta <c>signIn</c> objects with their
        /// kind.</summary>
        public static IReadOnlyList<(string Kind, JsonObject SignIn)> Generate(SyntheticTenant tenant)
        {
            tenant.Generate();
            var random = new Random(1113);
            var list = new List<(string, JsonObject)>();
            for (var day = 0; day < SyntheticTenant.Days; day++)
            {
                var date = SyntheticTenant.Start.AddDays(day);
                for (var i = 0; i < tenant.Users.Count; i++)
                {
                    var user = tenant.Users[i];
                    var at = date.AddHours(7).AddSeconds(random.Next(0, 3 * 3600));
                    list.Add(User("interactiveUser", at, user, UsualAddress(i), Browsers[i % 2], random));
                    list.Add(
                        User(
                            "nonInteractiveUser",
                            at.AddMinutes(random.Next(20, 300)),
                            user,
                            UsualAddress(i),
                            Browsers[i % 2],
                            random
                        )
                    );
                }
                Workloads(tenant, date, random, list);
            }
            Intrusion(tenant, random, list);
            return list.OrderBy(s => (string)s.Item2["createdDateTime"]!, StringComparer.Ordinal).ToList();
        }

        private static string UsualAddress(int userIndex) => $"10.20.{30 + userIndex % 10}.{10 + userIndex}";

        // Each workload signs in every four hours with the secret its owner (the rotation) last added.
        private static void Workloads(
            SyntheticTenant tenant,
            DateTimeOffset date,
            Random random,
            List<(string, JsonObject)> list
        )
        {
            var addresses = new Dictionary<string, string>
            {
                ["Payroll-Sync"] = PayrollAddress,
                ["HR-Connector"] = "10.20.40.22",
                ["Backup-Agent"] = "10.20.40.23",
                ["Expense-Portal"] = "10.20.40.30",
                ["Mail-Relay"] = "10.20.40.50",
                ["Legacy-Reporting"] = "10.20.40.40",
            };
            foreach (var pair in addresses)
            {
                var app = tenant.AppNamed(pair.Key);
                for (var hour = 1; hour < 24; hour += 4)
                {
                    var at = date.AddHours(hour).AddSeconds(random.Next(0, 1800));
                    var key = LiveKey(tenant, app, at);
                    if (key is null)
                        continue;
                    list.Add(Workload(at, app, key, pair.Value, "Azure-SDK-For-Python/1.2", random));
                }
            }
        }

        private static readonly Dictionary<string, string> StandingKeys = new()
        {
            ["Mail-Relay"] = "4b1d0c1e-0000-4000-8000-00000000a001",
            ["Legacy-Reporting"] = "7c2e1d0f-0000-4000-8000-00000000b001",
        };

        /// <summary>The secret the workload's owner last added before this time (never the attacker's), or its standing
        /// one.</summary>
        private static string? LiveKey(SyntheticTenant tenant, SyntheticTenant.App app, DateTimeOffset at)
        {
            if (StandingKeys.TryGetValue(app.Name, out var standing))
                return standing;
            return tenant
                .CredentialAdds.Where(a =>
                    a.ServicePrincipal == app
                    && a.When < at
                    && a.KeyId != tenant.RogueKeyId
                    && (a.ByAutomation || app.Name == "Expense-Portal")
                )
                .OrderBy(a => a.When)
                .LastOrDefault()
                ?.KeyId;
        }

        private static void Intrusion(SyntheticTenant tenant, Random random, List<(string, JsonObject)> list)
        {
            var megan = tenant.User("megan.bowen");
            var day13 = new DateTimeOffset(2026, 11, 13, 2, 0, 0, TimeSpan.Zero);
            var attacker = SyntheticTenant.AttackerIp;
            var agent = SyntheticTenant.AttackerUserAgent;
            list.Add(
                User(
                    "interactiveUser",
                    day13.AddMinutes(2).AddSeconds(10),
                    megan,
                    attacker,
                    agent,
                    random,
                    errorCode: 50126
                )
            );
            list.Add(User("interactiveUser", day13.AddMinutes(3).AddSeconds(41), megan, attacker, agent, random));
            list.Add(User("nonInteractiveUser", day13.AddMinutes(9).AddSeconds(30), megan, attacker, agent, random));
            list.Add(
                User(
                    "interactiveUser",
                    day13.AddDays(1).AddHours(7).AddMinutes(28).AddSeconds(50),
                    megan,
                    attacker,
                    agent,
                    random
                )
            );

            // The rogue secret, used from the attacker's address: six times in the day and a half after it was added.
            var payroll = tenant.AppNamed("Payroll-Sync");
            foreach (var minutes in new[] { 34, 96, 251, 690, 1395, 1840 })
            {
                list.Add(
                    Workload(
                        day13.AddMinutes(11 + minutes).AddSeconds(12),
                        payroll,
                        tenant.RogueKeyId,
                        attacker,
                        agent,
                        random
                    )
                );
            }

            var adele = tenant.User("adele.vance");
            list.Add(
                User(
                    "interactiveUser",
                    day13.AddDays(1).AddHours(7).AddMinutes(3).AddSeconds(58),
                    adele,
                    "198.51.100.23",
                    agent,
                    random
                )
            );
        }

        private static (string, JsonObject) User(
            string kind,
            DateTimeOffset at,
            SyntheticTenant.Principal user,
            string address,
            string agent,
            Random random,
            int errorCode = 0
        ) =>
            (
                kind,
                new JsonObject
                {
                    ["id"] = Guid(random),
                    ["createdDateTime"] = Time(at),
                    ["userDisplayName"] = user.Name,
                    ["userPrincipalName"] = user.Upn,
                    ["userId"] = user.Id,
                    ["appId"] = "00000003-0000-0000-c000-000000000000",
                    ["appDisplayName"] = kind == "interactiveUser" ? "Microsoft 365" : "Microsoft Graph",
                    ["ipAddress"] = address,
                    ["clientAppUsed"] = kind == "interactiveUser" ? "Browser" : "Mobile Apps and Desktop clients",
                    ["correlationId"] = Guid(random),
                    ["isInteractive"] = kind == "interactiveUser",
                    ["resourceDisplayName"] = "Microsoft Graph",
                    ["userAgent"] = agent,
                    ["signInEventTypes"] = new JsonArray(kind),
                    ["status"] = Status(errorCode),
                }
            );

        private static (string, JsonObject) Workload(
            DateTimeOffset at,
            SyntheticTenant.App app,
            string keyId,
            string address,
            string agent,
            Random random
        ) =>
            (
                "servicePrincipal",
                new JsonObject
                {
                    ["id"] = Guid(random),
                    ["createdDateTime"] = Time(at),
                    ["appId"] = app.AppId,
                    ["appDisplayName"] = app.Name,
                    ["ipAddress"] = address,
                    ["correlationId"] = Guid(random),
                    ["isInteractive"] = false,
                    ["resourceDisplayName"] = "Microsoft Graph",
                    ["servicePrincipalId"] = app.ServicePrincipalId,
                    ["servicePrincipalName"] = app.Name,
                    ["servicePrincipalCredentialKeyId"] = keyId,
                    ["servicePrincipalCredentialThumbprint"] = "",
                    ["userAgent"] = agent,
                    ["signInEventTypes"] = new JsonArray("servicePrincipal"),
                    ["status"] = Status(0),
                }
            );

        private static JsonObject Status(int errorCode) =>
            new()
            {
                ["errorCode"] = errorCode,
                ["failureReason"] =
                    errorCode == 0
                        ? "Other."
                        : "Invalid username or password or Invalid on-premise username or password.",
            };

        /// <summary>
        /// Graph pages, newest first, 999 a page: interactive sign-ins from v1.0 (which has no userAgent nor
        /// signInEventTypes), the other kinds from beta with <c>$filter=signInEventTypes/any(…)</c>.
        /// </summary>
        private static void WriteGraph(string folder, IReadOnlyList<(string Kind, JsonObject SignIn)> signIns)
        {
            Directory.CreateDirectory(folder);
            foreach (var kind in signIns.Select(s => s.Kind).Distinct().OrderBy(k => k, StringComparer.Ordinal))
            {
                var v1 = kind == "interactiveUser";
                var records = signIns
                    .Where(s => s.Kind == kind)
                    .Select(s => (JsonObject)s.SignIn.DeepClone())
                    .Reverse()
                    .ToList();
                if (v1)
                {
                    foreach (var record in records)
                    {
                        record.Remove("userAgent");
                        record.Remove("signInEventTypes");
                    }
                }
                var version = v1 ? "v1.0" : "beta";
                var pages = (records.Count + SampleWriter.PageSize - 1) / SampleWriter.PageSize;
                for (var page = 0; page < pages; page++)
                {
                    var body = new JsonObject
                    {
                        ["@odata.context"] = $"https://graph.microsoft.com/{version}/$metadata#auditLogs/signIns",
                        ["value"] = new JsonArray(
                            records.Skip(page * SampleWriter.PageSize).Take(SampleWriter.PageSize).ToArray<JsonNode>()
                        ),
                    };
                    if (page + 1 < pages)
                    {
                        body["@odata.nextLink"] =
                            $"https://graph.microsoft.com/{version}/auditLogs/signIns?$skiptoken={kind}{page + 2:D2}";
                    }
                    File.WriteAllText(
                        Path.Combine(folder, $"signIns-{kind}-page{page + 1:D2}.json"),
                        body.ToJsonString(SampleWriter.Compact) + "\n"
                    );
                }
            }
        }

        /// <summary>Azure Monitor diagnostic records, one JSON record a line, one blob a category and day.</summary>
        private static void WriteDiagnostic(string folder, IReadOnlyList<(string Kind, JsonObject SignIn)> signIns)
        {
            var categories = new Dictionary<string, string>
            {
                ["interactiveUser"] = "SignInLogs",
                ["nonInteractiveUser"] = "NonInteractiveUserSignInLogs",
                ["servicePrincipal"] = "ServicePrincipalSignInLogs",
            };
            foreach (
                var blob in signIns.GroupBy(s =>
                    (Category: categories[s.Kind], Day: ((string)s.SignIn["createdDateTime"]!).Substring(0, 10))
                )
            )
            {
                var date = DateTime.ParseExact(blob.Key.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var path = Path.Combine(
                    folder,
                    $"insights-logs-{blob.Key.Category.ToLowerInvariant()}",
                    $"y={date:yyyy}",
                    $"m={date:MM}",
                    $"d={date:dd}",
                    "h=00",
                    "m=00",
                    "PT1H.json"
                );
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllLines(
                    path,
                    blob.Select(s => Wrap(blob.Key.Category, s.SignIn).ToJsonString(SampleWriter.Compact))
                );
            }
        }

        private static JsonObject Wrap(string category, JsonObject signIn) =>
            new()
            {
                ["time"] = (string)signIn["createdDateTime"]!,
                ["resourceId"] = $"/tenants/{SyntheticTenant.TenantId}/providers/Microsoft.aadiam",
                ["operationName"] = "Sign-in activity",
                ["category"] = category,
                ["tenantId"] = SyntheticTenant.TenantId,
                ["resultType"] = signIn["status"]!["errorCode"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture),
                ["callerIpAddress"] = (string)signIn["ipAddress"]!,
                ["correlationId"] = (string)signIn["correlationId"]!,
                ["Level"] = 4,
                ["properties"] = signIn.DeepClone(),
            };

        private static string Time(DateTimeOffset at) =>
            at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        private static string Guid(Random random)
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            return new Guid(bytes).ToString();
        }
    }
}

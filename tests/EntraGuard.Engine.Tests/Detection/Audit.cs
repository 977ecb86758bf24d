using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EntraGuard.Detection;

namespace EntraGuard.Tests.Detection
{
    /// <summary>Hand-built audit events, shaped as Entra records them, for rule tests.</summary>
    internal static class Audit
    {
        public static readonly DateTimeOffset Day0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

        public static AuditActor User(string name, string ip = "10.1.2.3") =>
            new()
            {
                UserId = "id-" + name,
                UserPrincipalName = name + "@contoso.com",
                IpAddress = ip,
            };

        public static AuditActor App(string name) =>
            new()
            {
                AppId = "appid-" + name,
                ServicePrincipalId = "sp-" + name,
                AppDisplayName = name,
            };

        public static DateTimeOffset At(string time) =>
            DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        public static AuditEvent Event(
            string id,
            string time,
            string activity,
            AuditActor actor,
            IEnumerable<TargetResource> targets,
            string result = "success",
            string? resultReason = null,
            params (string Key, string Value)[] details
        ) =>
            new()
            {
                Id = id,
                ActivityDateTime = At(time),
                ActivityDisplayName = activity,
                Result = result,
                ResultReason = resultReason,
                InitiatedBy = actor,
                TargetResources = targets.ToList(),
                AdditionalDetails = details.Select(d => new AdditionalDetail(d.Key, d.Value)).ToList(),
            };

        public static string Key(string keyId, string type = "Password") =>
            $"[KeyIdentifier={keyId},KeyType={type},KeyUsage=Verify,DisplayName=key {keyId}]";

        public static string Keys(params string[] entries) =>
            "[" + string.Join(",", entries.Select(e => "\"" + e + "\"")) + "]";

        public static TargetResource ServicePrincipal(string name, string? oldKeys = null, string? newKeys = null) =>
            new()
            {
                Id = "sp-" + name,
                DisplayName = name,
                Type = "ServicePrincipal",
                ModifiedProperties =
                    oldKeys is null && newKeys is null
                        ? Array.Empty<ModifiedProperty>()
                        : new[]
                        {
                            new ModifiedProperty
                            {
                                DisplayName = "KeyDescription",
                                OldValue = oldKeys,
                                NewValue = newKeys,
                            },
                        },
            };

        public static TargetResource Application(string name, string? oldKeys = null, string? newKeys = null) =>
            new()
            {
                Id = "app-" + name,
                DisplayName = name,
                Type = "Application",
                ModifiedProperties =
                    oldKeys is null && newKeys is null
                        ? Array.Empty<ModifiedProperty>()
                        : new[]
                        {
                            new ModifiedProperty
                            {
                                DisplayName = "KeyDescription",
                                OldValue = oldKeys,
                                NewValue = newKeys,
                            },
                        },
            };

        public static TargetResource TargetUser(string name) =>
            new()
            {
                Id = "id-" + name,
                UserPrincipalName = name + "@contoso.com",
                Type = "User",
            };

        /// <summary>The two targets Entra records for a membership change: the member (with the group as modified
        /// properties) and the group (often without a display name).</summary>
        public static TargetResource[] Membership(string member, string group) =>
            new[]
            {
                new TargetResource
                {
                    Id = "id-" + member,
                    UserPrincipalName = member + "@contoso.com",
                    Type = "User",
                    ModifiedProperties = new[]
                    {
                        new ModifiedProperty { DisplayName = "Group.ObjectID", OldValue = "\"grp-" + group + "\"" },
                        new ModifiedProperty { DisplayName = "Group.DisplayName", OldValue = "\"" + group + "\"" },
                    },
                },
                new TargetResource { Id = "grp-" + group, Type = "Group" },
            };

        /// <summary>A successful "Add service principal credentials" adding <paramref name="keyId"/>.</summary>
        public static AuditEvent CredentialAdded(
            string id,
            string time,
            AuditActor actor,
            string servicePrincipal,
            string keyId = "k-new",
            string result = "success",
            params string[] existingKeys
        )
        {
            var before = existingKeys.Select(k => Key(k)).ToArray();
            var after = before.Concat(new[] { Key(keyId) }).ToArray();
            return Event(
                id,
                time,
                "Add service principal credentials",
                actor,
                new[] { ServicePrincipal(servicePrincipal, Keys(before), Keys(after)) },
                result
            );
        }

        public static ScanResult Scan(
            IEnumerable<AuditEvent> events,
            string? ruleId = null,
            ScanOptions? options = null,
            EntraGuardSettings? settings = null,
            IEnumerable<AuditEvent>? history = null
        )
        {
            var rules = RuleCatalog.BuiltIn.Select(ruleId is null ? null : new[] { ruleId });
            return new DetectionEngine(rules, settings).Scan(events, options, default, history);
        }
    }
}

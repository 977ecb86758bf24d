using System.Collections.Generic;
using System.IO;
using System.Linq;
using EntraGuard.Detection;
using static EntraGuard.Tests.Detection.Audit;

namespace EntraGuard.Tests.Detection
{
    /// <summary>
    /// The opt-in file rules/optional/broad-activity.yaml: each rule flags every event of its activities (with its
    /// exclusions) and nothing else, and none of them is in the built-in catalog.
    /// </summary>
    public class BroadActivityRuleTests
    {
        private static readonly RuleCatalog Catalog = RuleCatalog.Load(
            new[] { Path.Combine(TestFiles.RepositoryRoot, "rules", "optional", "broad-activity.yaml") }
        );

        private static int _serial;

        private static AuditEvent E(
            string activity,
            string result = "success",
            AuditActor? actor = null,
            string userAgent = "Mozilla/5.0",
            string time = "2026-11-13T02:00:00Z"
        ) =>
            Event(
                "b" + ++_serial,
                time,
                activity,
                actor ?? User("megan"),
                new[]
                {
                    new TargetResource { Id = "t1", Type = "User" },
                },
                result,
                null,
                ("User-Agent", userAgent)
            );

        public static IEnumerable<object[]> Cases =>
            new[]
            {
                new object[]
                {
                    "EGB001",
                    new[] { "Update conditional access policy" },
                    "Add conditional access policy",
                },
                new object[]
                {
                    "EGB003",
                    new[] { "Update application", "Update service principal" },
                    "Add application",
                },
                new object[]
                {
                    "EGB004",
                    new[] { "Add delegated permission grant", "Add app role assignment to service principal" },
                    "Consent to application",
                },
                new object[] { "EGB005", new[] { "Add member to group" }, "Remove member from group" },
                new object[]
                {
                    "EGB006",
                    new[] { "User registered security info", "Admin deleted security info" },
                    "Update user",
                },
                new object[]
                {
                    "EGB007",
                    new[] { "Add member to role request approved (PIM activation)" },
                    "Add member to role completed (PIM activation)",
                },
                new object[]
                {
                    "EGB008",
                    new[] { "Remove eligible member from role in PIM completed (permanent)" },
                    "Remove member from role",
                },
                new object[]
                {
                    "EGB009",
                    new[] { "Add service principal credentials" },
                    "Remove service principal credentials",
                },
                new object[] { "EGB010", new[] { "Update StsRefreshTokenValidFrom Timestamp" }, "Update user" },
            };

        [Theory]
        [MemberData(nameof(Cases))]
        public void A_broad_rule_flags_every_event_of_its_activities_and_no_other(
            string ruleId,
            string[] activities,
            string otherActivity
        )
        {
            var hits = activities.Select(a => E(a)).ToList();
            var miss = E(otherActivity);

            var findings = new DetectionEngine(Catalog.Select(new[] { ruleId })).Scan(hits.Append(miss)).Findings;

            Assert.Equal(
                hits.Select(e => e.Id).OrderBy(i => i),
                findings.Select(f => f.EventIds.Single()).OrderBy(i => i)
            );
        }

        [Fact]
        public void Token_revocations_by_directory_sync_and_registrations_by_the_device_clients_are_left_out()
        {
            var sync = E("Update StsRefreshTokenValidFrom Timestamp", actor: User("Sync_DC01_1a2b3c"));
            var dsreg = E("Register device", userAgent: "Dsreg/10.0 (Windows 10.0.22631.4460)");
            var dalvik = E("Register device", userAgent: "Dalvik/2.1.0 (Linux; U; Android 14)");
            var script = E("Register device", userAgent: "python-requests/2.32");

            Assert.Empty(new DetectionEngine(Catalog.Select(new[] { "EGB010" })).Scan(new[] { sync }).Findings);
            Assert.Equal(
                new[] { script.Id },
                new DetectionEngine(Catalog.Select(new[] { "EGB011" }))
                    .Scan(new[] { dsreg, dalvik, script })
                    .Findings.Select(f => f.EventIds.Single())
            );
        }

        [Fact]
        public void A_policy_editor_is_flagged_once_a_week_at_most()
        {
            var first = E("Update conditional access policy", time: "2026-11-01T09:00:00Z");
            var again = E("Delete conditional access policy", time: "2026-11-05T09:00:00Z");
            var back = E("Add conditional access policy", time: "2026-11-13T09:00:00Z");

            var findings = new DetectionEngine(Catalog.Select(new[] { "EGB002" }))
                .Scan(new[] { first, again, back })
                .Findings;

            Assert.Equal(new[] { first.Id, back.Id }, findings.Select(f => f.EventIds.Single()));
        }

        [Fact]
        public void A_credential_from_a_new_address_and_app_pair_and_a_user_outside_the_naming_template()
        {
            AuditEvent Credential(string time, string ip, string appId) =>
                Event(
                    "c" + ++_serial,
                    time,
                    "Add service principal credentials",
                    User("megan", ip),
                    new[]
                    {
                        new TargetResource { Id = "sp1", Type = "ServicePrincipal" },
                    },
                    "success",
                    null,
                    ("AppId", appId)
                );
            var first = Credential("2026-11-01T09:00:00Z", "203.0.113.7", "app-1");
            var same = Credential("2026-11-03T09:00:00Z", "203.0.113.7", "app-1");
            var newApp = Credential("2026-11-03T10:00:00Z", "203.0.113.7", "app-2");
            AuditEvent Created(string upn) =>
                Event(
                    "u" + ++_serial,
                    "2026-11-13T02:00:00Z",
                    "Add user",
                    User("megan"),
                    new[]
                    {
                        new TargetResource
                        {
                            Id = upn,
                            Type = "User",
                            UserPrincipalName = upn,
                        },
                    }
                );
            var conventional = Created("lee.gu2@contoso.com");
            var odd = Created("svc-backup01@contoso.com");

            Assert.Equal(
                new[] { first.Id, newApp.Id },
                new DetectionEngine(Catalog.Select(new[] { "EGB012" }))
                    .Scan(new[] { first, same, newApp })
                    .Findings.Select(f => f.EventIds.Single())
            );
            Assert.Equal(
                new[] { odd.Id },
                new DetectionEngine(Catalog.Select(new[] { "EGB013" }))
                    .Scan(new[] { conventional, odd })
                    .Findings.Select(f => f.EventIds.Single())
            );
        }

        [Fact]
        public void The_broad_rules_are_opt_in()
        {
            Assert.DoesNotContain(RuleCatalog.BuiltIn.Rules, r => r.Id.StartsWith("EGB"));
            Assert.Equal(13, Catalog.Rules.Count(r => r.Id.StartsWith("EGB")));
        }
    }
}

using System.IO;
using System.Linq;
using System.Text;
using EntraGuard.Detection;
using EntraGuard.Ingest;
using static EntraGuard.Tests.Detection.Audit;

namespace EntraGuard.Tests.Detection
{
    /// <summary>
    /// The opt-in rule file rules/optional/tool-fingerprints.yaml: each rule flags its tool and not ordinary traffic,
    /// none is in the built-in catalog, and the user-agent rules keep only records that name their tool.
    /// </summary>
    public class ToolFingerprintRuleTests
    {
        private static readonly string FilePath = Path.Combine(
            TestFiles.RepositoryRoot,
            "rules",
            "optional",
            "tool-fingerprints.yaml"
        );

        private static readonly RuleCatalog Catalog = RuleCatalog.Load(new[] { FilePath });
        private static int _serial;

        private static AuditEvent Call(string activity, string userAgent, AuditActor? actor = null) =>
            Event(
                "t" + ++_serial,
                "2026-11-13T02:00:00Z",
                activity,
                actor ?? User("megan"),
                new[]
                {
                    new TargetResource { Id = "u1", Type = "User" },
                },
                "success",
                null,
                ("User-Agent", userAgent)
            );

        private static string[] Flagged(string ruleId, params AuditEvent[] events) =>
            new DetectionEngine(Catalog.Select(new[] { ruleId }))
                .Scan(events)
                .Findings.Select(f => f.EventIds.Single())
                .ToArray();

        [Fact]
        public void The_tool_rules_are_opt_in()
        {
            Assert.DoesNotContain(RuleCatalog.BuiltIn.Rules, r => r.Id.StartsWith("EGT"));
            Assert.Equal(
                new[] { "EGT001", "EGT002", "EGT003", "EGT004", "EGT005" },
                Catalog.Rules.Where(r => r.Id.StartsWith("EGT")).Select(r => r.Id)
            );
        }

        [Fact]
        public void Reconnaissance_and_phishing_kits_are_told_by_their_user_agent()
        {
            var hound = Call("Add member to group", "azurehound/v2.3.0");
            var kali = Call("Update user", "kali365-live/1.2");
            var browser = Call("Update user", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)");

            Assert.Equal(new[] { hound.Id }, Flagged("EGT001", hound, kali, browser));
            Assert.Equal(new[] { kali.Id }, Flagged("EGT002", hound, kali, browser));
        }

        [Fact]
        public void The_odata_client_is_flagged_except_for_the_device_registration_service()
        {
            var tool = Call("Add device", "Microsoft.OData.Client/7.12.5");
            var service = Call(
                "Add device",
                "Microsoft.OData.Client/7.12.5",
                new AuditActor { AppId = "drs", AppDisplayName = "Device Registration Service" }
            );

            Assert.Equal(new[] { tool.Id }, Flagged("EGT003", tool, service));
        }

        [Fact]
        public void A_service_name_with_an_address_is_an_actor_token_except_on_groups_and_tenant_features()
        {
            AuditActor Exchange(string upn) =>
                new()
                {
                    UserId = "x",
                    UserDisplayName = "Office 365 Exchange Online",
                    UserPrincipalName = upn,
                };
            var forged = Call("Update user", "", Exchange("victim@fabrikam.com"));
            var group = Call("Add member to group", "", Exchange("victim@fabrikam.com"));
            var feature = Call("Set directory feature on tenant", "", Exchange("victim@fabrikam.com"));
            var noAddress = Call("Update user", "", Exchange("Exchange"));

            Assert.Equal(new[] { forged.Id }, Flagged("EGT004", forged, group, feature, noAddress));
        }

        [Fact]
        public void Any_policy_change_or_deletion_but_not_an_addition()
        {
            var update = Call("Update authorization policy", "");
            var delete = Call("Delete conditional access policy", "");
            var add = Call("Add conditional access policy", "");
            var user = Call("Update user", "");

            Assert.Equal(
                new[] { update.Id, delete.Id }.OrderBy(i => i),
                Flagged("EGT005", update, delete, add, user).OrderBy(i => i)
            );
        }

        [Fact]
        public void The_user_agent_rules_keep_only_records_that_name_their_tool()
        {
            var filter = new DetectionEngine(Catalog.Select(new[] { "EGT00[1-4]" })).ActivityFilter();

            Assert.False(
                filter("Update user", new RecordView(Encoding.UTF8.GetBytes("{\"userAgent\":\"Mozilla/5.0\"}")))
            );
            Assert.True(
                filter("Update user", new RecordView(Encoding.UTF8.GetBytes("{\"userAgent\":\"AzureHound/2.3\"}")))
            );
            Assert.True(
                filter(
                    "Add device",
                    new RecordView(Encoding.UTF8.GetBytes("{\"value\":\"Microsoft.OData.Client/7.12.5\"}"))
                )
            );
        }
    }
}

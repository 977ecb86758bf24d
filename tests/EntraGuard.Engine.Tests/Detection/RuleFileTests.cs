using System;
using System.IO;
using System.Linq;
using EntraGuard.Detection;
using static EntraGuard.Tests.Detection.Audit;

namespace EntraGuard.Tests.Detection
{
    /// <summary>User rule files: they load and run, and every mistake is named precisely.</summary>
    public sealed class RuleFileTests : IDisposable
    {
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        private const string UserRule = """
            id: FAB0001
            name: Credential added from outside the corporate network
            description: Any credential add from an address outside 10.0.0.0/8.
            severity: high
            riskScore: 80
            tactics: TA0003
            techniques: [T1098.001]
            match:
              activities: [Add service principal credentials, "Update application – Certificates and secrets management"]
              where:
                - field: initiatedBy.ipAddress
                  cidr: [10.0.0.0/8, "fd00::/8"]
                  not: true
                - field: userAgent
                  regex: '^python-requests/'
                - field: targetResources[ServicePrincipal].displayName
                  startswith: Payroll
            investigation: [Ask the actor.]
            falsePositives: [Admins working from home without VPN.]
            response:
              action: revokeCredential
            """;

        [Fact]
        public void A_user_rule_file_loads_and_runs_beside_the_catalog()
        {
            var folder = Path.GetDirectoryName(_files.Write("rules/fabrikam.yaml", UserRule))!;
            var engine = DetectionEngine.Create(new EntraGuardSettings(), new[] { folder }, new[] { "FAB*" });

            var rule = Assert.Single(engine.Rules);
            Assert.Equal("FAB0001", rule.Id);
            Assert.Equal(Path.Combine(folder, "fabrikam.yaml"), rule.Source);
            Assert.Equal(
                new[]
                {
                    "Add service principal credentials",
                    "Update application - Certificates and secrets management",
                },
                rule.Activities
            );

            var outside = CredentialAdded("out", "2026-11-13T02:11:07Z", User("megan", "203.0.113.77"), "Payroll-Sync");
            var inside = CredentialAdded("in", "2026-11-13T02:12:00Z", User("megan", "10.9.9.9"), "Payroll-Sync");
            var otherTarget = CredentialAdded(
                "other",
                "2026-11-13T02:13:00Z",
                User("megan", "203.0.113.77"),
                "Mail-Relay"
            );
            var events = new[] { outside, inside, otherTarget }.Select(e => new AuditEvent
            {
                Id = e.Id,
                ActivityDateTime = e.ActivityDateTime,
                ActivityDisplayName = e.ActivityDisplayName,
                Result = e.Result,
                InitiatedBy = e.InitiatedBy,
                TargetResources = e.TargetResources,
                UserAgent = "python-requests/2.31.0",
            });

            var finding = Assert.Single(engine.Scan(events).Findings);
            Assert.Equal("out", finding.EventIds.Single());
            Assert.Equal(Severity.High, finding.Severity);
            Assert.Equal(80, finding.RiskScore);
            Assert.Equal(RuleCatalog.BuiltIn.Rules.Count + 1, RuleCatalog.Load(new[] { folder }).Rules.Count);
        }

        private const string SequenceRule = """
            id: SEQ1
            name: Key moves
            description: A grant to a user, then that user acts.
            kind: sequence
            severity: low
            riskScore: 20
            tactics: [TA0003]
            techniques: [T1098]
            sequence:
              window: 1h
              steps:
                - activities: [Add member to role]
                  by: ['targetResources[User].id']
                - activities: [Remove member from role]
                  by: [initiatedBy.user.id]
            investigation: [Ask.]
            falsePositives: [None.]
            response:
              action: disableUser
            """;

        [Theory]
        [InlineData("      by: [initiatedBy.user.id]\n", "", "field 'sequence.by': is required")]
        [InlineData(
            "by: [initiatedBy.user.id]",
            "by: [initiatedBy.user.id, correlationId]",
            "field 'sequence.by': every step's key needs the same number of fields"
        )]
        [InlineData(
            "by: [initiatedBy.user.id]",
            "by: [initiatedBy.shoeSize]",
            "'initiatedBy.shoeSize' is not a known field path"
        )]
        [InlineData(
            "  - activities: [Remove member from role]\n",
            "  - activities: [Remove member from role]\n"
                + "      where:\n"
                + "        - field: initiatedBy.user.id\n"
                + "          sameAs: targetResources[User].id\n"
                + "          equals: x\n",
            "has sameAs and equals; use one operator per condition"
        )]
        public void A_malformed_moving_key_or_same_as_condition_is_named(string find, string replace, string expected)
        {
            Assert.Equal(2, RuleCatalog.Parse(SequenceRule, "seq.yaml").Single().Logic.StepKeyFields.Count);
            Assert.Contains(find, SequenceRule);
            var error = Assert.Throws<RuleFormatException>(() =>
                RuleCatalog.Parse(SequenceRule.Replace(find, replace), "seq.yaml")
            );
            Assert.Contains(expected, error.Message);
        }

        [Theory]
        [InlineData(
            "severity: high",
            "severity: urgent",
            "line 4: rule FAB0001: field 'severity': 'urgent' is not a severity (use informational, low, medium, "
                + "high or critical)"
        )]
        [InlineData(
            "riskScore: 80",
            "riskScore: 180",
            "line 5: rule FAB0001: field 'riskScore': '180' is not a whole number from 0 to 100"
        )]
        [InlineData(
            "tactics: TA0003",
            "tactics: Persistence",
            "line 6: rule FAB0001: field 'tactics': 'Persistence' is not a MITRE ATT&CK tactic id such as TA0003"
        )]
        [InlineData(
            "    - field: userAgent",
            "    - field: initiatedBy.browser",
            "line 14: rule FAB0001: field 'match.where[1].field': 'initiatedBy.browser' is not a known field path"
        )]
        [InlineData(
            "      cidr: [10.0.0.0/8, \"fd00::/8\"]",
            "      cidr: [10.0.0.0/33]",
            "line 12: rule FAB0001: field 'match.where[0].cidr': '10.0.0.0/33' is not an IP address or CIDR range"
        )]
        [InlineData(
            "      regex: '^python-requests/'",
            "      regex: '(unclosed'",
            "line 15: rule FAB0001: field 'match.where[1].regex': '(unclosed' is not a valid regular expression"
        )]
        [InlineData(
            "      startswith: Payroll",
            "      startswith: Payroll\n      contains: Sync",
            "line 16: rule FAB0001: field 'match.where[2].field': has 2 operators (contains, startswith); use one "
                + "per condition"
        )]
        [InlineData(
            "  action: revokeCredential",
            "  action: deleteEverything",
            "line 21: rule FAB0001: field 'response.action': 'deleteEverything' is not a response action (use "
                + "revokeCredential, disableServicePrincipal"
        )]
        [InlineData(
            "falsePositives: [Admins working from home without VPN.]",
            "falsePositive: [typo]",
            "line 1: rule FAB0001: field 'falsePositives': is required"
        )]
        [InlineData(
            "name: Credential added from outside the corporate network\n",
            "",
            "line 1: rule FAB0001: field 'name': is required"
        )]
        [InlineData(
            "investigation: [Ask the actor.]",
            "investigation: [Ask the actor.]\nowner: soc",
            "line 19: rule FAB0001: field 'owner': is not a known field"
        )]
        [InlineData("match:", "kind: sequence\nmatch:", "rule FAB0001: field 'sequence': is required")]
        [InlineData("  activities: [Add service", "  activities: [Add service\n  - broken", "not valid YAML")]
        public void A_malformed_rule_file_names_file_line_rule_and_field(string find, string replace, string expected)
        {
            Assert.Contains(find, UserRule);
            var path = _files.Write("bad.yaml", UserRule.Replace(find, replace));

            var error = Assert.Throws<RuleFormatException>(() => RuleCatalog.Load(new[] { path }));

            Assert.StartsWith(path + ": ", error.Message);
            Assert.True(error.Message.Contains(expected), error.Message);
            Assert.Equal(path, error.File);
        }

        [Fact]
        public void The_exact_message_for_a_bad_severity()
        {
            var path = _files.Write("bad.yaml", UserRule.Replace("severity: high", "severity: urgent"));

            var error = Assert.Throws<RuleFormatException>(() => RuleCatalog.Load(new[] { path }));

            Assert.Equal(
                $"{path}: line 4: rule FAB0001: field 'severity': 'urgent' is not a severity (use informational, "
                    + $"low, medium, high or critical)",
                error.Message
            );
            Assert.Equal("FAB0001", error.RuleId);
            Assert.Equal("severity", error.Field);
            Assert.Equal(4, error.Line);
        }

        [Fact]
        public void A_rule_id_used_twice_is_an_error_naming_both_places()
        {
            var path = _files.Write("dup.yaml", UserRule.Replace("id: FAB0001", "id: EG0001"));

            var error = Assert.Throws<RuleFormatException>(() => RuleCatalog.Load(new[] { path }));

            Assert.Equal(
                $"{path}: rule EG0001: field 'id': the id is already used by the rule in embedded:EG0001.yaml",
                error.Message
            );
        }

        [Fact]
        public void A_missing_rule_path_is_named()
        {
            var missing = Path.Combine(_files.Root, "nope");
            var error = Assert.Throws<FileNotFoundException>(() => RuleCatalog.Load(new[] { missing }));
            Assert.Equal($"Cannot find rule file or folder '{missing}'.", error.Message);
        }

        [Fact]
        public void Several_rules_in_one_file_as_a_list_or_documents()
        {
            var second = UserRule.Replace("FAB0001", "FAB0002");
            var asList = _files.Write(
                "list.yaml",
                "- " + UserRule.Replace("\n", "\n  ") + "\n- " + second.Replace("\n", "\n  ")
            );
            var asDocuments = _files.Write(
                "docs.yaml",
                UserRule.Replace("FAB0001", "FAB0003") + "\n---\n" + UserRule.Replace("FAB0001", "FAB0004") + "\n---\n"
            );

            var ids = RuleCatalog
                .Load(new[] { asList, asDocuments })
                .Rules.Select(r => r.Id)
                .Where(id => id.StartsWith("FAB"))
                .ToArray();

            Assert.Equal(new[] { "FAB0001", "FAB0002", "FAB0003", "FAB0004" }, ids);
        }
    }
}

using System;
using System.Linq;
using EntraGuard.Detection;
using EntraGuard.Response;
using static EntraGuard.Tests.Detection.Audit;

namespace EntraGuard.Tests.Detection
{
    /// <summary>Every catalog rule beyond EG0001, each with events that must and must not make a finding.</summary>
    public class CatalogRuleTests
    {
        private static readonly AuditActor Megan = User("megan", "203.0.113.77");
        private static readonly AuditActor ItAdmin = User("it.admin");

        [Fact]
        public void The_catalog_holds_every_rule_with_its_guidance()
        {
            var rules = RuleCatalog.BuiltIn.Rules;
            Assert.Equal(
                Enumerable.Range(1, 76).Where(i => i is < 51 or > 53).Select(i => $"EG{i:0000}"),
                rules.Select(r => r.Id)
            );
            foreach (var rule in rules)
            {
                Assert.False(string.IsNullOrWhiteSpace(rule.Name));
                Assert.NotEmpty(rule.Tactics);
                Assert.NotEmpty(rule.Techniques);
                Assert.True(rule.InvestigationSteps.Count >= 2, rule.Id);
                Assert.NotEmpty(rule.FalsePositives);
                Assert.Equal(ResponseActions.Of(rule.ResponseAction).Cmdlet, rule.SuggestedResponse);
                Assert.InRange(rule.RiskScore, 0, 100);
            }
            Assert.Equal(RuleKind.NewTerms, rules[0].Kind);
            Assert.Equal(RuleKind.Threshold, rules.Single(r => r.Id == "EG0011").Kind);
            Assert.Equal(RuleKind.Sequence, rules.Single(r => r.Id == "EG0013").Kind);
        }

        [Fact]
        public void EG0002_credential_removed_names_the_removed_key_and_the_actor_to_stop()
        {
            var removed = Event(
                "r1",
                "2026-11-13T02:14:00Z",
                "Remove service principal credentials",
                Megan,
                new[]
                {
                    ServicePrincipal(
                        "Payroll-Sync",
                        Keys(Key("k-old", "AsymmetricX509Cert"), Key("k-keep")),
                        Keys(Key("k-keep"))
                    ),
                }
            );
            var failed = Event(
                "r2",
                "2026-11-13T02:15:00Z",
                "Remove service principal credentials",
                Megan,
                new[] { ServicePrincipal("Payroll-Sync") },
                result: "failure"
            );
            var added = CredentialAdded("a1", "2026-11-13T02:16:00Z", Megan, "Payroll-Sync");

            var finding = Assert.Single(Scan(new[] { removed, failed, added }, "EG0002").Findings);
            Assert.Equal("k-old", finding.KeyId);
            Assert.Equal("AsymmetricX509Cert", finding.KeyType);
            Assert.Equal("sp-Payroll-Sync", finding.ServicePrincipalId);
            Assert.Equal("id-megan", finding.UserId); // the response acts on the actor
            Assert.Equal("203.0.113.77", finding.IpAddress);
            Assert.Equal("Revoke-EntraUserSession", finding.SuggestedResponse);
        }

        [Fact]
        public void EG0003_user_deleted_security_info()
        {
            var adele = User("adele.vance", "198.51.100.23");
            var deleted = Event(
                "d1",
                "2026-11-14T09:05:00Z",
                "User deleted security info",
                adele,
                new[] { TargetUser("adele.vance") }
            );
            var registered = Event(
                "d2",
                "2026-11-14T09:09:00Z",
                "User registered security info",
                adele,
                new[] { TargetUser("adele.vance") }
            );
            var adminDeleted = Event(
                "d3",
                "2026-11-14T09:10:00Z",
                "Admin deleted security info",
                Megan,
                new[] { TargetUser("lee.gu") }
            );

            var finding = Assert.Single(Scan(new[] { deleted, registered, adminDeleted }, "EG0003").Findings);
            Assert.Equal(new[] { "d1" }, finding.EventIds);
            Assert.Equal("id-adele.vance", finding.UserId);
            Assert.Equal("New-EntraTemporaryAccessPass", finding.SuggestedResponse);
        }

        [Fact]
        public void EG0004_member_removed_rates_high_for_privileged_groups_by_name_or_id()
        {
            var events = new[]
            {
                Event(
                    "g1",
                    "2026-11-13T02:30:00Z",
                    "Remove member from group",
                    Megan,
                    Membership("alex.wilber", "Tier0-Admins")
                ),
                Event(
                    "g2",
                    "2026-11-13T02:31:00Z",
                    "Remove member from group",
                    ItAdmin,
                    Membership("joni", "Marketing")
                ),
                Event("g3", "2026-11-13T02:32:00Z", "Add member to group", ItAdmin, Membership("joni", "Sales")),
            };

            var plain = Scan(events, "EG0004").Findings;
            Assert.Equal(new[] { Severity.Low, Severity.Low }, plain.Select(f => f.Severity));

            foreach (var privileged in new[] { "Tier0-Admins", "grp-Tier0-Admins" })
            {
                var findings = Scan(
                    events,
                    "EG0004",
                    settings: new EntraGuardSettings { PrivilegedGroups = { privileged } }
                ).Findings;
                var tier0 = findings.Single(f => f.EventIds.Single() == "g1");
                Assert.Equal(Severity.High, tier0.Severity);
                Assert.Equal(73, tier0.RiskScore);
                Assert.Equal("grp-Tier0-Admins", tier0.GroupId);
                Assert.Equal("id-alex.wilber", tier0.MemberId);
                // the group target has no name; the modified property does
                Assert.Equal("Tier0-Admins", tier0.TargetName);
                Assert.Equal("Group", tier0.TargetType);
                Assert.Equal("Restore-EntraGroupMember", tier0.SuggestedResponse);
                Assert.Equal(Severity.Low, findings.Single(f => f.EventIds.Single() == "g2").Severity);
            }
        }

        [Fact]
        public void EG0005_application_registered()
        {
            var added = Event(
                "p1",
                "2026-11-13T02:20:00Z",
                "Add application",
                Megan,
                new[] { Application("Backup-Helper") }
            );
            var updated = Event(
                "p2",
                "2026-11-13T02:21:00Z",
                "Update application",
                Megan,
                new[] { Application("Backup-Helper") }
            );

            var finding = Assert.Single(Scan(new[] { added, updated }, "EG0005").Findings);
            Assert.Equal("app-Backup-Helper", finding.ApplicationId);
            Assert.Equal("Backup-Helper", finding.TargetName);
        }

        [Fact]
        public void EG0006_application_credential_added_through_the_dashed_activity_name()
        {
            // Entra writes an en dash and sometimes a trailing space; the rule names it with a hyphen.
            var added = Event(
                "c1",
                "2026-11-13T02:11:00Z",
                "Update application \u2013 Certificates and secrets management ",
                Megan,
                new[] { Application("Payroll-Sync", Keys(Key("k1")), Keys(Key("k1"), Key("k2", "AsymmetricX509Cert"))) }
            );
            var removedOnly = Event(
                "c2",
                "2026-11-13T02:12:00Z",
                "Update application \u2013 Certificates and secrets management",
                Megan,
                new[] { Application("Payroll-Sync", Keys(Key("k1"), Key("k2")), Keys(Key("k1"))) }
            );

            var finding = Assert.Single(Scan(new[] { added, removedOnly }, "EG0006").Findings);
            Assert.Equal("c1", finding.EventIds.Single());
            Assert.Equal("app-Payroll-Sync", finding.ApplicationId);
            Assert.Equal("k2", finding.KeyId);
            Assert.Equal("AsymmetricX509Cert", finding.KeyType);
        }

        [Fact]
        public void EG0007_owner_added_to_application_or_service_principal()
        {
            var toApp = Event(
                "o1",
                "2026-11-13T02:21:00Z",
                "Add owner to application",
                Megan,
                new[] { Application("Backup-Helper"), TargetUser("megan") }
            );
            var toSp = Event(
                "o2",
                "2026-11-13T02:22:00Z",
                "Add owner to service principal",
                Megan,
                new[] { ServicePrincipal("Backup-Helper"), TargetUser("megan") }
            );
            var toGroup = Event(
                "o3",
                "2026-11-13T02:23:00Z",
                "Add owner to group",
                Megan,
                new[] { TargetUser("megan") }
            );

            Assert.Equal(
                new[] { "o1", "o2" },
                Scan(new[] { toApp, toSp, toGroup }, "EG0007").Findings.Select(f => f.EventIds.Single())
            );
        }

        [Fact]
        public void EG0008_user_consent_rates_above_admin_consent()
        {
            static TargetResource Consented(string name, string isAdmin) =>
                new()
                {
                    Id = "sp-" + name,
                    DisplayName = name,
                    Type = "ServicePrincipal",
                    ModifiedProperties = new[]
                    {
                        new ModifiedProperty
                        {
                            DisplayName = "ConsentContext.IsAdminConsent",
                            OldValue = "",
                            NewValue = "\"" + isAdmin + "\"",
                        },
                    },
                };
            var user = Event(
                "k1",
                "2026-11-13T02:22:00Z",
                "Consent to application",
                Megan,
                new[] { Consented("Backup-Helper", "False") }
            );
            var admin = Event(
                "k2",
                "2026-11-03T10:00:00Z",
                "Consent to application",
                ItAdmin,
                new[] { Consented("Expense-Portal", "True") }
            );
            var failed = Event(
                "k3",
                "2026-11-13T02:24:00Z",
                "Consent to application",
                Megan,
                new[] { Consented("Other", "False") },
                result: "failure"
            );

            var findings = Scan(new[] { user, admin, failed }, "EG0008").Findings;
            Assert.Equal(
                new[] { ("k2", Severity.Low), ("k1", Severity.Medium) },
                findings.Select(f => (f.EventIds.Single(), f.Severity))
            );
            Assert.Equal("sp-Backup-Helper", findings[1].ServicePrincipalId);
            Assert.Equal("Disable-EntraServicePrincipal", findings[1].SuggestedResponse);
        }

        [Fact]
        public void EG0009_temporary_access_pass_issued()
        {
            var tap = Event(
                "t1",
                "2026-11-14T09:30:00Z",
                "Admin registered security info",
                Megan,
                new[] { TargetUser("lee.gu") },
                resultReason: "Admin registered temporary access pass method for user"
            );
            var phone = Event(
                "t2",
                "2026-11-14T09:31:00Z",
                "Admin registered security info",
                Megan,
                new[] { TargetUser("lee.gu") },
                resultReason: "Admin registered phone method for user"
            );

            var finding = Assert.Single(Scan(new[] { tap, phone }, "EG0009").Findings);
            Assert.Equal("t1", finding.EventIds.Single());
            Assert.Equal("id-lee.gu", finding.UserId);
            Assert.Equal(Severity.High, finding.Severity);
        }

        [Fact]
        public void EG0010_admin_deleted_security_info()
        {
            var adminDeleted = Event(
                "a1",
                "2026-11-14T09:30:00Z",
                "Admin deleted security info",
                Megan,
                new[] { TargetUser("lee.gu") }
            );
            var userDeleted = Event(
                "a2",
                "2026-11-14T09:31:00Z",
                "User deleted security info",
                User("lee.gu"),
                new[] { TargetUser("lee.gu") }
            );

            var finding = Assert.Single(Scan(new[] { adminDeleted, userDeleted }, "EG0010").Findings);
            Assert.Equal("a1", finding.EventIds.Single());
            Assert.Equal("id-lee.gu", finding.UserId);
        }

        [Fact]
        public void EG0011_bulk_removal_needs_five_from_one_group_within_ten_minutes()
        {
            var burst = Enumerable
                .Range(0, 6)
                .Select(i =>
                    Event(
                        $"b{i}",
                        $"2026-11-13T02:{35 + i:00}:00Z",
                        "Remove member from group",
                        Megan,
                        Membership($"analyst{i}", "SOC-Analysts")
                    )
                )
                .ToList();
            var otherGroup = Event(
                "x1",
                "2026-11-13T02:36:30Z",
                "Remove member from group",
                Megan,
                Membership("alex.wilber", "Tier0-Admins")
            );
            var spread = Enumerable
                .Range(0, 5)
                .Select(i =>
                    Event(
                        $"s{i}",
                        $"2026-11-0{1 + i}T10:00:00Z",
                        "Remove member from group",
                        ItAdmin,
                        Membership($"leaver{i}", "Staff")
                    )
                );

            var finding = Assert.Single(Scan(burst.Append(otherGroup).Concat(spread), "EG0011").Findings);
            Assert.Equal(burst.Select(e => e.Id), finding.EventIds);
            Assert.Equal(At("2026-11-13T02:40:00Z"), finding.TimeGenerated);
            Assert.Equal("grp-SOC-Analysts", finding.GroupId);
            Assert.Null(finding.MemberId); // many members: a responder must not restore just one of them
            Assert.Equal("id-megan", finding.UserId);
            Assert.Equal("Disable-EntraUser", finding.SuggestedResponse);
            Assert.Equal(7, finding.Targets.Count); // six members and the group

            Assert.Empty(Scan(burst.Take(4), "EG0011").Findings);
        }

        [Fact]
        public void EG0012_first_credential_ever_added()
        {
            var first = CredentialAdded("f1", "2026-11-13T02:23:00Z", Megan, "Backup-Helper", keyId: "k-first");
            var another = CredentialAdded("f2", "2026-11-13T02:24:00Z", Megan, "Payroll-Sync", "k-2", "success", "k-1");
            var appFirst = Event(
                "f3",
                "2026-11-03T10:00:00Z",
                "Update application \u2013 Certificates and secrets management",
                ItAdmin,
                new[] { Application("Expense-Portal", "[]", Keys(Key("k-app"))) }
            );
            var noDescription = Event(
                "f4",
                "2026-11-13T02:25:00Z",
                "Add service principal credentials",
                Megan,
                new[] { ServicePrincipal("Other") }
            );

            var findings = Scan(new[] { first, another, appFirst, noDescription }, "EG0012").Findings;
            Assert.Equal(new[] { "f3", "f1" }, findings.Select(f => f.EventIds.Single()));
            Assert.Equal("k-first", findings[1].KeyId);
            Assert.Equal(Severity.High, findings[1].Severity);
        }

        [Fact]
        public void EG0013_delete_then_register_within_an_hour_for_the_same_user()
        {
            var adele = User("adele.vance", "198.51.100.23");
            var diego = User("diego");
            var events = new[]
            {
                Event(
                    "s1",
                    "2026-11-14T09:05:00Z",
                    "User deleted security info",
                    adele,
                    new[] { TargetUser("adele.vance") }
                ),
                Event(
                    "s2",
                    "2026-11-14T09:09:00Z",
                    "User registered security info",
                    adele,
                    new[] { TargetUser("adele.vance") }
                ),
                Event(
                    "s3",
                    "2026-11-14T09:20:00Z",
                    "User registered security info",
                    adele,
                    new[] { TargetUser("adele.vance") }
                ),
                Event("n1", "2026-11-05T10:00:00Z", "User deleted security info", diego, new[] { TargetUser("diego") }),
                Event(
                    "n2",
                    "2026-11-08T10:00:00Z",
                    "User registered security info",
                    diego,
                    new[] { TargetUser("diego") }
                ),
                Event(
                    "n3",
                    "2026-11-14T09:06:00Z",
                    "User registered security info",
                    User("lee.gu"),
                    new[] { TargetUser("lee.gu") }
                ),
            };

            foreach (var order in new[] { events, events.Reverse().ToArray() })
            {
                var finding = Assert.Single(Scan(order, "EG0013").Findings);
                Assert.Equal(new[] { "s1", "s2" }, finding.EventIds);
                Assert.Equal(Severity.High, finding.Severity);
                Assert.Equal("id-adele.vance", finding.UserId);
                Assert.Equal(At("2026-11-14T09:09:00Z"), finding.TimeGenerated);
            }

            // Registration before the deletion is not the pattern.
            Assert.Empty(
                Scan(
                    new[]
                    {
                        events[1],
                        Event(
                            "s0",
                            "2026-11-14T09:10:00Z",
                            "User deleted security info",
                            adele,
                            new[] { TargetUser("adele.vance") }
                        ),
                    },
                    "EG0013"
                ).Findings
            );
        }
    }
}

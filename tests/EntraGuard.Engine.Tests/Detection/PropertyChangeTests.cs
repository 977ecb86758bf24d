using System;
using System.IO;
using System.Linq;
using System.Text;
using EntraGuard.Detection;
using EntraGuard.Ingest;
using static EntraGuard.Tests.Detection.Audit;

namespace EntraGuard.Tests.Detection
{
    /// <summary>
    /// The <c>change</c> condition (a modified property's old and new values read as JSON and compared) and the
    /// prefilter that spares records without the property a decode.
    /// </summary>
    public class PropertyChangeTests
    {
        private const string Header =
            "id: T1\nname: t\ndescription: t\nseverity: low\nriskScore: 1\ntactics: [TA0003]\ntechniques: [T1098]\n"
            + "investigation: [i]\nfalsePositives: [f]\nresponse:\n  action: revokeUserSession\n";

        private static Rule RuleWith(string where) =>
            RuleCatalog.Parse(Header + "match:\n  activities: [Update user]\n  where:\n" + where, "t.yaml").Single();

        private static TargetResource UserWith(string property, string? old, string? now) =>
            new()
            {
                Id = "u1",
                Type = "User",
                DisplayName = "lee",
                ModifiedProperties = new[]
                {
                    new ModifiedProperty
                    {
                        DisplayName = property,
                        OldValue = old,
                        NewValue = now,
                    },
                },
            };

        private static bool Matches(Rule rule, TargetResource target) =>
            new DetectionEngine(new[] { rule })
                .Scan(new[] { Event("e1", "2026-11-13T02:00:00Z", "Update user", User("megan"), new[] { target }) })
                .Findings.Count == 1;

        [Fact]
        public void Added_and_removed_see_the_set_difference_and_a_path_steps_into_arrays_of_objects()
        {
            var added = RuleWith(
                "    - change: 'targetResources[User].modifiedProperties.Roles'\n      path: name\n"
                    + "      added: { startswith: Priv }\n"
            );
            var removed = RuleWith(
                "    - change: 'targetResources[*].modifiedProperties.Roles'\n      path: name\n"
                    + "      removed: { equals: Reader }\n"
            );
            const string before = "[{\"name\":\"Reader\"},{\"name\":\"Helpdesk\"}]";
            const string after = "[{\"name\":\"Helpdesk\"},{\"name\":\"Privileged Role Administrator\"}]";

            Assert.True(Matches(added, UserWith("Roles", before, after)));
            Assert.False(Matches(added, UserWith("Roles", after, after)));
            Assert.True(Matches(removed, UserWith("Roles", before, after)));
            Assert.False(Matches(removed, UserWith("Roles", after, before)));
        }

        [Fact]
        public void A_value_that_is_not_json_is_compared_as_it_stands_and_a_missing_property_never_changed()
        {
            var rule = RuleWith(
                "    - change: 'targetResources[User].modifiedProperties.UserType'\n"
                    + "      old: { equals: Guest }\n      new: { equals: Member }\n"
            );

            Assert.True(Matches(rule, UserWith("UserType", "Guest", "Member")));
            Assert.False(Matches(rule, UserWith("Department", "Guest", "Member")));
            Assert.False(Matches(rule, UserWith("UserType", null, "Member")));
        }

        [Fact]
        public void Negated_tests_hold_when_no_value_passes_and_exists_false_when_the_set_is_empty()
        {
            var cleared = RuleWith(
                "    - change: 'targetResources[User].modifiedProperties.Phones'\n"
                    + "      old: { exists: true }\n      new: { exists: false }\n"
            );

            Assert.True(Matches(cleared, UserWith("Phones", "[\"+1 555\"]", "[]")));
            Assert.True(Matches(cleared, UserWith("Phones", "[\"+1 555\"]", "")));
            Assert.False(Matches(cleared, UserWith("Phones", "[\"+1 555\"]", "[\"+1 556\"]")));
        }

        [Fact]
        public void Adding_a_user_to_a_policys_exclusions_raises_EG0067_to_high()
        {
            static TargetResource Policy(string before, string after) =>
                new()
                {
                    Id = "p1",
                    Type = "Policy",
                    DisplayName = "MFA for all",
                    ModifiedProperties = new[]
                    {
                        new ModifiedProperty
                        {
                            DisplayName = "ConditionalAccessPolicy",
                            OldValue = "{\"conditions\":{\"users\":{\"excludeUsers\":" + before + "}}}",
                            NewValue = "{\"conditions\":{\"users\":{\"excludeUsers\":" + after + "}}}",
                        },
                    },
                };
            var rule = RuleCatalog.BuiltIn.Select(new[] { "EG0067" });
            var engine = new DetectionEngine(rule);
            AuditEvent Update(string id, TargetResource policy) =>
                Event(id, "2026-11-13T02:00:00Z", "Update conditional access policy", User("megan"), new[] { policy });

            var findings = engine
                .Scan(new[] { Update("added", Policy("[]", "[\"u1\"]")), Update("removed", Policy("[\"u1\"]", "[]")) })
                .Findings.ToDictionary(f => f.EventIds.Single(), f => f.Severity);

            Assert.Equal(Severity.High, findings["added"]);
            Assert.Equal(Severity.Medium, findings["removed"]);
        }

        private const string Property = "targetResources[User].modifiedProperties.UserType";

        [Theory]
        [InlineData("", "needs a test")]
        [InlineData("      differs: false\n", "only 'differs: true'")]
        [InlineData("      old: { equals: x, contains: y }\n", "has 2 operators")]
        [InlineData("      old: { equals: x, nope: 1 }\n", "nope")]
        [InlineData("      differs: true\n      bogus: 1\n", "bogus")]
        public void A_malformed_change_condition_names_its_problem(string tests, string expected)
        {
            var error = Assert.Throws<RuleFormatException>(() =>
                RuleWith("    - change: '" + Property + "'\n" + tests)
            );
            Assert.Contains(expected, error.Message);
            Assert.Contains("t.yaml", error.Message);
        }

        [Fact]
        public void A_change_condition_must_name_a_modified_property()
        {
            var error = Assert.Throws<RuleFormatException>(() =>
                RuleWith("    - change: 'targetResources[User].displayName'\n      differs: true\n")
            );
            Assert.Contains("is not a modified property", error.Message);
        }

        // ---- the prefilter ---------------------------------------------------------------------------------------

        private static string Record(string id, string property, string old, string now) =>
            "{\"id\":\""
            + id
            + "\",\"activityDateTime\":\"2026-11-13T02:00:00Z\",\"activityDisplayName\":\"Update user\","
            + "\"result\":\"success\",\"initiatedBy\":{\"user\":{\"id\":\"u-megan\","
            + "\"userPrincipalName\":\"megan@contoso.com\"}},\"targetResources\":[{\"id\":\"u-lee\",\"type\":\"User\","
            + "\"userPrincipalName\":\"lee@contoso.com\",\"modifiedProperties\":[{\"displayName\":\""
            + property
            + "\",\"oldValue\":"
            + Quoted(old)
            + ",\"newValue\":"
            + Quoted(now)
            + "}]}]}";

        // A JSON string as Graph writes it: quotes escaped with a backslash, no \u escapes.
        private static string Quoted(string value) => "\"" + value.Replace("\"", "\\\"") + "\"";

        private static AuditEvent[] Read(DetectionEngine engine, params string[] records)
        {
            var page = "{\"value\":[" + string.Join(",", records) + "]}";
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(page));
            return AuditEventReader
                .ReadStream(stream, "page.json", new AuditReadOptions { KeepRecord = engine.ActivityFilter() })
                .ToArray();
        }

        [Fact]
        public void Update_user_records_without_a_watched_property_are_read_without_their_record()
        {
            var engine = new DetectionEngine(RuleCatalog.BuiltIn.Rules);
            var events = Read(
                engine,
                Record("promoted", "UserType", "[\"Guest\"]", "[\"Member\"]"),
                Record("department", "Department", "[]", "[\"Sales\"]"),
                Record("mfa", "StrongAuthenticationRequirement", "[{\"State\":1}]", "[]")
            );

            Assert.Equal("promoted", events[0].Id);
            Assert.Equal("mfa", events[2].Id);
            Assert.Throws<InvalidOperationException>(() => events[1].Id); // never decoded
            var findings = engine.Scan(events).Findings;
            Assert.Equal(
                new[] { ("EG0064", "promoted"), ("EG0065", "mfa") },
                findings.Select(f => (f.RuleId, f.EventIds.Single())).OrderBy(x => x.Item1)
            );
        }

        [Fact]
        public void A_record_with_unicode_escapes_is_always_kept_because_a_name_could_hide_in_them()
        {
            var engine = new DetectionEngine(RuleCatalog.BuiltIn.Select(new[] { "EG0064" }));
            var escaped = Record("escaped", "User\\u0054ype", "[\"Guest\"]", "[\"Member\"]")
                .Replace("User\\\\u0054ype", "User\\u0054ype");

            var events = Read(engine, escaped);

            Assert.Equal("escaped", events[0].Id);
            Assert.Single(engine.Scan(events).Findings);
        }

        [Fact]
        public void The_reader_checks_the_names_its_targets_list_so_the_word_elsewhere_keeps_no_record()
        {
            var engine = new DetectionEngine(RuleCatalog.BuiltIn.Select(new[] { "EG0064" }));
            var elsewhere = Record("elsewhere", "Department", "[\"UserType\"]", "[\"Guest\"]")
                .Replace("\"lee@contoso.com\"", "\"usertype@contoso.com\"");

            var events = Read(engine, elsewhere);

            Assert.Throws<InvalidOperationException>(() => events[0].Id); // read without its record
        }

        // The record with its activity after its targets: the reader does not know it yet when it walks them.
        private static string ActivityLast(string record) =>
            record.Replace("\"activityDisplayName\":\"Update user\",", "").TrimEnd('}')
            + ",\"activityDisplayName\":\"Update user\"}";

        [Fact]
        public void The_reader_notes_the_names_of_targets_that_come_before_the_activity()
        {
            var engine = new DetectionEngine(RuleCatalog.BuiltIn.Select(new[] { "EG0064" }));
            var elsewhere = Record("elsewhere", "Department", "[\"UserType\"]", "[\"Guest\"]")
                .Replace("\"lee@contoso.com\"", "\"usertype@contoso.com\"");

            var events = Read(
                engine,
                ActivityLast(elsewhere),
                ActivityLast(Record("promoted", "UserType", "[\"Guest\"]", "[\"Member\"]"))
            );

            Assert.Throws<InvalidOperationException>(() => events[0].Id); // the name was checked, not the text
            Assert.Equal("EG0064", Assert.Single(engine.Scan(events).Findings).RuleId);
        }

        [Fact]
        public void A_rule_on_every_activity_that_reads_a_name_has_the_names_of_every_record_checked()
        {
            var everyActivity = RuleCatalog
                .Parse(
                    Header
                        + "match:\n  activities: ['*']\n  where:\n"
                        + "    - change: 'targetResources[User].modifiedProperties.UserType'\n      differs: true\n",
                    "t.yaml"
                )
                .Single();
            var engine = new DetectionEngine(new[] { everyActivity });
            string AddMember(string record) => record.Replace("Update user", "Add member to group");
            var elsewhere = Record("elsewhere", "Department", "[\"UserType\"]", "[\"Guest\"]")
                .Replace("\"lee@contoso.com\"", "\"usertype@contoso.com\"");

            var events = Read(
                engine,
                AddMember(elsewhere),
                AddMember(Record("promoted", "UserType", "[\"Guest\"]", "[\"Member\"]"))
            );

            Assert.Throws<InvalidOperationException>(() => events[0].Id);
            Assert.Equal("promoted", Assert.Single(engine.Scan(events).Findings).EventIds.Single());
        }

        [Fact]
        public void A_record_whose_activity_changes_after_its_targets_is_kept_when_its_text_names_the_property()
        {
            // The filter judges a record by its last activity, whatever it was when the reader passed the targets.
            var engine = new DetectionEngine(RuleCatalog.BuiltIn.Select(new[] { "EG0064" }));
            var twice =
                Record("twice", "UserType", "[\"Guest\"]", "[\"Member\"]")
                    .Replace(
                        "\"activityDisplayName\":\"Update user\",",
                        "\"activityDisplayName\":\"Add member to group\","
                    )
                    .TrimEnd('}') + ",\"activityDisplayName\":\"Update user\"}";

            var events = Read(engine, twice);

            Assert.Equal("Update user", events[0].ActivityDisplayName);
            Assert.Equal("EG0064", Assert.Single(engine.Scan(events).Findings).RuleId);
        }

        // Each record promotes a guest, its UserType named in a way the reader must not take for another name
        // (EG0064 with an extra rule on UserTypeForId to check the dotless i).
        public static TheoryData<string, string> NamesOnlyTheDecoderCanTell =>
            new()
            {
                { "lower case", Record("r", "usertype", "[\"Guest\"]", "[\"Member\"]") },
                {
                    "escaped",
                    Record("r", "User_Type", "[\"Guest\"]", "[\"Member\"]").Replace("User_Type", "User\\u0054ype")
                },
                // Ignoring case as .NET does, a dotless i may be an I: whatever the decoder decides, the filter agrees.
                { "with a dotless i", Record("r", "UserTypeFor\u0131d", "[\"Guest\"]", "[\"Member\"]") },
                {
                    "after many other properties",
                    Record("r", "UserType", "[\"Guest\"]", "[\"Member\"]")
                        .Replace(
                            "[{\"displayName\"",
                            "["
                                + string.Concat(Enumerable.Range(0, 20).Select(i => $"{{\"displayName\":\"P{i}\"}},"))
                                + "{\"displayName\""
                        )
                },
                {
                    "in a second target",
                    Record("r", "UserType", "[\"Guest\"]", "[\"Member\"]")
                        .Replace(
                            "\"targetResources\":[",
                            "\"targetResources\":[{\"type\":\"Other\",\"modifiedProperties\":[]},"
                        )
                },
                {
                    "in a diagnostic record",
                    "{\"time\":\"2026-11-13T02:00:00Z\",\"category\":\"AuditLogs\",\"properties\":"
                        + Record("r", "UserType", "[\"Guest\"]", "[\"Member\"]")
                        + "}"
                },
            };

        [Theory]
        [MemberData(nameof(NamesOnlyTheDecoderCanTell))]
        public void A_record_a_change_condition_matches_is_always_kept(string spelling, string record)
        {
            var rules = RuleCatalog
                .BuiltIn.Select(new[] { "EG0064" })
                .Append(
                    RuleWith(
                        "    - change: 'targetResources[User].modifiedProperties.UserTypeForId'\n      differs: true\n"
                    )
                );
            var engine = new DetectionEngine(rules);
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes("[" + record + "]"));
            var whole = AuditEventReader.ReadStream(stream, "page.json").ToArray();

            var findings = engine.Scan(Read(engine, record)).Findings;

            Assert.Equal(engine.Scan(whole).Findings.Count, findings.Count);
            if (spelling != "with a dotless i")
                Assert.Equal("EG0064", Assert.Single(findings).RuleId);
        }

        [Fact]
        public void The_dispatcher_skips_a_kept_record_that_lacks_a_rules_property_without_decoding_it()
        {
            var engine = new DetectionEngine(RuleCatalog.BuiltIn.Select(new[] { "EG0064" }));
            using var stream = new MemoryStream(
                Encoding.UTF8.GetBytes("[" + Record("department", "Department", "[]", "[\"Sales\"]") + "]")
            );
            var unfiltered = AuditEventReader.ReadStream(stream, "page.json").Single();

            var result = engine.Scan(new[] { unfiltered });

            Assert.Empty(result.Findings);
            Assert.False(unfiltered.IsDecoded);
        }

        [Fact]
        public void The_required_words_are_the_property_names_and_wanted_values()
        {
            var rule = RuleCatalog.BuiltIn.Select(new[] { "EG0066" }).Single();

            Assert.Equal(
                new[] { new[] { "userprincipalname" }, new[] { "#ext#" } },
                rule.RecordText!.Clauses.Select(c => c.ToArray()).ToArray()
            );
            Assert.Null(RuleCatalog.BuiltIn.Select(new[] { "EG0001" }).Single().RecordText);
        }
    }
}

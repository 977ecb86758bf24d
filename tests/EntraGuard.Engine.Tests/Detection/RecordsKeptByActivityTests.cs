using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using EntraGuard.Detection;
using EntraGuard.Ingest;

namespace EntraGuard.Tests.Detection
{
    /// <summary>
    /// A scan reads every record but keeps whole only those a rule watches: the findings, counts and data range must
    /// be exactly those of a scan that kept every record, and an event read without its record must say so if asked.
    /// </summary>
    public sealed class RecordsKeptByActivityTests
    {
        private static readonly DetectionSetup Setup = DetectionSetup.Load(
            Path.Combine(TestFiles.RepositoryRoot, "samples", "settings.yaml")
        );

        private static string Describe(ScanResult result) =>
            string.Join(
                "\n",
                result
                    .Findings.Select(f =>
                        $"{f.RiskEventId}|{f.Severity}|{f.Suppressed}|{f.HistoryComplete}|"
                        + $"{string.Join(",", f.EventIds)}|{f.ActorName}|{f.UserAgent}|{f.KeyId}|{f.TargetName}"
                    )
                    .Concat(result.MatchedPerRule.OrderBy(p => p.Key).Select(p => $"{p.Key} matched {p.Value}"))
                    .Concat(
                        new[]
                        {
                            $"events {result.EventsSeen}, suppressed {result.SuppressedCount}, from "
                                + $"{result.DataStart:o} to {result.DataEnd:o}",
                        }
                    )
            );

        [Theory]
        [InlineData("graph")]
        [InlineData("diagnostic")]
        public void A_scan_keeping_only_watched_records_finds_exactly_what_a_full_scan_finds(string sample)
        {
            var path = new[] { Path.Combine(TestFiles.RepositoryRoot, "samples", sample) };
            var engine = Setup.Engine;

            var full = engine.Scan(AuditEventReader.ReadPaths(path), Setup.Options());
            var kept = engine.Scan(
                AuditEventReader.ReadPaths(path, new AuditReadOptions { KeepRecord = engine.ActivityFilter() }),
                Setup.Options()
            );

            Assert.True(
                full.Findings.Count >= 30 && full.SuppressedCount > 0,
                "the sample should give findings and suppress some"
            );
            Assert.Equal(Describe(full), Describe(kept));
        }

        private static readonly byte[] PlainRecord = System.Text.Encoding.UTF8.GetBytes(
            "{\"modifiedProperties\":[{\"displayName\":\"Department\"}]}"
        );

        [Fact]
        public void Only_the_activities_some_rule_watches_pass_the_filter_in_any_spelling()
        {
            var filter = Setup.Engine.ActivityFilter();

            Assert.True(filter("Add service principal credentials", new RecordView(PlainRecord)));
            Assert.True(filter("User registered security info", new RecordView(PlainRecord)));
            // as Entra writes it
            Assert.True(
                filter("Update application – Certificates and secrets management ", new RecordView(PlainRecord))
            );
            Assert.False(filter("Add user to nothing", new RecordView(PlainRecord)));
            Assert.False(filter("", new RecordView(PlainRecord)));
        }

        [Fact]
        public void An_activity_whose_rules_all_need_a_property_passes_only_records_that_name_it()
        {
            var filter = Setup.Engine.ActivityFilter();
            var promoted = System.Text.Encoding.UTF8.GetBytes(
                "{\"modifiedProperties\":[{\"displayName\":\"USERTYPE\",\"oldValue\":\"[\\\"Guest\\\"]\"}]}"
            );

            Assert.False(filter("Update user", new RecordView(PlainRecord)));
            Assert.True(filter("Update user", new RecordView(promoted)));
        }

        [Fact]
        public void Modified_property_names_are_asked_for_only_on_activities_whose_rules_look_them_up()
        {
            // EG0064 and EG0069 test a change of a named property of the user or the device; EG0075's device step
            // reads a property's new value by its path, which names the property as well. Its owner step names none.
            var asks = new DetectionEngine(
                RuleCatalog.BuiltIn.Select(new[] { "EG0064", "EG0069", "EG0075" })
            ).AsksModifiedPropertyNames();

            Assert.True(asks("Update user"));
            Assert.True(asks("Update device"));
            Assert.True(asks("Add device"));
            Assert.False(asks("Add registered owner to device"));
            Assert.False(asks("Add user to nothing"));
        }

        [Fact]
        public void A_property_a_field_path_reads_is_looked_up_among_the_names_the_reader_noted()
        {
            // EG0032 reads four modified properties of an updated application by their paths. A record whose targets
            // list none of them is refused by its noted names, though its text holds one of the names elsewhere.
            var engine = new DetectionEngine(RuleCatalog.BuiltIn.Select(new[] { "EG0032" }));
            var filter = engine.ActivityFilter();
            RecordView Noted(byte[] json, string name)
            {
                var names = new ListedPropertyNames();
                names.Add(
                    Encoding.ASCII.GetString(json).IndexOf(name, StringComparison.Ordinal),
                    Encoding.ASCII.GetBytes(name)
                );
                return new RecordView(json, names, plainText: true);
            }
            var other = Encoding.UTF8.GetBytes(
                "{\"modifiedProperties\":[{\"displayName\":\"Notes\",\"newValue\":\"LogoutUrl to follow\"}]}"
            );
            var logout = Encoding.UTF8.GetBytes(
                "{\"modifiedProperties\":[{\"displayName\":\"LOGOUTURL\",\"newValue\":\"[]\"}]}"
            );

            Assert.True(engine.AsksModifiedPropertyNames()("Update application"));
            Assert.False(filter("Update application", Noted(other, "Notes")));
            Assert.True(filter("Update application", Noted(logout, "LOGOUTURL")));
            // Without noted names the record is searched, and may hold the property.
            Assert.True(filter("Update application", new RecordView(other)));
        }

        [Fact]
        public void The_reader_notes_modified_property_names_only_for_activities_that_are_asked_about()
        {
            // JSON lines, so each record is walked as a record of its own; the last one names its activity only
            // after its targets, so its names are noted whatever the activity.
            const string targets = "\"targetResources\":[{\"modifiedProperties\":[{\"displayName\":\"Asked\"}]}]";
            var lines = new[]
            {
                "{\"id\":\"1\",\"activityDateTime\":\"2026-11-01T00:00:00Z\",\"activityDisplayName\":\"Watched\","
                    + targets
                    + "}",
                "{\"id\":\"2\",\"activityDateTime\":\"2026-11-01T00:00:00Z\",\"activityDisplayName\":\"Other\","
                    + targets
                    + "}",
                "{\"id\":\"3\",\"activityDateTime\":\"2026-11-01T00:00:00Z\","
                    + targets
                    + ",\"activityDisplayName\":\"Other\"}",
            };
            var seen = new List<string>();
            var options = new AuditReadOptions
            {
                KeepRecord = (activity, record) =>
                {
                    var asked = record.MayListModifiedProperty(Encoding.ASCII.GetBytes("asked"));
                    var absent = record.MayListModifiedProperty(Encoding.ASCII.GetBytes("absent"));
                    seen.Add($"{activity} asked={asked} absent={absent}");
                    return false;
                },
                NotesPropertyNames = activity => activity == "Watched",
            };
            var parser = new AuditJsonParser(
                new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines))),
                "lines",
                options,
                new ReadStatistics(),
                new StringPool()
            );
            while (parser.Next() != null) { }

            Assert.Equal(
                new[]
                {
                    "Watched asked=True absent=False",
                    "Other asked=True absent=True", // not noted: every name may be listed
                    "Other asked=True absent=False",
                },
                seen
            );
            Assert.Equal(3, parser.RecordsWalkedFast);
        }

        [Fact]
        public void A_lent_record_reads_until_the_next_is_read_and_then_refuses_rather_than_read_another()
        {
            // Two kept records: the first is decoded in its turn, the second only asked after the reader moved on.
            const string line =
                "{{\"id\":\"{0}\",\"activityDateTime\":\"2026-11-01T00:00:0{0}Z\",\"activityDisplayName\":\"A\","
                + "\"initiatedBy\":{{\"user\":{{\"userPrincipalName\":\"u{0}@x\"}}}}}}";
            var json = string.Join("\n", Enumerable.Range(1, 3).Select(i => string.Format(line, i)));
            var parser = new AuditJsonParser(
                new MemoryStream(Encoding.UTF8.GetBytes(json)),
                "lines",
                new AuditReadOptions { KeepRecord = (_, _) => true, LendsKeptRecords = true },
                new ReadStatistics(),
                new StringPool()
            );

            var first = parser.Next()!;
            Assert.Equal(("1", "u1@x"), (first.Id, first.InitiatedBy.UserPrincipalName));
            var second = parser.Next()!;
            var third = parser.Next()!;
            Assert.Equal("3", third.Id);

            Assert.Equal(("1", "u1@x"), (first.Id, first.InitiatedBy.UserPrincipalName)); // decoded in its turn
            var refused = Assert.Throws<InvalidOperationException>(() => second.Id);
            Assert.Contains("after the next event was read", refused.Message);
            Assert.Equal(DateTimeOffset.Parse("2026-11-01T00:00:02Z"), second.ActivityDateTime);
        }

        [Fact]
        public void A_sequence_keeps_a_record_only_when_a_step_watching_its_activity_may_match_it()
        {
            // EG0074: the grant step wants RoleManagement.ReadWrite.Directory among the app roles granted, the
            // promotion step an admin role.
            var filter = new DetectionEngine(RuleCatalog.BuiltIn.Select(new[] { "EG0074" })).ActivityFilter();
            RecordView Record(string json) => new(System.Text.Encoding.UTF8.GetBytes(json));
            const string grant = "Add app role assignment to service principal";

            Assert.True(
                filter(
                    grant,
                    Record(
                        "{\"modifiedProperties\":[{\"displayName\":\"AppRole.Value\","
                            + "\"newValue\":\"\\\"RoleManagement.ReadWrite.Directory\\\"\"}]}"
                    )
                )
            );
            Assert.False(
                filter(
                    grant,
                    Record("{\"modifiedProperties\":[{\"displayName\":\"AppRole.Value\",\"newValue\":\"Mail.Read\"}]}")
                )
            );
            Assert.True(
                filter(
                    "Add member to role",
                    Record("{\"targetResources\":[{\"displayName\":\"Global Administrator\"}]}")
                )
            );
            Assert.False(filter("Add member to role", new RecordView(PlainRecord)));
        }

        [Fact]
        public void A_condition_on_the_initiating_user_keeps_only_records_that_name_a_user()
        {
            // EG0063 wants initiatedBy.user.id: a registration by an app names no user, so its record is left.
            var filter = new DetectionEngine(RuleCatalog.BuiltIn.Select(new[] { "EG0063" })).ActivityFilter();
            bool Kept(string initiatedBy) =>
                filter(
                    "Register device",
                    new RecordView(Encoding.UTF8.GetBytes("{\"initiatedBy\":" + initiatedBy + "}"))
                );

            Assert.False(Kept("{\"user\":null,\"app\":{\"displayName\":\"Azure AD Cloud Sync\"}}"));
            Assert.False(Kept("{\"app\":{\"displayName\":\"user\"}}"));
            Assert.True(Kept("{\"user\":{\"id\":\"u1\"},\"app\":null}"));
            // any ASCII case and JSON whitespace, as exports write them
            Assert.True(Kept("{ \"User\" :\n  { \"id\": \"u1\" } }"));
            // an escaped name could be "user": the record may match
            Assert.True(Kept("{\"\\u0075ser\":{\"id\":\"u1\"}}"));
        }

        [Fact]
        public void A_wanted_value_with_a_slash_is_looked_for_as_written_and_as_escaped()
        {
            // EG0075's first step wants a registration tool's user agent (Dsreg/…); a browser's record is left.
            var filter = new DetectionEngine(RuleCatalog.BuiltIn.Select(new[] { "EG0075" })).ActivityFilter();
            bool Kept(string agent) =>
                filter(
                    "Add device",
                    new RecordView(
                        Encoding.UTF8.GetBytes(
                            "{\"initiatedBy\":{\"app\":{\"displayName\":\"Device Registration Service\"}},"
                                + "\"targetResources\":[{\"modifiedProperties\":[{\"displayName\":"
                                + "\"CloudAccountEnabled\",\"newValue\":\"[true]\"}]}],"
                                + "\"additionalDetails\":[{\"key\":\"User-Agent\",\"value\":\""
                                + agent
                                + "\"}]}"
                        )
                    )
                );

            Assert.False(Kept("Mozilla/5.0 (Windows NT 10.0; Win64; x64)"));
            Assert.True(Kept("Dsreg/10.0 (Windows 10.0.19044.1826)"));
            Assert.True(Kept("Dsreg\\/10.0 (Windows 10.0.19044.1826)"));
            Assert.True(Kept("Microsoft.OData.Client/7.12.2"));
        }

        [Fact]
        public void A_rule_that_watches_every_activity_keeps_every_record()
        {
            var everything = RuleCatalog.Parse(
                "id: EG9001\nname: Any failure\ndescription: Any failed operation.\nkind: match\nseverity: "
                    + "low\nriskScore: 21\ntactics: [TA0005]\ntechniques: [T1562]\nmatch:\n  activities: ['*']\n  "
                    + "result: failure\ntarget: User\ninvestigation: [Look.]\nfalsePositives: [Retries.]\nresponse:\n  "
                    + "action: revokeUserSession\n",
                "every.yaml"
            );
            var filter = new DetectionEngine(everything.Concat(Setup.Engine.Rules)).ActivityFilter();

            Assert.True(filter("Update user", new RecordView(PlainRecord)));
            Assert.True(filter("Anything at all", new RecordView(PlainRecord)));
        }

        [Fact]
        public void An_event_read_without_its_record_keeps_its_time_and_activity_and_refuses_the_rest()
        {
            var path = new[] { Path.Combine(TestFiles.RepositoryRoot, "samples", "graph") };
            var all = AuditEventReader.ReadPaths(path).ToList();
            var partial = AuditEventReader
                .ReadPaths(
                    path,
                    new AuditReadOptions { KeepRecord = (a, _) => a == "Add service principal credentials" }
                )
                .ToList();

            Assert.Equal(
                all.Select(e => (e.ActivityDateTime, e.ActivityDisplayName, e.Source)),
                partial.Select(e => (e.ActivityDateTime, e.ActivityDisplayName, e.Source))
            );
            var keptPairs = all.Zip(partial, (a, p) => (Full: a, Partial: p))
                .Where(x => x.Full.ActivityDisplayName == "Add service principal credentials")
                .ToList();
            Assert.NotEmpty(keptPairs);
            Assert.All(
                keptPairs,
                x =>
                    Assert.Equal(
                        (x.Full.Id, x.Full.InitiatedBy.Name, x.Full.TargetResources.Count),
                        (x.Partial.Id, x.Partial.InitiatedBy.Name, x.Partial.TargetResources.Count)
                    )
            );

            var hollow = partial.First(e => e.ActivityDisplayName == "Update user");
            var error = Assert.Throws<InvalidOperationException>(() => hollow.Id);
            Assert.Contains("'Update user'", error.Message);
            Assert.Contains("KeepRecord", error.Message);
            Assert.Throws<InvalidOperationException>(() => hollow.TargetResources);
        }

        // Two rules on one activity that want the same user agent and each a result reason of its own.
        private static DetectionEngine TwoRulesSharingAWord() =>
            new(
                new[] { "alpha-reason", "beta-reason" }.SelectMany(
                    (reason, i) =>
                        RuleCatalog.Parse(
                            $"id: T{i}\nname: t\ndescription: t\nseverity: low\nriskScore: 1\ntactics: [TA0003]\n"
                                + "techniques: [T1098]\ninvestigation: [i]\nfalsePositives: [f]\n"
                                + "response:\n  action: revokeUserSession\nmatch:\n  activities: [Update user]\n"
                                + $"  where:\n    - field: resultReason\n      equals: {reason}\n"
                                + "    - field: userAgent\n      equals: Shared-Agent/1\n",
                            $"t{i}.yaml"
                        )
                )
            );

        [Fact]
        public void Rules_on_one_activity_look_first_for_the_words_most_of_them_want()
        {
            var rules = TwoRulesSharingAWord().RulesFor("update user");

            // As written, each rule's reason comes first; the agent both want is searched first, once for both.
            Assert.All(rules.Texts, text => Assert.Equal("shared-agent/1", text!.Clauses[0].Single()));
            Assert.Equal(
                new[] { "alpha-reason", "beta-reason" },
                rules.Texts.Select(text => text!.Clauses[1].Single())
            );
        }

        [Fact]
        public void What_a_filter_found_in_one_record_is_not_taken_for_the_next()
        {
            var filter = TwoRulesSharingAWord().ActivityFilter();
            bool Kept(string json) => filter("Update user", new RecordView(Encoding.UTF8.GetBytes(json)));

            Assert.True(Kept("{\"resultReason\":\"beta-reason\",\"userAgent\":\"Shared-Agent/1\"}"));
            Assert.False(Kept("{\"resultReason\":\"beta-reason\",\"userAgent\":\"Other/1\"}"));
            Assert.False(Kept("{\"resultReason\":\"gamma-reason\",\"userAgent\":\"Shared-Agent/1\"}"));
            Assert.True(Kept("{\"resultReason\":\"alpha-reason\",\"userAgent\":\"Shared-Agent/1\"}"));
        }

        [Fact]
        public void A_word_the_fast_walk_finds_spelled_in_escapes_keeps_its_record()
        {
            var filter = TwoRulesSharingAWord().ActivityFilter();
            var kept = new List<bool>();
            var lines = new[] { "Shared-Agent/1", "Shared-\\u0041gent/1", "Other/1", "Other/\u00e9" }.Select(agent =>
                "{\"id\":\"e\",\"activityDateTime\":\"2026-11-01T00:00:00Z\",\"activityDisplayName\":\"Update user\","
                + $"\"resultReason\":\"beta-reason\",\"userAgent\":\"{agent}\"}}"
            );
            var parser = new AuditJsonParser(
                new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines))),
                "lines",
                new AuditReadOptions { KeepRecord = (activity, record) => Noted(filter(activity, record)) },
                new ReadStatistics(),
                new StringPool()
            );
            while (parser.Next() != null) { }

            // The escaped 'A' may spell the word, so its record is kept; a record without it, in plain ASCII or not,
            // is refused.
            Assert.Equal(new[] { true, true, false, false }, kept);
            Assert.Equal(4, parser.RecordsWalkedFast);

            bool Noted(bool keep)
            {
                kept.Add(keep);
                return keep;
            }
        }
    }
}

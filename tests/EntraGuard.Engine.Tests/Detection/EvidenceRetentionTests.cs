using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Detection;
using EntraGuard.Memory;
using static EntraGuard.Tests.Detection.Audit;

namespace EntraGuard.Tests.Detection
{
    /// <summary>
    /// Stateful rules hold evidence to the end of the stream; what they hold must be each distinct value once, not a
    /// copy per event (the reader's own string cache is lossy and never caches long values such as user agents).
    /// </summary>
    public class EvidenceRetentionTests
    {
        // Built at run time so every event gets its own instance, as the reader produces for uncached values.
        private static string Browser() =>
            string.Concat(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ",
                "Chrome/142.0.0.0 Safari/537.36"
            );

        private static AuditActor Actor(string name) =>
            new()
            {
                UserId = string.Concat("id-", name),
                UserPrincipalName = string.Concat(name, "@contoso.com"),
                IpAddress = string.Concat("198.51.100.", "23"),
            };

        private static AuditEvent SecurityInfo(string id, string time, string activity, string user) =>
            Event(id, time, activity, Actor(user), new[] { TargetUser(user) }, details: ("User-Agent", Browser()));

        [Fact]
        public void Findings_of_one_scan_share_one_copy_of_each_value_their_evidence_held()
        {
            var events = new List<AuditEvent>();
            foreach (var (user, hour) in new[] { ("adele", 9), ("diego", 10), ("lee", 11) })
            {
                events.Add(
                    SecurityInfo($"{user}-d", $"2026-11-14T{hour:00}:05:00Z", "User deleted security info", user)
                );
                events.Add(
                    SecurityInfo($"{user}-r", $"2026-11-14T{hour:00}:09:00Z", "User registered security info", user)
                );
            }
            // The same user twice: the actor's and target's values repeat across the two findings as well.
            events.Add(SecurityInfo("adele-d2", "2026-11-14T15:00:00Z", "User deleted security info", "adele"));
            events.Add(SecurityInfo("adele-r2", "2026-11-14T15:30:00Z", "User registered security info", "adele"));

            var findings = Scan(events, "EG0013").Findings;

            Assert.Equal(4, findings.Count);
            Assert.All(findings, f => Assert.Equal(Browser(), f.UserAgent));
            Assert.All(findings, f => Assert.Same(findings[0].UserAgent, f.UserAgent));
            Assert.All(findings, f => Assert.Same(findings[0].IpAddress, f.IpAddress));
            var adele = findings.Where(f => f.TargetName == "adele@contoso.com").ToList();
            Assert.Equal(2, adele.Count);
            Assert.Same(adele[0].ActorId, adele[1].ActorId);
            Assert.Same(adele[0].Targets[0], adele[1].Targets[0]);
        }

        [Fact]
        public void A_finding_keeps_the_time_of_its_last_event_as_written_with_its_offset()
        {
            var events = new[]
            {
                SecurityInfo("adele-d", "2026-11-14T09:05:00Z", "User deleted security info", "adele"),
                SecurityInfo("adele-r", "2026-11-14T11:09:00+02:00", "User registered security info", "adele"),
            };

            var finding = Assert.Single(Scan(events, "EG0013").Findings);

            Assert.Equal(new DateTimeOffset(2026, 11, 14, 11, 9, 0, TimeSpan.FromHours(2)), finding.TimeGenerated);
            Assert.Equal(TimeSpan.FromHours(2), finding.TimeGenerated.Offset);
        }

        [Fact]
        public void The_scan_context_keeps_one_instance_of_the_facts_events_share()
        {
            var context = new ScanContext(new HashSet<string>());
            var actor = context.KeepActor(
                new ActorValues("id-1", "Adele", ActorType.User, "id-1", null, null, null, null)
            );
            var targets = context.KeepTargets(new[] { context.Keep("id-2", "Diego", "User") }, 1);
            HeldFacts Facts(bool judged, TimeSpan offset) =>
                context.KeepFacts(new FactValues(actor, targets, null, null, null, judged, offset));

            var first = Facts(judged: true, TimeSpan.Zero);

            Assert.Same(first, Facts(judged: true, TimeSpan.Zero));
            Assert.NotSame(first, Facts(judged: false, TimeSpan.Zero));
            Assert.NotSame(first, Facts(judged: true, TimeSpan.FromHours(2)));
        }

        [Fact]
        public void The_scan_context_keeps_the_first_instance_of_each_value()
        {
            var context = new ScanContext(new HashSet<string>());
            var first = string.Concat("10.0.", "0.1");
            var second = string.Concat("10.0.", "0.1");
            Assert.NotSame(first, second);

            Assert.Same(first, context.Keep(first));
            Assert.Same(first, context.Keep(second));
            Assert.Null(context.Keep(null));
            Assert.Equal("other", context.Keep("other"));

            var target = context.Keep("id-1", "Adele", "User");
            Assert.Same(target, context.Keep(string.Concat("id-", "1"), "Adele", "User"));
            Assert.NotSame(target, context.Keep("id-1", "Adele", "Group"));
            Assert.NotSame(target, context.Keep("id-1", null, "User"));
            Assert.Equal(("id-1", "Adele", "User"), (target.Id, target.Name, target.Type));

            var group = context.Keep("g-1", "Tier0-Admins", "Group");
            var list = context.KeepTargets(new[] { target, group }, 2);
            // The part of a reused buffer given is found again by its items; a new list is a copy of it.
            var buffer = new[] { context.Keep("id-1", "Adele", "User"), group, target };
            Assert.Same(list, context.KeepTargets(buffer, 2));
            Assert.NotSame(list, context.KeepTargets(new[] { group, target }, 2)); // order is part of the list
            var single = context.KeepTargets(buffer, 1);
            Assert.Equal(new[] { target }, single);
            buffer[0] = group;
            Assert.Equal(new[] { target }, single);
            Assert.Empty(context.KeepTargets(buffer, 0));
        }

        [Fact]
        public void The_scan_context_remembers_for_good_only_values_it_meets_again()
        {
            // Ten thousand devices registered once each for one user by one service: the user's target, the actor
            // and the shared strings are remembered, each device and each event's list of targets is not.
            var context = new ScanContext(new HashSet<string>());
            var actor = new ActorValues(
                "sp-1",
                "Device Registration Service",
                ActorType.App,
                null,
                "app-1",
                "sp-1",
                null,
                null
            );
            var lists = new List<IReadOnlyList<RiskTarget>>();
            for (var i = 0; i < 10_000; i++)
            {
                var buffer = context.TargetBuffer(2);
                buffer[0] = context.Keep($"device-{i}", $"DEVICE-{i}", string.Concat("Dev", "ice"));
                buffer[1] = context.Keep(string.Concat("user-", "1"), "adele@contoso.com", "User");
                var targets = context.KeepTargets(buffer, 2);
                context.KeepFacts(
                    new FactValues(context.KeepActor(actor), targets, null, null, null, true, TimeSpan.Zero)
                );
                lists.Add(targets);
            }

            // Strings: "Device", "user-1", the user's name and "User"; targets: the user; actors: the service.
            Assert.Equal((4, 1, 0, 1, 0), context.KeptCounts);
            // (The user's target is remembered at its second meeting, or a few later if others took its slot.)
            Assert.All(lists.Skip(10), list => Assert.Same(lists[10][1], list[1]));
            Assert.Equal(Enumerable.Range(0, 10_000).Select(i => $"DEVICE-{i}"), lists.Select(list => list[0].Name));

            // A list met again while still recent is remembered, and is the instance first made.
            var buffer2 = context.TargetBuffer(2);
            buffer2[0] = lists[9_999][0];
            buffer2[1] = lists[9_999][1];
            Assert.Same(lists[9_999], context.KeepTargets(buffer2, 2));
            Assert.Equal(1, context.KeptCounts.TargetLists);
        }

        [Fact]
        public void The_text_arena_gives_back_each_text_and_orders_them_as_ordinal_strings()
        {
            var arena = new TextArena();
            // Enough ids to outgrow the first buffer, with a shared prefix, differing case and a non-ASCII one.
            // Enough ids to fill several chunks, texts longer than a chunk between them, with a shared prefix,
            // differing case and a non-ASCII one.
            var texts = Enumerable
                .Range(0, 3000)
                .Select(i => $"Directory_{(i * 7919) % 3000:D4}_{(i % 2 == 0 ? "abc" : "ABC")}")
                .Concat(
                    new[]
                    {
                        new string('x', 40_000),
                        "",
                        "Directory_\u00e9",
                        new string('\u00e9', 20_000),
                        "Directory_",
                    }
                )
                .Concat(Enumerable.Range(0, 10).Select(i => $"after-{i}"))
                .ToList();
            var refs = texts.Select(arena.Add).ToList();
            var none = arena.Add(null);

            Assert.Equal(texts, refs.Select(arena.Text));
            Assert.Null(arena.Text(none));
            Assert.True(none.IsNone);
            for (var i = 1; i < texts.Count; i++)
            {
                Assert.Equal(
                    Math.Sign(string.CompareOrdinal(texts[i - 1], texts[i])),
                    Math.Sign(arena.CompareOrdinal(refs[i - 1], refs[i]))
                );
            }
            Assert.True(arena.CompareOrdinal(none, refs[0]) < 0); // null first, as string.CompareOrdinal puts it
            Assert.Equal(0, arena.CompareOrdinal(none, TextRef.None));

            // A text found to be there already is taken back, and the next one takes its place.
            var again = arena.Add("after-9");
            Assert.True(arena.Equals(again, refs[refs.Count - 1]));
            Assert.Equal(arena.GetHashCode(again), arena.GetHashCode(refs[refs.Count - 1]));
            arena.RemoveLast(again);
            Assert.Equal(again.Start, arena.Add("next").Start);
            Assert.Equal("after-9", arena.Text(refs[refs.Count - 1]));
        }

        [Fact]
        public void The_text_arena_gives_back_both_texts_of_each_pair()
        {
            var arena = new TextArena();
            // Null and empty texts; lengths either side of a one-byte length (30/31 chars); wide texts; texts either
            // side of the longest kept in the record (8 KiB), and longer than a chunk, stored after their record.
            var texts = new string?[]
            {
                null,
                "",
                "Directory_000000083916_10042",
                new string('a', 30),
                new string('b', 31),
                "Directory_9f1c6a52-4f0e-4b41-9b7a-3f52b0d1a7e1_8TQNL_184205731",
                "key-\u00e9-\u4e2d",
                "k\u00e9y",
                new string('c', 8192),
                new string('d', 8193),
                new string('\u00e9', 4096),
                new string('\u00e9', 4097),
                new string('e', 40_000),
            };
            var pairs = new List<(string?, string?, int)>();
            for (var round = 0; round < 40; round++)
            {
                foreach (var first in texts)
                {
                    var second = texts[(Array.IndexOf(texts, first) + round) % texts.Length];
                    var id = first is null ? null : $"{first}-{round}";
                    pairs.Add((id, second, arena.AddPair(id, second)));
                    arena.Add($"between-{round}"); // single texts share the chunks
                }
            }

            foreach (var (first, second, pair) in pairs)
            {
                Assert.Equal(first, arena.Text(arena.First(pair)));
                Assert.Equal(second, arena.Text(arena.Second(pair)));
            }
            for (var i = 1; i < pairs.Count; i++)
            {
                Assert.Equal(
                    Math.Sign(string.CompareOrdinal(pairs[i - 1].Item1, pairs[i].Item1)),
                    Math.Sign(arena.CompareOrdinal(arena.First(pairs[i - 1].Item3), arena.First(pairs[i].Item3)))
                );
            }

            // The pair added last is taken back with its long texts; the next pair takes its place, and the others
            // still read back.
            var last = arena.AddPair(new string('f', 40_000), "key"); // its long text in a chunk of its own
            arena.RemoveLastPair(last);
            Assert.Equal(last, arena.AddPair("next", null));
            Assert.Equal("next", arena.Text(arena.First(last)));
            Assert.Null(arena.Text(arena.Second(last)));
            Assert.All(pairs, p => Assert.Equal(p.Item2, arena.Text(arena.Second(p.Item3))));
        }

        [Fact]
        public void Held_evidence_is_three_words_an_event()
        {
            // What a stateful rule holds for each event it keeps, and so what a scan's memory grows by: the time, the
            // shared facts, and where the id and key id sit with the steps a sequence rule saw. It was five words and
            // the steps.
            Assert.Equal(24, System.Runtime.CompilerServices.Unsafe.SizeOf<Evidence>());
        }

        [Fact]
        public void A_chunked_list_holds_every_item_in_order()
        {
            var list = new ChunkedList<(long, string)>();
            Assert.Empty(list);
            for (var i = 0; i < 1000; i++)
                list.Add((i, $"item-{i}"));

            Assert.Equal(1000, list.Count);
            Assert.Equal(Enumerable.Range(0, 1000).Select(i => ((long)i, $"item-{i}")), list);
            // Every chunk's first and last item: chunks of 1, 2, 4, … 128, then of 256.
            foreach (var i in new[] { 0, 1, 2, 3, 6, 7, 126, 127, 253, 254, 255, 510, 511, 766, 767, 999 })
                Assert.Equal((i, $"item-{i}"), list[i]);
            Assert.Throws<ArgumentOutOfRangeException>(() => list[1000]);
            Assert.Throws<ArgumentOutOfRangeException>(() => list[-1]);
        }

        [Fact]
        public void A_chunked_list_of_one_item_is_one_small_object()
        {
            // A rule keyed by correlation id holds a list a key, most of one event: what one costs is what such a
            // rule's memory grows by. Here: the list holding the item, 48 bytes (it was 80 with a one-item array,
            // 270 before that).
            var lists = new ChunkedList<(long, string)>[1000];
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < lists.Length; i++)
            {
                lists[i] = new ChunkedList<(long, string)>();
                lists[i].Add((i, "id"));
            }
            var perList = (GC.GetAllocatedBytesForCurrentThread() - before) / lists.Length;

            Assert.InRange(perList, 1, 56);
            Assert.All(lists, list => Assert.Single(list));
        }
    }
}

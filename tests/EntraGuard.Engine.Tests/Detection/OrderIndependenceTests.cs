using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using EntraGuard.Detection;
using EntraGuard.Ingest;

namespace EntraGuard.Tests.Detection
{
    /// <summary>Findings never depend on the order events arrive in, nor on how they are split across files.</summary>
    public sealed class OrderIndependenceTests : IDisposable
    {
        private readonly TestFiles _files = new();
        private static readonly string SampleGraph = Path.Combine(TestFiles.RepositoryRoot, "samples", "graph");
        private static readonly Lazy<List<AuditEvent>> SampleEvents = new(() =>
            AuditEventReader.ReadPaths(new[] { SampleGraph }).ToList()
        );

        public void Dispose() => _files.Dispose();

        private static readonly DetectionEngine Engine = new(
            RuleCatalog.BuiltIn.Rules,
            new EntraGuardSettings { PrivilegedGroups = { "Tier0-Admins" } }
        );

        /// <summary>Everything about a finding that must not change with order.</summary>
        private static List<string> Fingerprint(IEnumerable<AuditEvent> events) =>
            Engine
                .Scan(events)
                .Findings.Select(f =>
                    $"{f.RiskEventId}|{f.Severity}|{f.HistoryComplete}|{string.Join(",", f.EventIds)}|{f.KeyId}|"
                    + $"{f.GroupId}|{f.MemberId}|{f.UserId}"
                )
                .ToList();

        [Fact]
        public void Shuffled_and_reversed_input_gives_the_same_findings_and_ids()
        {
            var events = SampleEvents.Value;
            var expected = Fingerprint(events);
            Assert.True(expected.Count > 50, $"only {expected.Count} findings: the sample should exercise every kind");
            Assert.Contains(expected, f => f.StartsWith("EG0001-")); // newTerms
            Assert.Contains(expected, f => f.StartsWith("EG0011-")); // threshold
            Assert.Contains(expected, f => f.StartsWith("EG0013-")); // sequence

            Assert.Equal(expected, Fingerprint(Enumerable.Reverse(events)));
            foreach (var seed in new[] { 1, 2, 3 })
            {
                var random = new Random(seed);
                Assert.Equal(expected, Fingerprint(events.OrderBy(_ => random.Next()).ToList()));
            }
        }

        [Fact]
        public void Input_split_across_files_in_any_order_gives_the_same_findings_and_ids()
        {
            var events = SampleEvents.Value;
            var expected = Fingerprint(events);
            var random = new Random(7);
            var shuffled = events.OrderBy(_ => random.Next()).ToList();
            var parts = new[] { "c.jsonl", "a.jsonl", "b.jsonl" }
                .Select(
                    (name, i) =>
                    {
                        using var writer = new StringWriter();
                        using (var json = new AuditEventJsonWriter(writer))
                        {
                            foreach (var e in shuffled.Where((_, index) => index % 3 == i))
                                json.Write(e);
                        }
                        return _files.Write(name, writer.ToString());
                    }
                )
                .ToArray();

            foreach (var order in new[] { parts, parts.Reverse().ToArray(), new[] { parts[1], parts[0], parts[2] } })
            {
                Assert.Equal(expected, Fingerprint(AuditEventReader.ReadPaths(order)));
            }
        }

        [Fact]
        public void Reading_the_same_events_twice_adds_no_finding()
        {
            var events = SampleEvents.Value;
            Assert.Equal(Fingerprint(events), Fingerprint(events.Concat(events.Where((_, i) => i % 2 == 0))));
        }
    }
}

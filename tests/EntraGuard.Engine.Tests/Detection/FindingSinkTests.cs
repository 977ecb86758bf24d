using System;
using System.Linq;
using EntraGuard.Detection;

namespace EntraGuard.Tests.Detection
{
    public sealed class FindingSinkTests
    {
        private static readonly SuppressionSet Rotation = SuppressionSet.Parse(
            """
            suppressions:
              - ruleId: EG0002
                actor: svc-keyrotation
                justification: Daily rotation by the automation account (CHG-1042).
                expires: 2099-12-31
              - ruleId: EG0004
                actor: it.admin
                justification: An old exception that has run out.
                expires: 2020-01-01
            """,
            "suppressions.yaml"
        );

        private static RiskEvent Finding(string id, string rule, string actor) =>
            new()
            {
                RiskEventId = id,
                RuleId = rule,
                ActorName = actor,
                ActorId = actor,
                TimeGenerated = DateTimeOffset.UnixEpoch,
            };

        [Fact]
        public void Suppressed_findings_are_counted_once_and_not_kept()
        {
            var sink = new FindingSink(new ScanOptions { Suppressions = Rotation });

            for (var i = 0; i < 1000; i++)
                sink.Add(Finding($"EG0002-{i}", "EG0002", "svc-keyrotation"));
            sink.Add(Finding("EG0002-7", "EG0002", "svc-keyrotation")); // the same evidence read twice
            sink.Add(Finding("EG0002-x", "EG0002", "megan.bowen"));

            Assert.Equal("EG0002-x", Assert.Single(sink.Kept).RiskEventId);
            Assert.Equal(1000, sink.SuppressedCount);
            Assert.Equal(1001, sink.MadeBy("EG0002"));
        }

        [Fact]
        public void Included_suppressed_findings_are_kept_and_marked()
        {
            var sink = new FindingSink(new ScanOptions { Suppressions = Rotation, IncludeSuppressed = true });

            sink.Add(Finding("a", "EG0002", "svc-keyrotation"));

            var kept = Assert.Single(sink.Kept);
            Assert.True(kept.Suppressed);
            Assert.Equal("Daily rotation by the automation account (CHG-1042).", kept.SuppressionJustification);
        }

        [Fact]
        public void An_expired_suppression_applies_no_more_and_says_how_much_it_would_match()
        {
            var sink = new FindingSink(
                new ScanOptions
                {
                    Suppressions = Rotation,
                    Now = new DateTimeOffset(2026, 11, 15, 0, 0, 0, TimeSpan.Zero),
                }
            );

            sink.Add(Finding("r1", "EG0004", "it.admin"));
            sink.Add(Finding("r2", "EG0004", "it.admin"));
            sink.Add(Finding("r2", "EG0004", "it.admin"));

            Assert.Equal(2, sink.Kept.Count);
            Assert.Equal(0, sink.SuppressedCount);
            var warning = Assert.Single(sink.ExpiryWarnings());
            Assert.Contains("no longer applies; 2 finding(s) it matches are reported", warning);
        }
    }
}

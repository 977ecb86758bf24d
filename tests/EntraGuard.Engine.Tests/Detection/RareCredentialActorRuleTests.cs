using System;
using System.Linq;
using EntraGuard.Detection;
using static EntraGuard.Tests.Detection.Audit;

namespace EntraGuard.Tests.Detection
{
    /// <summary>EG0001: a credential added to a service principal by an actor new to that principal.</summary>
    public class RareCredentialActorRuleTests
    {
        private const string Rule = "EG0001";

        // An unrelated event at the start of the data, so the data reaches back far enough for complete history.
        private static readonly AuditEvent DataStart = Event(
            "start",
            "2026-10-01T00:00:00Z",
            "Update user",
            User("someone"),
            new[] { TargetUser("x") }
        );

        [Fact]
        public void Same_actor_on_a_new_target_is_a_finding_but_a_repeat_on_a_known_target_is_not()
        {
            var alice = User("alice");
            var result = Scan(
                new[]
                {
                    DataStart,
                    CredentialAdded("a1", "2026-11-01T10:00:00Z", alice, "Payroll"),
                    CredentialAdded("a2", "2026-11-05T10:00:00Z", alice, "Payroll"),
                    CredentialAdded("a3", "2026-11-06T10:00:00Z", alice, "Mail"),
                },
                Rule,
                new ScanOptions { Since = At("2026-11-02T00:00:00Z") }
            );

            var finding = Assert.Single(result.Findings);
            Assert.Equal(new[] { "a3" }, finding.EventIds);
            Assert.Equal("sp-Mail", finding.ServicePrincipalId);
            Assert.Equal("Mail", finding.TargetName);
            Assert.Equal("id-alice", finding.ActorId);
            Assert.Equal("alice@contoso.com", finding.ActorName);
            Assert.Equal(ActorType.User, finding.ActorType);
            Assert.Equal("k-new", finding.KeyId);
            Assert.Equal("Password", finding.KeyType);
            Assert.True(finding.HistoryComplete);
            Assert.Equal(Severity.Medium, finding.Severity);
            Assert.Equal(47, finding.RiskScore);
            Assert.Equal(new[] { "T1098.001" }, finding.Techniques);
            Assert.Equal(new[] { "TA0003" }, finding.Tactics);
            Assert.Equal("Invoke-CredentialRevocation", finding.SuggestedResponse);
            Assert.Equal(3, result.MatchedPerRule[Rule]);
        }

        [Theory]
        [InlineData("2026-11-10T10:00:01Z", false)] // 1 s inside the 10-day window: seen before
        [InlineData("2026-11-10T10:00:00Z", false)] // exactly 10 days: the window's edge still counts
        [InlineData("2026-11-10T09:59:59Z", true)] // 1 s outside: forgotten, so new again
        public void An_earlier_occurrence_counts_only_inside_the_history_window(string earlier, bool expectFinding)
        {
            var bob = User("bob");
            var result = Scan(
                new[]
                {
                    DataStart,
                    CredentialAdded("early", earlier, bob, "Payroll"),
                    CredentialAdded("late", "2026-11-20T10:00:00Z", bob, "Payroll"),
                },
                Rule,
                new ScanOptions { Since = At("2026-11-15T00:00:00Z") }
            );

            Assert.Equal(expectFinding, result.Findings.Any(f => f.EventIds.Contains("late")));
        }

        [Fact]
        public void Failed_adds_are_never_findings_and_never_history()
        {
            var carol = User("carol");
            var result = Scan(
                new[]
                {
                    DataStart,
                    CredentialAdded("failed-early", "2026-11-03T10:00:00Z", carol, "Payroll", result: "failure"),
                    CredentialAdded("ok", "2026-11-05T10:00:00Z", carol, "Payroll"),
                    CredentialAdded("failed-new", "2026-11-06T10:00:00Z", carol, "Mail", result: "failure"),
                },
                Rule
            );

            var finding = Assert.Single(result.Findings);
            Assert.Equal(new[] { "ok" }, finding.EventIds); // the failed add before it did not make it "known"
        }

        [Fact]
        public void App_initiated_adds_count_with_the_service_principal_as_actor()
        {
            var legacy = App("Legacy-Reporting");
            var result = Scan(
                new[]
                {
                    DataStart,
                    CredentialAdded("app1", "2026-11-14T11:00:00Z", legacy, "Mail-Relay", keyId: "cert-1"),
                },
                Rule
            );

            var finding = Assert.Single(result.Findings);
            Assert.Equal(ActorType.App, finding.ActorType);
            Assert.Equal("sp-Legacy-Reporting", finding.ActorId);
            Assert.Equal("sp-Legacy-Reporting", finding.ActorServicePrincipalId);
            Assert.Equal("appid-Legacy-Reporting", finding.AppId);
            Assert.Equal("Legacy-Reporting", finding.ActorName);
            Assert.Equal("sp-Mail-Relay", finding.ServicePrincipalId); // the target, so the responder binds to it
            Assert.Equal("cert-1", finding.KeyId);
        }

        [Fact]
        public void An_app_and_a_user_are_different_actors_for_the_same_target()
        {
            var result = Scan(
                new[]
                {
                    DataStart,
                    CredentialAdded("by-app", "2026-11-10T03:00:00Z", App("svc-keyrotation"), "Payroll"),
                    CredentialAdded("by-user", "2026-11-13T02:11:00Z", User("megan"), "Payroll"),
                },
                Rule,
                new ScanOptions { Since = At("2026-11-13T00:00:00Z") }
            );

            Assert.Equal(new[] { "by-user" }, Assert.Single(result.Findings).EventIds);
        }

        [Fact]
        public void Incomplete_history_is_stated_not_hidden()
        {
            var dave = User("dave");
            var events = new[] { CredentialAdded("first", "2026-11-03T10:00:00Z", dave, "Payroll") };

            var onItsOwn = Assert.Single(Scan(events, Rule).Findings);
            Assert.False(onItsOwn.HistoryComplete);

            var shortData = Assert.Single(
                Scan(
                    events,
                    Rule,
                    history: new[]
                    {
                        Event("h", "2026-10-30T00:00:00Z", "Update user", dave, new[] { TargetUser("x") }),
                    }
                ).Findings
            );
            Assert.False(shortData.HistoryComplete); // 4 days of data, 10 needed

            var stated = Assert.Single(
                Scan(events, Rule, new ScanOptions { HistoryStart = At("2026-10-20T00:00:00Z") }).Findings
            );
            Assert.True(stated.HistoryComplete); // the host says its history query reached back far enough
        }

        [Fact]
        public void History_events_inform_but_are_never_judged()
        {
            var erin = User("erin");
            var history = new[] { CredentialAdded("old", "2026-11-08T10:00:00Z", erin, "Payroll"), DataStart };
            var judged = new[]
            {
                CredentialAdded("known", "2026-11-13T10:00:00Z", erin, "Payroll"),
                CredentialAdded("new", "2026-11-13T10:05:00Z", erin, "HR"),
            };

            var result = Scan(judged, Rule, history: history);

            Assert.Equal(new[] { "new" }, result.Findings.Select(f => f.EventIds.Single()));
            Assert.Equal(2, result.HistoryEventsSeen);
            Assert.Equal(2, result.EventsSeen);
        }

        [Fact]
        public void Only_events_inside_since_and_until_are_judged()
        {
            var frank = User("frank");
            var result = Scan(
                new[]
                {
                    DataStart,
                    CredentialAdded("before", "2026-11-13T09:50:00Z", frank, "A"),
                    CredentialAdded("inside", "2026-11-13T10:00:00Z", frank, "B"),
                    CredentialAdded("after", "2026-11-13T10:10:00Z", frank, "C"),
                },
                Rule,
                new ScanOptions { Since = At("2026-11-13T09:51:00Z"), Until = At("2026-11-13T10:09:00Z") }
            );

            Assert.Equal(new[] { "inside" }, result.Findings.Select(f => f.EventIds.Single()));
        }

        [Fact]
        public void Two_adds_at_the_same_instant_make_one_finding_in_any_order()
        {
            var gina = User("gina");
            var events = new[]
            {
                DataStart,
                CredentialAdded("x2", "2026-11-13T10:00:00Z", gina, "Payroll", keyId: "k2"),
                CredentialAdded("x1", "2026-11-13T10:00:00Z", gina, "Payroll", keyId: "k1"),
            };

            var forward = Assert.Single(Scan(events, Rule).Findings);
            var backward = Assert.Single(Scan(events.Reverse(), Rule).Findings);
            Assert.Equal(new[] { "x1" }, forward.EventIds);
            Assert.Equal(forward.RiskEventId, backward.RiskEventId);
        }

        [Fact]
        public void The_history_window_can_be_overridden_per_scan()
        {
            var hank = User("hank");
            var events = new[]
            {
                DataStart,
                CredentialAdded("old", "2026-11-01T10:00:00Z", hank, "Payroll"),
                CredentialAdded("now", "2026-11-13T10:00:00Z", hank, "Payroll"),
            };
            var options = new ScanOptions { Since = At("2026-11-13T00:00:00Z") };

            Assert.Single(Scan(events, Rule, options).Findings); // 12 days apart: new with the default 10
            Assert.Empty(Scan(events, Rule, new ScanOptions { Since = options.Since, HistoryDays = 14 }).Findings);
            Assert.Empty(Scan(events, Rule, options, new EntraGuardSettings { HistoryDays = 14 }).Findings);
        }

        [Fact]
        public void Events_without_an_actor_cannot_be_judged()
        {
            var result = Scan(
                new[] { DataStart, CredentialAdded("anon", "2026-11-13T10:00:00Z", AuditActor.None, "Payroll") },
                Rule
            );

            Assert.Empty(result.Findings);
            Assert.Equal(1, result.MatchedPerRule[Rule]);
        }
    }
}

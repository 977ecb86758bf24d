using System;
using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    public sealed class AcceptedDeviationTests
    {
        private static readonly TenantSnapshot TwoExclusions = WithPolicies(
            Policy("MFA", excludeUsers: new[] { Alice, Bob })
        );

        private static AcceptedDeviation Accept(
            string check,
            string? target,
            DateTime expires,
            string why = "sync account, tracked in RISK-7"
        ) =>
            new()
            {
                CheckId = check,
                Target = target,
                Justification = why,
                Expires = expires,
            };

        private static PostureReport Evaluate(
            TenantSnapshot snapshot,
            string check,
            params AcceptedDeviation[] deviations
        ) =>
            PostureEvaluator.Evaluate(
                snapshot,
                new PostureSettings { AcceptedDeviations = deviations },
                new[] { PostureCatalog.Find(check)! },
                Now
            );

        [Fact]
        public void A_deviation_for_one_target_leaves_the_others_failing()
        {
            var report = Evaluate(TwoExclusions, "EGP002", Accept("EGP002", Alice, new DateTime(2027, 1, 31)));

            var result = report.Results.Single();
            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal(
                $"MFA is not required for every user: user {Bob} is left out of every policy that requires MFA for "
                    + $"all users, "
                    + "and is not a configured break-glass account (1 more accepted as deviations)",
                result.Reason
            );
            Assert.Equal(Alice, result.Findings.Single(f => f.AcceptedDeviation is not null).TargetId);
            Assert.Empty(report.Warnings);
        }

        [Fact]
        public void Deviations_covering_every_finding_make_the_check_pass_and_say_why()
        {
            var report = Evaluate(
                TwoExclusions,
                "EGP002",
                Accept("EGP002", Alice, new DateTime(2027, 1, 31)),
                Accept("EGP002", Bob, new DateTime(2026, 11, 20), "pilot user")
            );

            var result = report.Results.Single();
            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Equal(
                "passed with 2 accepted deviation(s): sync account, tracked in RISK-7 (until 2027-01-31); pilot "
                    + "user (until 2026-11-20)",
                result.Reason
            );
        }

        [Fact]
        public void A_deviation_without_target_covers_the_whole_check()
        {
            var result = Evaluate(TwoExclusions, "EGP002", Accept("EGP002", null, new DateTime(2027, 1, 31)))
                .Results.Single();

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.All(result.Findings, f => Assert.NotNull(f.AcceptedDeviation));
        }

        [Fact]
        public void An_expired_deviation_no_longer_applies_and_says_so()
        {
            var report = Evaluate(
                TwoExclusions,
                "EGP002",
                Accept("EGP002", Alice, new DateTime(2026, 11, 19)),
                Accept("EGP002", Bob, new DateTime(2027, 1, 1))
            );

            var result = report.Results.Single();
            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.EndsWith(
                $"(1 more accepted as deviations) (the deviation accepted for {Alice} expired on 2026-11-19)",
                result.Reason
            );
            Assert.Equal(
                new[] { $"accepted deviation EGP002 / {Alice} expired on 2026-11-19 and no longer applies" },
                report.Warnings
            );
        }

        [Fact]
        public void A_deviation_matching_nothing_is_reported_as_stale()
        {
            var report = Evaluate(
                WithPolicies(Policy("MFA")),
                "EGP002",
                Accept("EGP002", Carol, new DateTime(2027, 1, 1))
            );

            Assert.Equal(PostureStatus.Passed, report.Results.Single().Result);
            Assert.Equal(
                new[]
                {
                    $"accepted deviation EGP002 / {Carol} matched no finding: the deviation it accepted is gone, "
                        + $"so the entry can be removed",
                },
                report.Warnings
            );
        }

        [Fact]
        public void Deviations_match_a_credential_by_key_id_or_app_id()
        {
            var snapshot = new TenantSnapshot
            {
                Applications = new[]
                {
                    App(
                        "A",
                        "a0000000-0000-4000-8000-00000000000a",
                        credentials: new[] { Secret("key-a", Now.AddDays(-1), Now.AddYears(2)) }
                    ),
                    App(
                        "B",
                        "b0000000-0000-4000-8000-00000000000b",
                        credentials: new[] { Secret("key-b", Now.AddDays(-1), Now.AddYears(2)) }
                    ),
                },
                ServicePrincipals = new ServicePrincipalObject[0],
            };

            var result = Evaluate(
                snapshot,
                "EGP010",
                Accept("EGP010", "key-a", new DateTime(2027, 1, 1)),
                Accept("EGP010", "b0000000-0000-4000-8000-00000000000b", new DateTime(2027, 1, 1))
            )
                .Results.Single();

            Assert.Equal(PostureStatus.Passed, result.Result);
        }

        [Fact]
        public void Deviations_never_touch_skipped_or_not_applicable_checks()
        {
            var report = Evaluate(
                new TenantSnapshot { SubscribedSkus = P1 },
                "EGP004",
                Accept("EGP004", null, new DateTime(2027, 1, 1))
            );

            Assert.Equal(PostureStatus.NotApplicable, report.Results.Single().Result);
            Assert.Empty(report.Warnings);
        }
    }
}

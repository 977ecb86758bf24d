using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using EntraGuard.Collection;
using EntraGuard.Ingest;
using EntraGuard.Investigation;

namespace EntraGuard.Tests.Investigation
{
    /// <summary>How an investigation groups findings into queries, and how reach becomes TargetPrivileged.</summary>
    public sealed class InvestigationPlanTests
    {
        private static readonly DateTimeOffset T = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        private static readonly InvestigationOptions Options = new() { Now = T.AddDays(30) };

        private static RiskEvent Finding(string id, DateTimeOffset time, string actor, string? sp = "sp-1") =>
            new()
            {
                RiskEventId = id,
                TimeGenerated = time,
                ActorType = ActorType.User,
                ActorId = actor,
                TargetId = sp,
                TargetType = "ServicePrincipal",
                ServicePrincipalId = sp,
                KeyId = "key-" + id,
            };

        private static InvestigationPlan Plan(params RiskEvent[] findings) => Plan(Options, findings);

        private static InvestigationPlan Plan(InvestigationOptions options, params RiskEvent[] findings) =>
            InvestigationPlan.For(
                findings.Select(f => new CaseFacts(f, options, new EntraGuard.Memory.TextNumbering())),
                options,
                options.Now!.Value
            );

        [Fact]
        public void Findings_of_one_actor_with_overlapping_windows_share_one_query_per_subject()
        {
            var plan = Plan(Finding("a", T, "u-1"), Finding("b", T.AddHours(3), "u-1"), Finding("c", T, "u-2"));

            var user1 = Assert.Single(plan.SignInQueries, q => q.User == "u-1");
            Assert.Equal(T - TimeSpan.FromDays(5), user1.Since);
            Assert.Equal(T.AddHours(27), user1.Until);
            Assert.Single(plan.SignInQueries, q => q.User == "u-2");
            var sp = Assert.Single(plan.SignInQueries, q => q.ServicePrincipalId == "sp-1");
            Assert.Equal(new[] { SignInKind.ServicePrincipal }, sp.Kinds);
            // The new keys' use: from the first add until now, not only inside the window.
            Assert.Equal(T, sp.Since);
            Assert.Equal(Options.Now, sp.Until);
            Assert.Single(plan.AuditQueries, q => q.TargetId == "sp-1");
            Assert.Equal(2, plan.AuditQueries.Count(q => q.InitiatedByUser != null));
            Assert.Single(plan.ReachSubjects);
        }

        [Fact]
        public void An_app_actor_is_read_in_the_workload_logs_by_its_service_principal_and_in_audits_by_its_app_id()
        {
            var finding = new RiskEvent
            {
                RiskEventId = "a",
                TimeGenerated = T,
                ActorType = ActorType.App,
                ActorServicePrincipalId = "sp-actor",
                AppId = "app-actor",
                TargetId = "g-1",
                TargetType = "Group",
            };

            var plan = Plan(finding);

            var signIns = Assert.Single(plan.SignInQueries);
            Assert.Equal("sp-actor", signIns.ServicePrincipalId);
            Assert.Equal(new[] { SignInKind.ServicePrincipal, SignInKind.ManagedIdentity }, signIns.Kinds);
            Assert.Single(plan.AuditQueries, q => q.InitiatedByApp == "app-actor");
            Assert.Single(plan.AuditQueries, q => q.TargetId == "g-1");
            Assert.Empty(plan.ReachSubjects);
        }

        [Fact]
        public void Windows_far_apart_are_separate_queries_and_nothing_is_asked_past_now()
        {
            var plan = Plan(
                Finding("a", T, "u-1"),
                Finding("b", T.AddDays(20), "u-1"),
                Finding("c", T.AddDays(31), "u-1")
            );

            var queries = plan.SignInQueries.Where(q => q.User == "u-1").OrderBy(q => q.Since).ToList();
            // The third finding's window starts before now and is cut there.
            Assert.Equal(3, queries.Count);
            Assert.Equal(T.AddDays(1), queries[0].Until);
            Assert.Equal(T.AddDays(15), queries[1].Since);
            Assert.Equal(Options.Now, queries[2].Until);
        }

        [Fact]
        public void A_user_target_s_privileged_role_makes_it_privileged_and_files_leave_reach_unknown()
        {
            var finding = new RiskEvent
            {
                RiskEventId = "r",
                TimeGenerated = T,
                ActorType = ActorType.User,
                ActorId = "u-1",
                TargetId = "u-2",
                TargetType = "User",
            };
            var source = new ReachOnly(
                new TargetReach
                {
                    DirectoryRoles = new[]
                    {
                        new HeldRole("62e90394-69f5-4237-9190-012177145e10", "Global Administrator"),
                        new HeldRole("88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "Directory Readers"),
                    },
                }
            );

            var fromGraph = InvestigationSession.Investigate(new[] { finding }, source, Options).Single();
            var fromFiles = InvestigationSession
                .Investigate(new[] { finding }, Array.Empty<string>(), Options)
                .Single();

            Assert.Equal(new ReachSubject("u-2", false), Assert.Single(source.Asked));
            Assert.True(fromGraph.TargetPrivileged);
            Assert.Equal(new[] { "Directory role: Global Administrator" }, fromGraph.ReachHighImpact);
            Assert.Equal(new[] { "Global Administrator", "Directory Readers" }, fromGraph.ReachDirectoryRoles);
            Assert.Null(fromGraph.ReachApplicationPermissions);
            Assert.Null(fromFiles.TargetPrivileged);
            Assert.Null(fromFiles.ReachDirectoryRoles);
            Assert.Null(fromFiles.ReachHighImpact);
        }

        [Fact]
        public void A_source_that_answers_the_plan_makes_an_unused_credential_false_not_unknown()
        {
            var finding = Finding("a", T, "u-1");

            var answered = InvestigationSession.Investigate(new[] { finding }, new ReachOnly(null), Options).Single();
            var files = InvestigationSession.Investigate(new[] { finding }, Array.Empty<string>(), Options).Single();

            Assert.False(answered.CredentialUsed);
            Assert.Equal(0, answered.ActorSignInCount);
            Assert.Null(files.CredentialUsed);
        }

        [Fact]
        public void A_key_s_use_is_read_until_now_but_not_before_the_oldest_sign_in_graph_keeps()
        {
            var finding = Finding("a", T, "u-1");
            var late = new SignInEvent
            {
                Id = "w-late",
                CreatedDateTime = T.AddDays(9),
                Kind = SignInKind.ServicePrincipal,
                ServicePrincipalId = "sp-1",
                ServicePrincipalCredentialKeyId = "key-a",
                IpAddress = "198.51.100.7",
            };
            var monthLater = new InvestigationOptions { Now = T.AddDays(40) };

            var used = InvestigationSession.Investigate(new[] { finding }, new ReachOnly(null, late), Options).Single();
            var cut = Plan(monthLater, finding).SignInQueries.Single(q => q.ServicePrincipalId == "sp-1");
            var tooLate = InvestigationSession.Investigate(new[] { finding }, new ReachOnly(null), monthLater).Single();

            Assert.True(used.CredentialUsed);
            Assert.Equal(T.AddDays(9), used.CredentialLastUsed);
            Assert.Contains($"sign-ins read up to {CaseFacts.Time(T.AddDays(30))}", used.Summary);
            Assert.Equal(T.AddDays(10), cut.Since);
            // Read from after the add: no use seen is not "never used".
            Assert.Null(tooLate.CredentialUsed);
            Assert.Contains("after the credential was added", tooLate.Summary);
        }

        [Fact]
        public void Roles_through_groups_and_pim_eligibility_make_the_target_privileged_and_unread_lists_are_said()
        {
            var finding = Finding("a", T, "u-1");
            var reach = new TargetReach
            {
                DirectoryRoles = Array.Empty<HeldRole>(),
                RolesViaGroups = new[]
                {
                    new GroupRole(
                        new HeldRole("e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator"),
                        "Tier0"
                    ),
                    new GroupRole(new HeldRole("88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "Directory Readers"), "Readers"),
                },
                EligibleRoles = new[] { new HeldRole("62e90394-69f5-4237-9190-012177145e10", "Global Administrator") },
                Unread = new[] { "delegated grants (the connection lacks Application.Read.All)" },
            };

            var context = InvestigationSession.Investigate(new[] { finding }, new ReachOnly(reach), Options).Single();

            Assert.Equal(
                new[] { "Privileged Role Administrator (via Tier0)", "Directory Readers (via Readers)" },
                context.TargetRolesViaGroups
            );
            Assert.Equal(new[] { "Global Administrator" }, context.TargetEligibleRoles);
            Assert.Empty(context.ReachDirectoryRoles!);
            Assert.True(context.TargetPrivileged);
            Assert.Equal(
                new[]
                {
                    "Directory role via Tier0: Privileged Role Administrator",
                    "Eligible directory role: Global Administrator",
                },
                context.ReachHighImpact
            );
            Assert.Contains("Unknown: delegated grants (the connection lacks Application.Read.All).", context.Summary);
        }

        [Theory]
        [InlineData(730, true)]
        [InlineData(90, false)]
        public void The_new_credential_s_end_date_comes_from_the_directory_and_a_long_life_is_flagged(
            int days,
            bool longLived
        )
        {
            var finding = Finding("a", T, "u-1");
            var reach = new TargetReach
            {
                Credentials = new[]
                {
                    new HeldCredential("other", T.AddYears(-1), T.AddYears(1)),
                    new HeldCredential("KEY-A", T, T.AddDays(days)),
                },
            };

            var fromGraph = InvestigationSession.Investigate(new[] { finding }, new ReachOnly(reach), Options).Single();
            var removed = InvestigationSession
                .Investigate(
                    new[] { finding },
                    new ReachOnly(new TargetReach { Credentials = Array.Empty<HeldCredential>() }),
                    Options
                )
                .Single();
            var fromFiles = InvestigationSession
                .Investigate(new[] { finding }, Array.Empty<string>(), Options)
                .Single();

            Assert.Equal(T.AddDays(days), fromGraph.CredentialEndDateTime);
            Assert.Equal(days, fromGraph.CredentialLifetimeDays);
            Assert.Equal(longLived, fromGraph.CredentialLongLived);
            Assert.Contains($"valid until {CaseFacts.Time(T.AddDays(days))} ({days} days", fromGraph.Summary);
            Assert.Null(removed.CredentialEndDateTime);
            Assert.Contains("not among the service principal's own", removed.Summary);
            Assert.Null(fromFiles.CredentialEndDateTime);
            Assert.Null(fromFiles.CredentialLongLived);
            Assert.Contains("end date is unknown: audit records do not carry it", fromFiles.Summary);
        }

        [Theory]
        [InlineData(4, true)]
        [InlineData(14, false)]
        public void History_sets_how_far_back_an_address_counts_as_known(int historyDays, bool isNew)
        {
            var finding = Finding("a", T, "u-1");
            SignInEvent SignIn(string id, DateTimeOffset time) =>
                new()
                {
                    Id = id,
                    CreatedDateTime = time,
                    Kind = SignInKind.InteractiveUser,
                    UserId = "u-1",
                    IpAddress = "192.0.2.10",
                };
            // The address was used ten days before the finding, then again an hour before it.
            var source = new ReachOnly(null, SignIn("old", T.AddDays(-10)), SignIn("now", T.AddHours(-1)));
            var options = new InvestigationOptions { Now = Options.Now, History = TimeSpan.FromDays(historyDays) };

            var context = InvestigationSession.Investigate(new[] { finding }, source, options).Single();

            Assert.Equal(isNew ? new[] { "192.0.2.10" } : Array.Empty<string>(), context.ActorNewIpAddresses);
        }

        /// <summary>A source whose logs hold only the given sign-ins but are complete (as Graph's answer to a quiet
        /// tenant).</summary>
        private sealed class ReachOnly : IInvestigationSource
        {
            private readonly TargetReach? _reach;
            private readonly SignInEvent[] _signIns;

            public ReachOnly(TargetReach? reach, params SignInEvent[] signIns)
            {
                _reach = reach;
                _signIns = signIns;
            }

            public List<ReachSubject> Asked { get; } = new();

            public bool AnswersPlan => true;

            public IEnumerable<object> ReadLogs(
                InvestigationPlan plan,
                InvestigationReads reads,
                CancellationToken c
            ) => _signIns;

            public TargetReach? ReadReach(ReachSubject subject, CancellationToken cancellationToken)
            {
                Asked.Add(subject);
                return _reach;
            }
        }
    }
}

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

        private static InvestigationPlan Plan(params RiskEvent[] findings) =>
            InvestigationPlan.For(findings.Select(f => new CaseFacts(f, Options.Window)), Options, Options.Now!.Value);

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
            Assert.Equal(T.AddDays(-1), sp.Since);
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

        /// <summary>A source whose logs are empty but complete (as Graph's answer to a quiet tenant).</summary>
        private sealed class ReachOnly : IInvestigationSource
        {
            private readonly TargetReach? _reach;

            public ReachOnly(TargetReach? reach) => _reach = reach;

            public List<ReachSubject> Asked { get; } = new();

            public bool AnswersPlan => true;

            public IEnumerable<SignInEvent> ReadSignIns(
                InvestigationPlan plan,
                ReadStatistics s,
                CancellationToken c
            ) => Array.Empty<SignInEvent>();

            public IEnumerable<AuditEvent> ReadAuditEvents(
                InvestigationPlan p,
                ReadStatistics s,
                CancellationToken c
            ) => Array.Empty<AuditEvent>();

            public TargetReach? ReadReach(ReachSubject subject, CancellationToken cancellationToken)
            {
                Asked.Add(subject);
                return _reach;
            }
        }
    }
}

using System;
using System.IO;
using System.Linq;
using EntraGuard.Detection;
using EntraGuard.Ingest;
using EntraGuard.Investigation;
using EntraGuard.SampleData;

namespace EntraGuard.Tests.Investigation
{
    /// <summary>The facts an investigation states about the sample tenant's risk events, from both wire
    /// formats.</summary>
    public sealed class InvestigationTests
    {
        private static readonly string Samples = Path.Combine(TestFiles.RepositoryRoot, "samples");
        private static readonly string[] GraphPaths =
        {
            Path.Combine(Samples, "graph"),
            Path.Combine(Samples, "signins", "graph"),
        };
        private static readonly string[] DiagnosticPaths =
        {
            Path.Combine(Samples, "diagnostic"),
            Path.Combine(Samples, "signins", "diagnostic"),
        };

        private static RiskEvent[] Findings()
        {
            var setup = DetectionSetup.Load(Path.Combine(Samples, "settings.yaml"));
            return setup
                .Engine.Scan(AuditEventReader.ReadPaths(new[] { GraphPaths[0] }), setup.Options())
                .Findings.ToArray();
        }

        private static RiskEvent Planted(RiskEvent[] findings) =>
            findings.Single(f => f.RuleId == "EG0001" && f.TargetName == "Payroll-Sync");

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Each_file_is_read_once_for_both_logs(bool diagnostic)
        {
            var paths = diagnostic ? DiagnosticPaths : GraphPaths;
            var reads = new InvestigationReads();

            InvestigationSession.Investigate(new[] { Planted(Findings()) }, paths, reads: reads);

            var files = reads.AuditEvents.Files.Concat(reads.SignIns.Files).ToArray();
            Assert.NotEmpty(files);
            Assert.Equal(files.Distinct().OrderBy(f => f), files.OrderBy(f => f));
            // Both logs were still read whole, each counted in its own figure and neither set aside as the other's.
            Assert.Equal(AuditEventReader.ReadPaths(paths).LongCount(), reads.AuditEvents.Events);
            Assert.Equal(SignInEventReader.ReadPaths(paths).LongCount(), reads.SignIns.Events);
            Assert.True(reads.SignIns.Events > 0);
            Assert.Equal(0, reads.AuditEvents.OtherCategoryRecords + reads.SignIns.OtherCategoryRecords);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void The_planted_secret_was_used_from_the_attackers_new_address(bool diagnostic)
        {
            var findings = Findings();
            var planted = Planted(findings);

            var context = InvestigationSession
                .Investigate(new[] { planted }, diagnostic ? DiagnosticPaths : GraphPaths)
                .Single();

            Assert.Equal(planted.KeyId, context.CredentialKeyId);
            Assert.Equal("Password", context.CredentialType);
            Assert.True(context.CredentialUsed);
            Assert.Equal(6, context.CredentialSignInCount);
            Assert.Equal(new[] { SyntheticTenant.AttackerIp }, context.CredentialIpAddresses);
            Assert.Equal(new[] { SyntheticTenant.AttackerIp }, context.ActorNewIpAddresses);
            Assert.Equal(1, context.ActorFailedSignIns);
            Assert.True(context.ActorScriptingClient);
            Assert.Equal(0, context.ActorPriorSameActivityCount);
            var attackersOtherChanges = findings
                .Where(f => f.ActorName == planted.ActorName && f.TimeGenerated.Day == 13 && f != planted)
                .SelectMany(f => f.EventIds)
                .Except(planted.EventIds);
            Assert.All(attackersOtherChanges, id => Assert.Contains(id, context.RelatedEventIds));
            Assert.Null(context.ReachHighImpact);
        }

        [Fact]
        public void A_sign_in_exported_in_both_wire_formats_counts_once()
        {
            var planted = Planted(Findings());

            var context = InvestigationSession
                .Investigate(new[] { planted }, GraphPaths.Concat(DiagnosticPaths.Skip(1)).ToArray())
                .Single();

            Assert.Equal(6, context.CredentialSignInCount);
            Assert.Equal(1, context.ActorFailedSignIns);
        }

        [Fact]
        public void Related_event_ids_are_capped_at_the_nearest_and_the_rest_counted()
        {
            var planted = Planted(Findings());
            var all = InvestigationSession.Investigate(new[] { planted }, GraphPaths).Single();

            var capped = InvestigationSession
                .Investigate(new[] { planted }, GraphPaths, new InvestigationOptions { MaxRelatedEventIds = 3 })
                .Single();

            Assert.True(all.RelatedEventIds.Count > 3);
            Assert.Equal(0, all.RelatedEventIdsNotListed);
            Assert.Equal(3, capped.RelatedEventIds.Count);
            Assert.Equal(all.RelatedEventIds.Count - 3, capped.RelatedEventIdsNotListed);
            var times = AuditEventReader
                .ReadPaths(new[] { GraphPaths[0] })
                .Where(e => all.RelatedEventIds.Contains(e.Id))
                .ToDictionary(e => e.Id, e => e.ActivityDateTime);
            TimeSpan Distance(string id) => (times[id] - planted.TimeGenerated).Duration();
            var farthestListed = capped.RelatedEventIds.Max(Distance);
            Assert.All(
                all.RelatedEventIds.Except(capped.RelatedEventIds),
                id => Assert.True(Distance(id) >= farthestListed, id)
            );
            Assert.Equal(capped.RelatedEventIds.OrderBy(id => times[id]), capped.RelatedEventIds);
            Assert.Contains($"{all.RelatedEventIds.Count} other change(s)", capped.Summary);
        }

        [Fact]
        public void Files_read_twice_state_the_same_facts_each_event_and_sign_in_counted_once()
        {
            var planted = Planted(Findings());
            var options = new InvestigationOptions { MaxRelatedEventIds = 3 };
            var readOnce = new InvestigationReads();
            var once = InvestigationSession.Investigate(new[] { planted }, GraphPaths, options, readOnce).Single();

            var readTwice = new InvestigationReads();
            var twice = InvestigationSession
                .Investigate(new[] { planted }, GraphPaths.Concat(GraphPaths).ToArray(), options, readTwice)
                .Single();

            Assert.Equal(2 * readOnce.AuditEvents.Events, readTwice.AuditEvents.Events);
            Assert.Equal(2 * readOnce.SignIns.Events, readTwice.SignIns.Events);
            Assert.True(once.RelatedEventIdsNotListed > 0);
            Assert.True(once.ActorSignInCount > 0);
            Assert.True(once.CredentialSignInCount > 0);
            Assert.Equal(once.RelatedEventIds, twice.RelatedEventIds);
            Assert.Equal(once.RelatedEventIdsNotListed, twice.RelatedEventIdsNotListed);
            Assert.Equal(once.ActorSignInCount, twice.ActorSignInCount);
            Assert.Equal(once.CredentialSignInCount, twice.CredentialSignInCount);
            // Earlier events are counted as often as they are read, as before.
            Assert.Equal(2 * once.ActorPriorSameActivityCount, twice.ActorPriorSameActivityCount);
        }

        [Fact]
        public void A_legitimate_rotation_is_used_from_the_workloads_usual_address()
        {
            var rotation = AuditEventReader
                .ReadPaths(new[] { GraphPaths[0] })
                .First(e =>
                    e.Activity == "Add service principal credentials"
                    && e.IsSuccess
                    && e.InitiatedBy.AppDisplayName == "svc-keyrotation"
                    && e.GetTarget("ServicePrincipal")?.DisplayName == "Payroll-Sync"
                    && e.ActivityDateTime.Day == 5
                );
            var key = CredentialChange.From(rotation).Added.Single();
            var riskEvent = new RiskEvent
            {
                RiskEventId = "rotation",
                RuleId = "EG0001",
                TimeGenerated = rotation.ActivityDateTime,
                ActorType = ActorType.App,
                ActorId = rotation.InitiatedBy.ServicePrincipalId,
                ActorServicePrincipalId = rotation.InitiatedBy.ServicePrincipalId,
                ActorName = "svc-keyrotation",
                UserAgent = rotation.UserAgent,
                KeyId = key.KeyId,
                EventIds = new[] { rotation.Id },
                TargetId = rotation.GetTarget("ServicePrincipal")!.Id,
            };

            var context = InvestigationSession.Investigate(new[] { riskEvent }, GraphPaths).Single();

            Assert.True(context.CredentialUsed);
            Assert.Equal(new[] { SignInWriter.PayrollAddress }, context.CredentialIpAddresses);
            Assert.False(context.ActorScriptingClient);
        }

        [Fact]
        public void A_credential_never_used_while_sign_ins_were_read_is_false()
        {
            var mailRelay = Findings().Single(f => f.RuleId == "EG0001" && f.TargetName == "Mail-Relay");

            var context = InvestigationSession.Investigate(new[] { mailRelay }, GraphPaths).Single();

            Assert.False(context.CredentialUsed);
            Assert.Equal(0, context.CredentialSignInCount);
            Assert.Contains("was not used", context.Summary);
        }

        [Fact]
        public void Without_sign_in_data_credential_use_and_the_actors_sign_ins_are_unknown_and_the_summary_says_why()
        {
            var context = InvestigationSession
                .Investigate(new[] { Planted(Findings()) }, new[] { GraphPaths[0] })
                .Single();

            Assert.Null(context.CredentialUsed);
            Assert.Null(context.CredentialSignInCount);
            Assert.Null(context.ActorNewIpAddresses);
            Assert.Null(context.ActorSignInCount);
            Assert.Contains("unknown: no service-principal sign-ins were read", context.Summary);
            Assert.NotEmpty(context.RelatedEventIds);
        }

        [Fact]
        public void Sign_ins_that_end_before_the_add_leave_credential_use_unknown()
        {
            var planted = Planted(Findings());
            using var files = new TestFiles();
            var early = SignInEventReader
                .ReadPaths(new[] { GraphPaths[1] })
                .Where(s => s.CreatedDateTime < planted.TimeGenerated)
                .Take(1)
                .Single();
            var path = files.Write(
                "early.json",
                $"{{\"value\":[{{\"id\":\"{early.Id}\",\"createdDateTime\":\"2026-11-12T00:00:00Z\","
                    + "\"servicePrincipalId\":\"sp\",\"servicePrincipalCredentialKeyId\":\"other\"}]}"
            );

            var context = InvestigationSession.Investigate(new[] { planted }, new[] { GraphPaths[0], path }).Single();

            Assert.Null(context.CredentialUsed);
            Assert.Contains("before the credential was added", context.Summary);
        }
    }
}

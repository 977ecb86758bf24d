using System;
using System.IO;
using System.Linq;
using EntraGuard.Ingest;

namespace EntraGuard.Tests.Ingest
{
    public sealed class AuditEventJsonWriterTests : IDisposable
    {
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        [Fact]
        public void Written_events_read_back_identical()
        {
            var source = Path.Combine(TestFiles.RepositoryRoot, "samples", "diagnostic");
            var original = AuditEventReader.ReadPaths(new[] { source }).Take(400).ToList();
            var output = new StringWriter();
            using (var writer = new AuditEventJsonWriter(output))
            {
                foreach (var e in original)
                    writer.Write(e);
            }
            var path = _files.Write("roundtrip.jsonl", output.ToString());

            var reread = AuditEventReader.ReadPaths(new[] { path }).ToList();

            Assert.Equal(original.Count, reread.Count);
            for (var i = 0; i < original.Count; i++)
            {
                var a = original[i];
                var b = reread[i];
                Assert.Equal(a.Id, b.Id);
                Assert.Equal(a.ActivityDateTime, b.ActivityDateTime);
                Assert.Equal(a.ActivityDisplayName, b.ActivityDisplayName);
                Assert.Equal(
                    (a.Category, a.CorrelationId, a.LoggedByService, a.OperationType, a.Result, a.ResultReason),
                    (b.Category, b.CorrelationId, b.LoggedByService, b.OperationType, b.Result, b.ResultReason)
                );
                Assert.Equal(
                    (
                        a.InitiatedBy.UserId,
                        a.InitiatedBy.UserPrincipalName,
                        a.InitiatedBy.IpAddress,
                        a.InitiatedBy.AppId,
                        a.InitiatedBy.ServicePrincipalId
                    ),
                    (
                        b.InitiatedBy.UserId,
                        b.InitiatedBy.UserPrincipalName,
                        b.InitiatedBy.IpAddress,
                        b.InitiatedBy.AppId,
                        b.InitiatedBy.ServicePrincipalId
                    )
                );
                Assert.Equal(
                    a.TargetResources.Select(t => (t.Id, t.DisplayName, t.Type, t.UserPrincipalName)),
                    b.TargetResources.Select(t => (t.Id, t.DisplayName, t.Type, t.UserPrincipalName))
                );
                Assert.Equal(
                    a.TargetResources.SelectMany(t => t.ModifiedProperties)
                        .Select(m => (m.DisplayName, m.OldValue, m.NewValue)),
                    b.TargetResources.SelectMany(t => t.ModifiedProperties)
                        .Select(m => (m.DisplayName, m.OldValue, m.NewValue))
                );
                Assert.Equal(
                    a.AdditionalDetails.Select(d => (d.Key, d.Value)),
                    b.AdditionalDetails.Select(d => (d.Key, d.Value))
                );
                Assert.Equal((a.UserAgent, a.TenantId), (b.UserAgent, b.TenantId));
            }
        }
    }
}

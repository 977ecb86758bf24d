using System.IO;
using System.Linq;
using EntraGuard.Posture;
using EntraGuard.Tests.Posture;

namespace EntraGuard.Tests.Output
{
    /// <summary>A saved posture run read back (a report shows it) is the run that was saved.</summary>
    public sealed class PostureResultJsonReadTests
    {
        [Fact]
        public void The_sample_tenants_results_read_back_as_written()
        {
            var report = PostureEvaluator.Evaluate(
                GraphPostureJsonTests.Fabrikam(),
                GraphPostureJsonTests.FabrikamSettings,
                PostureCatalog.All,
                PostureTestData.Now
            );
            using var files = new TestFiles();
            using var text = new StringWriter();
            PostureResultJson.Write(report, text);
            var path = files.Write("posture.json", text.ToString());

            var read = PostureResultJson.Read(path);

            Assert.Equal(report.TenantId, read.TenantId);
            Assert.Equal(report.EvaluatedAt, read.EvaluatedAt);
            Assert.Equal(
                report.Results.Select(r => (r.CheckId, r.Result, r.Severity, r.Title, r.Reason, r.Remediation)),
                read.Results.Select(r => (r.CheckId, r.Result, r.Severity, r.Title, r.Reason, r.Remediation))
            );
            Assert.Equal(report.Results.SelectMany(r => r.Evidence), read.Results.SelectMany(r => r.Evidence));
            Assert.Equal(
                report.Results.SelectMany(r => r.Findings).Select(f => (f.TargetId, f.TargetName, f.Detail, f.KeyId)),
                read.Results.SelectMany(r => r.Findings).Select(f => (f.TargetId, f.TargetName, f.Detail, f.KeyId))
            );
        }

        [Fact]
        public void A_result_without_its_check_id_is_named_by_file_and_entry()
        {
            using var files = new TestFiles();
            var path = files.Write(
                "posture.json",
                "{\"evaluatedAt\":\"2026-11-20T12:00:00Z\",\"results\":[{\"severity\":\"High\",\"result\":\"Passed\"}]}"
            );

            var problem = Assert.Throws<PostureBaselineException>(() => PostureResultJson.Read(path));

            Assert.Equal($"{path}: results[0]: 'checkId' is missing", problem.Message);
        }
    }
}

using System;
using System.IO;
using EntraGuard.Ingest;

namespace EntraGuard.Tests.Ingest
{
    /// <summary>Which hours of a range the files read cover, judged from their names and the events they
    /// held.</summary>
    public sealed class AuditCoverageTests
    {
        [Fact]
        public void Azure_monitor_hourly_blobs_cover_their_hour_and_a_missing_blob_is_a_gap()
        {
            AuditCoverage Coverage(params string[] hours)
            {
                var coverage = new AuditCoverage();
                foreach (var hour in hours)
                {
                    var file = Path.Combine("exports", "y=2026", "m=11", "d=01", $"h={hour}", "m=00", "PT1H.json");
                    var time = DateTimeOffset.Parse($"2026-11-01T{hour}:30:00Z");
                    coverage.Add(new AuditEvent { ActivityDateTime = time, Source = file });
                }
                return coverage;
            }
            string[] Files(params string[] hours) =>
                Array.ConvertAll(
                    hours,
                    h => Path.Combine("exports", "y=2026", "m=11", "d=01", $"h={h}", "m=00", "PT1H.json")
                );

            Assert.Empty(Coverage("00", "01", "02").MissingHours(Files("00", "01", "02")));
            var gap = Assert.Single(Coverage("00", "03").MissingHours(Files("00", "03")));
            Assert.Equal(DateTimeOffset.Parse("2026-11-01T01:00:00Z"), gap.Start);
            Assert.Equal(DateTimeOffset.Parse("2026-11-01T03:00:00Z"), gap.End);
            // An hour's blob that holds no event still covers its hour.
            Assert.Empty(Coverage("00", "02").MissingHours(Files("00", "01", "02")));
        }

        [Fact]
        public void A_daily_file_covers_the_day_its_name_says_and_a_missing_day_is_a_gap()
        {
            var first = Path.Combine("exports", "auditlogs-20261101.json");
            var third = Path.Combine("exports", "auditlogs-20261103.json");
            var coverage = new AuditCoverage();
            void Add(string time, string file) =>
                coverage.Add(new AuditEvent { ActivityDateTime = DateTimeOffset.Parse(time), Source = file });
            Add("2026-11-01T09:00Z", first);
            Add("2026-11-03T17:00Z", third);

            var gap = Assert.Single(coverage.MissingHours(new[] { first, third }));

            Assert.Equal((DateTimeOffset.Parse("2026-11-02T00:00Z"), DateTimeOffset.Parse("2026-11-03T00:00Z")), gap);
        }
    }
}

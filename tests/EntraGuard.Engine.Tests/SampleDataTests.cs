using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using EntraGuard.Ingest;
using EntraGuard.SampleData;

namespace EntraGuard.Tests
{
    public sealed class SampleDataTests : IDisposable
    {
        private readonly TestFiles _files = new();
        private static readonly string Samples = Path.Combine(TestFiles.RepositoryRoot, "samples");

        public void Dispose() => _files.Dispose();

        [Fact]
        public void The_bundled_samples_are_exactly_what_the_generator_writes()
        {
            SampleWriter.Write(_files.Root);

            var expected = Directory
                .EnumerateFiles(_files.Root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(_files.Root, f))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
            var actual = Directory
                .EnumerateFiles(Samples, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Samples, f))
                .Where(f =>
                    f.StartsWith("graph", StringComparison.Ordinal)
                    || f.StartsWith("diagnostic", StringComparison.Ordinal)
                    || f.StartsWith("signins", StringComparison.Ordinal)
                )
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
            Assert.Equal(expected, actual);
            foreach (var file in expected)
            {
                // Compare gzip files by content: compressor output may differ between zlib builds.
                Assert.True(
                    Content(Path.Combine(_files.Root, file)).SequenceEqual(Content(Path.Combine(Samples, file))),
                    $"{file} differs from the generator's output; regenerate the samples"
                );
            }
        }

        [Fact]
        public void Both_wire_formats_hold_the_same_fourteen_days_of_events()
        {
            var graph = AuditEventReader.ReadPaths(new[] { Path.Combine(Samples, "graph") }).ToList();
            var statistics = new ReadStatistics();
            var diagnostic = AuditEventReader
                .ReadPaths(new[] { Path.Combine(Samples, "diagnostic") }, null, statistics)
                .ToList();

            Assert.True(graph.Count >= 5000, $"only {graph.Count} events");
            Assert.Equal(
                graph.Select(e => e.Id).OrderBy(id => id, StringComparer.Ordinal),
                diagnostic.Select(e => e.Id).OrderBy(id => id, StringComparer.Ordinal)
            );
            var span = graph.Max(e => e.ActivityDateTime) - graph.Min(e => e.ActivityDateTime);
            Assert.True(span >= TimeSpan.FromDays(13.5), $"span {span}");
            Assert.True(statistics.OtherCategoryRecords > 0);
            Assert.All(diagnostic, e => Assert.Equal(SyntheticTenant.TenantId, e.TenantId));
            var byId = graph.ToDictionary(e => e.Id);
            Assert.All(diagnostic, e => Assert.Equal(byId[e.Id].ActivityDateTime, e.ActivityDateTime));
        }

        [Fact]
        public void Every_seed_activity_is_planted_in_the_samples()
        {
            var activities = AuditEventReader
                .ReadPaths(new[] { Path.Combine(Samples, "graph") })
                .Where(e =>
                    e.InitiatedBy.IpAddress == SyntheticTenant.AttackerIp
                    || e.InitiatedBy.AppDisplayName == "Legacy-Reporting"
                )
                .Select(e => e.Activity)
                .ToHashSet(ActivityName.Comparer);

            foreach (
                var seeded in new[]
                {
                    "Add service principal credentials",
                    "Remove service principal credentials",
                    "Remove member from group",
                    "Add application",
                }
            )
            {
                Assert.Contains(seeded, activities);
            }
            Assert.Contains(
                AuditEventReader.ReadPaths(new[] { Path.Combine(Samples, "graph") }),
                e => e.Activity == "User deleted security info" && e.InitiatedBy.IpAddress == "198.51.100.23"
            );
        }

        private static byte[] Content(string path)
        {
            using var file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal)
                ? new GZipStream(file, CompressionMode.Decompress)
                : file;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }
    }
}

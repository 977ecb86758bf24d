using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EntraGuard.Detection;
using EntraGuard.Ingest;
using EntraGuard.SampleData;

namespace EntraGuard.Tests.Detection
{
    /// <summary>
    /// A scan of files with several readers, each into rule state of its own merged at the end, must find exactly
    /// what one reader finds, whatever files the events sit in, in whatever order, and wherever large files are cut.
    /// </summary>
    public sealed class ParallelScanTests : IDisposable
    {
        private static readonly DetectionSetup Setup = DetectionSetup.Load(
            Path.Combine(TestFiles.RepositoryRoot, "samples", "settings.yaml")
        );

        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        private static string Sample(string name) => Path.Combine(TestFiles.RepositoryRoot, "samples", name);

        /// <summary>Everything a scan reports: findings and evidence, counts per rule, range, suppressions.</summary>
        private static string Describe(ScanResult result) =>
            string.Join(
                "\n",
                result
                    .Findings.Select(f =>
                        $"{f.RiskEventId}|{f.TimeGenerated:o}|{f.Severity}|{f.Suppressed}|{f.HistoryComplete}|"
                        + $"{string.Join(",", f.EventIds)}|{f.ActorName}|{f.IpAddress}|{f.UserAgent}|{f.KeyId}|"
                        + $"{f.TargetName}|{string.Join(",", f.Targets.Select(t => t.Id))}|{f.UserId}|{f.MemberId}"
                    )
                    .Concat(result.MatchedPerRule.OrderBy(p => p.Key).Select(p => $"{p.Key} matched {p.Value}"))
                    .Concat(result.FindingsPerRule.OrderBy(p => p.Key).Select(p => $"{p.Key} made {p.Value}"))
                    .Concat(result.Warnings)
                    .Append(
                        $"events {result.EventsSeen}, suppressed {result.SuppressedCount}, "
                            + $"below {result.BelowMinimumSeverityCount}, "
                            + $"from {result.DataStart:o} to {result.DataEnd:o}"
                    )
            );

        private static ScanResult Sequential(IEnumerable<string> paths) =>
            Setup.Engine.Scan(
                AuditEventReader.ReadPaths(paths, new AuditReadOptions { KeepRecord = Setup.Engine.ActivityFilter() }),
                Setup.Options()
            );

        private static ScanResult Parallel(IEnumerable<string> paths, int readers, long partBytes)
        {
            var session = Setup.Engine.BeginScan(Setup.Options());
            session.AddFiles(paths, new FileScanOptions { MaxParallelism = readers, PartBytes = partBytes });
            return session.Complete();
        }

        [Theory]
        [InlineData("graph", 2, 64 * 1024)]
        [InlineData("graph", 4, 4 * 1024)]
        [InlineData("diagnostic", 2, 8 * 1024)]
        [InlineData("diagnostic", 3, 100 * 1024)]
        [InlineData("diagnostic", 1, 8 * 1024)]
        public void Several_readers_find_exactly_what_one_finds_on_the_samples(
            string sample,
            int readers,
            long partBytes
        )
        {
            var paths = new[] { Sample(sample) };
            var expected = Sequential(paths);

            var parallel = Parallel(paths, readers, partBytes);

            Assert.True(expected.Findings.Count >= 30 && expected.SuppressedCount > 0);
            Assert.Equal(Describe(expected), Describe(parallel));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        public void The_sample_events_shuffled_into_any_files_give_the_same_findings(int seed)
        {
            var expected = Sequential(new[] { Sample("graph") });
            var random = new Random(seed);
            var records = SampleRecords().OrderBy(_ => random.Next()).ToList();
            var fileCount = random.Next(2, 12);
            var folder = Path.Combine(_files.Root, "shuffled");
            Directory.CreateDirectory(folder);
            for (var i = 0; i < fileCount; i++)
            {
                var lines = records.Where((_, index) => index % fileCount == i);
                File.WriteAllText(Path.Combine(folder, $"part{i:D2}.json"), string.Join("\n", lines) + "\n");
            }

            var parallel = Parallel(new[] { folder }, random.Next(2, 5), random.Next(4, 200) * 1024);

            Assert.Equal(Describe(expected), Describe(parallel));
        }

        [Fact]
        public void The_bulk_data_gives_the_same_findings_in_one_file_cut_in_parts_and_in_hourly_files()
        {
            var whole = Path.Combine(_files.Root, "bulk.json");
            using (var file = File.Create(whole))
                BulkWriter.WriteGraphPages(file, 30_000);
            var hourly = Path.Combine(_files.Root, "hourly");
            var pages = File.ReadAllLines(whole);
            for (var hour = 0; hour < 24; hour++)
            {
                var path = Path.Combine(hourly, $"h={hour:D2}", "PT1H.json");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllLines(path, pages.Where((_, index) => index % 24 == hour));
            }
            var expected = Sequential(new[] { whole });

            var cut = Parallel(new[] { whole }, 2, 2 * 1024 * 1024);
            var files = Parallel(new[] { hourly }, 2, long.MaxValue);

            Assert.Equal(30_000, expected.EventsSeen);
            Assert.NotEmpty(expected.Findings);
            Assert.True(
                AuditFileParts.Plan(new[] { whole }, new ReadStatistics(), 2 * 1024 * 1024, null, default).Count > 5
            );
            Assert.Equal(Describe(expected), Describe(cut));
            Assert.Equal(Describe(expected), Describe(files));
        }

        [Fact]
        public void A_large_file_is_cut_only_between_top_level_objects_into_parts_that_cover_it()
        {
            var path = Sample("diagnostic/insights-logs-auditlogs/y=2026/m=11/d=01/h=00/m=00/PT1H.json");
            var bytes = File.ReadAllBytes(path);

            var parts = AuditFileParts.Plan(new[] { path }, new ReadStatistics(), 16 * 1024, null, default);

            Assert.True(parts.Count > 20);
            Assert.Equal(0, parts[0].Start);
            Assert.Equal(bytes.Length, parts[^1].End);
            for (var i = 1; i < parts.Count; i++)
            {
                Assert.Equal(parts[i - 1].End, parts[i].Start);
                Assert.Equal((byte)'\n', bytes[parts[i].Start - 1]);
                Assert.Equal((byte)'{', bytes[parts[i].Start]);
            }
        }

        [Fact]
        public void A_file_of_Graph_pages_of_four_megabytes_a_line_is_cut_at_line_ends()
        {
            // Four of the generator's pages of 999 records a line joined into one: lines of about 4 MB, as real pages
            // of larger records are, where a search of 1 MiB past a planned cut found no line end.
            var generated = new MemoryStream();
            BulkWriter.WriteGraphPages(generated, 16 * 999);
            var pages = Encoding.UTF8.GetString(generated.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var path = Path.Combine(_files.Root, "pages.json");
            File.WriteAllLines(
                path,
                pages
                    .Chunk(4)
                    .Select(four =>
                        new JsonObject
                        {
                            ["value"] = new JsonArray(
                                four.SelectMany(page => JsonNode.Parse(page)!["value"]!.AsArray())
                                    .Select(record => record!.DeepClone())
                                    .ToArray()
                            ),
                        }.ToJsonString()
                    )
            );
            var bytes = File.ReadAllBytes(path);
            var lineStarts = Enumerable.Range(1, bytes.Length - 1).Where(at => bytes[at - 1] == '\n').ToList();
            Assert.Equal(3, lineStarts.Count);
            Assert.True(lineStarts[0] > 4_000_000);

            var parts = AuditFileParts.Plan(
                new[] { path },
                new ReadStatistics(),
                AuditFileParts.DefaultPartBytes,
                null,
                default
            );

            Assert.Equal(3, parts.Count);
            Assert.All(parts.Skip(1), part => Assert.Contains((int)part.Start, lineStarts));
            Assert.Equal(
                Describe(Sequential(new[] { path })),
                Describe(Parallel(new[] { path }, 2, AuditFileParts.DefaultPartBytes))
            );
        }

        [Theory]
        [InlineData("{\"a\":1}\n{\"a\":2}", 8)]
        [InlineData("{\"a\":1}  \r\n\n  {\"a\":2}", 11)]
        [InlineData("{\"a\":{\n\"b\":1}\n}\n{\"a\":2}", 16)]
        [InlineData("[{\"a\":1},\n{\"a\":2}]", -1)] // inside an array: a comma parts them
        [InlineData("{\"value\":[\n{\"a\":1}\n]}", -1)]
        [InlineData("{\"a\":\"x}\"\n}", -1)]
        [InlineData("{\"a\":1}\n   ", -1)] // nothing opens after it in these bytes
        public void A_cut_goes_only_after_a_newline_between_a_closing_and_an_opening_brace(string text, int cut)
        {
            var from = 0;
            Assert.Equal(cut, AuditFileParts.FindCut(Encoding.UTF8.GetBytes(text), ref from));
        }

        [Theory]
        [InlineData("{\"a\":1}\n{\"b\":2}\n")]
        [InlineData("{\"value\":[{\"a\":1},\n{\"b\":2}]}\n  \n\t{\"value\":[]}\n")]
        [InlineData("\"x\"}\n[1]\n{\"a\":\"}\"}  \r\n \n {\"b\":2}")]
        [InlineData("{\"a\":1}\n\n\n")]
        public void A_cut_looked_for_a_few_bytes_at_a_time_is_the_cut_in_all_of_them(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var whole = 0;
            var expected = AuditFileParts.FindCut(bytes, ref whole);
            for (var step = 1; step <= bytes.Length; step++)
            {
                int from = 0,
                    found = -1;
                for (var seen = step; found < 0 && seen - step < bytes.Length; seen += step)
                    found = AuditFileParts.FindCut(bytes.AsSpan(0, Math.Min(seen, bytes.Length)), ref from);
                Assert.Equal(expected, found);
            }
        }

        [Fact]
        public void An_error_in_a_later_part_names_the_record_line_and_offset_a_sequential_read_names()
        {
            var lines = SampleRecords().Take(400).ToList();
            lines[317] = lines[317].Replace("\"activityDateTime\":\"", "\"activityDateTime\":\"not a time ");
            var path = _files.Write("broken.json", string.Join("\n", lines) + "\n");

            var sequential = Assert.Throws<AuditDataException>(() => Sequential(new[] { path }));
            var parallel = Assert.Throws<AuditDataException>(() => Parallel(new[] { path }, 3, 32 * 1024));

            Assert.Equal(318, sequential.RecordNumber);
            Assert.Equal(sequential.Message, parallel.Message);
        }

        [Fact]
        public void Skipped_records_are_counted_and_described_as_a_sequential_read_does()
        {
            var lines = SampleRecords().Take(600).ToList();
            foreach (var bad in new[] { 10, 250, 251, 590 })
                lines[bad] = lines[bad].Substring(0, 40);
            var path = _files.Write("skips.json", string.Join("\n", lines) + "\n");
            var sequentialStatistics = new ReadStatistics();
            Setup.Engine.Scan(
                AuditEventReader.ReadPaths(
                    new[] { path },
                    new AuditReadOptions { SkipInvalid = true },
                    sequentialStatistics
                ),
                Setup.Options()
            );
            var parallelStatistics = new ReadStatistics();

            var session = Setup.Engine.BeginScan(Setup.Options());
            session.AddFiles(
                new[] { path },
                new FileScanOptions
                {
                    SkipInvalid = true,
                    MaxParallelism = 4,
                    PartBytes = 40 * 1024,
                    Statistics = parallelStatistics,
                }
            );

            Assert.Equal(4, parallelStatistics.InvalidRecords);
            Assert.Equal(596, session.Complete().EventsSeen);
            // Each reader counts its own events and adds them when its part ends: every part's are in.
            Assert.Equal(596, sequentialStatistics.Events);
            Assert.Equal(596, parallelStatistics.Events);
            Assert.Equal(
                sequentialStatistics.InvalidRecordMessages.OrderBy(m => m, StringComparer.Ordinal),
                parallelStatistics.InvalidRecordMessages.OrderBy(m => m, StringComparer.Ordinal)
            );
            Assert.Equal(new[] { path }, parallelStatistics.Files);
        }

        [Fact]
        public void With_an_error_handler_a_broken_file_is_reported_and_the_others_are_still_read()
        {
            var good = SampleRecords().Take(200).ToList();
            var folder = Path.Combine(_files.Root, "mixed");
            _files.Write("mixed/a.json", string.Join("\n", good.Take(100)));
            _files.Write("mixed/b.json", "{\"value\":[{\"id\":\"evt-1\",\"activityDateTime\":");
            _files.Write("mixed/c.json", string.Join("\n", good.Skip(100)));
            var reported = new List<(string File, Exception Error)>();

            var session = Setup.Engine.BeginScan(Setup.Options());
            session.AddFiles(
                new[] { folder },
                new FileScanOptions { MaxParallelism = 3, OnFileError = (file, error) => reported.Add((file, error)) }
            );

            var (file, error) = Assert.Single(reported);
            Assert.EndsWith("b.json", file);
            Assert.IsType<AuditDataException>(error);
            Assert.Equal(200, session.Complete().EventsSeen);
        }

        [Fact]
        public void Coverage_of_a_parallel_read_is_that_of_a_sequential_one()
        {
            var paths = new[] { Sample("diagnostic") };
            var sequential = new AuditCoverage();
            var statistics = new ReadStatistics();
            foreach (var auditEvent in sequential.Observe(AuditEventReader.ReadPaths(paths, null, statistics))) { }
            var parallel = new AuditCoverage();
            var parallelStatistics = new ReadStatistics();

            Setup
                .Engine.BeginScan(Setup.Options())
                .AddFiles(
                    paths,
                    new FileScanOptions
                    {
                        MaxParallelism = 3,
                        PartBytes = 20 * 1024,
                        Coverage = parallel,
                        Statistics = parallelStatistics,
                    }
                );

            Assert.Equal(
                (sequential.Events, sequential.First, sequential.Last),
                (parallel.Events, parallel.First, parallel.Last)
            );
            Assert.Equal(statistics.Files, parallelStatistics.Files);
            Assert.Equal(sequential.MissingHours(statistics.Files), parallel.MissingHours(parallelStatistics.Files));
        }

        [Fact]
        public void Stopping_the_read_stops_every_reader()
        {
            using var cancel = new System.Threading.CancellationTokenSource();
            cancel.Cancel();
            var session = Setup.Engine.BeginScan(Setup.Options());

            Assert.ThrowsAny<OperationCanceledException>(() =>
                session.AddFiles(new[] { Sample("graph") }, new FileScanOptions { MaxParallelism = 2 }, cancel.Token)
            );
        }

        [Fact]
        public void Parts_read_in_turn_share_one_buffer_which_keeps_what_a_large_record_grew_it_to()
        {
            // A reader's parts go through one buffer: a record larger than it grows it for the parts after.
            var records = SampleRecords().Take(40).ToList();
            var large = records[0].Insert(1, "\"padding\":\"" + new string('x', 400_000) + "\",");
            var buffer = new ParseBuffer();
            string Ids(string jsonLines)
            {
                var parser = new AuditJsonParser(
                    new MemoryStream(Encoding.UTF8.GetBytes(jsonLines)),
                    "part",
                    new AuditReadOptions(),
                    new ReadStatistics(),
                    new StringPool(),
                    buffer: buffer
                );
                var ids = new List<string>();
                while (parser.Next() is { } auditEvent)
                    ids.Add(auditEvent.Id);
                return string.Join(",", ids);
            }
            string Expected(IEnumerable<string> part) =>
                string.Join(",", part.Select(r => JsonDocument.Parse(r).RootElement.GetProperty("id").GetString()));

            Assert.Equal(Expected(records.Take(1)), Ids(large));
            Assert.True(buffer.Bytes.Length > ParseBuffer.InitialSize, $"{buffer.Bytes.Length} bytes");
            var grown = buffer.Bytes;
            Assert.Equal(Expected(records), Ids(string.Join("\n", records)));
            Assert.Same(grown, buffer.Bytes);
        }

        /// <summary>The records of the Graph sample, each as its own JSON text.</summary>
        private static IEnumerable<string> SampleRecords()
        {
            foreach (var page in Directory.GetFiles(Sample("graph")).OrderBy(p => p, StringComparer.Ordinal))
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(page));
                foreach (var record in document.RootElement.GetProperty("value").EnumerateArray())
                    yield return record.GetRawText();
            }
        }
    }
}

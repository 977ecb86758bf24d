using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using EntraGuard.Graph.Tests;
using EntraGuard.Graph.Tests.Response;
using EntraGuard.Graph.Tests.StandIn;
using EntraGuard.Ingest;
using EntraGuard.Tests;

namespace EntraGuard.Cli.Tests
{
    /// <summary>
    /// A fixed-seed corpus of a few hundred inputs mutated from the bundled samples (byte flips, truncations, invalid
    /// UTF-8, surrogate escapes, control characters, corrupt gzip, deep nesting, huge records), each read by
    /// <c>entraguard events</c> and by the parser itself: bad input is exit 2 with exactly one line naming the file,
    /// never exit 3 or another exception type, and reading costs work in proportion to the input.
    /// </summary>
    public sealed class ReaderFuzzTests : IDisposable
    {
        private const int Seed = 20;
        private const int MutationsPerSeed = 60;
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        [Fact]
        public void Mutated_samples_are_read_or_refused_in_one_line_naming_the_file()
        {
            var corpus = Corpus().ToList();
            Assert.InRange(corpus.Count, 300, 600);

            var failures = new List<string>();
            for (var i = 0; i < corpus.Count; i++)
            {
                var (name, bytes) = corpus[i];
                var path = _files.WriteBytes($"{i:D3}-{name}", bytes);
                var args = (i % 3) switch
                {
                    // A mutation may leave no event at all: that the reader refuses such input is tested elsewhere.
                    0 => new[] { "events", path, "--allow-empty" },
                    1 => new[] { "events", path, "--format", "json", "--allow-empty" },
                    _ => new[] { "events", path, "--skip-invalid", "--format", "json", "--allow-empty" },
                };
                var problem = CheckCli(args, path) ?? CheckParserWork(bytes, path);
                if (problem != null)
                    failures.Add($"{Path.GetFileName(path)}: {problem}");
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        }

        [Fact]
        public void The_fast_walk_reads_every_mutated_sample_as_the_reader_does()
        {
            Assert.True(FastWalkAgrees(Corpus(), Transcript) > 10_000);
            Assert.True(FastWalkAgrees(SignInCorpus(), SignInTranscript) > 10_000);
        }

        private delegate List<string> Read(byte[] plain, bool skipInvalid, bool fastWalk, out AuditJsonParser parser);

        /// <summary>Reads each input with the fast walk on and off, skipping bad records and not, and checks both
        /// reads show the same, the fast one for no more bytes walked (it reads on before walking a record the end of
        /// the data cut, where the reader walks to the end first); the records walked fast.</summary>
        private static long FastWalkAgrees(IEnumerable<(string Name, byte[] Bytes)> corpus, Read read)
        {
            long walkedFast = 0;
            foreach (var (name, bytes) in corpus)
            {
                byte[] plain;
                try
                {
                    plain = IsGzip(bytes) ? Gunzip(bytes) : bytes;
                }
                catch (InvalidDataException)
                {
                    continue; // corrupt gzip: nothing reaches the parser
                }
                foreach (var skipInvalid in new[] { true, false })
                {
                    var byReader = read(plain, skipInvalid, fastWalk: false, out var reader);
                    var withFastWalk = read(plain, skipInvalid, fastWalk: true, out var fast);
                    Assert.True(
                        byReader.SequenceEqual(withFastWalk),
                        $"{name} (skip invalid: {skipInvalid}): "
                            + string.Join("\n", byReader.Except(withFastWalk).Concat(withFastWalk.Except(byReader)))
                    );
                    Assert.True(
                        fast.BytesWalked <= reader.BytesWalked,
                        $"{name}: walked {fast.BytesWalked} bytes fast, {reader.BytesWalked} by the reader"
                    );
                    walkedFast += fast.RecordsWalkedFast;
                }
            }
            return walkedFast;
        }

        /// <summary>A sign-in read: every field of each sign-in, the statistics and how the read ended.</summary>
        private static List<string> SignInTranscript(
            byte[] plain,
            bool skipInvalid,
            bool fastWalk,
            out AuditJsonParser parser
        )
        {
            var lines = new List<string>();
            var statistics = new ReadStatistics();
            var options = new AuditReadOptions { SkipInvalid = skipInvalid };
            parser = new AuditJsonParser(
                new MemoryStream(plain),
                "fuzz",
                options,
                statistics,
                new StringPool(),
                RecordStream.SignIn
            )
            {
                WalksCompactRecords = fastWalk,
            };
            try
            {
                while (parser.NextSignIn() is { } signIn)
                {
                    var fields = typeof(SignInEvent).GetProperties().Select(p => $"{p.Name}={p.GetValue(signIn)}");
                    lines.Add(string.Join(" | ", fields));
                }
            }
            catch (AuditDataException ex)
            {
                lines.Add($"stopped: {ex.Message}");
            }
            AddEnd(lines, parser, statistics);
            return lines;
        }

        // Modified property names of the samples, and one no record lists: what a filter asks the reader's notes.
        private static readonly byte[][] AskedNames = new[]
        {
            "accountenabled",
            "group.objectid",
            "included updated properties",
            "keydescription",
            "absent",
        }
            .Select(Encoding.ASCII.GetBytes)
            .ToArray();

        /// <summary>
        /// Everything a read shows: each event (whole, when the filter keeps it), what the filter saw of each record,
        /// the statistics and how the read ended.
        /// </summary>
        private static List<string> Transcript(
            byte[] plain,
            bool skipInvalid,
            bool fastWalk,
            out AuditJsonParser parser
        )
        {
            var lines = new List<string>();
            var statistics = new ReadStatistics();
            var options = new AuditReadOptions
            {
                SkipInvalid = skipInvalid,
                KeepRecord = (activity, record) =>
                {
                    var listed = new StringBuilder();
                    foreach (var name in AskedNames)
                        listed.Append(record.MayListModifiedProperty(name) ? '1' : '0');
                    lines.Add($"filter {activity} {record.Json.Length} {listed}");
                    return activity.Length % 2 == 0;
                },
            };
            parser = new AuditJsonParser(new MemoryStream(plain), "fuzz", options, statistics, new StringPool())
            {
                WalksCompactRecords = fastWalk,
            };
            var output = new StringWriter();
            try
            {
                using var writer = new AuditEventJsonWriter(output);
                while (parser.Next() is { } read)
                {
                    lines.Add($"event {read.ActivityDateTime:O} {read.ActivityDisplayName}");
                    if (read.ActivityDisplayName.Length % 2 == 0)
                        writer.Write(read);
                }
            }
            catch (AuditDataException ex)
            {
                lines.Add($"stopped: {ex.Message}");
            }
            lines.Add(output.ToString());
            AddEnd(lines, parser, statistics);
            return lines;
        }

        private static void AddEnd(List<string> lines, AuditJsonParser parser, ReadStatistics statistics)
        {
            lines.AddRange(statistics.InvalidRecordMessages);
            lines.AddRange(statistics.OtherCategories.Select(c => $"other {c.Key} {c.Value}"));
            lines.Add($"records {parser.RecordsRead}");
        }

        private static string? CheckCli(string[] args, string path)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = Program.Run(args, output, error);
            var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            switch (exit)
            {
                case CliRunner.Success:
                    // Skips are reported as a count, then one indented line per skipped record.
                    var reported = lines.All(l =>
                        l.StartsWith("entraguard: ", StringComparison.Ordinal)
                        || l.StartsWith("  ", StringComparison.Ordinal)
                    );
                    return reported ? null : $"exit 0 with stderr {error}";
                case CliRunner.BadInputOrUsage:
                    if (lines.Length != 1)
                        return $"exit 2 with {lines.Length} lines: {error}";
                    var named = lines[0].StartsWith($"entraguard: {path}: ", StringComparison.Ordinal);
                    return named ? null : $"exit 2 not naming the file: {lines[0]}";
                default:
                    return $"exit {exit}: {error}";
            }
        }

        /// <summary>The parser over the plain bytes: bad input only as AuditDataException, bounded work.</summary>
        private static string? CheckParserWork(byte[] bytes, string path)
        {
            byte[] plain;
            try
            {
                plain = IsGzip(bytes) ? Gunzip(bytes) : bytes;
            }
            catch (InvalidDataException)
            {
                return null; // corrupt gzip: the CLI run covered it
            }
            var parser = new AuditJsonParser(
                new MemoryStream(plain),
                path,
                new AuditReadOptions { SkipInvalid = true },
                new ReadStatistics(),
                new StringPool()
            );
            try
            {
                while (parser.Next() is { } read)
                    _ = read.TargetResources.Count + read.AdditionalDetails.Count;
            }
            catch (AuditDataException)
            {
                // A record larger than the limit stops the read even when skipping: still bad input, said so.
            }
            catch (Exception ex)
            {
                return $"{ex.GetType().Name}: {ex.Message}";
            }
            var bound = 4L * plain.Length + 1024 * 1024;
            return parser.BytesWalked <= bound ? null : $"walked {parser.BytesWalked:N0} bytes of {plain.Length:N0}";
        }

        private static IEnumerable<(string Name, byte[] Bytes)> Corpus()
        {
            var random = new Random(Seed);
            var root = TestFiles.RepositoryRoot;
            var graph = File.ReadAllBytes(Path.Combine(root, "samples", "graph", "directoryAudits-page06.json"));
            var diagnostic = FirstLines(Path.Combine(root, "samples", "diagnostic", "insights-logs-auditlogs"));
            var eventHubGzip = File.ReadAllBytes(
                Path.Combine(root, "samples", "diagnostic", "eventhub", "auditlogs-20261113.json.gz")
            );

            foreach (var mutant in Mutants(random, ("graph.json", graph), ("diagnostic.jsonl", diagnostic)))
                yield return mutant;
            for (var i = 0; i < 20; i++)
                yield return ("flip-eventhub.json.gz", Flip(eventHubGzip, random, first: 10));
            for (var i = 0; i < 10; i++)
                yield return ("cut-eventhub.json.gz", Cut(eventHubGzip, random));

            foreach (var depth in new[] { 63, 64, 65, 1000, 100_000 })
            {
                var array = new string('[', depth) + new string(']', depth);
                yield return ($"deep-array-{depth}.json", Encoding.ASCII.GetBytes(array));
                var nested = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
                yield return (
                    $"deep-record-{depth}.jsonl",
                    Encoding.ASCII.GetBytes(
                        "{\"id\":\"d\",\"activityDateTime\":\"2026-11-13T02:11:07Z\",\"x\":" + nested + "}\n"
                    )
                );
            }
            foreach (var size in new[] { 300_000, 3_000_000 })
            {
                var huge =
                    "{\"id\":\"h\",\"activityDateTime\":\"2026-11-13T02:11:07Z\",\"activityDisplayName\":\""
                    + new string('x', size)
                    + "\"}\n";
                yield return ($"huge-{size}.jsonl", Encoding.ASCII.GetBytes(huge));
                yield return ($"huge-{size}.jsonl.gz", Gzip(Encoding.ASCII.GetBytes(huge)));
                yield return ($"huge-cut-{size}.jsonl", Encoding.ASCII.GetBytes(huge.Substring(0, size / 2)));
            }
        }

        /// <summary>Sign-in records of both shapes, mutated as the audit records are.</summary>
        private static IEnumerable<(string Name, byte[] Bytes)> SignInCorpus()
        {
            var signIns = Path.Combine(TestFiles.RepositoryRoot, "samples", "signins");
            var graph = File.ReadAllBytes(Path.Combine(signIns, "graph", "signIns-servicePrincipal-page01.json"));
            var diagnostic = FirstLines(Path.Combine(signIns, "diagnostic", "insights-logs-signinlogs"));
            return Mutants(new Random(Seed), ("signins.json", graph), ("signins.jsonl", diagnostic));
        }

        /// <summary>The first 40 records of a diagnostic log's first hour in the samples, as JSON lines.</summary>
        private static byte[] FirstLines(string logFolder)
        {
            var hour = Path.Combine(logFolder, "y=2026", "m=11", "d=01", "h=00", "m=00", "PT1H.json");
            return Encoding.UTF8.GetBytes(string.Join("\n", File.ReadLines(hour).Take(40)) + "\n");
        }

        /// <summary>Each seed flipped, cut, and given bad bytes, escapes and control characters; plain and
        /// gzipped.</summary>
        private static IEnumerable<(string Name, byte[] Bytes)> Mutants(
            Random random,
            params (string Name, byte[] Bytes)[] seeds
        )
        {
            var mutations = new (string Label, int Count, Func<byte[], byte[]> Mutate)[]
            {
                ("flip", MutationsPerSeed, seed => Flip(seed, random)),
                ("cut", MutationsPerSeed / 2, seed => Cut(seed, random)),
                ("utf8", MutationsPerSeed / 2, seed => Insert(seed, random, BadUtf8)),
                ("surrogate", MutationsPerSeed / 3, seed => Insert(seed, random, LoneSurrogates)),
                ("control", MutationsPerSeed / 3, seed => Insert(seed, random, Controls)),
                ("gzip-flip", 10, seed => Flip(Gzip(seed), random, first: 10)),
                ("gzip-cut", 10, seed => Cut(Gzip(seed), random)),
            };
            foreach (var (name, seed) in seeds)
            {
                foreach (var (label, count, mutate) in mutations)
                {
                    var suffix = label.StartsWith("gzip", StringComparison.Ordinal) ? ".gz" : "";
                    for (var i = 0; i < count; i++)
                        yield return ($"{label}-{name}{suffix}", mutate(seed));
                }
            }
        }

        private static readonly byte[][] BadUtf8 =
        {
            new byte[] { 0xFF },
            new byte[] { 0xC3 },
            new byte[] { 0xC0, 0xAF },
            new byte[] { 0xED, 0xA0, 0x80 },
            new byte[] { 0xF4, 0x90, 0x80, 0x80 },
            new byte[] { 0xE2, 0x82 },
            new byte[] { 0x80 },
        };

        private static readonly byte[][] LoneSurrogates = new[]
        {
            "\\ud800",
            "\\uDBFF\\u0041",
            "\\udc00",
            "\\ud800\\ud800",
        }
            .Select(Encoding.ASCII.GetBytes)
            .ToArray();

        private static readonly byte[][] Controls = new[]
        {
            "\u001b[2K\\r\\nentraguard: scan complete, 0 finding(s)",
            "\\u0007\\u001b]0;x\\u0007",
        }
            .Select(Encoding.UTF8.GetBytes)
            .ToArray();

        private static byte[] Flip(byte[] seed, Random random, int first = 0)
        {
            var bytes = (byte[])seed.Clone();
            var flips = 1 + random.Next(8);
            for (var i = 0; i < flips; i++)
            {
                bytes[first + random.Next(bytes.Length - first)] ^= (byte)(1 << random.Next(8));
            }
            return bytes;
        }

        private static byte[] Cut(byte[] seed, Random random) => seed.Take(random.Next(seed.Length)).ToArray();

        /// <summary>Inserts one of <paramref name="choices"/> after a random quote, mostly inside a string.</summary>
        private static byte[] Insert(byte[] seed, Random random, byte[][] choices)
        {
            var insert = choices[random.Next(choices.Length)];
            var at = Array.IndexOf(seed, (byte)'"', random.Next(seed.Length));
            if (at < 0)
                at = Array.IndexOf(seed, (byte)'"');
            return seed.Take(at + 1).Concat(insert).Concat(seed.Skip(at + 1)).ToArray();
        }

        private static bool IsGzip(byte[] bytes) => bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B;

        private static byte[] Gzip(byte[] bytes)
        {
            using var memory = new MemoryStream();
            using (var gzip = new GZipStream(memory, CompressionLevel.Fastest))
                gzip.Write(bytes);
            return memory.ToArray();
        }

        private static byte[] Gunzip(byte[] bytes)
        {
            using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
    }
}

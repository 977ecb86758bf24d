using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using EntraGuard.Ingest;
using static EntraGuard.Tests.Ingest.AuditRecords;

namespace EntraGuard.Tests.Ingest
{
    /// <summary>
    /// Bytes that are not what they claim to be (corrupt or cut gzip, invalid UTF-8, lone surrogate escapes) fail as
    /// bad input naming file, record and offset, or are counted skips with SkipInvalid; never another exception.
    /// </summary>
    public sealed class BadBytesTests : IDisposable
    {
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        private static AuditDataException Fails(string path) =>
            Assert.Throws<AuditDataException>(() => AuditEventReader.ReadPaths(new[] { path }).ToArray());

        private static byte[] Gzip(string text)
        {
            using var memory = new MemoryStream();
            using (var gzip = new GZipStream(memory, CompressionLevel.Optimal))
            {
                gzip.Write(Encoding.UTF8.GetBytes(text));
            }
            return memory.ToArray();
        }

        private static string OneLine(string record) => record.Replace("\n", "").Replace("\r", "");

        private static string Lines(int count) =>
            string.Join("\n", Enumerable.Range(0, count).Select(i => OneLine(Record($"r{i}")))) + "\n";

        [Fact]
        public void Corrupt_gzip_names_the_file_and_offset()
        {
            var bytes = Gzip(Lines(50));
            for (var i = 20; i < 60; i++)
                bytes[i] ^= 0x5A; // the compressed blocks, past the 10-byte header
            var path = _files.WriteBytes("corrupt.json.gz", bytes);

            var error = Fails(path);

            Assert.StartsWith(path + ": ", error.Message);
            Assert.Contains("gzip", error.Problem);
        }

        [Theory]
        [InlineData(12)]
        [InlineData(30)]
        [InlineData(500)]
        public void Truncated_gzip_is_an_error_not_an_empty_or_short_file(int kept)
        {
            var bytes = Gzip(Lines(200));
            var path = _files.WriteBytes("cut.json.gz", bytes.Take(kept).ToArray());

            var error = Fails(path);

            Assert.StartsWith(path + ": ", error.Message);
        }

        [Fact]
        public void Gzip_cut_inside_its_trailer_is_an_error()
        {
            var bytes = Gzip(Lines(3));
            var path = _files.WriteBytes("no-trailer.json.gz", bytes.Take(bytes.Length - 4).ToArray());

            var error = Fails(path);

            Assert.Contains("gzip", error.Problem);
        }

        [Fact]
        public void A_whole_gzip_file_still_reads()
        {
            var path = _files.WriteBytes("ok.json.gz", Gzip(Lines(200)));

            Assert.Equal(200, AuditEventReader.ReadPaths(new[] { path }).Count());
        }

        [Fact]
        public void Invalid_utf8_in_the_activity_is_an_error_at_its_byte()
        {
            var text = Lines(2) + OneLine(Record("bad", activity: "Add service principal credentials\u00FF")) + "\n";
            var bytes = Encoding.UTF8.GetBytes(text);
            var at = Array.IndexOf(bytes, (byte)0xC3, Encoding.UTF8.GetByteCount(Lines(2)));
            bytes[at] = 0xFF; // ÿ was C3 BF: now FF BF, invalid
            var path = _files.WriteBytes("activity.jsonl", bytes);

            var error = Fails(path);

            Assert.Equal(3, error.RecordNumber);
            Assert.Equal(at, error.ByteOffset);
            Assert.Contains("not valid UTF-8", error.Problem);
        }

        [Fact]
        public void Invalid_utf8_in_a_nested_string_is_an_error_when_read_not_when_decoded()
        {
            var bytes = Encoding.UTF8.GetBytes(Lines(1).Replace("Payroll-Sync", "Payroll-Sync\u00E9"));
            var at = Array.IndexOf(bytes, (byte)0xC3);
            bytes[at + 1] = 0x28; // C3 28: a lead byte without its continuation
            var path = _files.WriteBytes("nested.jsonl", bytes);

            var error = Fails(path);

            Assert.Equal(1, error.RecordNumber);
            Assert.Equal(at, error.ByteOffset);
        }

        [Theory]
        [InlineData("\\ud800")]
        [InlineData("\\uDC00x")]
        [InlineData("\\ud800\\u0041")]
        public void A_lone_surrogate_escape_is_an_error(string escape)
        {
            var line = Lines(1).Replace("Payroll-Sync", "Payroll" + escape);
            var path = _files.Write("surrogate.jsonl", line);

            var error = Fails(path);

            Assert.Equal(1, error.RecordNumber);
            Assert.Equal(line.IndexOf("Payroll\\", StringComparison.Ordinal) + 7, error.ByteOffset);
            Assert.Contains("surrogate", error.Problem);
        }

        [Fact]
        public void A_lone_surrogate_escape_after_escaped_backslashes_is_an_error_and_after_an_even_run_is_text()
        {
            // Three backslashes: an escaped one, then \ud800; four: two escaped ones, then the letters "ud800".
            var line = Lines(1).Replace("Payroll-Sync", "Payroll\\\\\\ud800");
            var path = _files.Write("runs.jsonl", line);

            var error = Fails(path);

            Assert.Equal(line.IndexOf("Payroll\\", StringComparison.Ordinal) + 9, error.ByteOffset);
            Assert.Contains("surrogate", error.Problem);
            var fine = _files.Write("even.jsonl", Lines(1).Replace("Payroll-Sync", "Payroll\\\\\\\\ud800"));
            Assert.Equal(
                "Payroll\\\\ud800",
                AuditEventReader.ReadPaths(new[] { fine }).Single().TargetResources.Single().DisplayName
            );
        }

        [Fact]
        public void A_surrogate_pair_escape_and_an_escaped_backslash_read_fine()
        {
            var path = _files.Write("pair.jsonl", Lines(1).Replace("Payroll-Sync", "Payroll \\ud83d\\ude00 \\\\ud800"));

            var target = AuditEventReader.ReadPaths(new[] { path }).Single().TargetResources.Single();

            Assert.Equal("Payroll \U0001F600 \\ud800", target.DisplayName);
        }

        [Fact]
        public void Skip_invalid_counts_bad_bytes_and_keeps_the_good_records()
        {
            var bytes = Encoding.UTF8.GetBytes(Lines(3).Replace("\"r1\"", "\"r1\u00E9\""));
            bytes[Array.IndexOf(bytes, (byte)0xC3)] = 0xFF;
            var path = _files.WriteBytes("mixed.jsonl", bytes);
            var statistics = new ReadStatistics();

            var skipping = new AuditReadOptions { SkipInvalid = true };

            var events = AuditEventReader.ReadPaths(new[] { path }, skipping, statistics).ToArray();

            Assert.Equal(new[] { "r0", "r2" }, events.Select(e => e.Id));
            Assert.Equal(1, statistics.InvalidRecords);
            Assert.Contains("record 2", statistics.InvalidRecordMessages.Single());
        }

        [Fact]
        public void Skip_invalid_counts_a_corrupt_gzip_and_reads_the_other_files()
        {
            var bytes = Gzip(Lines(50));
            for (var i = 20; i < 60; i++)
                bytes[i] ^= 0x5A;
            var corrupt = _files.WriteBytes("a/corrupt.json.gz", bytes);
            _files.Write("a/good.json", Lines(2));
            var statistics = new ReadStatistics();

            var events = AuditEventReader
                .ReadPaths(
                    new[] { Path.GetDirectoryName(corrupt)! },
                    new AuditReadOptions { SkipInvalid = true },
                    statistics
                )
                .ToArray();

            Assert.Equal(2, events.Length);
            Assert.True(statistics.InvalidRecords >= 1);
            Assert.StartsWith(corrupt + ": ", statistics.InvalidRecordMessages[0]);
        }

        [Fact]
        public void Input_quoted_in_a_message_is_escaped_and_cut()
        {
            var forged = "x\u001b[2K\r\nentraguard: scan complete, 0 finding(s)\u0007" + new string('y', 14_000);
            var line = "{\"id\":\"a\",\"activityDateTime\":" + JsonSerializer.Serialize(forged) + "}\n";
            var path = _files.Write("forged.jsonl", line);

            var error = Fails(path);

            Assert.DoesNotContain('\n', error.Message);
            Assert.DoesNotContain('\r', error.Message);
            Assert.DoesNotContain('\u001b', error.Message);
            Assert.DoesNotContain('\u0007', error.Message);
            Assert.Contains(@"'x\u001B[2K\r\nentraguard: scan complete", error.Message);
            Assert.True(error.Message.Length < 400, error.Message.Length.ToString());
        }

        [Fact]
        public void A_file_name_with_control_characters_stays_on_one_line()
        {
            var path = _files.Write("bad\nname\u001b.json", "{\"id\":\"a\"}");

            var error = Fails(path);

            Assert.DoesNotContain('\n', error.Message);
            Assert.DoesNotContain('\u001b', error.Message);
            Assert.Contains(@"bad\nname\u001B.json", error.Message);
        }
    }
}

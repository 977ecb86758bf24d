using System;
using System.Linq;
using EntraGuard.Ingest;
using static EntraGuard.Tests.Ingest.AuditRecords;

namespace EntraGuard.Tests.Ingest
{
    /// <summary>Every class of bad input fails with an error naming the file, the record and the position.</summary>
    public sealed class BadInputTests : IDisposable
    {
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        private static AuditDataException Fails(string path) =>
            Assert.Throws<AuditDataException>(() => AuditEventReader.ReadPaths(new[] { path }).ToArray());

        [Fact]
        public void A_truncated_file_names_the_record_it_ends_in()
        {
            var path = _files.Write(
                "cut.json",
                "[" + OneLine(Record("a")) + ",\n" + OneLine(Record("b")).Substring(0, 120)
            );

            var error = Fails(path);

            Assert.Equal(
                $"{path}: record 2 (line 2, byte 121; offset {error.ByteOffset}): the data ends in the middle of a "
                    + $"record (is the file truncated?)",
                error.Message
            );
            Assert.Equal(new System.IO.FileInfo(path).Length, error.ByteOffset);
            Assert.Equal(2, error.RecordNumber);
            Assert.Equal(2, error.Line);
        }

        [Fact]
        public void Text_that_is_not_json_is_refused_with_its_position()
        {
            var path = _files.Write("notes.txt", "hello, this is not JSON");

            var error = Fails(path);

            Assert.StartsWith(
                $"{path}: line 1, byte 1 (offset 0): not valid JSON: 'h' is an invalid start of a value.",
                error.Message
            );
        }

        [Fact]
        public void Broken_json_in_the_middle_of_a_page_names_record_and_line()
        {
            var records = Enumerable.Range(0, 5).Select(i => OneLine(Record($"r{i}"))).ToArray();
            records[3] = records[3].Replace("\"result\":\"success\"", "\"result\":success");
            var path = _files.Write("page.json", "{\"value\":[\n" + string.Join(",\n", records) + "\n]}");

            var error = Fails(path);

            Assert.Equal(4, error.RecordNumber);
            Assert.Equal(5, error.Line);
            Assert.Contains("not valid JSON: 's' is an invalid start of a value.", error.Message);
            Assert.StartsWith($"{path}: record 4 (line 5, byte ", error.Message);
        }

        [Theory]
        [InlineData("42", "expected an audit record, a page of records or an array, found a number")]
        [InlineData("\"text\"", "expected an audit record, a page of records or an array, found a string")]
        [InlineData("{\"value\":{\"id\":\"a\"}}", "'value' must be an array of records, found an object")]
        public void The_wrong_shape_is_named(string json, string problem)
        {
            var path = _files.Write("shape.json", json);

            var error = Fails(path);

            Assert.EndsWith(problem, error.Message);
            Assert.StartsWith(path + ": ", error.Message);
        }

        [Theory]
        [InlineData("{\"activityDateTime\":\"2026-11-13T02:11:07Z\"}", "the record has no id")]
        [InlineData("{\"id\":\"\",\"activityDateTime\":\"2026-11-13T02:11:07Z\"}", "the record has no id")]
        [InlineData("{\"id\":\"a\"}", "the record has no activityDateTime")]
        [InlineData(
            "{\"id\":\"a\",\"activityDateTime\":\"yesterday\"}",
            "activityDateTime 'yesterday' is not a date and time"
        )]
        [InlineData(
            "{\"id\":\"a\",\"activityDateTime\":\"2026-11-13T02:11:07Z\",\"targetResources\":\"sp-1\"}",
            "'targetResources' must be an array, found a string"
        )]
        [InlineData(
            "{\"id\":\"a\",\"activityDateTime\":\"2026-11-13T02:11:07Z\",\"initiatedBy\":[1]}",
            "'initiatedBy' must be an object, found an array"
        )]
        [InlineData(
            "{\"id\":\"a\",\"activityDateTime\":\"2026-11-13T02:11:07Z\",\"targetResources\":[{\"id\":\"x\"},"
                + "\"sp-1\"]}",
            "'targetResources' must hold objects"
        )]
        [InlineData("\"just a string\"", "a record must be a JSON object, found a string")]
        public void A_record_that_is_not_an_audit_record_is_named(string record, string problem)
        {
            var path = _files.Write("records.json", "[" + OneLine(Record("ok")) + ",\n" + record + "]");

            var error = Fails(path);

            Assert.Equal(2, error.RecordNumber);
            Assert.Equal(2, error.Line);
            Assert.Equal($"{path}: record 2 (line 2, byte 1; offset {error.ByteOffset}): {problem}", error.Message);
        }

        [Fact]
        public void An_error_deep_in_a_large_file_reports_the_right_line()
        {
            var lines = Enumerable.Range(0, 4000).Select(i => OneLine(Record($"r{i}"))).ToList();
            lines[3500] = "{\"id\":\"bad\"}";
            var path = _files.Write("big.jsonl", string.Join("\n", lines) + "\n");

            var error = Fails(path);

            Assert.Equal(3501, error.RecordNumber);
            Assert.Equal(3501, error.Line);
            Assert.Equal(1, error.Column);
            Assert.Equal(lines.Take(3500).Sum(l => l.Length + 1), error.ByteOffset);
        }

        [Fact]
        public void Skip_invalid_counts_every_bad_record_and_keeps_every_good_one()
        {
            var path = _files.Write(
                "mixed.jsonl",
                string.Join(
                    "\n",
                    OneLine(Record("a")),
                    "{\"activityDateTime\":\"2026-11-13T02:11:07Z\"}",
                    "{not json at all",
                    OneLine(Record("b")),
                    "{\"id\":\"c\",\"activityDateTime\":\"later\"}",
                    OneLine(Record("d"))
                ) + "\n"
            );
            var statistics = new ReadStatistics();

            var events = AuditEventReader
                .ReadPaths(new[] { path }, new AuditReadOptions { SkipInvalid = true }, statistics)
                .ToArray();

            Assert.Equal(new[] { "a", "b", "d" }, events.Select(e => e.Id));
            Assert.Equal(3, statistics.InvalidRecords);
            Assert.Equal(
                new[]
                {
                    $"{path}: record 2 (line 2, byte 1; offset {OneLine(Record("a")).Length + 1}): the record has "
                        + $"no id",
                    "record 3 (line 3",
                    "record 5 (line 5",
                }.Length,
                statistics.InvalidRecordMessages.Count
            );
            Assert.Contains(": the record has no id", statistics.InvalidRecordMessages[0]);
            Assert.Contains("record 3 (line 3, byte ", statistics.InvalidRecordMessages[1]);
            Assert.Contains("not valid JSON", statistics.InvalidRecordMessages[1]);
            Assert.Contains("record 5 (line 5, byte 1;", statistics.InvalidRecordMessages[2]);
            Assert.Contains("activityDateTime 'later' is not a date and time", statistics.InvalidRecordMessages[2]);
        }

        [Fact]
        public void Skip_invalid_inside_an_array_skips_bad_records_and_says_when_the_rest_is_lost()
        {
            var path = _files.Write(
                "page.json",
                "{\"value\":[" + Record("a") + ",{\"id\":\"x\"}," + Record("b") + "," + Record("c").Substring(0, 80)
            );
            var statistics = new ReadStatistics();

            var events = AuditEventReader
                .ReadPaths(new[] { path }, new AuditReadOptions { SkipInvalid = true }, statistics)
                .ToArray();

            Assert.Equal(new[] { "a", "b" }, events.Select(e => e.Id));
            Assert.Equal(2, statistics.InvalidRecords);
            Assert.Contains("record 2", statistics.InvalidRecordMessages[0]);
            Assert.Contains("the record has no activityDateTime", statistics.InvalidRecordMessages[0]);
            Assert.Contains("record 4", statistics.InvalidRecordMessages[1]);
            Assert.Contains("is the file truncated?", statistics.InvalidRecordMessages[1]);
        }

        [Fact]
        public void A_named_file_that_is_not_json_is_an_error_not_a_silent_skip()
        {
            var path = _files.Write("README.md", "# notes");

            var error = Fails(path);

            Assert.Contains("not valid JSON", error.Message);
        }

        private static string OneLine(string json) => json.Replace("\r", "").Replace("\n", "");
    }
}

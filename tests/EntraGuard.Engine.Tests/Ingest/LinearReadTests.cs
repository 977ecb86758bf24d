using System;
using System.IO;
using System.Linq;
using System.Text;
using EntraGuard.Ingest;

namespace EntraGuard.Tests.Ingest
{
    /// <summary>
    /// A record larger than the stream's reads (gzip hands out a few KiB at a time) costs work in proportion to its
    /// size, not its square: the parser's count of bytes walked bounds it without timing anything.
    /// </summary>
    public sealed class LinearReadTests
    {
        [Theory]
        [InlineData(1, 64 * 1024)]
        [InlineData(4096, 4 * 1024 * 1024)]
        public void A_huge_record_read_in_short_pieces_is_walked_a_bounded_number_of_times(int piece, int recordSize)
        {
            var padding = new string('a', recordSize);
            var json = Encoding.UTF8.GetBytes(
                "{\"id\":\"big\",\"activityDateTime\":\"2026-11-13T02:11:07Z\",\"padding\":\""
                    + padding
                    + "\"}\n"
                    + "{\"id\":\"small\",\"activityDateTime\":\"2026-11-13T02:11:08Z\"}\n"
            );
            var parser = new AuditJsonParser(
                new ShortReads(json, piece),
                "big.jsonl",
                new AuditReadOptions(),
                new ReadStatistics(),
                new StringPool()
            );

            var ids = new[] { parser.Next(), parser.Next(), parser.Next() }.Select(e => e?.Id).ToArray();

            Assert.Equal(new[] { "big", "small", null }, ids);
            Assert.InRange(parser.BytesWalked, json.Length, 4L * json.Length);
        }

        [Fact]
        public void A_record_cut_by_the_end_of_a_read_is_walked_fast_once_the_rest_is_read()
        {
            // Each read ends inside a record. The fast walk gives up on the cut record; the parser reads on and walks
            // it again rather than hand it to the JSON reader, which still reads the records the walk cannot take
            // (every seventh spells its id's name with an escape).
            var records = Enumerable
                .Range(0, 200)
                .Select(i =>
                    $"{{\"{(i % 7 == 3 ? "\\u0069d" : "id")}\":\"r{i}\",\"activityDateTime\":\"2026-11-13T02:11:07Z\","
                    + $"\"activityDisplayName\":\"Update user\",\"padding\":\"{new string('p', 200 + i)}\"}}"
                )
                .ToArray();
            var json = Encoding.UTF8.GetBytes(string.Join("\n", records));
            var parser = new AuditJsonParser(
                new ShortReads(json, 1000),
                "cut.jsonl",
                new AuditReadOptions(),
                new ReadStatistics(),
                new StringPool()
            );

            var ids = Enumerable.Range(0, 201).Select(_ => parser.Next()?.Id).ToArray();

            Assert.Equal(Enumerable.Range(0, 200).Select(i => $"r{i}").Append(null), ids);
            Assert.Equal(200 - Enumerable.Range(0, 200).Count(i => i % 7 == 3), parser.RecordsWalkedFast);
            // Each byte walked once (the line breaks between records are stepped over, not walked): the reader never
            // walked a cut record up to the end of the data first.
            Assert.InRange(parser.BytesWalked, json.Length - records.Length, json.Length);
        }

        [Fact]
        public void A_records_category_is_read_only_when_it_names_a_diagnostic_records_log()
        {
            // A Graph record's category is never its log, so an escape in it no longer sends the record to the
            // reader. A diagnostic record's category, wherever it stands, says which log the record belongs to.
            const string audit =
                "\"id\":\"{0}\",\"activityDateTime\":\"2026-11-13T02:11:07Z\",\"activityDisplayName\":\"Update user\"";
            string Graph(string id, string category) =>
                $"{{\"category\":\"{category}\"," + string.Format(audit, id) + "}";
            string Diagnostic(string id, string category, bool categoryLast)
            {
                var envelope = $"\"time\":\"2026-11-13T02:11:07Z\",\"properties\":{{{string.Format(audit, id)}}}";
                return categoryLast
                    ? $"{{{envelope},\"category\":{category}}}"
                    : $"{{\"category\":{category},{envelope}}}";
            }
            var lines = new[]
            {
                Graph("g1", "User\\u004danagement"),
                Graph("g2", "UserManagement"),
                Diagnostic("d1", "\"AuditLogs\"", categoryLast: true),
                Diagnostic("s1", "\"SignInLogs\"", categoryLast: true),
                Diagnostic("s2", "\"Sign\\u0049nLogs\"", categoryLast: false),
                Diagnostic("d2", "\"AuditLogs\"", categoryLast: false),
            };
            var statistics = new ReadStatistics();
            var parser = new AuditJsonParser(
                new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines))),
                "categories.jsonl",
                new AuditReadOptions(),
                statistics,
                new StringPool()
            );

            var ids = Enumerable.Range(0, 5).Select(_ => parser.Next()?.Id).ToArray();

            Assert.Equal(new[] { "g1", "g2", "d1", "d2", null }, ids);
            Assert.Equal(2, statistics.OtherCategories["SignInLogs"]);
            Assert.Equal(5, parser.RecordsWalkedFast); // all but the diagnostic record whose category is escaped
        }

        /// <summary>Returns at most <c>piece</c> bytes a read, as a decompressor or a pipe does.</summary>
        private sealed class ShortReads : MemoryStream
        {
            private readonly int _piece;

            public ShortReads(byte[] bytes, int piece)
                : base(bytes) => _piece = piece;

            public override int Read(byte[] buffer, int offset, int count) =>
                base.Read(buffer, offset, Math.Min(count, _piece));
        }
    }
}

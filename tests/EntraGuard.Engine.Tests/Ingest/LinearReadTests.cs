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

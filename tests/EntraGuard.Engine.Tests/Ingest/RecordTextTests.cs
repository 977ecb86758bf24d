using System.Linq;
using System.Text;
using EntraGuard.Ingest;

namespace EntraGuard.Tests.Ingest
{
    /// <summary>
    /// The record text check finds a bad byte or a lone surrogate escape wherever it stands: at the start, the end,
    /// across the blocks a vectorized pass tests, in records shorter than a block; and passes what is text.
    /// </summary>
    public class RecordTextTests
    {
        // {"k":"aaa…"} around `inner`, with `inner` at every position of the string, for records of many lengths.
        private static (byte[] Json, int At)[] Placed(byte[] inner) =>
            Enumerable
                .Range(0, 140)
                .SelectMany(length => Enumerable.Range(0, length + 1).Select(at => (length, at)))
                .Where(p => p.length % 7 == 0 || p.length < 40)
                .Select(p =>
                {
                    var head = Encoding.ASCII.GetBytes("{\"k\":\"" + new string('a', p.at));
                    var tail = Encoding.ASCII.GetBytes(new string('a', p.length - p.at) + "\"}");
                    return (head.Concat(inner).Concat(tail).ToArray(), head.Length);
                })
                .ToArray();

        private static int FindInvalid(byte[] json, out string problem) =>
            RecordText.FindInvalid(json, 0, json.Length, out problem);

        [Fact]
        public void A_byte_that_is_not_utf8_is_found_where_it_stands()
        {
            foreach (var (json, at) in Placed(new byte[] { 0xFF }))
            {
                Assert.Equal(at, FindInvalid(json, out var problem));
                Assert.Contains("not valid UTF-8 (byte 0xFF)", problem);
            }
        }

        [Fact]
        public void A_lone_surrogate_escape_is_found_where_it_stands_even_split_between_blocks()
        {
            foreach (var (json, at) in Placed(Encoding.ASCII.GetBytes("\\uDC01")))
            {
                Assert.Equal(at, FindInvalid(json, out var problem));
                Assert.Contains("\\uDC01", problem);
            }
        }

        [Theory]
        [InlineData("\u00e9\u4e2d")] // two- and three-byte UTF-8
        [InlineData("\\u00e9\\uD83D\\uDE00")] // an escape and a surrogate pair
        [InlineData("\\\\u")] // an escaped backslash, then the letter u
        public void Text_passes_wherever_it_stands(string inner)
        {
            foreach (var (json, _) in Placed(Encoding.UTF8.GetBytes(inner)))
                Assert.Equal(-1, FindInvalid(json, out _));
        }

        // What the fast walk notes as it steps over the record (CompactJson.TextToCheck): a record it does not note
        // skips the check above, so every byte above ASCII and every \u escape must be noted, wherever it stands
        // (the vector, word and byte steps of the string search).
        [Theory]
        [InlineData(new byte[] { 0xFF })]
        [InlineData(new byte[] { 0xC3, 0xA9 })]
        [InlineData(new byte[] { (byte)'\\', (byte)'u', (byte)'D', (byte)'C', (byte)'0', (byte)'1' })]
        [InlineData(new byte[] { (byte)'\\', (byte)'"', 0x80 })]
        public void The_walk_notes_text_beyond_ascii_wherever_it_stands(byte[] inner)
        {
            foreach (var (json, _) in Placed(inner))
            {
                CompactJson.StartText();
                Assert.Equal(json.Length, CompactJson.SkipValue(json, 0));
                Assert.True(CompactJson.TextToCheck, Encoding.UTF8.GetString(json));
            }
        }

        [Theory]
        [InlineData("\\\"")] // an escaped quote
        [InlineData("\\\\u")] // an escaped backslash, then the letter u
        [InlineData("\\/\\n")]
        public void Ascii_with_other_escapes_is_left_unnoted(string inner)
        {
            foreach (var (json, _) in Placed(Encoding.ASCII.GetBytes(inner)))
            {
                CompactJson.StartText();
                Assert.Equal(json.Length, CompactJson.SkipValue(json, 0));
                Assert.False(CompactJson.TextToCheck, Encoding.UTF8.GetString(json));
            }
        }

        [Fact]
        public void The_check_is_of_the_span_given_not_the_whole_buffer()
        {
            var buffer = Encoding.ASCII.GetBytes("\\uD800" + "{\"k\":\"" + new string('a', 100) + "\"}" + "\\uD800");
            Assert.Equal(-1, RecordText.FindInvalid(buffer, 6, buffer.Length - 12, out _));
            buffer[60] = 0x80;
            Assert.Equal(54, RecordText.FindInvalid(buffer, 6, buffer.Length - 12, out _));
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using EntraGuard.Ingest;

namespace EntraGuard.Tests.Ingest
{
    /// <summary>
    /// The fast walk over JSON agrees with the JSON reader: it ends every object and array where the reader ends it,
    /// refuses what the reader refuses (or gives up), takes every record of the samples, and reads Entra's times as
    /// the reader does.
    /// </summary>
    public class CompactJsonTests
    {
        private static readonly string Samples = Path.Combine(TestFiles.RepositoryRoot, "samples");

        // What a mutation puts in or over a byte: the grammar's own bytes, white space, control and non-ASCII bytes.
        private static readonly byte[] MutationBytes = Encoding
            .ASCII.GetBytes("\"\\,:{}[]01-+.eEutfnrb x/")
            .Concat(new byte[] { (byte)'\n', (byte)'\t', (byte)'\r', 0x00, 0x01, 0x1F, 0x7F, 0xC3, 0xFF })
            .ToArray();

        /// <summary>Where the reader ends the value that starts the data; -1 when it refuses it or wants more
        /// data.</summary>
        private static int ReaderEnd(byte[] json)
        {
            var reader = new Utf8JsonReader(json, isFinalBlock: false, state: default);
            try
            {
                return reader.Read() && reader.TrySkip() ? (int)reader.BytesConsumed : -1;
            }
            catch (JsonException)
            {
                return -1;
            }
        }

        /// <summary>Every audit and sign-in record of the samples (Graph pages and diagnostic JSON lines), as its own
        /// bytes.</summary>
        private static IEnumerable<byte[]> SampleRecords() =>
            Directory
                .EnumerateFiles(Samples, "*.json", SearchOption.AllDirectories)
                .Where(f => !f.Contains("posture"))
                .OrderBy(f => f, StringComparer.Ordinal)
                .SelectMany(f => RecordsOf(File.ReadAllBytes(f), f.Contains("insights-logs") ? 0 : 2));

        /// <summary>The objects at a depth: a line's record (0), or an element of a page's "value" (2).</summary>
        internal static List<byte[]> RecordsOf(byte[] bytes, int recordDepth)
        {
            var records = new List<byte[]>();
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.StartObject || reader.CurrentDepth != recordDepth)
                    continue;
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                records.Add(bytes.AsSpan(start, (int)reader.BytesConsumed - start).ToArray());
            }
            return records;
        }

        [Fact]
        public void Takes_every_record_of_the_samples_whole()
        {
            var records = SampleRecords().ToList();
            Assert.True(records.Count > 1000, $"{records.Count} records");
            foreach (var record in records)
                Assert.Equal(record.Length, CompactJson.SkipValue(record, 0));
        }

        [Fact]
        public void Ends_each_mutated_record_where_the_reader_does_or_refuses_it_as_the_reader_does()
        {
            var crafted = new[]
            {
                "{\"a\":[1,-0.5e+3,0,12E-2,true,false,null,{},[],\"\"],\"b\":\"q\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9z\"}",
                "{ \"x\" : { \"y\" : [ { } , [ ] , \"s\" ] } , \"\\u0041\":-0 }",
                "[\n\t{\"k\":\"v\"},\r\n\t[1.5,2e9]\n]",
            }.Select(Encoding.UTF8.GetBytes);
            var seeds = crafted.Concat(SampleRecords().Take(3)).ToList();

            var mutants = 0;
            var taken = 0;
            foreach (var seed in seeds)
            {
                foreach (var mutant in Mutants(seed))
                {
                    if (mutant.Length == 0 || mutant[0] is not ((byte)'{' or (byte)'['))
                        continue; // a lone scalar ends where the next read decides, not the walk
                    mutants++;
                    var expected = ReaderEnd(mutant);
                    var actual = CompactJson.SkipValue(mutant, 0);
                    if (actual != expected)
                    {
                        Assert.Fail(
                            $"reader {expected}, walk {actual}: {Encoding.UTF8.GetString(mutant).Replace("\n", "\\n")}"
                        );
                    }
                    if (actual > 0)
                        taken++;
                }
            }
            // Both outcomes are exercised: many mutants stay valid JSON, many do not.
            Assert.True(taken > mutants / 10 && taken < mutants * 9 / 10, $"{taken} of {mutants} taken");
        }

        /// <summary>Each byte deleted, and replaced by and preceded by each mutation byte; every prefix.</summary>
        private static IEnumerable<byte[]> Mutants(byte[] seed)
        {
            for (var at = 0; at < seed.Length; at++)
            {
                yield return seed.Take(at).Concat(seed.Skip(at + 1)).ToArray();
                yield return seed.Take(at).ToArray();
                foreach (var b in MutationBytes)
                {
                    var replaced = (byte[])seed.Clone();
                    replaced[at] = b;
                    yield return replaced;
                    yield return seed.Take(at).Append(b).Concat(seed.Skip(at)).ToArray();
                }
            }
        }

        [Fact]
        public void Agrees_with_the_reader_on_random_documents_and_their_mutations()
        {
            var random = new Random(11);
            var documents = 0;
            var taken = 0;
            for (var n = 0; n < 3000; n++)
            {
                var text = new StringBuilder();
                AppendValue(text, random, depth: 0, container: true);
                var json = Encoding.UTF8.GetBytes(text.ToString());
                foreach (var candidate in new[] { json, Mutated(json, random), Mutated(json, random) })
                {
                    if (candidate.Length == 0 || candidate[0] is not ((byte)'{' or (byte)'['))
                        continue; // a lone scalar ends where the next read decides
                    documents++;
                    var expected = ReaderEnd(candidate);
                    var actual = CompactJson.SkipValue(candidate, 0);
                    if (actual != expected)
                        Assert.Fail($"reader {expected}, walk {actual}: {Encoding.UTF8.GetString(candidate)}");
                    if (actual > 0)
                        taken++;
                }
            }
            Assert.True(taken > documents / 3 && taken < documents, $"{taken} of {documents} taken");
        }

        private static readonly string[] Texts =
        {
            "",
            "a",
            "Add service principal credentials",
            "\\\"quoted\\\"",
            "\\u00e9\\uD83D\\uDE00",
            "\\/\\b\\f\\n\\r\\t",
            "\u00e9t\u00e9 \u4e2d",
            "2026-11-01T00:00:00.0000000Z",
            "[\\\"[KeyIdentifier=4ad48fab-e068-4d01-b56c-d8b0050c93c7,KeyType=Password]\\\"]",
        };

        private static readonly string[] Scalars = { "0", "-1", "12.5", "1e9", "-0.25E-3", "true", "false", "null" };

        // Values of every kind, nested, with white space of every kind between tokens now and then.
        private static void AppendValue(StringBuilder text, Random random, int depth, bool container = false)
        {
            var kind = container ? random.Next(2) : random.Next(depth > 6 ? 2 : 4) + (depth > 6 ? 2 : 0);
            switch (kind)
            {
                case 0:
                    text.Append('{');
                    Space(text, random);
                    for (var i = random.Next(5) - 1; i >= 0; i--)
                    {
                        text.Append('"').Append(Texts[random.Next(Texts.Length)]).Append('"');
                        Space(text, random);
                        text.Append(':');
                        Space(text, random);
                        AppendValue(text, random, depth + 1);
                        Space(text, random);
                        if (i > 0)
                            text.Append(',');
                        Space(text, random);
                    }
                    text.Append('}');
                    break;
                case 1:
                    text.Append('[');
                    Space(text, random);
                    for (var i = random.Next(5) - 1; i >= 0; i--)
                    {
                        AppendValue(text, random, depth + 1);
                        Space(text, random);
                        if (i > 0)
                            text.Append(',');
                        Space(text, random);
                    }
                    text.Append(']');
                    break;
                case 2:
                    text.Append('"').Append(Texts[random.Next(Texts.Length)]).Append('"');
                    break;
                default:
                    text.Append(Scalars[random.Next(Scalars.Length)]);
                    break;
            }
        }

        private static void Space(StringBuilder text, Random random)
        {
            if (random.Next(4) == 0)
                text.Append(" \n\t\r"[random.Next(4)]);
        }

        private static byte[] Mutated(byte[] json, Random random)
        {
            if (json.Length == 0)
                return json;
            var at = random.Next(json.Length);
            var b = MutationBytes[random.Next(MutationBytes.Length)];
            return random.Next(3) switch
            {
                0 => json.Take(at).Concat(json.Skip(at + 1)).ToArray(),
                1 => json.Take(at).Append(b).Concat(json.Skip(at + 1)).ToArray(),
                _ => json.Take(at).Append(b).Concat(json.Skip(at)).ToArray(),
            };
        }

        [Fact]
        public void Gives_up_on_nesting_deeper_than_a_record_has_and_on_data_that_ends_inside_a_value()
        {
            var deep = Encoding.ASCII.GetBytes(new string('[', 40) + new string(']', 40));
            Assert.Equal(deep.Length, ReaderEnd(deep));
            Assert.Equal(CompactJson.GiveUp, CompactJson.SkipValue(deep, 0));
            foreach (var cut in new[] { "{\"a\":1", "{\"a\":\"b", "{\"a\":tru", "{\"a\":[1,2", "{\"a\"" })
                Assert.Equal(CompactJson.GiveUp, CompactJson.SkipValue(Encoding.ASCII.GetBytes(cut), 0));
        }

        [Theory]
        [InlineData("2026-11-01T00:00:00Z")]
        [InlineData("2026-11-01T08:12:28.0302104Z")]
        [InlineData("2026-11-01T08:12:28.5Z")]
        [InlineData("2024-02-29T23:59:59.9999999Z")]
        [InlineData("0001-01-01T00:00:00Z")]
        [InlineData("9999-12-31T23:59:59.1234567Z")]
        public void Reads_entra_times_as_the_reader_does(string text)
        {
            Assert.True(CompactJson.TryParseUtcTime(Encoding.ASCII.GetBytes(text), out var value, out _));
            Assert.True(ReaderTime(text, out var expected));
            Assert.Equal(expected, value);
            Assert.Equal(expected.Offset, value.Offset);
        }

        [Fact]
        public void Reads_random_times_of_every_calendar_day_as_the_reader_does()
        {
            var random = new Random(20261203);
            for (var n = 0; n < 20_000; n++)
            {
                var year = n % 10 == 0 ? random.Next(1, 10_000) : random.Next(1999, 2101);
                var month = random.Next(1, 13);
                var day = random.Next(1, DateTime.DaysInMonth(year, month) + 1);
                var digits = random.Next(0, 8);
                var fraction = digits == 0 ? "" : "." + random.Next(0, 10_000_000).ToString("D7").Substring(0, digits);
                var text =
                    $"{year:D4}-{month:D2}-{day:D2}T{random.Next(24):D2}:{random.Next(60):D2}:{random.Next(60):D2}"
                    + fraction
                    + "Z";
                Assert.True(CompactJson.TryParseUtcTime(Encoding.ASCII.GetBytes(text), out var value, out _), text);
                Assert.True(ReaderTime(text, out var expected), text);
                Assert.Equal((expected.UtcTicks, expected.Offset), (value.UtcTicks, value.Offset));
            }
        }

        [Theory]
        [InlineData("2026-11-01T08:12:28.03021045Z")] // eight digits of fraction
        [InlineData("2026-11-01T08:12:28.Z")]
        [InlineData("2026-11-01T08:12:28")] // no zone: the reader's walk reads it as UTC itself
        [InlineData("2026-11-01T08:12:28+02:00")]
        [InlineData("2026-11-01T08:12:28z")]
        [InlineData("2026-11-01 08:12:28Z")]
        [InlineData("2025-02-29T00:00:00Z")]
        [InlineData("2026-13-01T00:00:00Z")]
        [InlineData("2026-11-31T00:00:00Z")]
        [InlineData("2026-11-01T24:00:00Z")]
        [InlineData("2026-11-01T23:60:00Z")]
        [InlineData("2026-11-01T23:59:60Z")]
        [InlineData("0000-01-01T00:00:00Z")]
        [InlineData("2026-1a-01T00:00:00Z")]
        [InlineData("2026-11-01T0-:00:00Z")]
        [InlineData("2026-11-01T00:-1:00Z")]
        [InlineData("2026-11-01T00:00:-1Z")]
        [InlineData("2026-11-01T00:00:00.-1Z")]
        [InlineData("")]
        public void Leaves_every_other_time_to_the_reader(string text) =>
            Assert.False(CompactJson.TryParseUtcTime(Encoding.ASCII.GetBytes(text), out _, out _));

        [Fact]
        public void Times_read_knowing_the_minute_before_read_as_each_alone()
        {
            // Runs of times in one minute, each now and then spoilt after its minute (seconds, fraction, zone,
            // length), and now and then a time of another minute, or one whose minute itself is not a time.
            var random = new Random(20261204);
            var times = new UtcTimes();
            var spoilt = new[] { "60Z", "6aZ", "00.Z", "00.12345678Z", "00", "00+02:00", "00z", "0Z", "00.1234567" };
            var minute = "2026-11-01T00:00";
            var read = 0;
            for (var n = 0; n < 20_000; n++)
            {
                if (random.Next(8) == 0)
                {
                    var start = new DateTime(2024, 1, 1).AddMinutes(random.Next(2_000_000));
                    minute = random.Next(20) == 0 ? "2025-02-29T00:00" : start.ToString("yyyy-MM-ddTHH:mm");
                }
                var digits = random.Next(0, 8);
                var fraction = digits == 0 ? "" : "." + random.Next(0, 10_000_000).ToString("D7").Substring(0, digits);
                var rest =
                    random.Next(10) == 0 ? spoilt[random.Next(spoilt.Length)] : $"{random.Next(60):D2}{fraction}Z";
                var text = Encoding.ASCII.GetBytes($"{minute}:{rest}");

                var alone = CompactJson.TryParseUtcTime(text, out var expected, out _);
                Assert.Equal(alone, times.TryParse(text, out var value));
                Assert.Equal((expected.UtcTicks, expected.Offset), (value.UtcTicks, value.Offset));
                read += alone ? 1 : 0;
            }
            Assert.InRange(read, 15_000, 19_000);
        }

        private static bool ReaderTime(string text, out DateTimeOffset value)
        {
            var reader = new Utf8JsonReader(Encoding.ASCII.GetBytes("\"" + text + "\""));
            reader.Read();
            return reader.TryGetDateTimeOffset(out value);
        }
    }
}

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
    /// A kept record decodes to the same fields however its JSON is laid out: white space anywhere, every name and
    /// string escaped (text the fast steps leave to the JSON reader), and values nested deeper than the fast steps go.
    /// </summary>
    public class RecordDecoderTests
    {
        private static IEnumerable<byte[]> SampleAuditRecords()
        {
            var samples = Path.Combine(TestFiles.RepositoryRoot, "samples");
            var pages = Directory.EnumerateFiles(Path.Combine(samples, "graph"), "*.json");
            var lines = Directory.EnumerateFiles(
                Path.Combine(samples, "diagnostic", "insights-logs-auditlogs"),
                "*.json",
                SearchOption.AllDirectories
            );
            return pages
                .OrderBy(f => f, StringComparer.Ordinal)
                .SelectMany(f => CompactJsonTests.RecordsOf(File.ReadAllBytes(f), 2))
                .Concat(
                    lines
                        .OrderBy(f => f, StringComparer.Ordinal)
                        .SelectMany(f => CompactJsonTests.RecordsOf(File.ReadAllBytes(f), 0))
                );
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Every_sample_record_decodes_alike_when_escaped_spaced_out_and_nested_deep(bool unicodeEscapes)
        {
            var records = SampleAuditRecords().ToList();
            Assert.True(records.Count > 1000, $"{records.Count} records");
            var diagnostic = 0;
            foreach (var record in records)
            {
                var relaid = Relaid(record, unicodeEscapes ? UnicodeEscaped : ShortEscaped);
                foreach (var withArrays in new[] { true, false })
                {
                    var expected = Describe(RecordDecoder.Decode(record, withArrays));
                    Assert.Equal(expected, Describe(RecordDecoder.Decode(relaid, withArrays)));
                }
                if (Encoding.UTF8.GetString(record).Contains("\"properties\":{"))
                    diagnostic++;
            }
            Assert.True(diagnostic > 100, $"{diagnostic} diagnostic records");
        }

        [Fact]
        public void Decodes_names_and_text_as_the_reader_gives_them()
        {
            var deep = new string('[', 40) + "1" + new string(']', 40);
            var json = Encoding.UTF8.GetBytes(
                $$$"""
                { "\u0069d" : 42, "zz": {{{deep}}},
                  "correlationId": "a\"b", "result": true, "resultReason": null, "operationType": {"x": 1},
                  "initiatedBy": {"user": {"userPrincipalName": "ad\u00E9le@contoso.com", "ipAddress": "10.0.0.1"}},
                  "targetResources": [1, {"id": "t1", "modifiedProperties": [null, {"displayName": "Key\tname",
                    "newValue": "[\"x\"]"}]}],
                  "additionalDetails": [{"key": "User-Agent", "value": 7.5e3}] }
                """
            );
            var fields = RecordDecoder.Decode(json, withArrays: false);
            Assert.Equal("42", fields.Id);
            Assert.Equal("a\"b", fields.CorrelationId);
            Assert.Equal("true", fields.Result);
            Assert.Null(fields.ResultReason);
            Assert.Null(fields.OperationType);
            Assert.Equal("adéle@contoso.com", fields.InitiatedBy.UserPrincipalName);
            Assert.Equal("10.0.0.1", fields.InitiatedBy.IpAddress);
            var target = Assert.Single(fields.TargetResources);
            Assert.Equal("t1", target.Id);
            var property = Assert.Single(target.ModifiedProperties);
            Assert.Equal("Key\tname", property.DisplayName);
            Assert.Equal("[\"x\"]", property.NewValue);
            var detail = Assert.Single(fields.AdditionalDetails);
            Assert.Equal(("User-Agent", "7.5e3"), (detail.Key, detail.Value));
        }

        [Fact]
        public void Decodes_two_character_escapes_as_the_reader_does()
        {
            var longValue = string.Concat(Enumerable.Repeat("[\"KeyIdentifier=k,KeyType=Password\"]/", 40));
            var values = new[]
            {
                "\"",
                "\\",
                "/",
                "\b\f\n\r\t",
                "a\"b\\c/d\be\ff\ng\rh\ti",
                "\"\"quoted\"\"",
                "trailing\\",
                "é \"ünïcode\" ✓",
                longValue,
                "\\u0041 is no \\u escape",
            };
            foreach (var value in values)
            {
                var written = ShortEscaped(value);
                var json = Encoding.UTF8.GetBytes(
                    $$"""
                    {"id": "r1", "correlationId": {{written}}, "targetResources": [{"id": "t1",
                      "modifiedProperties": [{"displayName": "KeyDescription", "newValue": {{written}}}]}],
                      "additionalDetails": [{"key": "User-Agent", "value": {{written}}}]}
                    """
                );
                var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(written));
                reader.Read();
                Assert.Equal(value, reader.GetString());
                foreach (var withArrays in new[] { true, false })
                {
                    var fields = RecordDecoder.Decode(json, withArrays);
                    Assert.Equal(value, fields.CorrelationId);
                    Assert.Equal(
                        value,
                        Assert.Single(Assert.Single(fields.TargetResources).ModifiedProperties).NewValue
                    );
                    Assert.Equal(value, Assert.Single(fields.AdditionalDetails).Value);
                }
            }
        }

        /// <summary>The same record with white space around every token, every name and string written with
        /// <paramref name="escaped"/>, and a value nested forty deep in front.</summary>
        private static byte[] Relaid(byte[] record, Func<string, string> escaped)
        {
            string Written(JsonElement value) =>
                value.ValueKind switch
                {
                    JsonValueKind.Object => "{ "
                        + string.Join(
                            " , ",
                            value.EnumerateObject().Select(p => escaped(p.Name) + " :\n" + Written(p.Value))
                        )
                        + " }",
                    JsonValueKind.Array => "[ " + string.Join(" ,\n ", value.EnumerateArray().Select(Written)) + " ]",
                    JsonValueKind.String => escaped(value.GetString()!),
                    _ => value.GetRawText(),
                };

            using var document = JsonDocument.Parse(record);
            var text = new StringBuilder("{ \"zzDeep\" :\n");
            text.Append('[', 40).Append("{}").Append(']', 40);
            foreach (var property in document.RootElement.EnumerateObject())
                text.Append(" ,\t").Append(escaped(property.Name)).Append(" : ").Append(Written(property.Value));
            return Encoding.UTF8.GetBytes(text.Append("\r\n}").ToString());
        }

        /// <summary>Every character a <c>\uXXXX</c> escape (text the decoder leaves to the JSON reader).</summary>
        private static string UnicodeEscaped(string text) =>
            "\"" + string.Concat(text.Select(c => $"\\u{(int)c:X4}")) + "\"";

        /// <summary>Every character that has a two-character escape written with it, '/' too (decoded without the
        /// reader); other text as it is.</summary>
        private static string ShortEscaped(string text) =>
            "\""
            + string.Concat(
                text.Select(c =>
                    c switch
                    {
                        '"' or '\\' or '/' => "\\" + c,
                        '\b' => "\\b",
                        '\f' => "\\f",
                        '\n' => "\\n",
                        '\r' => "\\r",
                        '\t' => "\\t",
                        _ => c.ToString(),
                    }
                )
            )
            + "\"";

        private static string Describe(AuditRecordFields fields) =>
            JsonSerializer.Serialize(
                new
                {
                    fields.Id,
                    fields.Category,
                    fields.CorrelationId,
                    fields.LoggedByService,
                    fields.OperationType,
                    fields.Result,
                    fields.ResultReason,
                    fields.UserAgent,
                    fields.TenantId,
                    fields.InitiatedBy,
                    fields.TargetResources,
                    fields.AdditionalDetails,
                }
            );
    }
}

using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using EntraGuard.Ingest;

namespace EntraGuard.Tests.Ingest
{
    /// <summary>
    /// An event decodes its fields from the record's JSON on first use: what is inside strings (brackets, braces,
    /// escaped quotes and backslashes) is never structure, escaped property names still name their property, and
    /// values come out exactly as the reader gives them.
    /// </summary>
    public class RecordDecodingTests
    {
        private const string Record = """
            {
              "id" : "Directory_\"quoted\"\\back\\",
              "category":"UserManagement",
              "correlationId": 42,
              "result" : true,
              "resultReason":"with ] and } and [ { inside",
              "activityDisplayName":"Add member to group",
              "activityDateTime":"2026-11-01T00:00:00Z",
              "initiatedBy": {
                "app": null,
                "user" : {
                  "extra": {"nested": ["]", "}", {"x": "\\\"", "y": [[], {}]}], "n": -1.5e3, "t": false},
                  "id":"u1", "displayName":"Ad\u00e8le \"A\"", "userPrincipalName":"adele@contoso.com",
                  "ipAddress":"10.0.0.1"
                }
              },
              "targetResources":[{"id":"t1","type":"User","modifiedProperties":[
                {"displayName":"P","oldValue":"[\"a]\"]","newValue":"{\"b\":\"}\"}"}]}],
              "additionalDetails" : [ {"key":"User-Agent","value":"UA \"x\" [1]"} ],
              "loggedByService":"Core Directory",
              "operationType":"Update",
              "\u0074enantId":"tenant-1"
            }
            """;

        private static AuditEvent ReadOne(string json)
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
            return Assert.Single(AuditEventReader.ReadStream(stream, "test").ToList());
        }

        [Fact]
        public void Every_field_decodes_exactly_whatever_its_strings_hold()
        {
            var e = ReadOne(Record);

            Assert.Equal("Directory_\"quoted\"\\back\\", e.Id);
            Assert.Equal("UserManagement", e.Category);
            Assert.Equal("42", e.CorrelationId);
            Assert.Equal("true", e.Result);
            Assert.Equal("with ] and } and [ { inside", e.ResultReason);
            Assert.Equal(
                ("u1", "Ad\u00e8le \"A\"", "adele@contoso.com", "10.0.0.1"),
                (
                    e.InitiatedBy.UserId,
                    e.InitiatedBy.UserDisplayName,
                    e.InitiatedBy.UserPrincipalName,
                    e.InitiatedBy.IpAddress
                )
            );
            Assert.Null(e.InitiatedBy.AppId);
            var target = Assert.Single(e.TargetResources);
            Assert.Equal(("t1", "User"), (target.Id, target.Type));
            var property = Assert.Single(target.ModifiedProperties);
            Assert.Equal(("[\"a]\"]", "{\"b\":\"}\"}"), (property.OldValue, property.NewValue));
            Assert.Equal("UA \"x\" [1]", e.UserAgent);
            Assert.Equal("Core Directory", e.LoggedByService);
            Assert.Equal("Update", e.OperationType);
            Assert.Equal("tenant-1", e.TenantId); // an escaped property name is still the property
        }

        [Fact]
        public void A_diagnostic_record_takes_the_audit_from_properties_and_the_rest_from_its_envelope()
        {
            var e = ReadOne(
                """
                {"records":[{ "time":"2026-11-01T00:00:00Z", "resourceId":"/tenants/t-9/providers/Microsoft.aadiam",
                  "operationName":"Add member to group", "category":"AuditLogs", "callerIpAddress":"203.0.113.9",
                  "correlationId":"outer", "properties": { "id":"Directory_1", "category":"GroupManagement",
                  "correlationId":"inner", "result":"success", "activityDisplayName":"Add member to group",
                  "initiatedBy":{"user":{"id":"u2","userPrincipalName":"lee@contoso.com"}},
                  "targetResources":[{"id":"g1","type":"Group"}] } }]}
                """
            );

            Assert.Equal(
                ("Directory_1", "GroupManagement", "inner", "success"),
                (e.Id, e.Category, e.CorrelationId, e.Result)
            );
            Assert.Equal(("u2", "203.0.113.9"), (e.InitiatedBy.UserId, e.InitiatedBy.IpAddress));
            Assert.Equal("t-9", e.TenantId);
            Assert.Equal("g1", Assert.Single(e.TargetResources).Id);
        }

        // Records whose arrays are odd: null, with empty or non-object elements, given twice (the last counts).
        private const string OddArrays = """
            [{"id":"r1","activityDateTime":"2026-11-01T00:00:00Z","activityDisplayName":"Update user",
              "targetResources":null,"additionalDetails":[{"value":"c"},{"key":"a","value":"b"}]},
             {"id":"r2","activityDateTime":"2026-11-01T00:00:00Z","activityDisplayName":"Update user",
              "targetResources":[{"id":"t1","modifiedProperties":[2,{"displayName":"P"}]}],"targetResources":null,
              "additionalDetails":null,"additionalDetails":[{"key":"k","value":7}]},
             {"id":"r3","activityDateTime":"2026-11-01T00:00:00Z","activityDisplayName":"Update user",
              "targetResources":[{"id":"t2","modifiedProperties":null},{}],"additionalDetails":[]}]
            """;

        private static readonly AuditReadOptions KeepEvery = new() { KeepRecord = (_, _) => true };

        // Every event written out whole, its arrays included (writing decodes what is not decoded yet).
        private static string[] Written(IEnumerable<AuditEvent> events) =>
            events
                .Select(e =>
                {
                    using var text = new StringWriter();
                    using (var writer = new AuditEventJsonWriter(text))
                        writer.Write(e);
                    return text.ToString();
                })
                .ToArray();

        private static IEnumerable<AuditEvent> ReadText(string json, AuditReadOptions? options) =>
            AuditEventReader.ReadStream(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test", options);

        [Theory]
        [InlineData("graph")]
        [InlineData("diagnostic")]
        public void A_sample_record_a_filter_keeps_decodes_its_arrays_in_one_walk_to_what_a_plain_read_does(
            string sample
        )
        {
            var path = new[] { Path.Combine(TestFiles.RepositoryRoot, "samples", sample) };

            var kept = Written(AuditEventReader.ReadPaths(path, KeepEvery));

            Assert.NotEmpty(kept);
            Assert.Equal(Written(AuditEventReader.ReadPaths(path)), kept);
        }

        [Theory]
        [InlineData(Record)]
        [InlineData(OddArrays)]
        public void An_odd_record_a_filter_keeps_decodes_its_arrays_in_one_walk_to_what_a_plain_read_does(string json)
        {
            var kept = Written(ReadText(json, KeepEvery));

            Assert.NotEmpty(kept);
            Assert.Equal(Written(ReadText(json, null)), kept);
        }

        [Fact]
        public void Events_decoded_on_many_threads_at_once_decode_as_on_one()
        {
            // Decoding reuses scratch space per thread: threads decoding at once must not see each other's records.
            var path = new[] { Path.Combine(TestFiles.RepositoryRoot, "samples", "graph") };
            var events = AuditEventReader.ReadPaths(path, KeepEvery).ToArray();

            Parallel.ForEach(events, new ParallelOptions { MaxDegreeOfParallelism = 8 }, e => _ = e.Id);

            Assert.Equal(Written(AuditEventReader.ReadPaths(path, KeepEvery)), Written(events));
        }
    }
}

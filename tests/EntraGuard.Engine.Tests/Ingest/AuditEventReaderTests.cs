using System;
using System.IO;
using System.Linq;
using System.Text;
using EntraGuard.Ingest;
using static EntraGuard.Tests.Ingest.AuditRecords;

namespace EntraGuard.Tests.Ingest
{
    public sealed class AuditEventReaderTests : IDisposable
    {
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        private static string OneLine(string json) => json.Replace("\r", "").Replace("\n", "");

        private static AuditEvent[] Read(params string[] paths) => AuditEventReader.ReadPaths(paths).ToArray();

        [Fact]
        public void A_graph_page_yields_every_record_with_all_fields()
        {
            var path = _files.Write(
                "page.json",
                Page(Record("a"), Record("b", activity: "Remove service principal credentials"))
            );

            var events = Read(path);

            Assert.Equal(new[] { "a", "b" }, events.Select(e => e.Id));
            var first = events[0];
            Assert.Equal(
                new DateTimeOffset(2026, 11, 13, 2, 11, 7, TimeSpan.Zero).AddTicks(1234567),
                first.ActivityDateTime
            );
            Assert.Equal("Add service principal credentials", first.ActivityDisplayName);
            Assert.Equal("ApplicationManagement", first.Category);
            Assert.Equal("c-a", first.CorrelationId);
            Assert.Equal("Core Directory", first.LoggedByService);
            Assert.Equal("Update", first.OperationType);
            Assert.Equal("success", first.Result);
            Assert.True(first.IsSuccess);
            Assert.Equal("u-megan", first.InitiatedBy.UserId);
            Assert.Equal("megan@fabrikam.example", first.InitiatedBy.UserPrincipalName);
            Assert.Equal("203.0.113.77", first.InitiatedBy.IpAddress);
            Assert.True(first.InitiatedBy.IsUser);
            Assert.Equal("u-megan", first.InitiatedBy.Key);
            var target = Assert.Single(first.TargetResources);
            Assert.Equal("sp-1", target.Id);
            Assert.Equal("Payroll-Sync", target.DisplayName);
            Assert.Equal("ServicePrincipal", target.Type);
            Assert.Equal("[]", target.GetModifiedProperty("KeyDescription")!.OldValue);
            Assert.Equal("python-requests/2.31.0", first.UserAgent);
            Assert.Equal("app-1", first.GetAdditionalDetail("appid"));
            Assert.Equal(path, first.Source);
        }

        [Fact]
        public void A_bare_array_a_single_object_and_an_entity_response_are_read()
        {
            var array = _files.Write("array.json", "[" + Record("a") + "," + Record("b") + "]");
            var single = _files.Write("single.json", Record("c"));
            var entity = _files.Write(
                "entity.json",
                "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits/$entity\","
                    + Record("d").TrimStart().Substring(1)
            );

            Assert.Equal(new[] { "a", "b", "c", "d" }, Read(array, single, entity).Select(e => e.Id));
        }

        [Fact]
        public void Json_lines_and_concatenated_values_are_read_as_one_stream()
        {
            var lines = _files.Write(
                "lines.jsonl",
                OneLine(Record("a")) + "\n" + OneLine(Record("b")) + "\r\n\r\n" + OneLine(Record("c")) + "\n"
            );
            var concatenated = _files.Write(
                "concat.json",
                Page(Record("d")) + Page(Record("e")) + "[" + Record("f") + "]"
            );

            Assert.Equal(new[] { "a", "b", "c", "d", "e", "f" }, Read(lines, concatenated).Select(e => e.Id));
        }

        [Fact]
        public void Events_read_before_the_consumer_stops_are_counted()
        {
            var page = _files.Write("page.json", Page(Record("a"), Record("b"), Record("c")));
            var statistics = new ReadStatistics();

            var first = AuditEventReader.ReadPaths(new[] { page }, null, statistics).Take(2).ToArray();

            Assert.Equal(new[] { "a", "b" }, first.Select(e => e.Id));
            Assert.Equal(2, statistics.Events);
        }

        [Fact]
        public void Diagnostic_records_are_unwrapped_and_other_categories_are_counted_not_returned()
        {
            var blob = _files.Write(
                "PT1H.json",
                Diagnostic("a")
                    + "\n"
                    + Diagnostic("s", category: "SignInLogs")
                    + "\n"
                    + Diagnostic("b", extra: "")
                    + "\n"
            );
            var hub = _files.Write(
                "hub.json",
                "{\"records\":["
                    + Diagnostic("c")
                    + ","
                    + Diagnostic("s2", category: "NonInteractiveUserSignInLogs")
                    + "]}"
            );
            var statistics = new ReadStatistics();

            var events = AuditEventReader.ReadPaths(new[] { blob, hub }, null, statistics).ToArray();

            Assert.Equal(new[] { "a", "b", "c" }, events.Select(e => e.Id));
            Assert.All(events, e => Assert.Equal("GroupManagement", e.Category));
            Assert.Equal("t-1", events[0].TenantId);
            Assert.Equal("t-from-resource", events[1].TenantId); // no tenantId: taken from resourceId
            Assert.Equal("Group", events[0].TargetResources[0].Type); // "Type" casing
            Assert.Equal("2001:db8::1", events[0].InitiatedBy.IpAddress); // empty user ip: the caller address (IPv6)
            Assert.Equal(3, statistics.Events);
            Assert.Equal(2, statistics.OtherCategoryRecords);
            Assert.Equal(1, statistics.OtherCategories["SignInLogs"]);
            Assert.Equal(1, statistics.OtherCategories["NonInteractiveUserSignInLogs"]);
        }

        [Fact]
        public void Gzip_is_detected_from_content_whatever_the_file_is_called()
        {
            var page = _files.WriteGzip("page.json", Page(Record("a"), Record("b")));
            var lines = _files.WriteGzip("records.gz", Diagnostic("c") + "\n");

            Assert.Equal(new[] { "a", "b", "c" }, Read(page, lines).Select(e => e.Id));
        }

        [Fact]
        public void Utf16_and_byte_order_marks_are_read()
        {
            var utf16 = _files.Write(
                "ps51.json",
                Page(Record("a")),
                new UnicodeEncoding(bigEndian: false, byteOrderMark: true)
            );
            var utf8Bom = _files.Write("bom.json", Page(Record("b")), new UTF8Encoding(true));

            Assert.Equal(new[] { "a", "b" }, Read(utf16, utf8Bom).Select(e => e.Id));
        }

        [Theory]
        [InlineData("2026-11-13T02:11:07Z", "2026-11-13T02:11:07.0000000+00:00")]
        [InlineData("2026-11-13T02:11:07.1234567Z", "2026-11-13T02:11:07.1234567+00:00")]
        [InlineData("2026-11-13T03:11:07.5+01:00", "2026-11-13T03:11:07.5000000+01:00")]
        [InlineData("2026-11-13T02:11:07", "2026-11-13T02:11:07.0000000+00:00")] // no zone: UTC, not local time
        [InlineData("2026-11-13T02:11:07.1234567", "2026-11-13T02:11:07.1234567+00:00")]
        [InlineData("2026-11-13 02:11:07Z", "2026-11-13T02:11:07.0000000+00:00")]
        public void Timestamps_keep_their_precision_and_zone(string written, string expected)
        {
            var path = _files.Write("t.json", Record("a", time: written));

            var read = Assert.Single(Read(path)).ActivityDateTime;

            Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), read);
            Assert.Equal(expected, read.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public void Property_names_are_matched_whatever_their_case()
        {
            var path = _files.Write(
                "case.json",
                "{\"ID\":\"a\",\"ActivityDateTime\":\"2026-11-13T02:11:07Z\",\"ActivityDisplayName\":\"Add "
                    + "application\",\"InitiatedBy\":{\"App\":{\"AppId\":\"app-9\",\"DisplayName\":\"svc\"}},"
                    + "\"TargetResources\":[{\"Id\":\"x\",\"Type\":\"Application\","
                    + "\"ModifiedProperties\":[{\"DisplayName\":\"AppId\",\"OldValue\":null,"
                    + "\"NewValue\":\"\\\"app-9\\\"\"}]}]}"
            );

            var e = Assert.Single(Read(path));

            Assert.Equal("Add application", e.ActivityDisplayName);
            Assert.True(e.InitiatedBy.IsApp);
            Assert.Equal("app-9", e.InitiatedBy.Key);
            Assert.Equal("\"app-9\"", e.TargetResources[0].GetModifiedProperty("appid")!.NewValue);
        }

        [Fact]
        public void Escaped_strings_and_non_string_values_are_read_faithfully()
        {
            var path = _files.Write(
                "escaped.json",
                "{\"id\":\"a\\u0062\",\"activityDateTime\":\"2026-11-13T02:11:07Z\","
                    + "\"activityDisplayName\":\"Update application \\u2013 Certificates and secrets management \","
                    + "\"resultReason\":42,\"result\":true,\"additionalDetails\":[{\"key\":\"User-Agent\","
                    + "\"value\":\"tab\\there\"}]}"
            );

            var e = Assert.Single(Read(path));

            Assert.Equal("ab", e.Id);
            Assert.Equal("Update application \u2013 Certificates and secrets management ", e.ActivityDisplayName);
            Assert.Equal("Update application - Certificates and secrets management", e.Activity);
            Assert.Equal("42", e.ResultReason);
            Assert.Equal("true", e.Result);
            Assert.Equal("tab\there", e.UserAgent);
        }

        [Fact]
        public void Folders_are_read_recursively_in_a_stable_order_and_non_json_files_are_reported()
        {
            _files.Write("logs/b/2.json", Record("b"));
            _files.Write("logs/a/1.json", Record("a"));
            _files.WriteGzip("logs/c.json.gz", Record("c"));
            _files.Write("logs/README.md", "# not audit data");
            var statistics = new ReadStatistics();

            var events = AuditEventReader
                .ReadPaths(new[] { Path.Combine(_files.Root, "logs") }, null, statistics)
                .ToArray();

            Assert.Equal(new[] { "a", "b", "c" }, events.Select(e => e.Id));
            Assert.Equal(Path.Combine(_files.Root, "logs", "README.md"), Assert.Single(statistics.IgnoredFiles));
            Assert.Equal(3, statistics.Files.Count);
        }

        [Fact]
        public void Records_split_across_files_in_any_order_are_all_read_once()
        {
            var ids = Enumerable.Range(0, 50).Select(i => $"e{i:D2}").ToArray();
            var newestFirst = _files.Write(
                "graph.json",
                Page(ids.Take(25).Reverse().Select(id => Record(id)).ToArray())
            );
            var oldestFirst = _files.Write("diag.jsonl", string.Join("\n", ids.Skip(25).Select(id => Diagnostic(id))));

            var forward = Read(newestFirst, oldestFirst).Select(e => e.Id).OrderBy(id => id, StringComparer.Ordinal);
            var backward = Read(oldestFirst, newestFirst).Select(e => e.Id).OrderBy(id => id, StringComparer.Ordinal);

            Assert.Equal(ids, forward);
            Assert.Equal(ids, backward);
        }

        [Fact]
        public void A_record_larger_than_the_read_buffer_is_read_whole()
        {
            var huge = new string('x', 600_000);
            var record = Record("big").Replace("\"resultReason\":\"\"", $"\"resultReason\":\"{huge}\"");
            var path = _files.Write("big.json", Page(Record("a"), record, Record("b")));

            var events = Read(path);

            Assert.Equal(new[] { "a", "big", "b" }, events.Select(e => e.Id));
            Assert.Equal(600_000, events[1].ResultReason!.Length);
        }

        [Fact]
        public void Many_records_across_buffer_boundaries_lose_nothing()
        {
            var ids = Enumerable.Range(0, 3000).Select(i => $"r{i}").ToArray();
            var path = _files.Write("many.json", Page(ids.Select(id => Record(id)).ToArray()));

            Assert.Equal(ids, Read(path).Select(e => e.Id));
        }

        [Fact]
        public void Nested_arrays_built_after_the_read_buffer_moved_on_are_still_the_events_own()
        {
            var ids = Enumerable.Range(0, 3000).Select(i => $"r{i}").ToArray();
            var records = ids.Select(id =>
                    Record(id)
                        .Replace("\"id\":\"sp-1\"", $"\"id\":\"sp-{id}\"")
                        .Replace("python-requests/2.31.0", $"agent-{id}")
                )
                .ToArray();
            var path = _files.Write("many.json", Page(records));

            var events = Read(path); // every record read before any nested array is looked at

            Assert.All(
                events,
                e =>
                {
                    Assert.Equal($"sp-{e.Id}", Assert.Single(e.TargetResources).Id);
                    Assert.Equal($"agent-{e.Id}", e.UserAgent);
                    Assert.Equal("KeyDescription", e.TargetResources[0].ModifiedProperties[0].DisplayName);
                }
            );
        }

        [Fact]
        public async System.Threading.Tasks.Task Nested_arrays_build_the_same_on_any_thread()
        {
            var path = _files.Write("page.json", Page(Record("a"), Record("b")));
            var events = Read(path);

            var fromWorker = await System.Threading.Tasks.Task.Run(() =>
                events.Select(e => e.TargetResources[0].DisplayName + "|" + e.AdditionalDetails.Count).ToArray()
            );

            Assert.Equal(new[] { "Payroll-Sync|2", "Payroll-Sync|2" }, fromWorker);
        }

        [Fact]
        public void The_missing_path_is_named()
        {
            var missing = Path.Combine(_files.Root, "nope.json");

            var error = Assert.Throws<FileNotFoundException>(() => Read(missing));

            Assert.Equal($"Cannot find '{missing}': no such file or folder.", error.Message);
        }

        [Fact]
        public void Reading_stops_when_cancelled()
        {
            var path = _files.Write("page.json", Page(Record("a"), Record("b")));
            using var cancellation = new System.Threading.CancellationTokenSource();

            var events = AuditEventReader
                .ReadPaths(new[] { path }, cancellationToken: cancellation.Token)
                .GetEnumerator();
            Assert.True(events.MoveNext());
            cancellation.Cancel();

            Assert.Throws<OperationCanceledException>(() => events.MoveNext());
        }

        [Fact]
        public void A_stream_is_read_like_a_file()
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Page(Record("a"))));

            var e = Assert.Single(AuditEventReader.ReadStream(stream, "graph"));

            Assert.Equal("graph", e.Source);
        }

        [Fact]
        public void Events_decoded_on_first_use_keep_their_own_bytes_and_agree_across_threads()
        {
            // Pages far larger than the reader's buffer: every event must have copied its record out of it.
            var records = Enumerable
                .Range(0, 3000)
                .Select(i =>
                    Record($"id-{i}", activity: i % 2 == 0 ? "Add service principal credentials" : "Update user")
                );
            var path = _files.Write("big.json", Page(records.ToArray()));
            var events = Read(path);

            var seen = new string?[events.Length][];
            System.Threading.Tasks.Parallel.For(
                0,
                events.Length * 4,
                i =>
                {
                    var e = events[i % events.Length];
                    seen[i % events.Length] = new[]
                    {
                        e.Id,
                        e.CorrelationId,
                        e.InitiatedBy.UserPrincipalName,
                        e.TargetResources[0].Id,
                        e.UserAgent,
                    };
                }
            );

            for (var i = 0; i < events.Length; i++)
            {
                Assert.Equal(
                    new[] { $"id-{i}", $"c-id-{i}", "megan@fabrikam.example", "sp-1", "python-requests/2.31.0" },
                    seen[i]
                );
                Assert.Equal(
                    i % 2 == 0 ? "Add service principal credentials" : "Update user",
                    events[i].ActivityDisplayName
                );
            }
        }

        [Theory]
        [InlineData("\"id\":\"first\",\"id\":null", "first")]
        [InlineData("\"id\":\"\",\"id\":\"second\"", "second")]
        [InlineData("\"id\":12345", "12345")]
        [InlineData("\"id\":\"caf\\u00e9\"", "caf\u00e9")]
        public void The_id_is_the_last_usable_value_as_written(string idFields, string expected)
        {
            var path = _files.Write(
                "ids.json",
                "{"
                    + idFields
                    + ",\"activityDateTime\":\"2026-11-13T02:11:07Z\",\"activityDisplayName\":\"Update user\"}"
            );

            Assert.Equal(expected, Assert.Single(Read(path)).Id);
        }
    }
}

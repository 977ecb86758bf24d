using System;
using System.IO;
using System.Linq;
using EntraGuard.Ingest;

namespace EntraGuard.Tests.Investigation
{
    /// <summary>Sign-ins read in both wire formats, told apart from audit records by content.</summary>
    public sealed class SignInReaderTests : IDisposable
    {
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        private const string BetaPage =
            "{\"@odata.context\":\"https://graph.microsoft.com/beta/$metadata#auditLogs/signIns\",\"value\":["
            + "{\"id\":\"s1\",\"createdDateTime\":\"2026-11-13T02:45:12Z\",\"appId\":\"app-1\","
            + "\"appDisplayName\":\"Payroll-Sync\","
            + "\"ipAddress\":\"203.0.113.77\",\"servicePrincipalId\":\"sp-1\","
            + "\"servicePrincipalCredentialKeyId\":\"key-1\","
            + "\"userAgent\":\"python-requests/2.31.0\",\"signInEventTypes\":[\"servicePrincipal\"],"
            + "\"status\":{\"errorCode\":0}},"
            + "{\"id\":\"s2\",\"createdDateTime\":\"2026-11-13T02:02:10Z\",\"userId\":\"u-1\","
            + "\"userPrincipalName\":\"megan@contoso.com\","
            + "\"ipAddress\":\"203.0.113.77\",\"isInteractive\":true,\"status\":{\"errorCode\":50126,"
            + "\"failureReason\":\"Invalid\"}}]}";

        private const string DiagnosticLine =
            "{\"time\":\"2026-11-13T03:00:00Z\",\"category\":\"ServicePrincipalSignInLogs\",\"resultType\":\"0\","
            + "\"callerIpAddress\":\"10.20.40.21\",\"properties\":{\"id\":\"d1\",\"servicePrincipalId\":\"sp-1\","
            + "\"servicePrincipalCredentialKeyId\":\"key-2\",\"appId\":\"app-1\"}}\n"
            + "{\"time\":\"2026-11-13T03:01:00Z\",\"category\":\"AuditLogs\",\"properties\":{\"id\":\"a1\","
            + "\"activityDateTime\":\"2026-11-13T03:01:00Z\",\"activityDisplayName\":\"Update user\"}}\n";

        [Fact]
        public void A_beta_graph_page_gives_workload_and_user_sign_ins_with_their_keys_and_status()
        {
            var signIns = SignInEventReader.ReadPaths(new[] { _files.Write("signins.json", BetaPage) }).ToList();

            var workload = signIns.Single(s => s.Id == "s1");
            Assert.Equal(SignInKind.ServicePrincipal, workload.Kind);
            Assert.Equal("key-1", workload.ServicePrincipalCredentialKeyId);
            Assert.Equal("python-requests/2.31.0", workload.UserAgent);
            Assert.Equal(new DateTimeOffset(2026, 11, 13, 2, 45, 12, TimeSpan.Zero), workload.CreatedDateTime);
            var user = signIns.Single(s => s.Id == "s2");
            Assert.Equal(SignInKind.InteractiveUser, user.Kind);
            Assert.Equal(50126, user.ErrorCode);
            Assert.False(user.IsSuccess);
            Assert.True(user.IsBy("MEGAN@contoso.com"));
        }

        [Fact]
        public void Diagnostic_records_take_kind_address_and_result_from_the_envelope_and_skip_audit_records_counted()
        {
            var statistics = new ReadStatistics();
            var signIn = Assert.Single(
                SignInEventReader.ReadPaths(new[] { _files.Write("PT1H.json", DiagnosticLine) }, null, statistics)
            );

            Assert.Equal(SignInKind.ServicePrincipal, signIn.Kind);
            Assert.Equal("10.20.40.21", signIn.IpAddress);
            Assert.Equal("key-2", signIn.ServicePrincipalCredentialKeyId);
            Assert.Equal(0, signIn.ErrorCode);
            Assert.Equal(1, statistics.OtherCategories["AuditLogs"]);
        }

        [Fact]
        public void The_audit_reader_counts_and_skips_graph_sign_in_records()
        {
            var statistics = new ReadStatistics();
            var events = AuditEventReader
                .ReadPaths(new[] { _files.Write("signins.json", BetaPage) }, null, statistics)
                .ToList();

            Assert.Empty(events);
            Assert.Equal(2, statistics.OtherCategories["SignInLogs"]);
        }

        [Fact]
        public void A_sign_in_without_a_time_is_bad_input_naming_file_and_record()
        {
            var path = _files.Write(
                "bad.json",
                "{\"value\":[{\"id\":\"s1\",\"createdDateTime\":\"2026-11-13T02:45:12Z\"},{\"id\":\"s2\","
                    + "\"createdDateTime\":\"soon\"}]}"
            );

            var error = Assert.Throws<AuditDataException>(() => SignInEventReader.ReadPaths(new[] { path }).ToList());

            Assert.Equal(path, error.SourceName);
            Assert.Equal(2, error.RecordNumber);
            Assert.Contains("createdDateTime 'soon' is not a date and time", error.Message);
        }

        [Fact]
        public void Both_wire_formats_of_the_samples_hold_the_same_sign_ins()
        {
            var samples = Path.Combine(TestFiles.RepositoryRoot, "samples", "signins");
            var graph = SignInEventReader.ReadPaths(new[] { Path.Combine(samples, "graph") }).ToList();
            var diagnostic = SignInEventReader.ReadPaths(new[] { Path.Combine(samples, "diagnostic") }).ToList();

            Assert.True(graph.Count > 1000, $"only {graph.Count} sign-ins");
            Assert.Equal(
                graph.Select(s => (s.Id, s.Kind, s.IpAddress)).OrderBy(s => s.Id, StringComparer.Ordinal),
                diagnostic.Select(s => (s.Id, s.Kind, s.IpAddress)).OrderBy(s => s.Id, StringComparer.Ordinal)
            );
        }

        [Fact]
        public void Fields_decoded_on_first_use_are_those_a_decoder_reading_in_order_keeps()
        {
            // A field named twice is the later one's, a null id leaves the earlier, escapes decode, numbers keep their
            // text, an object where text belongs is none, and the same values come out on every thread.
            const string record =
                "{\"id\":\"r1\",\"createdDateTime\":\"2026-11-13T02:45:12Z\",\"userId\":\"u-old\","
                + "\"userId\":\"u-\\u00e9\",\"id\":null,\"ipAddress\":\"\",\"isInteractive\":false,"
                + "\"status\":{\"errorCode\":\"50126\",\"failureReason\":\"Invalid \\\"password\\\"\"},"
                + "\"userAgent\":{\"not\":\"text\"},\"correlationId\":7}";
            var signIn = Assert.Single(SignInEventReader.ReadPaths(new[] { _files.Write("one.json", record) }));

            var seen = Enumerable
                .Range(0, 8)
                .AsParallel()
                .Select(_ => (signIn.Id, signIn.UserId, signIn.ErrorCode, signIn.Kind))
                .Distinct()
                .ToList();
            Assert.Equal(("r1", "u-\u00e9", 50126, SignInKind.NonInteractiveUser), Assert.Single(seen));
            Assert.Null(signIn.IpAddress);
            Assert.Equal("Invalid \"password\"", signIn.FailureReason);
            Assert.Null(signIn.UserAgent);
            Assert.Equal("7", signIn.CorrelationId);
            Assert.Null(signIn.ServicePrincipalId);
        }

        [Fact]
        public void Every_field_name_is_recognized_in_any_ASCII_case_and_nothing_else_is()
        {
            foreach (var (name, field) in SignInRecordDecoder.Names)
            {
                Assert.Equal(field, SignInRecordDecoder.Lookup(System.Text.Encoding.ASCII.GetBytes(name)));
                Assert.Equal(
                    field,
                    SignInRecordDecoder.Lookup(System.Text.Encoding.ASCII.GetBytes(name.ToUpperInvariant()))
                );
                Assert.Equal(
                    SignInRecordDecoder.Name.Unknown,
                    SignInRecordDecoder.Lookup(System.Text.Encoding.ASCII.GetBytes(name + "x"))
                );
                Assert.Equal(
                    SignInRecordDecoder.Name.Unknown,
                    SignInRecordDecoder.Lookup(System.Text.Encoding.ASCII.GetBytes(name.Substring(1)))
                );
            }
            // Bytes that differ from a letter only in bit 0x20 but are not letters: '@' and '`' for 'i'/'I' neighbours.
            Assert.Equal(SignInRecordDecoder.Name.Unknown, SignInRecordDecoder.Lookup("@d"u8));
            Assert.Equal(SignInRecordDecoder.Name.Id, SignInRecordDecoder.Lookup("iD"u8));
            Assert.Equal(SignInRecordDecoder.Name.Unknown, SignInRecordDecoder.Lookup("\u0069\u0064\u0000"u8));
        }

        [Fact]
        public void A_field_a_record_lacks_is_absent_whatever_the_record_before_held()
        {
            const string full =
                "{\"id\":\"s1\",\"createdDateTime\":\"2026-11-13T02:45:12Z\",\"appId\":\"app-1\","
                + "\"ipAddress\":\"10.0.0.1\",\"isInteractive\":false,\"status\":{\"errorCode\":50126}}";
            const string bare = "{\"id\":\"s2\",\"createdDateTime\":\"2026-11-13T02:45:13Z\"}";
            var path = _files.Write("lacking.json", string.Join("\n", full, bare, full, bare));

            var signIns = SignInEventReader.ReadPaths(new[] { path }).ToList();

            Assert.Equal(
                new[] { SignInKind.NonInteractiveUser, SignInKind.InteractiveUser },
                signIns.Take(2).Select(s => s.Kind)
            );
            foreach (var bareSignIn in new[] { signIns[1], signIns[3] })
            {
                Assert.Null(bareSignIn.AppId);
                Assert.Null(bareSignIn.IpAddress);
                Assert.Equal(0, bareSignIn.ErrorCode);
                Assert.Equal(SignInKind.InteractiveUser, bareSignIn.Kind);
            }
            Assert.Equal(50126, signIns[2].ErrorCode);
        }

        [Fact]
        public void Records_that_order_or_case_their_fields_differently_read_each_as_written()
        {
            // One stream whose records name their fields in turning orders and casings, some behind a long unknown
            // name or seventy unknown ones: a name is never taken for the one an earlier record had at its place.
            string Record(int i)
            {
                var fields = new[]
                {
                    $"\"appId\":\"app-{i}\"",
                    $"\"userAgent\":\"agent-{i}\"",
                    $"\"ipAddress\":\"10.0.0.{i}\"",
                    $"\"status\":{{\"errorCode\":{i}}}",
                    $"\"{new string('x', 60)}\":\"ignored\"",
                };
                var turned = fields.Skip(i % fields.Length).Concat(fields.Take(i % fields.Length));
                var text = string.Join(",", turned);
                text = i % 2 == 0 ? text : text.Replace("appId", "APPID").Replace("userAgent", "useragent");
                var padding = i % 3 == 0 ? string.Concat(Enumerable.Range(0, 70).Select(n => $"\"p{n}\":{n},")) : "";
                return $"{{{padding}\"id\":\"s{i}\",\"createdDateTime\":\"2026-11-13T02:45:12Z\",{text}}}";
            }
            var path = _files.Write("turning.json", string.Join("\n", Enumerable.Range(1, 12).Select(Record)));

            var signIns = SignInEventReader.ReadPaths(new[] { path }).ToList();

            Assert.Equal(12, signIns.Count);
            foreach (var (signIn, i) in signIns.Select((s, n) => (s, n + 1)))
            {
                Assert.Equal($"s{i}", signIn.Id);
                Assert.Equal($"app-{i}", signIn.AppId);
                Assert.Equal($"agent-{i}", signIn.UserAgent);
                Assert.Equal($"10.0.0.{i}", signIn.IpAddress);
                Assert.Equal(i, signIn.ErrorCode);
            }
        }
    }
}

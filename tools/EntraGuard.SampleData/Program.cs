using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EntraGuard.SampleData
{
    /// <summary>
    /// <c>dotnet run --project tools/EntraGuard.SampleData -- samples</c> rewrites the bundled samples;
    /// <c>… -- bulk 1000000 big.json</c> writes a large Graph-page file for measurements.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length == 2 && args[0] == "samples")
            {
                SampleWriter.Write(args[1]);
                Console.WriteLine($"wrote samples to {args[1]}");
                return 0;
            }
            if (args.Length == 3 && args[0] == "bulk" && long.TryParse(args[1], out var count))
            {
                using var file = File.Create(args[2]);
                var bytes = BulkWriter.WriteGraphPages(file, count);
                Console.WriteLine($"wrote {count:N0} events ({bytes / 1048576.0:N1} MiB) to {args[2]}");
                return 0;
            }
            Console.Error.WriteLine("usage: EntraGuard.SampleData samples <folder> | bulk <count> <file>");
            return 2;
        }
    }

    /// <summary>Writes the synthetic tenant in Graph's wire format and in Azure Monitor's.</summary>
    public static class SampleWriter
    {
        public const int PageSize = 999;
        internal static readonly JsonSerializerOptions Compact = new()
        {
            WriteIndented = false,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        public static void Write(string folder)
        {
            var tenant = new SyntheticTenant();
            var events = tenant.Generate();
            WriteGraph(Path.Combine(folder, "graph"), events);
            WriteDiagnostic(Path.Combine(folder, "diagnostic"), events);
            SignInWriter.Write(Path.Combine(folder, "signins"), tenant);
        }

        /// <summary>Graph pages as /auditLogs/directoryAudits serves them: newest first, 999 a page, linked.</summary>
        public static void WriteGraph(string folder, System.Collections.Generic.IReadOnlyList<JsonObject> events)
        {
            Recreate(folder);
            var newestFirst = events.Reverse().ToList();
            var pages = (newestFirst.Count + PageSize - 1) / PageSize;
            for (var page = 0; page < pages; page++)
            {
                var body = new JsonObject
                {
                    ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits",
                    ["value"] = new JsonArray(
                        newestFirst.Skip(page * PageSize).Take(PageSize).Select(e => e.DeepClone()).ToArray()
                    ),
                };
                if (page + 1 < pages)
                {
                    body["@odata.nextLink"] =
                        $"https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$top={PageSize}&"
                        + $"$skiptoken=page{page + 2:D2}";
                }
                File.WriteAllText(
                    Path.Combine(folder, $"directoryAudits-page{page + 1:D2}.json"),
                    body.ToJsonString(Compact) + "\n"
                );
            }
        }

        /// <summary>
        /// Azure Monitor diagnostic-settings records, oldest first: storage-account blobs (one JSON record a line,
        /// one blob a day) for the first twelve days, Event Hubs batches (<c>{"records":[…]}</c>, gzip) for the last
        /// two. Sign-in records sit between the audit records, as they do when both categories are exported, and the
        /// quirks seen in real exports are kept: durationMs as a string, "Type" casing, missing tenantId, IPv6 callers.
        /// </summary>
        public static void WriteDiagnostic(string folder, System.Collections.Generic.IReadOnlyList<JsonObject> events)
        {
            Recreate(folder);
            var random = new Random(7);
            foreach (var day in events.GroupBy(e => ((string)e["activityDateTime"]!).Substring(0, 10)))
            {
                var date = DateTime.ParseExact(
                    day.Key,
                    "yyyy-MM-dd",
                    System.Globalization.CultureInfo.InvariantCulture
                );
                var records = new System.Collections.Generic.List<JsonObject>();
                var index = 0;
                foreach (var auditEvent in day)
                {
                    records.Add(DiagnosticRecord(auditEvent, index++));
                    if (index % 25 == 0)
                        records.Add(SignIn(auditEvent, random));
                }

                if (date.Day <= 12)
                {
                    var blob = Path.Combine(
                        folder,
                        "insights-logs-auditlogs",
                        $"y={date:yyyy}",
                        $"m={date:MM}",
                        $"d={date:dd}",
                        "h=00",
                        "m=00",
                        "PT1H.json"
                    );
                    Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
                    File.WriteAllLines(blob, records.Select(r => r.ToJsonString(Compact)));
                }
                else
                {
                    var batch = Path.Combine(folder, "eventhub", $"auditlogs-{date:yyyyMMdd}.json.gz");
                    Directory.CreateDirectory(Path.GetDirectoryName(batch)!);
                    using var file = File.Create(batch);
                    using var gzip = new GZipStream(file, CompressionLevel.Optimal);
                    var body = new JsonObject
                    {
                        ["records"] = new JsonArray(records.Select(r => (JsonNode)r).ToArray()),
                    };
                    var bytes = Encoding.UTF8.GetBytes(body.ToJsonString(Compact));
                    gzip.Write(bytes, 0, bytes.Length);
                }
            }
        }

        /// <summary>The audit record as Azure Monitor's diagnostic settings export it, one JSON line.</summary>
        /// <param name="index">The record's place in its export, which picks the quirks it shows.</param>
        public static string DiagnosticLine(JsonObject auditEvent, long index) =>
            DiagnosticRecord(auditEvent, index).ToJsonString(Compact);

        private static JsonObject DiagnosticRecord(JsonObject auditEvent, long index)
        {
            var properties = (JsonObject)auditEvent.DeepClone();
            if (index % 9 == 0)
            {
                // Some exports spell it "Type".
                foreach (var target in properties["targetResources"]!.AsArray())
                {
                    var type = target!["type"]!.GetValue<string>();
                    target.AsObject().Remove("type");
                    target["Type"] = type;
                }
            }
            var time = (string)auditEvent["activityDateTime"]!;
            if (index % 13 == 0)
                properties["activityDateTime"] = time.Replace("Z", "+00:00");
            var user = auditEvent["initiatedBy"]?["user"];
            var ip = user?["ipAddress"]?.GetValue<string>();
            var record = new JsonObject
            {
                ["time"] = time,
                ["resourceId"] = $"/tenants/{SyntheticTenant.TenantId}/providers/Microsoft.aadiam",
                ["operationName"] = (string)auditEvent["activityDisplayName"]!,
                ["operationVersion"] = "1.0",
                ["category"] = "AuditLogs",
                ["tenantId"] = SyntheticTenant.TenantId,
                ["resultSignature"] = "None",
                ["durationMs"] = index % 2 == 0 ? JsonValue.Create("0") : JsonValue.Create(0),
                ["callerIpAddress"] = ip ?? (index % 5 == 0 ? "2001:db8:4006:812::200e" : null),
                ["correlationId"] = (string)auditEvent["correlationId"]!,
                ["Level"] = 4,
                ["properties"] = properties,
            };
            if (index % 11 == 0)
                record.Remove("tenantId");
            return record;
        }

        private static JsonObject SignIn(JsonObject near, Random random) =>
            new()
            {
                ["time"] = (string)near["activityDateTime"]!,
                ["resourceId"] = $"/tenants/{SyntheticTenant.TenantId}/providers/Microsoft.aadiam",
                ["operationName"] = "Sign-in activity",
                ["category"] = "SignInLogs",
                ["tenantId"] = SyntheticTenant.TenantId,
                ["resultType"] = "0",
                ["callerIpAddress"] = $"10.20.{random.Next(30, 40)}.{random.Next(2, 250)}",
                ["properties"] = new JsonObject
                {
                    ["id"] = $"signin-{random.Next():x8}",
                    ["appDisplayName"] = "Office 365 Exchange Online",
                },
            };

        internal static void Recreate(string folder)
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>
    /// Large deterministic inputs for measurements: the sample tenant once in full, then its background and daily
    /// rotation repeated with fresh ids and times — a large tenant is mostly ordinary activity, and repeating the
    /// intrusion two hundred times would measure a tenant under permanent attack.
    /// </summary>
    public static class BulkWriter
    {
        /// <summary>Writes <paramref name="count"/> events as a sequence of Graph pages; returns the bytes
        /// written.</summary>
        public static long WriteGraphPages(Stream output, long count) =>
            WriteAuditPages(output, count, freshOperations: false);

        /// <summary>
        /// The same, but each repetition's operations are operations of their own, as a real tenant's are: a fresh
        /// correlation id for each operation.
        /// (The repetitions of <see cref="WriteGraphPages"/> reuse the sample tenant's, so a rule keyed by correlation
        /// id sees a few keys holding hundreds of events where real data has one key for every operation.)
        /// </summary>
        public static long WriteOperationPages(Stream output, long count) =>
            WriteAuditPages(output, count, freshOperations: true);

        private static long WriteAuditPages(Stream output, long count, bool freshOperations)
        {
            var tenant = new SyntheticTenant();
            var all = tenant.Generate();
            var ordinary = all.Where(e => !tenant.IsNotable(e)).ToList();
            return WritePages(
                output,
                count,
                "https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits",
                "activityDateTime",
                written =>
                    written < all.Count ? all[(int)written] : ordinary[(int)((written - all.Count) % ordinary.Count)],
                freshOperations
                    ? (copy, written) =>
                    {
                        if (written >= all.Count)
                            Freshen(copy, (written - all.Count) / ordinary.Count);
                    }
                    : null
            );
        }

        /// <summary>Gives a record of repetition <paramref name="repetition"/> its operation's own correlation id: the
        /// same for every record of the operation, derived from the original id and the repetition.</summary>
        private static void Freshen(JsonObject record, long repetition) =>
            record["correlationId"] = new Guid(
                System.Security.Cryptography.MD5.HashData(
                    Encoding.UTF8.GetBytes($"{(string?)record["correlationId"]}/{repetition}")
                )
            ).ToString();

        /// <summary>
        /// Writes <paramref name="count"/> sign-ins (the sample tenant's, of every kind, repeated with fresh ids and
        /// times) as a sequence of beta Graph pages; returns the bytes written.
        /// </summary>
        public static long WriteSignInPages(Stream output, long count)
        {
            var signIns = SignInWriter.Generate(new SyntheticTenant()).Select(s => s.SignIn).ToList();
            return WritePages(
                output,
                count,
                "https://graph.microsoft.com/beta/$metadata#auditLogs/signIns",
                "createdDateTime",
                written => signIns[(int)(written % signIns.Count)]
            );
        }

        /// <summary>Pages of <see cref="SampleWriter.PageSize"/> records, one a line, each record a copy with a fresh
        /// id and a time half a second after the previous one, changed further by <paramref name="adjust"/>.</summary>
        private static long WritePages(
            Stream output,
            long count,
            string context,
            string timeField,
            Func<long, JsonObject> recordAt,
            Action<JsonObject, long>? adjust = null
        )
        {
            var counting = new CountingStream(output);
            using var writer = new Utf8JsonWriter(
                counting,
                new JsonWriterOptions
                {
                    Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                }
            );
            var random = new Random(42);
            long written = 0;
            while (written < count)
            {
                writer.Reset(counting);
                writer.WriteStartObject();
                writer.WriteString("@odata.context", context);
                writer.WriteStartArray("value");
                for (var i = 0; i < SampleWriter.PageSize && written < count; i++, written++)
                {
                    var copy = (JsonObject)recordAt(written).DeepClone();
                    adjust?.Invoke(copy, written);
                    copy["id"] = $"Directory_{written:D12}_{random.Next(10000, 99999)}";
                    var at = SyntheticTenant.Start.AddSeconds(written * 0.5);
                    copy[timeField] = at.UtcDateTime.ToString(
                        "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'",
                        System.Globalization.CultureInfo.InvariantCulture
                    );
                    copy.WriteTo(writer);
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.Flush();
                counting.WriteByte((byte)'\n');
            }
            return counting.Written;
        }

        private sealed class CountingStream : Stream
        {
            private readonly Stream _inner;

            public CountingStream(Stream inner) => _inner = inner;

            public long Written { get; private set; }

            public override void Write(byte[] buffer, int offset, int count)
            {
                _inner.Write(buffer, offset, count);
                Written += count;
            }

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                _inner.Write(buffer);
                Written += buffer.Length;
            }

            public override void WriteByte(byte value)
            {
                _inner.WriteByte(value);
                Written++;
            }

            public override void Flush() => _inner.Flush();

            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => Written;
            public override long Position
            {
                get => Written;
                set => throw new NotSupportedException();
            }

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }
}

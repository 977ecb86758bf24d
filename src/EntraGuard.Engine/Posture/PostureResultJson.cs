using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EntraGuard.Posture
{
    /// <summary>
    /// The saved form of a posture run: what <c>entraguard posture --format json</c> prints and what
    /// <c>--baseline</c> / <c>-BaselinePath</c> read back. Enums are written by name.
    /// </summary>
    public static class PostureResultJson
    {
        public static void Write(PostureReport report, Stream stream)
        {
            using var json = new Utf8JsonWriter(
                stream,
                new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }
            );
            json.WriteStartObject();
            json.WriteString("tool", "EntraGuard");
            json.WriteString("kind", "posture");
            WriteOptional(json, "tenantId", report.TenantId);
            json.WriteString("evaluatedAt", report.EvaluatedAt.ToString("o", CultureInfo.InvariantCulture));
            json.WriteStartArray("results");
            foreach (var result in report.Results)
                WriteResult(json, result);
            json.WriteEndArray();
            WriteStrings(json, "warnings", report.Warnings);
            if (report.Baseline is { } baseline)
            {
                json.WriteStartObject("baseline");
                json.WriteString("path", baseline.Path);
                json.WriteNumber("newFailures", baseline.NewFailures);
                json.WriteNumber("fixed", baseline.Fixed);
                json.WriteNumber("stillFailing", baseline.StillFailing);
                json.WriteNumber("noLongerEvaluated", baseline.NoLongerEvaluated);
                json.WriteNumber("newFindings", baseline.NewFindings);
                json.WriteNumber("resolvedFindings", baseline.ResolvedFindings);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }

        public static void Write(PostureReport report, TextWriter writer)
        {
            using var buffer = new MemoryStream();
            Write(report, buffer);
            writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }

        /// <summary>
        /// Reads back what <see cref="Write(PostureReport, Stream)"/> wrote (a report shows a saved run); a file that
        /// is not such a result set is a <see cref="PostureBaselineException"/> naming the file and the entry.
        /// </summary>
        public static PostureReport Read(string path)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(File.ReadAllBytes(path));
            }
            catch (JsonException ex)
            {
                throw new PostureBaselineException(
                    path,
                    $"not JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {ex.Message}",
                    ex
                );
            }
            using (document)
            {
                var root = document.RootElement;
                if (
                    root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("results", out var results)
                    || results.ValueKind != JsonValueKind.Array
                )
                {
                    throw new PostureBaselineException(
                        path,
                        "not a posture result set (expected an object with a 'results' list, as "
                            + "'entraguard posture --format json' writes)"
                    );
                }
                var read = new List<PostureCheckResult>();
                var index = 0;
                foreach (var item in results.EnumerateArray())
                    read.Add(ReadResult(item, new Entry(path, $"results[{index++}]")));
                var top = new Entry(path, "the result set");
                return new PostureReport
                {
                    TenantId = top.OptionalString(root, "tenantId"),
                    EvaluatedAt = top.Time(root, "evaluatedAt"),
                    Results = read,
                    Warnings = top.Strings(root, "warnings"),
                };
            }
        }

        private static PostureCheckResult ReadResult(JsonElement item, Entry entry)
        {
            var findings = new List<PostureFinding>();
            if (item.TryGetProperty("findings", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var finding in list.EnumerateArray())
                {
                    findings.Add(
                        new PostureFinding
                        {
                            TargetId = entry.String(finding, "targetId"),
                            TargetName = entry.OptionalString(finding, "targetName"),
                            TargetType = entry.OptionalString(finding, "targetType") ?? "",
                            Detail = entry.OptionalString(finding, "detail") ?? "",
                            KeyId = entry.OptionalString(finding, "keyId"),
                            AppId = entry.OptionalString(finding, "appId"),
                        }
                    );
                }
            }
            var result = new PostureCheckResult
            {
                CheckId = entry.String(item, "checkId"),
                Title = entry.OptionalString(item, "title") ?? "",
                Severity = entry.Enum<Severity>(item, "severity"),
                Category = entry.OptionalString(item, "category") ?? "",
                Result = entry.Enum<PostureStatus>(item, "result"),
                Reason = entry.OptionalString(item, "reason") ?? "",
                Evidence = entry.Strings(item, "evidence"),
                Remediation = entry.OptionalString(item, "remediation") ?? "",
                Findings = findings,
            };
            if (entry.OptionalString(item, "change") is not null)
                result.Change = entry.Enum<PostureChange>(item, "change");
            return result;
        }

        /// <summary>One entry of a file being read: its fields, with errors that name the file and the entry.</summary>
        private readonly struct Entry
        {
            private readonly string _path;
            private readonly string _where;

            public Entry(string path, string where)
            {
                _path = path;
                _where = where;
            }

            public string String(JsonElement item, string name) =>
                OptionalString(item, name) ?? throw Problem($"'{name}' is missing");

            public string? OptionalString(JsonElement item, string name)
            {
                if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                    return null;
                return value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : throw Problem($"'{name}' is not a string");
            }

            public IReadOnlyList<string> Strings(JsonElement item, string name)
            {
                if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                    return Array.Empty<string>();
                if (value.ValueKind != JsonValueKind.Array)
                    throw Problem($"'{name}' is not a list");
                var strings = new List<string>();
                foreach (var element in value.EnumerateArray())
                    strings.Add(element.ValueKind == JsonValueKind.String ? element.GetString()! : element.ToString());
                return strings;
            }

            public DateTimeOffset Time(JsonElement item, string name)
            {
                var text = String(item, name);
                return DateTimeOffset.TryParse(
                    text,
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal,
                    out var time
                )
                    ? time
                    : throw Problem($"'{name}' is {InputText.Quote(text)}, not a date and time");
            }

            public T Enum<T>(JsonElement item, string name)
                where T : struct
            {
                var text = String(item, name);
                if (System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && !char.IsDigit(text[0]))
                    return value;
                throw Problem(
                    $"'{name}' is {InputText.Quote(text)}, not one of "
                        + string.Join(", ", System.Enum.GetNames(typeof(T)))
                );
            }

            private PostureBaselineException Problem(string problem) => new(_path, $"{_where}: {problem}");
        }

        private static void WriteResult(Utf8JsonWriter json, PostureCheckResult result)
        {
            json.WriteStartObject();
            json.WriteString("checkId", result.CheckId);
            json.WriteString("title", result.Title);
            json.WriteString("severity", result.Severity.ToString());
            json.WriteString("category", result.Category);
            json.WriteString("result", result.Result.ToString());
            json.WriteString("reason", result.Reason);
            WriteStrings(json, "evidence", result.Evidence);
            json.WriteString("remediation", result.Remediation);
            json.WriteStartArray("findings");
            foreach (var finding in result.Findings)
            {
                json.WriteStartObject();
                json.WriteString("targetId", finding.TargetId);
                WriteOptional(json, "targetName", finding.TargetName);
                json.WriteString("targetType", finding.TargetType);
                json.WriteString("detail", finding.Detail);
                WriteOptional(json, "keyId", finding.KeyId);
                WriteOptional(json, "appId", finding.AppId);
                if (finding.AcceptedDeviation is { } deviation)
                {
                    json.WriteStartObject("acceptedDeviation");
                    json.WriteString("check", deviation.CheckId);
                    WriteOptional(json, "target", deviation.Target);
                    json.WriteString("justification", deviation.Justification);
                    json.WriteString("expires", deviation.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    json.WriteEndObject();
                }
                if (finding.IsNew is { } isNew)
                    json.WriteBoolean("isNew", isNew);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (result.Change is { } change)
            {
                json.WriteString("change", change.ToString());
                WriteStrings(json, "resolvedFindings", result.ResolvedFindings);
            }
            json.WriteEndObject();
        }

        private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
        {
            if (value is null)
                json.WriteNull(name);
            else
                json.WriteString(name, value);
        }

        private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
        {
            json.WriteStartArray(name);
            foreach (var value in values)
                json.WriteStringValue(value);
            json.WriteEndArray();
        }
    }
}

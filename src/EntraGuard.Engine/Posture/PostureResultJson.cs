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

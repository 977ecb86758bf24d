using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using EntraGuard.Collection;

namespace EntraGuard.Output
{
    /// <summary>
    /// Sign-ins as text: an aligned table, JSON lines in Graph's beta <c>signIn</c> shape (so the output reads back as
    /// a sign-in file: <c>signins --graph --format json &gt; s.jsonl</c>, then <c>investigate … s.jsonl</c>), or CSV.
    /// JSON lines and CSV stream; the table needs every row for its widths.
    /// </summary>
    public static class SignInEventWriter
    {
        public const string Table = "table";
        public const string Json = "json";
        public const string Csv = "csv";

        private static readonly (string Header, Func<SignInEvent, string?> Value)[] Columns =
        {
            ("CreatedDateTime", s => Time(s.CreatedDateTime)),
            ("Log", s => SignInQuery.EventTypeName(s.Kind)),
            ("Who", Who),
            ("App", s => s.AppDisplayName ?? s.AppId),
            ("IpAddress", s => s.IpAddress),
            ("Result", s => s.IsSuccess ? "success" : s.ErrorCode.ToString(CultureInfo.InvariantCulture)),
            ("CredentialKeyId", s => s.ServicePrincipalCredentialKeyId),
            ("UserAgent", s => s.UserAgent),
            ("Id", s => s.Id),
        };

        /// <summary>Writes the sign-ins in a format; returns how many were written.</summary>
        public static long Write(string format, IEnumerable<SignInEvent> signIns, TextWriter output)
        {
            long count = 0;
            var counted = signIns.Select(s =>
            {
                count++;
                return s;
            });
            switch (format)
            {
                case Json:
                    JsonLines.Write(counted, output, WriteJson);
                    break;
                case Csv:
                    output.WriteLine(string.Join(",", Columns.Select(c => c.Header)));
                    foreach (var signIn in counted)
                        output.WriteLine(string.Join(",", Columns.Select(c => CsvText.Field(c.Value(signIn)))));
                    break;
                default:
                    var rows = counted.Select(s => Columns.Select(c => c.Value(s) ?? "").ToArray()).ToList();
                    if (rows.Count == 0)
                        output.WriteLine("No sign-ins.");
                    else
                        TextTable.Write(Columns.Select(c => c.Header).ToArray(), rows, output);
                    break;
            }
            return count;
        }

        private static string Who(SignInEvent s) =>
            (s.IsUser ? s.UserPrincipalName ?? s.UserId : s.ServicePrincipalName ?? s.ServicePrincipalId) ?? "";

        private static string Time(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

        private static void WriteJson(Utf8JsonWriter json, SignInEvent s)
        {
            json.WriteStartObject();
            json.WriteString("id", s.Id);
            json.WriteString("createdDateTime", Time(s.CreatedDateTime));
            json.WriteStartArray("signInEventTypes");
            json.WriteStringValue(SignInQuery.EventTypeName(s.Kind));
            json.WriteEndArray();
            Text(json, "userId", s.UserId);
            Text(json, "userPrincipalName", s.UserPrincipalName);
            Text(json, "userDisplayName", s.UserDisplayName);
            Text(json, "appId", s.AppId);
            Text(json, "appDisplayName", s.AppDisplayName);
            Text(json, "servicePrincipalId", s.ServicePrincipalId);
            Text(json, "servicePrincipalName", s.ServicePrincipalName);
            Text(json, "servicePrincipalCredentialKeyId", s.ServicePrincipalCredentialKeyId);
            Text(json, "servicePrincipalCredentialThumbprint", s.ServicePrincipalCredentialThumbprint);
            Text(json, "ipAddress", s.IpAddress);
            Text(json, "userAgent", s.UserAgent);
            Text(json, "clientAppUsed", s.ClientAppUsed);
            Text(json, "resourceDisplayName", s.ResourceDisplayName);
            Text(json, "correlationId", s.CorrelationId);
            json.WriteStartObject("status");
            json.WriteNumber("errorCode", s.ErrorCode);
            Text(json, "failureReason", s.FailureReason);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        private static void Text(Utf8JsonWriter json, string name, string? value)
        {
            if (value is null)
                json.WriteNull(name);
            else
                json.WriteString(name, value);
        }
    }
}

using System;
using System.IO;
using System.Text;
using System.Text.Json;

namespace EntraGuard.Ingest
{
    /// <summary>
    /// Writes events as JSON lines in Graph's directoryAudit shape (so the output reads back through
    /// <see cref="AuditEventReader"/>), plus the normalized <c>activity</c>, <c>tenantId</c>, <c>userAgent</c> and
    /// <c>source</c>.
    /// </summary>
    public sealed class AuditEventJsonWriter : IDisposable
    {
        private readonly TextWriter _output;
        private readonly MemoryStream _buffer = new();
        private readonly Utf8JsonWriter _json;

        public AuditEventJsonWriter(TextWriter output)
        {
            _output = output;
            _json = new Utf8JsonWriter(
                _buffer,
                new JsonWriterOptions
                {
                    Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                }
            );
        }

        public void Write(AuditEvent e)
        {
            _buffer.SetLength(0);
            _json.Reset(_buffer);
            _json.WriteStartObject();
            _json.WriteString("id", e.Id);
            _json.WriteString(
                "activityDateTime",
                e.ActivityDateTime.UtcDateTime.ToString(
                    "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'",
                    System.Globalization.CultureInfo.InvariantCulture
                )
            );
            _json.WriteString("activityDisplayName", e.ActivityDisplayName);
            _json.WriteString("activity", e.Activity);
            WriteOptional("category", e.Category);
            WriteOptional("correlationId", e.CorrelationId);
            WriteOptional("loggedByService", e.LoggedByService);
            WriteOptional("operationType", e.OperationType);
            WriteOptional("result", e.Result);
            WriteOptional("resultReason", e.ResultReason);

            _json.WriteStartObject("initiatedBy");
            var actor = e.InitiatedBy;
            if (actor.IsUser || actor.UserDisplayName != null || actor.IpAddress != null)
            {
                _json.WriteStartObject("user");
                WriteOptional("id", actor.UserId);
                WriteOptional("displayName", actor.UserDisplayName);
                WriteOptional("userPrincipalName", actor.UserPrincipalName);
                WriteOptional("ipAddress", actor.IpAddress);
                _json.WriteEndObject();
            }
            if (
                actor.AppId != null
                || actor.ServicePrincipalId != null
                || actor.AppDisplayName != null
                || actor.ServicePrincipalName != null
            )
            {
                _json.WriteStartObject("app");
                WriteOptional("appId", actor.AppId);
                WriteOptional("displayName", actor.AppDisplayName);
                WriteOptional("servicePrincipalId", actor.ServicePrincipalId);
                WriteOptional("servicePrincipalName", actor.ServicePrincipalName);
                _json.WriteEndObject();
            }
            _json.WriteEndObject();

            _json.WriteStartArray("targetResources");
            foreach (var target in e.TargetResources)
            {
                _json.WriteStartObject();
                WriteOptional("id", target.Id);
                WriteOptional("displayName", target.DisplayName);
                WriteOptional("type", target.Type);
                WriteOptional("userPrincipalName", target.UserPrincipalName);
                WriteOptional("groupType", target.GroupType);
                _json.WriteStartArray("modifiedProperties");
                foreach (var property in target.ModifiedProperties)
                {
                    _json.WriteStartObject();
                    WriteOptional("displayName", property.DisplayName);
                    WriteOptional("oldValue", property.OldValue);
                    WriteOptional("newValue", property.NewValue);
                    _json.WriteEndObject();
                }
                _json.WriteEndArray();
                _json.WriteEndObject();
            }
            _json.WriteEndArray();

            _json.WriteStartArray("additionalDetails");
            foreach (var detail in e.AdditionalDetails)
            {
                _json.WriteStartObject();
                WriteOptional("key", detail.Key);
                WriteOptional("value", detail.Value);
                _json.WriteEndObject();
            }
            _json.WriteEndArray();

            WriteOptional("userAgent", e.UserAgent);
            WriteOptional("tenantId", e.TenantId);
            WriteOptional("source", e.Source);
            _json.WriteEndObject();
            _json.Flush();

            _output.WriteLine(Encoding.UTF8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length));
        }

        private void WriteOptional(string name, string? value)
        {
            if (value != null)
                _json.WriteString(name, value);
        }

        public void Dispose()
        {
            _json.Dispose();
            _buffer.Dispose();
            _output.Flush();
        }
    }
}

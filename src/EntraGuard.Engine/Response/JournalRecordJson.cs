using System.Collections.Generic;
using System.Text.Json;

namespace EntraGuard.Response
{
    /// <summary>
    /// The one JSON shape of a journal record: the journal file's lines (a started line carries the description, a
    /// completed line the outcome) and <c>entraguard journal --format json</c> (both, merged) use the same names.
    /// </summary>
    public static class JournalRecordJson
    {
        internal const string JournalId = "journalId";
        internal const string Phase = "phase";
        internal const string Time = "time";
        internal const string CompletedTime = "completedTime";
        internal const string Status = "status";
        internal const string Detail = "detail";
        internal const string ErrorKind = "errorKind";
        internal const string Settles = "settles";
        internal const string SettledBy = "settledBy";
        internal const string Action = "action";
        internal const string TenantId = "tenantId";
        internal const string ConnectedAs = "connectedAs";
        internal const string Operator = "operator";
        internal const string Target = "target";
        internal const string TargetType = "type";
        internal const string TargetIdentifier = "id";
        internal const string TargetName = "name";
        internal const string Calls = "calls";
        internal const string PriorState = "priorState";
        internal const string CorrelationId = "correlationId";
        internal const string RiskEventId = "riskEventId";

        /// <summary>A whole record, description and outcome, as one JSON object.</summary>
        public static void Write(Utf8JsonWriter json, JournalRecord record)
        {
            json.WriteStartObject();
            json.WriteString(JournalId, record.JournalId);
            json.WriteString(Time, record.Time.UtcDateTime);
            if (record.CompletedTime is { } completed)
                json.WriteString(CompletedTime, completed.UtcDateTime);
            WriteOutcome(json, record);
            WriteDescription(json, record);
            json.WriteEndObject();
        }

        internal static void WriteOutcome(Utf8JsonWriter json, JournalRecord record)
        {
            json.WriteString(Status, record.Status.ToString());
            Optional(json, Detail, record.Detail);
            Optional(json, ErrorKind, record.ErrorKind);
            if (record.Settles.Count > 0)
                Strings(json, Settles, record.Settles);
            Optional(json, SettledBy, record.SettledBy);
        }

        internal static void WriteDescription(Utf8JsonWriter json, JournalRecord record)
        {
            json.WriteString(Action, record.Action.ToString());
            Optional(json, TenantId, record.TenantId);
            Optional(json, ConnectedAs, record.ConnectedAs);
            Optional(json, Operator, record.Operator);
            json.WriteStartObject(Target);
            json.WriteString(TargetType, record.TargetType);
            json.WriteString(TargetIdentifier, record.TargetId);
            Optional(json, TargetName, record.TargetName);
            json.WriteEndObject();
            Strings(json, Calls, record.Calls);
            if (record.PriorState != null)
            {
                json.WritePropertyName(PriorState);
                json.WriteRawValue(record.PriorState, skipInputValidation: false);
            }
            Optional(json, CorrelationId, record.CorrelationId);
            Optional(json, RiskEventId, record.RiskEventId);
        }

        private static void Strings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
        {
            json.WriteStartArray(name);
            foreach (var value in values)
                json.WriteStringValue(value);
            json.WriteEndArray();
        }

        private static void Optional(Utf8JsonWriter json, string name, string? value)
        {
            if (value != null)
                json.WriteString(name, value);
        }
    }
}

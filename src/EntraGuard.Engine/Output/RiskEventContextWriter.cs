using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using EntraGuard.Investigation;

namespace EntraGuard.Output
{
    /// <summary>
    /// Risk-event contexts as text: a table (one line a risk event with its headline facts), JSON lines (every key,
    /// null where unknown) or a markdown case report to paste into a ticket. Every host writes contexts through this.
    /// </summary>
    public static class RiskEventContextWriter
    {
        public const string Table = "table";
        public const string Json = "json";
        public const string Markdown = "markdown";

        public static void Write(
            string format,
            IReadOnlyList<RiskEventContext> contexts,
            TextWriter output,
            int? width = null
        )
        {
            switch (format)
            {
                case Json:
                    WriteJsonLines(contexts, output);
                    break;
                case Markdown:
                    WriteMarkdown(contexts, output);
                    break;
                default:
                    WriteTable(contexts, output, width);
                    break;
            }
        }

        private static string Time(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        private static string Fact(bool? value) =>
            value switch
            {
                true => "yes",
                false => "no",
                _ => "unknown",
            };

        private static void WriteTable(IReadOnlyList<RiskEventContext> contexts, TextWriter output, int? width)
        {
            if (contexts.Count == 0)
            {
                output.WriteLine("No risk events to investigate.");
                return;
            }
            var header = new[]
            {
                "Time (UTC)",
                "Rule",
                "Actor",
                "Target",
                "Credential used",
                "New addresses",
                "Scripting",
                "Related",
            };
            var rows = contexts
                .Select(c =>
                    new[]
                    {
                        c.TimeGenerated.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                        c.RuleId,
                        c.ActorName ?? "",
                        c.TargetName ?? "",
                        c.CredentialKeyId is null ? "" : Fact(c.CredentialUsed),
                        c.ActorNewIpAddresses is null ? "unknown" : string.Join(" ", c.ActorNewIpAddresses),
                        Fact(c.ActorScriptingClient),
                        (c.RelatedEventIds.Count + c.RelatedEventIdsNotListed).ToString(CultureInfo.InvariantCulture),
                    }
                )
                .ToList();
            TextTable.Write(header, rows, output, width);
        }

        private static void WriteJsonLines(IReadOnlyList<RiskEventContext> contexts, TextWriter output) =>
            JsonLines.Write(contexts, output, Write);

        private static void Write(Utf8JsonWriter json, RiskEventContext c)
        {
            json.WriteStartObject();
            json.WriteString("RiskEventId", c.RiskEventId);
            json.WriteString("RuleId", c.RuleId);
            Text(json, "RuleName", c.RuleName);
            json.WriteString("TimeGenerated", Time(c.TimeGenerated));
            Text(json, "ActorName", c.ActorName);
            Text(json, "TargetName", c.TargetName);
            Strings(json, "EventIds", c.EventIds);
            json.WriteString("Summary", c.Summary);
            Text(json, "CredentialKeyId", c.CredentialKeyId);
            Text(json, "CredentialType", c.CredentialType);
            Text(json, "CredentialEndDateTime", c.CredentialEndDateTime is { } end ? Time(end) : null);
            Number(json, "CredentialLifetimeDays", c.CredentialLifetimeDays);
            Boolean(json, "CredentialLongLived", c.CredentialLongLived);
            Boolean(json, "CredentialUsed", c.CredentialUsed);
            Number(json, "CredentialSignInCount", c.CredentialSignInCount);
            Text(json, "CredentialFirstUsed", c.CredentialFirstUsed is { } first ? Time(first) : null);
            Text(json, "CredentialLastUsed", c.CredentialLastUsed is { } last ? Time(last) : null);
            Strings(json, "CredentialIpAddresses", c.CredentialIpAddresses);
            Number(json, "ActorSignInCount", c.ActorSignInCount);
            Strings(json, "ActorIpAddresses", c.ActorIpAddresses);
            Strings(json, "ActorNewIpAddresses", c.ActorNewIpAddresses);
            Strings(json, "ActorUserAgents", c.ActorUserAgents);
            Boolean(json, "ActorScriptingClient", c.ActorScriptingClient);
            Number(json, "ActorFailedSignIns", c.ActorFailedSignIns);
            Number(json, "ActorPriorSameActivityCount", c.ActorPriorSameActivityCount);
            Strings(json, "RelatedEventIds", c.RelatedEventIds);
            json.WriteNumber("RelatedEventIdsNotListed", c.RelatedEventIdsNotListed);
            Strings(json, "ReachApplicationPermissions", c.ReachApplicationPermissions);
            Strings(json, "ReachDelegatedGrants", c.ReachDelegatedGrants);
            Strings(json, "ReachDirectoryRoles", c.ReachDirectoryRoles);
            Strings(json, "TargetRolesViaGroups", c.TargetRolesViaGroups);
            Strings(json, "TargetEligibleRoles", c.TargetEligibleRoles);
            Boolean(json, "TargetPrivileged", c.TargetPrivileged);
            Strings(json, "ReachHighImpact", c.ReachHighImpact);
            json.WriteEndObject();
        }

        /// <summary>One section a risk event: the summary, the facts (unknown said as such), the evidence and the
        /// trail.</summary>
        private static void WriteMarkdown(IReadOnlyList<RiskEventContext> contexts, TextWriter output)
        {
            output.WriteLine("# EntraGuard investigation");
            foreach (var c in contexts)
            {
                output.WriteLine();
                output.WriteLine(
                    $"## {c.RuleId} {c.RuleName}: {c.ActorName} → {c.TargetName} ({Time(c.TimeGenerated)})"
                );
                output.WriteLine();
                output.WriteLine(c.Summary);
                output.WriteLine();
                output.WriteLine("| fact | value |");
                output.WriteLine("|---|---|");
                if (c.CredentialKeyId != null)
                {
                    Row(output, "Credential", $"{c.CredentialType} {c.CredentialKeyId}");
                    Row(
                        output,
                        "Valid until",
                        c.CredentialEndDateTime is { } end
                            ? $"{Time(end)} ({c.CredentialLifetimeDays} days"
                                + (c.CredentialLongLived == true ? ", long-lived)" : ")")
                            : "unknown"
                    );
                    Row(
                        output,
                        "Credential used",
                        Fact(c.CredentialUsed)
                            + (
                                c.CredentialUsed == true
                                    ? $" ({c.CredentialSignInCount} sign-ins, {Time(c.CredentialFirstUsed!.Value)} "
                                        + $"– {Time(c.CredentialLastUsed!.Value)}, "
                                        + $"from {string.Join(", ", c.CredentialIpAddresses!)})"
                                    : ""
                            )
                    );
                }
                Row(
                    output,
                    "Actor sign-ins in the window",
                    c.ActorSignInCount?.ToString(CultureInfo.InvariantCulture) ?? "unknown"
                );
                Row(
                    output,
                    "New addresses",
                    c.ActorNewIpAddresses is null ? "unknown" : string.Join(", ", c.ActorNewIpAddresses)
                );
                Row(
                    output,
                    "Failed sign-ins",
                    c.ActorFailedSignIns?.ToString(CultureInfo.InvariantCulture) ?? "unknown"
                );
                Row(output, "Scripting client", Fact(c.ActorScriptingClient));
                Row(
                    output,
                    "Done before by the actor",
                    c.ActorPriorSameActivityCount?.ToString(CultureInfo.InvariantCulture) ?? "unknown"
                );
                Row(
                    output,
                    "Target privileged",
                    Fact(c.TargetPrivileged)
                        + (c.ReachHighImpact is { Count: > 0 } why ? $" ({string.Join(", ", why)})" : "")
                );
                Row(output, "Risk event", c.RiskEventId);
                Row(output, "Evidence", string.Join(", ", c.EventIds));
                Row(
                    output,
                    "Related events",
                    c.RelatedEventIds.Count == 0 ? "none"
                        : c.RelatedEventIdsNotListed == 0 ? string.Join(", ", c.RelatedEventIds)
                        : $"{string.Join(", ", c.RelatedEventIds)} and {c.RelatedEventIdsNotListed} more"
                );
            }
        }

        private static void Row(TextWriter output, string fact, string value) =>
            output.WriteLine($"| {fact} | {value.Replace("|", "\\|")} |");

        private static void Text(Utf8JsonWriter json, string name, string? value)
        {
            if (value is null)
                json.WriteNull(name);
            else
                json.WriteString(name, value);
        }

        private static void Boolean(Utf8JsonWriter json, string name, bool? value)
        {
            if (value is { } known)
                json.WriteBoolean(name, known);
            else
                json.WriteNull(name);
        }

        private static void Number(Utf8JsonWriter json, string name, int? value)
        {
            if (value is { } known)
                json.WriteNumber(name, known);
            else
                json.WriteNull(name);
        }

        private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string>? values)
        {
            if (values is null)
            {
                json.WriteNull(name);
                return;
            }
            json.WriteStartArray(name);
            foreach (var value in values)
                json.WriteStringValue(value);
            json.WriteEndArray();
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using EntraGuard.Investigation;
using EntraGuard.Posture;

namespace EntraGuard.Output
{
    /// <summary>
    /// A report as one self-contained HTML file: inline CSS and SVG, a few lines of inline script (sorting and
    /// filtering the findings), nothing fetched, so it opens offline and can be mailed. Every value that came from
    /// data is HTML-encoded (actor names and user agents are attacker-controlled), and the page's content security
    /// policy lets only its own script run (by hash) and loads nothing else. Both hosts write reports through this.
    /// </summary>
    public static class HtmlReportWriter
    {
        private static readonly Severity[] SeveritiesDescending = Enum.GetValues(typeof(Severity))
            .Cast<Severity>()
            .OrderByDescending(s => s)
            .ToArray();

        private static readonly Regex MitreId = new(@"^T(A)?\d{4}(\.\d{3})?$", RegexOptions.CultureInvariant);

        public static void Write(ReportContent report, TextWriter output)
        {
            var html = new StringBuilder();
            var findings = report.Findings.OrderByDescending(f => f.TimeGenerated).ToList();
            var contexts = new Dictionary<string, RiskEventContext>(StringComparer.Ordinal);
            foreach (var context in report.Contexts)
                contexts[context.RiskEventId] = context;
            html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .Append("style-src 'unsafe-inline'; img-src data:; script-src 'sha256-")
                .Append(ScriptHash)
                .Append("'\">\n");
            html.Append("<title>").Append(Encode(report.Title)).Append("</title>\n");
            html.Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
            html.Append("<header><h1>").Append(Encode(report.Title)).Append("</h1><p class=\"muted\">Generated ");
            html.Append(Encode(Time(report.GeneratedAt))).Append(" from ").Append(Encode(report.Source));
            html.Append("</p></header>\n<main>\n");
            WriteSummary(html, report, findings, contexts);
            WriteTimeline(html, report, findings);
            WriteFindings(html, findings, contexts);
            if (report.Posture is { } posture)
                WritePosture(html, posture);
            html.Append("</main>\n<script>").Append(Script).Append("</script>\n</body>\n</html>\n");
            output.Write(html.ToString());
        }

        /// <summary>
        /// Writes the report to a file: beside it first, then in its place, so a failed run never leaves half a
        /// report (an earlier report stays as it was).
        /// </summary>
        public static void WriteFile(ReportContent report, string path)
        {
            var partial = path + ".partial";
            try
            {
                using (var writer = new StreamWriter(partial, append: false, new UTF8Encoding(false)))
                    Write(report, writer);
                if (File.Exists(path))
                    File.Replace(partial, path, null);
                else
                    File.Move(partial, path);
            }
            finally
            {
                File.Delete(partial);
            }
        }

        private static void WriteSummary(
            StringBuilder html,
            ReportContent report,
            IReadOnlyList<RiskEvent> findings,
            IReadOnlyDictionary<string, RiskEventContext> contexts
        )
        {
            var reported = findings.Count(f => !f.Suppressed);
            html.Append("<section id=\"summary\"><h2>Summary</h2>\n<div class=\"cards\">\n");
            Card(html, "events", "Events read", report.EventsRead is { } read ? Number(read) : "not known");
            Card(html, "findings", "Findings", Number(reported));
            Card(html, "suppressed", "Suppressed", Number(report.SuppressedCount));
            Card(html, "gaps", "Uncovered hours", Number(report.CoverageGaps.Sum(g => (g.End - g.Start).TotalHours)));
            if (contexts.Count > 0)
                Card(
                    html,
                    "investigated",
                    "Investigated",
                    Number(findings.Count(f => contexts.ContainsKey(f.RiskEventId)))
                );
            html.Append("</div>\n<dl>\n");
            var range =
                report.DataStart is { } start && report.DataEnd is { } end
                    ? $"{Time(start)} to {Time(end)}" + (report.EventsRead is null ? " (the findings' span)" : "")
                    : "no events";
            Term(html, "Time range (UTC)", range);
            if (report.EventsRead is null)
            {
                Term(html, "Events", "not known: the findings were given without the audit events behind them");
            }
            if (report.BelowMinimumSeverityCount > 0)
                Term(html, "Below the minimum severity", Number(report.BelowMinimumSeverityCount));
            html.Append("</dl>\n");
            if (report.CoverageGaps.Count > 0)
            {
                html.Append("<h3>Coverage gaps</h3>\n<p>No file covers these hours inside the range read; ")
                    .Append("findings over this history miss what happened then.</p>\n<ul id=\"coverage-gaps\">\n");
                foreach (var (gapStart, gapEnd) in report.CoverageGaps)
                {
                    var hours = (gapEnd - gapStart).TotalHours;
                    html.Append("<li>")
                        .Append(Encode($"{Time(gapStart)} to {Time(gapEnd)} ({Number(hours)} hour(s))"))
                        .Append("</li>\n");
                }
                html.Append("</ul>\n");
            }
            var warnings = report
                .Warnings.Concat(new[] { report.DescribeUnmatchedContexts() }.OfType<string>())
                .ToList();
            if (warnings.Count > 0)
            {
                html.Append("<h3>Warnings</h3>\n<ul id=\"warnings\">\n");
                foreach (var warning in warnings)
                    html.Append("<li>").Append(Encode(warning)).Append("</li>\n");
                html.Append("</ul>\n");
            }
            WriteBySeverity(html, findings);
            WriteByRule(html, findings);
            html.Append("</section>\n");
        }

        private static void WriteBySeverity(StringBuilder html, IReadOnlyList<RiskEvent> findings)
        {
            html.Append("<h3>Findings by severity</h3>\n<table id=\"by-severity\" class=\"compact\">")
                .Append("<thead><tr><th>Severity</th><th>Findings</th></tr></thead><tbody>\n");
            foreach (var severity in SeveritiesDescending)
            {
                var count = findings.Count(f => !f.Suppressed && f.Severity == severity);
                html.Append("<tr><td>")
                    .Append(SeverityBadge(severity))
                    .Append("</td><td class=\"num\" data-severity=\"")
                    .Append(severity.ToName())
                    .Append("\">")
                    .Append(Number(count))
                    .Append("</td></tr>\n");
            }
            html.Append("</tbody></table>\n");
        }

        private static void WriteByRule(StringBuilder html, IReadOnlyList<RiskEvent> findings)
        {
            var byRule = findings
                .Where(f => !f.Suppressed)
                .GroupBy(f => f.RuleId, StringComparer.Ordinal)
                .Select(g => (First: g.First(), Count: g.Count()))
                .OrderByDescending(r => r.First.Severity)
                .ThenByDescending(r => r.Count)
                .ThenBy(r => r.First.RuleId, StringComparer.Ordinal)
                .ToList();
            if (byRule.Count == 0)
                return;
            html.Append("<h3>Findings by rule</h3>\n<table id=\"by-rule\" class=\"compact\"><thead><tr>")
                .Append("<th>Rule</th><th>Name</th><th>Severity</th><th>Findings</th></tr></thead><tbody>\n");
            foreach (var (first, count) in byRule)
            {
                html.Append("<tr><td>")
                    .Append(Encode(first.RuleId))
                    .Append("</td><td>")
                    .Append(Encode(first.RuleName))
                    .Append("</td><td>")
                    .Append(SeverityBadge(first.Severity))
                    .Append("</td><td class=\"num\">")
                    .Append(Number(count))
                    .Append("</td></tr>\n");
            }
            html.Append("</tbody></table>\n");
        }

        /// <summary>
        /// Events (when known) and findings per UTC day as bars, each day with a tooltip of its counts. Days between
        /// the first and the last are all drawn, so a quiet or missing day shows as a gap.
        /// </summary>
        private static void WriteTimeline(StringBuilder html, ReportContent report, IReadOnlyList<RiskEvent> findings)
        {
            var events = report.EventsPerDay.ToDictionary(d => d.Key, d => d.Value);
            var found = findings
                .Where(f => !f.Suppressed)
                .GroupBy(f => f.TimeGenerated.UtcDateTime.Date)
                .ToDictionary(g => g.Key, g => g.LongCount());
            var days = events.Keys.Concat(found.Keys).ToList();
            if (days.Count == 0)
                return;
            var first = days.Min();
            var count = (int)(days.Max() - first).TotalDays + 1;
            const double width = 960,
                eventsHeight = 120,
                findingsHeight = 60,
                axis = 18;
            var slot = width / count;
            var bar = Math.Max(1, slot * 0.8);
            var mostEvents = Math.Max(1, events.Values.DefaultIfEmpty(0).Max());
            var mostFindings = Math.Max(1, found.Values.DefaultIfEmpty(0).Max());
            var height = eventsHeight + findingsHeight + axis + 8;
            html.Append("<section id=\"timeline\"><h2>Timeline</h2>\n<p class=\"muted\">Per UTC day: ")
                .Append(events.Count > 0 ? "audit events read (upper bars) and " : "")
                .Append("findings (lower bars). Hover a bar for its counts.</p>\n")
                .Append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Events and findings per ")
                .Append("day\" width=\"100%\" viewBox=\"0 0 ")
                .Append(Coordinate(width))
                .Append(' ')
                .Append(Coordinate(height))
                .Append("\" preserveAspectRatio=\"none\" style=\"height:")
                .Append(Coordinate(height))
                .Append("px\">\n");
            for (var i = 0; i < count; i++)
            {
                var day = first.AddDays(i);
                events.TryGetValue(day, out var eventCount);
                found.TryGetValue(day, out var findingCount);
                var x = i * slot;
                var label =
                    $"{day:yyyy-MM-dd}: "
                    + (events.Count > 0 ? $"{Number(eventCount)} event(s), " : "")
                    + $"{Number(findingCount)} finding(s)";
                html.Append("<g class=\"day\" data-day=\"")
                    .Append(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                    .Append("\" data-events=\"")
                    .Append(eventCount.ToString(CultureInfo.InvariantCulture))
                    .Append("\" data-findings=\"")
                    .Append(findingCount.ToString(CultureInfo.InvariantCulture))
                    .Append("\"><title>")
                    .Append(Encode(label))
                    .Append("</title>");
                var eventBar = eventsHeight * eventCount / mostEvents;
                var findingBar = findingsHeight * findingCount / mostFindings;
                Rect(html, "bg", x, 0, slot, eventsHeight + findingsHeight);
                if (eventCount > 0)
                    Rect(html, "ev", x, eventsHeight - eventBar, bar, eventBar);
                if (findingCount > 0)
                    Rect(html, "fi", x, eventsHeight + 4, bar, findingBar);
                html.Append("</g>\n");
            }
            var labels = Math.Max(1, count / 8);
            for (var i = 0; i < count; i += labels)
            {
                html.Append("<text x=\"")
                    .Append(Coordinate(i * slot))
                    .Append("\" y=\"")
                    .Append(Coordinate(height - 4))
                    .Append("\">")
                    .Append(first.AddDays(i).ToString("MM-dd", CultureInfo.InvariantCulture))
                    .Append("</text>");
            }
            html.Append("\n</svg>\n</section>\n");
        }

        private static void Rect(StringBuilder html, string cssClass, double x, double y, double w, double h) =>
            html.Append("<rect class=\"")
                .Append(cssClass)
                .Append("\" x=\"")
                .Append(Coordinate(x))
                .Append("\" y=\"")
                .Append(Coordinate(y))
                .Append("\" width=\"")
                .Append(Coordinate(w))
                .Append("\" height=\"")
                .Append(Coordinate(h))
                .Append("\"/>");

        private static void WriteFindings(
            StringBuilder html,
            IReadOnlyList<RiskEvent> findings,
            IReadOnlyDictionary<string, RiskEventContext> contexts
        )
        {
            html.Append("<section id=\"findings\"><h2>Findings</h2>\n");
            if (findings.Count == 0)
            {
                html.Append("<p id=\"no-findings\">No findings.</p>\n</section>\n");
                return;
            }
            html.Append("<div class=\"filters\"><input id=\"filter\" type=\"search\" placeholder=\"Filter findings ")
                .Append("(actor, target, rule, …)\" aria-label=\"Filter findings\"> <select id=\"severity-filter\" ")
                .Append("aria-label=\"Minimum severity\"><option value=\"0\">every severity</option>");
            foreach (var severity in SeveritiesDescending.Where(s => s > Severity.Informational).OrderBy(s => s))
            {
                html.Append("<option value=\"")
                    .Append((int)severity)
                    .Append("\">")
                    .Append(severity.ToName())
                    .Append(" and above</option>");
            }
            html.Append("</select> <span id=\"shown\"></span></div>\n")
                .Append("<table id=\"findings-table\" class=\"sortable\"><thead><tr>")
                .Append("<th data-type=\"text\">Time (UTC)</th><th data-type=\"text\">Rule</th>")
                .Append("<th data-type=\"num\">Severity</th><th data-type=\"num\">Score</th>")
                .Append("<th data-type=\"text\">Actor</th><th data-type=\"text\">Target</th>")
                .Append("<th data-type=\"text\">Name</th></tr></thead>\n<tbody>\n");
            for (var i = 0; i < findings.Count; i++)
            {
                var f = findings[i];
                html.Append("<tr class=\"finding")
                    .Append(f.Suppressed ? " suppressed" : "")
                    .Append("\" data-severity=\"")
                    .Append((int)f.Severity)
                    .Append("\" data-rule=\"")
                    .Append(Encode(f.RuleId))
                    .Append("\"><td>")
                    .Append(Encode(Time(f.TimeGenerated)))
                    .Append("</td><td><a href=\"#f")
                    .Append(i)
                    .Append("\">")
                    .Append(Encode(f.RuleId))
                    .Append("</a></td><td data-value=\"")
                    .Append((int)f.Severity)
                    .Append("\">")
                    .Append(SeverityBadge(f.Severity))
                    .Append(f.Suppressed ? " <span class=\"tag\">suppressed</span>" : "")
                    .Append("</td><td class=\"num\">")
                    .Append(f.RiskScore.ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td>")
                    .Append(Encode(f.ActorName ?? f.ActorId ?? ""))
                    .Append(
                        contexts.TryGetValue(f.RiskEventId, out var context)
                        && context.ActorNewIpAddresses is { Count: > 0 }
                            ? " <span class=\"tag new\">new address</span>"
                            : ""
                    )
                    .Append("</td><td>")
                    .Append(Encode(f.TargetName ?? f.TargetId ?? ""))
                    .Append("</td><td>")
                    .Append(Encode(f.RuleName))
                    .Append("</td></tr>\n");
            }
            html.Append("</tbody></table>\n<h3>Details</h3>\n");
            for (var i = 0; i < findings.Count; i++)
                WriteFindingDetail(
                    html,
                    findings[i],
                    i,
                    contexts.TryGetValue(findings[i].RiskEventId, out var c) ? c : null
                );
            html.Append("</section>\n");
        }

        private static void WriteFindingDetail(StringBuilder html, RiskEvent f, int index, RiskEventContext? context)
        {
            html.Append("<details class=\"detail\" id=\"f")
                .Append(index)
                .Append("\"><summary>")
                .Append(SeverityBadge(f.Severity))
                .Append(' ')
                .Append(Encode($"{f.RuleId} {f.RuleName}: {f.ActorName ?? f.ActorId ?? "(unknown)"}"))
                .Append(" → ")
                .Append(Encode(f.TargetName ?? f.TargetId ?? "(none)"))
                .Append(" <span class=\"muted\">")
                .Append(Encode(Time(f.TimeGenerated)))
                .Append("</span></summary>\n<dl>\n");
            Term(html, "Risk event id", f.RiskEventId);
            Term(html, "Score", f.RiskScore.ToString(CultureInfo.InvariantCulture));
            var actor = string.Join(
                ", ",
                new[] { f.ActorName, f.ActorId, f.ActorType.ToString(), f.AppId is null ? null : "app " + f.AppId }
                    .Where(v => !string.IsNullOrEmpty(v))
                    .Distinct(StringComparer.Ordinal)
            );
            Term(html, "Actor", actor);
            if (f.IpAddress is { } ip)
                Term(html, "IP address", ip);
            if (f.UserAgent is { } agent)
                Term(html, "User agent", agent);
            if (f.Targets.Count > 0)
            {
                Term(
                    html,
                    "Targets",
                    string.Join(
                        "; ",
                        f.Targets.Select(t => $"{t} ({t.Type ?? "?"}{(t.Id is null ? "" : ", " + t.Id)})")
                    )
                );
            }
            Term(html, "Evidence (audit event ids)", string.Join(", ", f.EventIds));
            if (f.HistoryComplete == false)
            {
                Term(html, "History", "incomplete: the data did not reach back the whole history window");
            }
            if (f.Suppressed)
                Term(html, "Suppressed", f.SuppressionJustification ?? "yes");
            html.Append("<dt>MITRE ATT&amp;CK</dt><dd>");
            var mitre = f.Tactics.Concat(f.Techniques).ToList();
            html.Append(mitre.Count == 0 ? "none" : string.Join(", ", mitre.Select(MitreLink)));
            html.Append("</dd>\n");
            if (f.SuggestedResponse is { } response)
            {
                var keys = ResponderKeys(f).Select(k => $"{k.Name}={k.Value}").ToList();
                Term(
                    html,
                    "Suggested response",
                    response + (keys.Count == 0 ? "" : $" (binds {string.Join(", ", keys)} from the finding)")
                );
            }
            html.Append("</dl>\n");
            if (context != null)
                WriteContext(html, context);
            List(html, "Investigation", f.InvestigationSteps);
            List(html, "Known false positives", f.FalsePositives);
            html.Append("</details>\n");
        }

        /// <summary>
        /// What an investigation found around the finding: its summary, then its facts in groups by the word they
        /// start with (Credential, Actor, Related, Reach). The facts are the context's properties, read by
        /// reflection so a fact the investigation learns to state shows here unchanged; unknown (null) says so.
        /// </summary>
        private static void WriteContext(StringBuilder html, RiskEventContext context)
        {
            html.Append("<div class=\"investigation\"><h4>What the data says</h4><p class=\"context-summary\">")
                .Append(Encode(context.Summary))
                .Append("</p>\n");
            var facts = ContextFacts
                .Where(p =>
                    context.CredentialKeyId != null || !p.Name.StartsWith("Credential", StringComparison.Ordinal)
                )
                .GroupBy(p =>
                    FactGroups.FirstOrDefault(g => p.Name.StartsWith(g.Prefix, StringComparison.Ordinal)).Heading
                    ?? "Other"
                );
            foreach (var group in facts)
            {
                html.Append("<h5>").Append(Encode(group.Key)).Append("</h5><dl>\n");
                foreach (var property in group)
                {
                    html.Append("<dt>")
                        .Append(Encode(FactLabel(property.Name)))
                        .Append("</dt><dd>")
                        .Append(FactValue(context, property))
                        .Append("</dd>\n");
                }
                html.Append("</dl>\n");
            }
            html.Append("</div>\n");
        }

        private static readonly (string Prefix, string Heading)[] FactGroups =
        {
            ("Credential", "Credential use"),
            ("Actor", "Actor"),
            ("Related", "Related events"),
            ("Reach", "Reach"),
            ("Target", "Reach"),
        };

        // Shown with the finding itself, or folded into another fact (new addresses are marked among the actor's).
        private static readonly HashSet<string> FactsShownElsewhere = new(StringComparer.Ordinal)
        {
            nameof(RiskEventContext.RiskEventId),
            nameof(RiskEventContext.RuleId),
            nameof(RiskEventContext.RuleName),
            nameof(RiskEventContext.TimeGenerated),
            nameof(RiskEventContext.ActorName),
            nameof(RiskEventContext.TargetName),
            nameof(RiskEventContext.EventIds),
            nameof(RiskEventContext.Summary),
            nameof(RiskEventContext.ActorNewIpAddresses),
            nameof(RiskEventContext.RelatedEventIdsNotListed),
        };

        private static readonly PropertyInfo[] ContextFacts = typeof(RiskEventContext)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => !FactsShownElsewhere.Contains(p.Name))
            .OrderBy(p => p.MetadataToken)
            .ToArray();

        /// <summary>A property name in words: ActorIpAddresses → "Actor IP addresses".</summary>
        private static string FactLabel(string name)
        {
            var words = Regex.Replace(name, "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant();
            words = Regex.Replace(words, @"\bip\b", "IP").Replace("sign in", "sign-in");
            return char.ToUpperInvariant(words[0]) + words.Substring(1);
        }

        /// <summary>A fact's value as HTML: unknown, yes/no, a count, a time, a list (new addresses marked).</summary>
        private static string FactValue(RiskEventContext context, PropertyInfo property)
        {
            var value = property.GetValue(context);
            switch (value)
            {
                case null:
                    return "<span class=\"unknown\">unknown</span>";
                case bool known:
                    return known ? "yes" : "no";
                case int count:
                    return Number(count);
                case DateTimeOffset time:
                    return Encode(Time(time));
                case IEnumerable<string> items:
                    var list = items.ToList();
                    var more =
                        property.Name == nameof(RiskEventContext.RelatedEventIds)
                        && context.RelatedEventIdsNotListed > 0
                            ? $" and {Number(context.RelatedEventIdsNotListed)} more"
                            : "";
                    if (list.Count == 0)
                        return "none" + more;
                    var isNew =
                        property.Name == nameof(RiskEventContext.ActorIpAddresses)
                            ? new HashSet<string>(
                                context.ActorNewIpAddresses ?? Array.Empty<string>(),
                                StringComparer.Ordinal
                            )
                            : null;
                    return string.Join(
                            ", ",
                            list.Select(item =>
                                Encode(item)
                                + (isNew?.Contains(item) == true ? " <span class=\"tag new\">new</span>" : "")
                            )
                        ) + Encode(more);
                default:
                    return Encode(Convert.ToString(value, CultureInfo.InvariantCulture));
            }
        }

        private static IEnumerable<(string Name, string Value)> ResponderKeys(RiskEvent f)
        {
            var keys = new (string Name, string? Value)[]
            {
                (nameof(f.ServicePrincipalId), f.ServicePrincipalId),
                (nameof(f.ApplicationId), f.ApplicationId),
                (nameof(f.KeyId), f.KeyId),
                (nameof(f.UserId), f.UserId),
                (nameof(f.GroupId), f.GroupId),
                (nameof(f.MemberId), f.MemberId),
            };
            return keys.Where(k => k.Value != null).Select(k => (k.Name, k.Value!));
        }

        private static void WritePosture(StringBuilder html, PostureReport posture)
        {
            var results = posture.Results;
            html.Append("<section id=\"posture\"><h2>Posture</h2>\n<p class=\"muted\">");
            html.Append(
                Encode(
                    $"{results.Count} check(s) evaluated {Time(posture.EvaluatedAt)}"
                        + (posture.TenantId is null ? "" : $" for tenant {posture.TenantId}")
                )
            );
            html.Append("</p>\n<div class=\"cards\">\n");
            foreach (PostureStatus status in Enum.GetValues(typeof(PostureStatus)))
            {
                var id = "posture-" + status.ToString().ToLowerInvariant();
                Card(html, id, StatusName(status), Number(results.Count(r => r.Result == status)));
            }
            html.Append("</div>\n<table id=\"posture-table\" class=\"sortable\"><thead><tr>")
                .Append("<th data-type=\"text\">Check</th><th data-type=\"num\">Severity</th>")
                .Append("<th data-type=\"text\">Result</th><th data-type=\"text\">Title</th>")
                .Append("<th data-type=\"num\">Findings</th></tr></thead>\n<tbody>\n");
            foreach (var result in results)
            {
                html.Append("<tr class=\"check ")
                    .Append(result.Result.ToString().ToLowerInvariant())
                    .Append("\"><td><a href=\"#")
                    .Append(Encode(Anchor(result.CheckId)))
                    .Append("\">")
                    .Append(Encode(result.CheckId))
                    .Append("</a></td><td data-value=\"")
                    .Append((int)result.Severity)
                    .Append("\">")
                    .Append(SeverityBadge(result.Severity))
                    .Append("</td><td class=\"status\">")
                    .Append(StatusName(result.Result))
                    .Append("</td><td>")
                    .Append(Encode(result.Title))
                    .Append("</td><td class=\"num\">")
                    .Append(Number(result.Findings.Count))
                    .Append("</td></tr>\n");
            }
            html.Append("</tbody></table>\n");
            foreach (var result in results)
            {
                html.Append("<details class=\"detail\" id=\"")
                    .Append(Encode(Anchor(result.CheckId)))
                    .Append('"')
                    .Append(result.IsFailure ? " open" : "")
                    .Append("><summary>")
                    .Append(Encode($"{result.CheckId} {StatusName(result.Result)}: {result.Title}"))
                    .Append("</summary>\n<dl>\n");
                Term(html, "Reason", result.Reason);
                Term(html, "Category", result.Category);
                if (result.Change is { } change)
                    Term(html, "Since the baseline", change.ToString());
                if (result.IsFailure)
                    Term(html, "Remediation", result.Remediation);
                html.Append("</dl>\n");
                List(html, "Evidence", result.Evidence);
                List(
                    html,
                    "Findings",
                    result.Findings.Select(finding =>
                        $"{finding.TargetName ?? finding.TargetId} ({finding.TargetType}): {finding.Detail}"
                        + (
                            finding.AcceptedDeviation is { } deviation
                                ? $" (accepted until {deviation.Expires:yyyy-MM-dd}: {deviation.Justification})"
                                : ""
                        )
                    )
                );
                html.Append("</details>\n");
            }
            html.Append("</section>\n");
        }

        private static string StatusName(PostureStatus status) =>
            status == PostureStatus.NotApplicable ? "Not applicable" : status.ToString();

        private static string Anchor(string checkId) => "check-" + checkId;

        private static void Card(StringBuilder html, string id, string label, string value) =>
            html.Append("<div class=\"card\" id=\"card-")
                .Append(id)
                .Append("\"><div class=\"value\">")
                .Append(Encode(value))
                .Append("</div><div class=\"label\">")
                .Append(Encode(label))
                .Append("</div></div>\n");

        private static void Term(StringBuilder html, string term, string value) =>
            html.Append("<dt>").Append(Encode(term)).Append("</dt><dd>").Append(Encode(value)).Append("</dd>\n");

        private static void List(StringBuilder html, string heading, IEnumerable<string> items)
        {
            var list = items.ToList();
            if (list.Count == 0)
                return;
            html.Append("<h4>").Append(Encode(heading)).Append("</h4><ul>");
            foreach (var item in list)
                html.Append("<li>").Append(Encode(item)).Append("</li>");
            html.Append("</ul>\n");
        }

        private static string SeverityBadge(Severity severity) =>
            $"<span class=\"sev sev-{severity.ToName()}\">{severity.ToName()}</span>";

        /// <summary>An ATT&amp;CK id as a link to its page (T1098.001 → techniques/T1098/001).</summary>
        private static string MitreLink(string id)
        {
            if (!MitreId.IsMatch(id))
                return Encode(id);
            var kind = id.StartsWith("TA", StringComparison.Ordinal) ? "tactics" : "techniques";
            return $"<a rel=\"noreferrer\" href=\"https://attack.mitre.org/{kind}/{id.Replace('.', '/')}/\">{id}</a>";
        }

        private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

        private static string Time(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        private static string Number(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

        private static string Coordinate(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

        /// <summary>The script's hash for the content security policy: this script runs, no other.</summary>
        private static readonly string ScriptHash = Sha256(Script);

        private static string Sha256(string text)
        {
            using var sha = SHA256.Create();
            return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
        }

        private const string Style = """
            :root{--fg:#1b1f24;--muted:#5b6570;--line:#d8dee4;--bg:#f6f8fa;--accent:#0b5cad}
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);margin:0}
            header{background:#10243e;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}
            header .muted{color:#c9d4e0}main{padding:8px 28px 40px;max-width:1400px}
            h2{border-bottom:1px solid var(--line);padding-bottom:4px;margin-top:28px}
            .muted{color:var(--muted)}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
            .card{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:10px 16px;min-width:120px}
            .card .value{font-size:24px;font-weight:600}.card .label{color:var(--muted)}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px}dt{font-weight:600}dd{margin:0}
            table{border-collapse:collapse;width:100%;margin:8px 0}table.compact{width:auto}
            th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
            td{overflow-wrap:anywhere}th{background:var(--bg);position:sticky;top:0}
            table.sortable th{cursor:pointer}th.asc::after{content:" ▲"}th.desc::after{content:" ▼"}
            .num{text-align:right}tr.suppressed{color:var(--muted)}a{color:var(--accent)}
            .sev{display:inline-block;border-radius:3px;padding:0 6px;font-size:12px;font-weight:600;color:#fff}
            .sev-critical{background:#8b0000}.sev-high{background:#c62828}.sev-medium{background:#e07b00}
            .sev-low{background:#2e7d32}.sev-informational{background:#546e7a}
            .tag{font-size:12px;border:1px solid var(--line);border-radius:3px;padding:0 4px}
            .tag.new{border-color:#c62828;color:#c62828;font-weight:600}.unknown{color:var(--muted);font-style:italic}
            .investigation{border-left:3px solid var(--accent);padding:2px 12px;margin:8px 0;background:var(--bg)}
            .investigation h5{margin:8px 0 2px;font-size:13px}.context-summary{font-weight:500}
            .filters{margin:8px 0}.filters input{width:320px;padding:4px}
            details.detail{border:1px solid var(--line);border-radius:6px;padding:6px 12px;margin:6px 0}
            details.detail summary{cursor:pointer}details.detail h4{margin:8px 0 2px}
            svg rect.bg{fill:transparent}svg rect.ev{fill:#7aa6d6}svg rect.fi{fill:#c62828}
            svg g.day:hover rect.bg{fill:#eef3f8}svg text{font-size:11px;fill:var(--muted)}
            tr.failed td.status{color:#c62828;font-weight:600}tr.passed td.status{color:#2e7d32}
            """;

        // Sorting by a header click, filtering by text and minimum severity; marks the page ready for tests.
        private const string Script = """
            (function(){
            for(const table of document.querySelectorAll("table.sortable")){
              const heads=table.tHead.rows[0].cells;
              for(let c=0;c<heads.length;c++){heads[c].addEventListener("click",()=>{
                const th=heads[c],asc=!th.classList.contains("asc"),num=th.dataset.type==="num";
                for(const h of heads)h.classList.remove("asc","desc");th.classList.add(asc?"asc":"desc");
                const key=r=>{const d=r.cells[c];const v=d.dataset.value??d.textContent;return num?parseFloat(v):v;};
                const rows=[...table.tBodies[0].rows].sort((a,b)=>{const x=key(a),y=key(b);
                  return (x<y?-1:x>y?1:0)*(asc?1:-1);});
                for(const r of rows)table.tBodies[0].appendChild(r);});}
            }
            const filter=document.getElementById("filter"),severity=document.getElementById("severity-filter");
            const shown=document.getElementById("shown");
            function apply(){
              const text=filter.value.toLowerCase(),floor=parseInt(severity.value,10);let n=0;
              const rows=document.querySelectorAll("#findings-table tbody tr");
              for(const r of rows){const ok=r.textContent.toLowerCase().includes(text)
                &&parseInt(r.dataset.severity,10)>=floor;r.hidden=!ok;if(ok)n++;}
              shown.textContent=n+" of "+rows.length+" shown";
            }
            if(filter){filter.addEventListener("input",apply);severity.addEventListener("change",apply);apply();}
            document.documentElement.dataset.ready="true";
            })();
            """;
    }
}

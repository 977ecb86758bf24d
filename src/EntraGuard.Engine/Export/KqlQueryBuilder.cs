using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using EntraGuard.Detection;
using EntraGuard.Response;

namespace EntraGuard.Export
{
    /// <summary>
    /// Translates one rule into a Kusto query over the Log Analytics <c>AuditLogs</c> table with the engine's
    /// meaning: normalized activity names, the same result filter and predicates (multi-valued target fields match
    /// when any target does), the same derived facts (actor key, group, credential diff) and, per kind, the same
    /// decision: an anti-join for newTerms, a sliding count for threshold, a time-bounded self-join for sequence.
    /// </summary>
    /// <summary>An exported query and the columns it returns.</summary>
    internal sealed class KqlQuery
    {
        public KqlQuery(string text, IReadOnlyList<string> columns)
        {
            Text = text;
            Columns = columns;
        }

        public string Text { get; }
        public IReadOnlyList<string> Columns { get; }
    }

    internal sealed class KqlQueryBuilder
    {
        private const string Indent = "    ";

        private readonly Rule _rule;
        private readonly EntraGuardSettings _settings;
        private readonly List<string> _caveats;

        // Facts the conditions and keys ask for, gathered before the stages that compute them are written.
        private readonly List<string> _propertyAggregates = new();
        private readonly List<string> _propertyColumns = new();
        private readonly List<string> _targetAggregates = new();
        private readonly List<string> _targetColumns = new();
        private readonly List<(string Key, string Column)> _details = new();
        private readonly Dictionary<string, string> _firstValues = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _modifiedColumns = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _pathSteps = new(StringComparer.Ordinal);
        private bool _needsGroup,
            _needsCredential,
            _needsUnquote,
            _needsChangeValues;

        // When every filter asks for the same result, it is tested once, early, before the costly stages.
        private ResultFilter? SharedResult =>
            _rule.Logic.Filters.Select(f => f.Result).Distinct().Count() == 1 ? _rule.Logic.Filters[0].Result : null;
        private int _names;

        private KqlQueryBuilder(Rule rule, EntraGuardSettings settings, List<string> caveats)
        {
            _rule = rule;
            _settings = settings;
            _caveats = caveats;
        }

        /// <summary>
        /// The query for <paramref name="rule"/>: it judges the events of the last <paramref name="runWindow"/> (the
        /// schedule's look-back) and reads as much earlier data as the kind needs. Differences from the engine that
        /// Kusto cannot avoid are added to <paramref name="caveats"/>.
        /// </summary>
        public static KqlQuery Build(
            Rule rule,
            EntraGuardSettings settings,
            TimeSpan runWindow,
            List<string> caveats
        ) => new KqlQueryBuilder(rule, settings, caveats).Build(runWindow);

        /// <summary>How far back a query for this rule reads: the run window plus history or the rule's
        /// window.</summary>
        public static TimeSpan Lookback(Rule rule, EntraGuardSettings settings, TimeSpan runWindow) =>
            rule.Kind switch
            {
                RuleKind.NewTerms => runWindow + TimeSpan.FromDays(HistoryDays(rule, settings)),
                RuleKind.Threshold or RuleKind.Sequence => runWindow + rule.Window!.Value,
                _ => runWindow,
            };

        public static int HistoryDays(Rule rule, EntraGuardSettings settings) =>
            rule.HistoryDays ?? settings.HistoryDays;

        private KqlQuery Build(TimeSpan runWindow)
        {
            var logic = _rule.Logic;
            // Conditions first: translating them registers the facts the stages below must compute.
            var filterConditions = logic.Filters.Select(FilterCondition).ToList();
            var keys = logic.KeyFields.Select(f => Lower(ValueOf(FieldPath.Parse(f.Path)))).ToList();
            // A moving key: each step reads its own fields, joined as Step1Key1 = Step2Key1.
            var stepKeys = logic.KeyMoves
                ? logic
                    .StepKeyFields.Select(step => step.Select(f => Lower(ValueOf(FieldPath.Parse(f.Path)))).ToList())
                    .ToList()
                : null;
            var counted = logic.DistinctField is { } distinct ? Lower(ValueOf(FieldPath.Parse(distinct.Path))) : null;
            var severity = SeverityColumns();
            var projection = Projection();
            if (_rule.Kind == RuleKind.Threshold)
            {
                _caveats.Add(
                    "the engine splits a long run of events into consecutive bursts, one finding each; the query "
                        + "raises one alert per key and run, for the earliest burst that ends in the run"
                );
            }

            var text = new StringBuilder();
            text.Append("// EntraGuard ").Append(_rule.Id).Append(": ").Append(_rule.Name).Append('\n');
            text.Append("// Kind ")
                .Append(KindName(_rule.Kind))
                .Append(", severity ")
                .Append(_rule.Severity.ToName())
                .Append(", risk score ")
                .Append(_rule.RiskScore.ToString(CultureInfo.InvariantCulture))
                .Append(". Exported by EntraGuard (Export-EntraGuardRule); regenerate it rather than edit it.\n");
            text.Append("let runWindow = ").Append(ExportNames.ShortDuration(runWindow)).Append(";\n");
            switch (_rule.Kind)
            {
                case RuleKind.NewTerms:
                    text.Append("let historyWindow = ")
                        .Append(HistoryDays(_rule, _settings).ToString(CultureInfo.InvariantCulture))
                        .Append("d;\n");
                    break;
                case RuleKind.Threshold:
                    text.Append("let window = ").Append(ExportNames.ShortDuration(logic.Window!.Value)).Append(";\n");
                    text.Append("let threshold = ")
                        .Append(logic.Count.ToString(CultureInfo.InvariantCulture))
                        .Append(";\n");
                    break;
                case RuleKind.Sequence:
                    text.Append("let window = ").Append(ExportNames.ShortDuration(logic.Window!.Value)).Append(";\n");
                    break;
            }
            text.Append(
                "// Activity names compared as the engine compares them: dashes as '-', white space collapsed and "
                    + "trimmed, case ignored.\n"
            );
            text.Append(
                "let normalizeActivity = (name: string) { trim(@\"[\\s\\p{Z}]+\", "
                    + "replace_regex(replace_regex(name, @\"[\\x{2010}-\\x{2015}\\x{2212}]\", \"-\"), "
                    + "@\"[\\s\\p{Z}]+\", \" \")) };\n"
            );
            if (_needsUnquote)
            {
                text.Append(
                    "// Modified-property values are often JSON strings (\"\\\"x\\\"\"); the engine compares the "
                        + "unquoted value.\n"
                );
                text.Append(
                    "let unquote = (value: string) { iff(strlen(value) >= 2 and value startswith '\"' and value "
                        + "endswith '\"', tostring(parse_json(value)), value) };\n"
                );
            }
            if (_needsChangeValues)
            {
                text.Append(
                    "// A change condition reads a modified property's old and new values as JSON (lower-cased, so "
                        + "values compare\n// ignoring case; twice when the value is a JSON string holding JSON) and "
                        + "compares them as sets.\n"
                );
                text.Append(
                    "let changeJson = (value: string) { let parsed = parse_json(tolower(value)); "
                        + "iff(gettype(parsed) == \"string\" and tostring(parsed) matches regex @\"^\\s*[\\[{]\", "
                        + "parse_json(tostring(parsed)), parsed) };\n"
                );
                text.Append(
                    "let changeSet = (value: dynamic) { iff(gettype(value) == \"array\", value, "
                        + "iff(isempty(tostring(value)), dynamic([]), pack_array(value))) };\n"
                );
                foreach (var step in _pathSteps)
                    text.Append(PathStepFunction(step.Value, step.Key));
            }
            text.Append("let ruleEvents = (start: datetime, end: datetime) {\n");
            WriteEvents(text, filterConditions, keys, stepKeys, counted, severity);
            text.Append("};\n");
            WriteDecision(text, keys.Count, string.Join(", ", projection));
            return new KqlQuery(text.ToString(), projection.Select(c => c.Split(' ')[0]).ToList());
        }

        // ---- the event stages ----------------------------------------------------------------------------------

        private void WriteEvents(
            StringBuilder text,
            IReadOnlyList<string> filterConditions,
            IReadOnlyList<string> keys,
            IReadOnlyList<List<string>>? stepKeys,
            string? counted,
            (string Severity, string Score) severity
        )
        {
            var logic = _rule.Logic;
            Line(text, "AuditLogs");
            Line(text, "| where TimeGenerated between (start .. end)");
            Line(text, "| extend Activity = normalizeActivity(OperationName)");
            if (logic.Filters.All(f => f.Activities.Count > 0))
            {
                Line(
                    text,
                    "| where Activity in~ "
                        + KqlText.List(
                            logic.Filters.SelectMany(f => f.Activities).Distinct(StringComparer.OrdinalIgnoreCase)
                        )
                );
            }
            if (SharedResult is { } result && result != ResultFilter.Any)
                Line(text, "| where " + ResultCondition(result));
            Line(
                text,
                "| extend ActorUserId = tostring(InitiatedBy.user.id), ActorUserPrincipalName = "
                    + "tostring(InitiatedBy.user.userPrincipalName),"
            );
            Line(
                text,
                Indent
                    + "ActorUserDisplayName = tostring(InitiatedBy.user.displayName), ActorAppId = "
                    + "tostring(InitiatedBy.app.appId),"
            );
            Line(
                text,
                Indent
                    + "ActorAppDisplayName = tostring(InitiatedBy.app.displayName), ActorServicePrincipalId = "
                    + "tostring(InitiatedBy.app.servicePrincipalId),"
            );
            Line(text, Indent + "ActorServicePrincipalName = tostring(InitiatedBy.app.servicePrincipalName),");
            Line(
                text,
                Indent
                    + "IpAddress = coalesce(tostring(InitiatedBy.user.ipAddress), tostring(InitiatedBy.app.ipAddress))"
            );
            Line(text, "| extend ActorIsUser = isnotempty(ActorUserId) or isnotempty(ActorUserPrincipalName)");
            Line(
                text,
                "// The actor key: the user's object id (or UPN), else the app's service principal id (or app id)."
            );
            Line(
                text,
                "| extend ActorId = coalesce(ActorUserId, ActorUserPrincipalName, ActorServicePrincipalId, ActorAppId),"
            );
            Line(
                text,
                Indent
                    + "ActorName = iff(ActorIsUser, coalesce(ActorUserPrincipalName, ActorUserDisplayName, "
                    + "ActorUserId), coalesce(ActorAppDisplayName, ActorServicePrincipalName, ActorAppId, "
                    + "ActorServicePrincipalId)),"
            );
            Line(
                text,
                Indent
                    + "ActorType = case(ActorIsUser, \"User\", isnotempty(ActorAppId) or "
                    + "isnotempty(ActorServicePrincipalId), \"App\", \"\")"
            );

            // One empty element keeps events whose array is empty: mv-apply drops rows whose array has no element.
            Line(text, "| mv-apply Detail = array_concat(AdditionalDetails, dynamic([{}])) on (");
            Line(
                text,
                Indent
                    + "summarize "
                    + string.Join(
                        ", ",
                        _details.Select(d =>
                            $"{d.Column}s = make_list_if(tostring(Detail.value), tostring(Detail.key) =~ "
                            + $"{KqlText.String(d.Key)}, 1)"
                        )
                    )
            );
            Line(
                text,
                Indent
                    + "| extend "
                    + string.Join(", ", _details.Select(d => $"{d.Column} = tostring({d.Column}s[0])"))
                    + ")"
            );

            Line(text, "| mv-apply Target = array_concat(TargetResources, dynamic([{}])) on (");
            Line(text, Indent + "extend TargetType = tostring(Target.type)");
            if (_propertyAggregates.Count > 0)
            {
                Line(
                    text,
                    Indent + "| mv-apply Property = array_concat(Target.modifiedProperties, dynamic([{}])) on ("
                );
                Line(
                    text,
                    Indent + Indent + "summarize " + string.Join(",\n" + Indent + Indent + Indent, _propertyAggregates)
                );
                Line(
                    text,
                    Indent
                        + Indent
                        + "| extend "
                        + string.Join(",\n" + Indent + Indent + Indent, _propertyColumns)
                        + ")"
                );
            }
            Line(text, Indent + "| summarize " + string.Join(",\n" + Indent + Indent, _targetAggregates));
            Line(text, Indent + "| extend " + string.Join(",\n" + Indent + Indent, _targetColumns) + ")");

            if (_needsGroup)
            {
                var privileged =
                    "dynamic([" + string.Join(", ", _settings.PrivilegedGroups.Select(KqlText.String)) + "])";
                Line(
                    text,
                    "// The group: the Group target, else the Group.ObjectID / Group.DisplayName properties on the "
                        + "member."
                );
                Line(
                    text,
                    "| extend GroupId = coalesce(tostring(GroupTargetIds[0]), tostring(GroupPropertyIds[0])), "
                        + "GroupName = coalesce(tostring(GroupTargetNames[0]), tostring(GroupPropertyNames[0]))"
                );
                Line(
                    text,
                    $"| extend GroupPrivileged = iff((isnotempty(GroupId) and GroupId in~ ({privileged})) or "
                        + $"(isnotempty(GroupName) and GroupName in~ ({privileged})), \"true\", \"false\")"
                );
            }
            if (_needsCredential)
            {
                Line(
                    text,
                    "// The credential change: KeyDescription key ids new minus old (added) and old minus new "
                        + "(removed)."
                );
                Line(
                    text,
                    "| extend KeyDescriptionOld = tostring(KeyOlds[0]), KeyDescriptionNew = tostring(KeyNews[0]), "
                        + "HasKeyDescription = KeyTargets > 0"
                );
                Line(
                    text,
                    "| extend OldKeyIds = coalesce(extract_all(@\"keyidentifier=\\s*([^,\\]\\s]+)\", "
                        + "tolower(KeyDescriptionOld)), dynamic([])),"
                );
                Line(
                    text,
                    Indent
                        + "NewKeyIds = coalesce(extract_all(@\"keyidentifier=\\s*([^,\\]\\s]+)\", "
                        + "tolower(KeyDescriptionNew)), dynamic([]))"
                );
                Line(
                    text,
                    "| extend AddedKeyIds = set_difference(NewKeyIds, OldKeyIds), RemovedKeyIds = "
                        + "set_difference(OldKeyIds, NewKeyIds)"
                );
                Line(text, "| extend KeysBefore = iff(HasKeyDescription, tostring(array_length(OldKeyIds)), \"\"),");
                Line(text, Indent + "KeysAdded = iff(HasKeyDescription, tostring(array_length(AddedKeyIds)), \"\"),");
                Line(
                    text,
                    Indent + "KeysRemoved = iff(HasKeyDescription, tostring(array_length(RemovedKeyIds)), \"\"),"
                );
                Line(
                    text,
                    Indent + "KeyId = tostring(iff(array_length(AddedKeyIds) > 0, AddedKeyIds[0], RemovedKeyIds[0]))"
                );
                Line(
                    text,
                    "| extend KeyPairs = "
                        + "extract_all(@\"(?i)KeyIdentifier=\\s*([^,\\]\\s]+)\\s*,\\s*KeyType=([^,\\]\\s]*)\", "
                        + "iff(array_length(AddedKeyIds) > 0, KeyDescriptionNew, KeyDescriptionOld))"
                );
                Line(text, "| mv-apply KeyPair = array_concat(KeyPairs, dynamic([[]])) on (");
                Line(
                    text,
                    Indent
                        + "summarize KeyTypes = make_list_if(tostring(KeyPair[1]), isnotempty(KeyId) and "
                        + "tostring(KeyPair[0]) =~ KeyId, 1)"
                );
                Line(text, Indent + "| extend KeyType = tostring(KeyTypes[0]))");
            }

            if (filterConditions.Count == 1)
            {
                if (filterConditions[0] != "true")
                    Line(text, "| where " + filterConditions[0]);
            }
            else
            {
                Line(text, "| extend " + string.Join(", ", filterConditions.Select((c, i) => $"Step{i + 1} = {c}")));
                Line(text, "| where " + string.Join(" or ", filterConditions.Select((_, i) => $"Step{i + 1}")));
            }
            if (stepKeys != null)
            {
                Line(
                    text,
                    "// Each step's key, compared ignoring case; a step without its whole key is not that step."
                );
                Line(
                    text,
                    "| extend "
                        + string.Join(
                            ", ",
                            stepKeys.SelectMany((step, s) => step.Select((k, i) => $"Step{s + 1}Key{i + 1} = {k}"))
                        )
                );
                Line(
                    text,
                    "| extend "
                        + string.Join(
                            ", ",
                            stepKeys.Select(
                                (step, s) =>
                                    $"Step{s + 1} = Step{s + 1} and "
                                    + string.Join(" and ", step.Select((_, i) => $"isnotempty(Step{s + 1}Key{i + 1})"))
                            )
                        )
                );
                Line(text, "| where " + string.Join(" or ", stepKeys.Select((_, s) => $"Step{s + 1}")));
            }
            else if (keys.Count > 0)
            {
                Line(
                    text,
                    "// The key, compared ignoring case; an event missing any part of it is skipped, as in the engine."
                );
                Line(text, "| extend " + string.Join(", ", keys.Select((k, i) => $"Key{i + 1} = {k}")));
                Line(text, "| where " + string.Join(" and ", keys.Select((_, i) => $"isnotempty(Key{i + 1})")));
            }
            if (counted != null)
            {
                Line(text, "// The counted value, ignoring case; an event without it adds nothing to the count.");
                Line(text, $"| extend CountedValue = {counted}");
                Line(text, "| where isnotempty(CountedValue)");
            }
            Line(text, $"| extend Severity = {severity.Severity}, RiskScore = {severity.Score}");
        }

        private void WriteDecision(StringBuilder text, int keyCount, string projection)
        {
            var keyList = string.Join(", ", Enumerable.Range(1, keyCount).Select(i => "Key" + i));
            switch (_rule.Kind)
            {
                case RuleKind.Match:
                    text.Append("ruleEvents(ago(runWindow), now())\n");
                    text.Append("| extend EventIds = pack_array(Id)\n");
                    break;

                case RuleKind.NewTerms:
                    text.Append(
                        "// A term is new when no matching event with the same key happened within historyWindow "
                            + "before the event\n"
                    );
                    text.Append(
                        "// (earlier time, or the same time and a smaller id), the engine's rule for every judged "
                            + "event.\n"
                    );
                    text.Append("let candidates = ruleEvents(ago(runWindow), now());\n");
                    text.Append("let seenBefore = candidates\n");
                    text.Append("    | project Id, TimeGenerated, ").Append(keyList).Append('\n');
                    text.Append(
                            "    | join kind=inner (ruleEvents(ago(runWindow + historyWindow), now()) | project "
                                + "EarlierTime = TimeGenerated, EarlierId = Id, "
                        )
                        .Append(keyList)
                        .Append(")\n");
                    text.Append("        on ").Append(keyList).Append('\n');
                    text.Append("    | where EarlierTime >= TimeGenerated - historyWindow\n");
                    text.Append(
                        "        and (EarlierTime < TimeGenerated or (EarlierTime == TimeGenerated and "
                            + "strcmp(EarlierId, Id) < 0))\n"
                    );
                    text.Append("    | distinct Id;\n");
                    text.Append(
                        "let dataStart = toscalar(AuditLogs | where TimeGenerated >= ago(runWindow + "
                            + "historyWindow) | summarize min(TimeGenerated));\n"
                    );
                    text.Append("candidates\n");
                    text.Append("| join kind=leftanti (seenBefore) on Id\n");
                    text.Append(
                        "// False when the workspace holds less than historyWindow of data before the event.\n"
                    );
                    text.Append(
                        "| extend HistoryComplete = dataStart <= TimeGenerated - historyWindow, EventIds = "
                            + "pack_array(Id)\n"
                    );
                    break;

                case RuleKind.Threshold:
                    text.Append(
                        "// Sliding, not binned: every event opens a window of length `window`; a window holding "
                            + "`threshold` events or\n"
                    );
                    text.Append(
                        "// more and ending inside the run window is a burst. One alert per key and run, for its "
                            + "earliest burst.\n"
                    );
                    text.Append("let events = ruleEvents(ago(runWindow + window), now());\n");
                    text.Append("let bursts = events\n");
                    var distinct = _rule.Logic.DistinctField != null;
                    text.Append("    | project Id, TimeGenerated, ").Append(keyList).Append('\n');
                    text.Append("    | join kind=inner (events | project BurstTime = TimeGenerated, BurstId = Id, ")
                        .Append(distinct ? "BurstValue = CountedValue, " : "")
                        .Append(keyList)
                        .Append(") on ")
                        .Append(keyList)
                        .Append('\n');
                    text.Append("    | where BurstTime between (TimeGenerated .. (TimeGenerated + window))\n");
                    text.Append("    | summarize EventCount = ")
                        .Append(distinct ? "count_distinct(BurstValue)" : "dcount(BurstId)")
                        .Append(", LastEventTime = max(BurstTime), EventIds = make_set(BurstId, 100) by Id\n");
                    text.Append("    | where EventCount >= threshold and LastEventTime >= ago(runWindow);\n");
                    text.Append("events\n");
                    text.Append("| join kind=inner (bursts) on Id\n");
                    text.Append("| summarize arg_min(TimeGenerated, *) by ").Append(keyList).Append('\n');
                    break;

                case RuleKind.Sequence:
                    WriteSequence(text, keyCount);
                    break;
            }
            text.Append("| project ").Append(projection).Append('\n');
        }

        /// <summary>
        /// A sequence as a chain of self-joins: each step extends the newest chain of the steps before it (same key,
        /// earlier event) while the chain's first event lies within <c>window</c>, and each chain is extended once,
        /// by the earliest such event; the last step completes it.
        /// </summary>
        private void WriteSequence(StringBuilder text, int keyCount)
        {
            var moves = _rule.Logic.KeyMoves;
            var steps = _rule.Logic.Filters.Count;
            string Keys(int step) =>
                string.Join(
                    ", ",
                    Enumerable.Range(1, keyCount).Select(i => moves ? $"Key{i} = Step{step}Key{i}" : $"Key{i}")
                );
            var keyList = string.Join(", ", Enumerable.Range(1, keyCount).Select(i => "Key" + i));
            text.Append(
                "// Each step extends the newest chain of the earlier steps (same key, earlier event) whose first "
                    + "event lies within\n"
            );
            text.Append("// `window`; a chain is extended once, by the earliest such event.\n");
            text.Append("let events = ruleEvents(ago(runWindow + window), now());\n");
            text.Append(
                    "let chains1 = events | where Step1 | project FirstTime = TimeGenerated, "
                        + "PriorTime = TimeGenerated, PriorId = Id, ChainIds = pack_array(Id), "
                )
                .Append(Keys(1))
                .Append(";\n");
            for (var step = 2; step <= steps; step++)
            {
                var last = step == steps;
                var indent = last ? "" : Indent;
                text.Append(last ? "events\n" : $"let chains{step} = events\n");
                text.Append(indent).Append($"| where Step{step}\n");
                if (moves)
                    text.Append(indent).Append("| extend ").Append(Keys(step)).Append('\n');
                text.Append(indent).Append($"| join kind=inner (chains{step - 1}) on ").Append(keyList).Append('\n');
                text.Append(indent)
                    .Append(
                        "| where PriorTime < TimeGenerated or (PriorTime == TimeGenerated and "
                            + "strcmp(PriorId, Id) < 0)\n"
                    );
                text.Append(indent).Append("| summarize arg_max(PriorTime, *) by Id\n");
                text.Append(indent).Append("| where TimeGenerated - FirstTime <= window\n");
                text.Append(indent).Append("| summarize arg_min(TimeGenerated, *) by PriorId\n");
                if (!last)
                {
                    text.Append(indent)
                        .Append("| project FirstTime, PriorTime = TimeGenerated, PriorId = Id, ChainIds = ")
                        .Append("array_concat(ChainIds, pack_array(Id)), ")
                        .Append(keyList)
                        .Append(";\n");
                }
            }
            text.Append("| where TimeGenerated >= ago(runWindow)\n");
            text.Append("| extend EventIds = array_concat(ChainIds, pack_array(Id))\n");
        }

        private List<string> Projection()
        {
            var columns = new List<string>
            {
                "TimeGenerated",
                $"RuleId = {KqlText.String(_rule.Id)}",
                $"RuleName = {KqlText.String(_rule.Name)}",
                "Severity",
                "RiskScore",
                "OperationName",
                "Result",
                "ActorId",
                "ActorName",
                "ActorType",
                "ActorUserId",
                "ActorUserPrincipalName",
                "ActorAppId",
                "ActorServicePrincipalId",
                "IpAddress",
                "UserAgent",
                "TargetName",
                "TargetUserId",
                "TargetUserPrincipalName",
                "TargetServicePrincipalId",
                "TargetApplicationId",
                "TargetAppName",
            };
            if (_needsGroup)
                columns.AddRange(new[] { "GroupId", "GroupName" });
            if (_needsCredential)
                columns.AddRange(new[] { "KeyId", "KeyType" });
            if (_rule.Kind == RuleKind.NewTerms)
                columns.Add("HistoryComplete");
            if (_rule.Kind == RuleKind.Threshold)
                columns.Add("EventCount");
            columns.AddRange(new[] { "EventIds", "CorrelationId" });
            return columns;
        }

        // ---- conditions ----------------------------------------------------------------------------------------

        private void EnsureProjectionFacts()
        {
            if (_details.Count > 0)
                return;
            DetailColumn("User-Agent", "UserAgent");
            FirstTargetValue("tostring(Target.id)", "User", "TargetUserId");
            FirstTargetValue("tostring(Target.userPrincipalName)", "User", "TargetUserPrincipalName");
            FirstTargetValue("tostring(Target.id)", "ServicePrincipal", "TargetServicePrincipalId");
            FirstTargetValue("tostring(Target.id)", "Application", "TargetApplicationId");
            _targetAggregates.Add(
                "TargetAppNames = make_list_if(tostring(Target.displayName), TargetType in~ (\"ServicePrincipal\", "
                    + "\"Application\") and isnotempty(tostring(Target.displayName)), 1)"
            );
            _targetAggregates.Add(
                "TargetNames = make_list_if(coalesce(tostring(Target.displayName), "
                    + "tostring(Target.userPrincipalName)), isnotempty(coalesce(tostring(Target.displayName), "
                    + "tostring(Target.userPrincipalName))), 1)"
            );
            _targetColumns.Add("TargetAppName = tostring(TargetAppNames[0])");
            _targetColumns.Add("TargetName = tostring(TargetNames[0])");
            if (ConcernsGroup())
                UseGroup();
            if (ConcernsCredential())
                UseCredential();
        }

        private bool ConcernsGroup() =>
            _rule.Activities.Any(a => a.IndexOf("group", StringComparison.OrdinalIgnoreCase) >= 0);

        private bool ConcernsCredential() =>
            _rule.ResponseAction == ResponseAction.RevokeCredential
            || _rule.Activities.Any(a =>
                a.IndexOf("credentials", StringComparison.OrdinalIgnoreCase) >= 0
                || a.IndexOf("Certificates and secrets", StringComparison.OrdinalIgnoreCase) >= 0
            );

        private string FilterCondition(EventFilter filter)
        {
            EnsureProjectionFacts();
            var parts = new List<string>();
            if (filter.Activities.Count > 0 && _rule.Logic.Filters.Count > 1)
                parts.Add("Activity in~ " + KqlText.List(filter.Activities));
            if (SharedResult is null && filter.Result != ResultFilter.Any)
                parts.Add(ResultCondition(filter.Result));
            parts.AddRange(filter.Where.Select(Condition));
            if (filter.AnyOf.Count > 0)
                parts.Add("(" + string.Join(" or ", filter.AnyOf.Select(Condition)) + ")");
            return parts.Count == 0 ? "true"
                : parts.Count == 1 ? parts[0]
                : "(" + string.Join(" and ", parts) + ")";
        }

        private static string ResultCondition(ResultFilter result) =>
            result switch
            {
                ResultFilter.Success => "Result =~ \"success\"",
                ResultFilter.Failure => "Result =~ \"failure\"",
                _ => "true",
            };

        private (string Severity, string Score) SeverityColumns()
        {
            EnsureProjectionFacts();
            var baseSeverity = KqlText.String(ExportNames.SentinelSeverity(_rule.Severity));
            var baseScore = _rule.RiskScore.ToString(CultureInfo.InvariantCulture);
            var escalations = _rule.Logic.Escalations.OrderByDescending(e => e.Severity).ToList();
            if (escalations.Count == 0)
                return (baseSeverity, baseScore);
            var conditions = escalations
                .Select(e => "(" + string.Join(" and ", e.Where.Select(Condition)) + ")")
                .ToList();
            var severity =
                "case("
                + string.Concat(
                    escalations.Select(
                        (e, i) => $"{conditions[i]}, {KqlText.String(ExportNames.SentinelSeverity(e.Severity))}, "
                    )
                )
                + baseSeverity
                + ")";
            var score =
                "case("
                + string.Concat(
                    escalations.Select(
                        (e, i) =>
                            $"{conditions[i]}, "
                            + $"{(e.RiskScore ?? _rule.RiskScore).ToString(CultureInfo.InvariantCulture)}, "
                    )
                )
                + baseScore
                + ")";
            return (severity, score);
        }

        /// <summary>One predicate as a boolean expression; target paths count matching targets inside the
        /// mv-apply.</summary>
        private string Condition(FieldPredicate predicate)
        {
            if (predicate.Change is { } change)
                return ChangeCondition(change);
            if (predicate.Other is { } other)
                return SameAsCondition(predicate, FieldPath.Parse(other.Path));
            var path = FieldPath.Parse(predicate.Field.Path);
            if (path.IsTarget)
            {
                var (selected, value) = TargetValue(path);
                var hits = Name("Hits");
                _targetAggregates.Add(
                    $"{hits} = countif({selected} and isnotempty({value}) and {Test(predicate, value)})"
                );
                return predicate.Negate ? $"{hits} == 0" : $"{hits} > 0";
            }
            var scalar = ValueOf(path);
            var test =
                predicate.Operator == "exists"
                    ? $"isnotempty({scalar})"
                    : $"(isnotempty({scalar}) and {Test(predicate, scalar)})";
            return predicate.Negate ? $"not({test})" : test;
        }

        /// <summary>
        /// The value at <paramref name="path"/> below a parsed (lower-cased) JSON value, one step function per key
        /// (declared once at the top of the query, so the value's text is not repeated per step).
        /// </summary>
        private string PathValue(string value, IReadOnlyList<string> path)
        {
            foreach (var segment in path.Select(p => p.ToLowerInvariant()))
            {
                if (!_pathSteps.TryGetValue(segment, out var step))
                    _pathSteps[segment] = step =
                        "changeStep" + (_pathSteps.Count + 1).ToString(CultureInfo.InvariantCulture);
                value = $"{step}({value})";
            }
            return value;
        }

        /// <summary>A step function: an object is indexed by the key; an array is stepped into, as the engine steps
        /// into arrays, by taking the key's string values from its elements (Kusto has no map over an array).</summary>
        private static string PathStepFunction(string name, string key)
        {
            var strings = KqlText.Verbatim("\"" + Regex.Escape(key) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
            return $"let {name} = (v: dynamic) {{ iff(gettype(v) == \"array\", extract_all({strings}, tostring(v)), "
                + $"v[{KqlText.String(key)}]) }};\n";
        }

        /// <summary><c>sameAs</c>: the field's first value is one of the other field's values (both present); the
        /// other field may be spread over the targets, the field itself must be single.</summary>
        private string SameAsCondition(FieldPredicate predicate, FieldPath other)
        {
            var path = FieldPath.Parse(predicate.Field.Path);
            var value = path.IsTarget
                ? throw new NotExportableException("a sameAs condition on a target field has no KQL form here")
                : ValueOf(path);
            string present,
                equal;
            if (other.IsTarget)
            {
                var (selected, otherValue) = TargetValue(other);
                present = Name("Present");
                equal = Name("Same");
                _targetAggregates.Add($"{present} = countif({selected} and isnotempty({otherValue}))");
                _targetAggregates.Add($"{equal} = countif({selected} and {otherValue} =~ {value})");
                present += " > 0";
                equal += " > 0";
            }
            else
            {
                var otherValue = ValueOf(other);
                present = $"isnotempty({otherValue})";
                equal = $"{value} =~ {otherValue}";
            }
            return $"(isnotempty({value}) and {present} and {(predicate.Negate ? $"not({equal})" : equal)})";
        }

        private string Test(FieldPredicate predicate, string value) =>
            predicate.Operator switch
            {
                "equals" or "in" => $"{value} in~ {KqlText.List(predicate.Operands)}",
                "contains" => "("
                    + string.Join(" or ", predicate.Operands.Select(p => $"{value} contains {KqlText.String(p)}"))
                    + ")",
                "startswith" => "("
                    + string.Join(" or ", predicate.Operands.Select(p => $"{value} startswith {KqlText.String(p)}"))
                    + ")",
                "regex" => Caveat(
                    $"{value} matches regex {KqlText.Regex(predicate.Operands[0])}",
                    "regular expressions run on RE2 in Kusto, not on .NET; the common syntax means the same"
                ),
                "cidr" => Caveat(
                    KqlText.Cidr(value, predicate.Operands),
                    "AuditLogs has no callerIpAddress column: the address is InitiatedBy.user.ipAddress, else "
                        + "InitiatedBy.app.ipAddress"
                ),
                _ => "true",
            };

        /// <summary>
        /// A change condition: per property row, the old and new value sets and their tests; per target, whether a
        /// row of the property passed them.
        /// </summary>
        private string ChangeCondition(PropertyChange change)
        {
            _needsChangeValues = true;
            if (change.Path.Count > 0)
            {
                Caveat(
                    "",
                    "a change condition's path steps into arrays by reading the key's string values from the "
                        + "array's elements (the engine follows the path exactly and reads any value type)"
                );
            }
            var before = $"changeSet({PathValue("changeJson(tostring(Property.oldValue))", change.Path)})";
            var after = $"changeSet({PathValue("changeJson(tostring(Property.newValue))", change.Path)})";
            var tests = new List<string> { $"tostring(Property.displayName) =~ {KqlText.String(change.Property)}" };
            if (change.Differs)
            {
                tests.Add(
                    $"(array_length(set_difference({after}, {before})) > 0 "
                        + $"or array_length(set_difference({before}, {after})) > 0)"
                );
            }
            foreach (var (name, condition) in change.Tests)
            {
                var values = name switch
                {
                    "old" => before,
                    "new" => after,
                    "added" => $"set_difference({after}, {before})",
                    _ => $"set_difference({before}, {after})",
                };
                var test = ValueSetTest(condition, values);
                tests.Add(condition.Negate ? $"not({test})" : test);
            }
            var column = Name("Change");
            _propertyAggregates.Add($"{column}s = countif({string.Join(" and ", tests)})");
            _propertyColumns.Add($"{column} = {column}s");
            var selected = change.TargetType is null
                ? "isnotnull(Target)"
                : $"TargetType =~ {KqlText.String(change.TargetType)}";
            var hits = Name("Hits");
            _targetAggregates.Add($"{hits} = countif({selected} and {column} > 0)");
            return $"{hits} > 0";
        }

        // Some value of the set passes: the set's values joined by line ends, so a text test sees each value whole.
        private string ValueSetTest(ValueCondition condition, string values)
        {
            var operands = condition.Operands.Select(o => o.ToLowerInvariant()).ToList();
            var lines = $"strcat(\"\\n\", strcat_array({values}, \"\\n\"), \"\\n\")";
            return condition.Operator switch
            {
                "exists" => $"array_length({values}) > 0",
                "equals" or "in" => $"array_length(set_intersect({values}, "
                    + $"dynamic([{string.Join(", ", operands.Select(KqlText.String))}]))) > 0",
                "contains" => "("
                    + string.Join(" or ", operands.Select(o => $"{lines} contains {KqlText.String(o)}"))
                    + ")",
                "startswith" => "("
                    + string.Join(" or ", operands.Select(o => $"{lines} contains {KqlText.String("\n" + o)}"))
                    + ")",
                "regex" => Caveat(
                    $"{lines} matches regex {KqlText.Regex("(?m)" + condition.Operands[0])}",
                    "regular expressions run on RE2 in Kusto, not on .NET; the common syntax means the same"
                ),
                _ => throw new NotExportableException("a CIDR test on a modified property's values has no KQL form"),
            };
        }

        // ---- field values --------------------------------------------------------------------------------------

        /// <summary>A single-valued field as a string expression; for target paths, the first selected target's
        /// value.</summary>
        private string ValueOf(FieldPath path)
        {
            if (path.IsTarget)
            {
                var (selected, value) = TargetValue(path);
                var key = selected + "|" + value;
                if (!_firstValues.TryGetValue(key, out var column))
                {
                    column = Name("First");
                    _targetAggregates.Add($"{column}s = make_list_if({value}, {selected} and isnotempty({value}), 1)");
                    _targetColumns.Add($"{column} = tostring({column}s[0])");
                    _firstValues[key] = column;
                }
                return column;
            }
            if (path.DetailKey != null)
                return DetailColumn(path.DetailKey, null);

            switch (path.EventName)
            {
                case "id":
                    return "Id";
                case "activity":
                    return "Activity";
                case "activitydisplayname":
                    return "ActivityDisplayName";
                case "category":
                    return "Category";
                case "loggedbyservice":
                    return "LoggedByService";
                case "operationtype":
                    return "AADOperationType";
                case "result":
                    return "Result";
                case "resultreason":
                    return "ResultReason";
                case "correlationid":
                    return "CorrelationId";
                case "tenantid":
                    return "AADTenantId";
                case "useragent":
                    return "UserAgent";
                case "initiatedby.key":
                    return "ActorId";
                case "initiatedby.name":
                    return "ActorName";
                case "initiatedby.type":
                    return "ActorType";
                case "initiatedby.ipaddress":
                case "initiatedby.user.ipaddress":
                    return "IpAddress";
                case "initiatedby.user.id":
                    return "ActorUserId";
                case "initiatedby.user.userprincipalname":
                    return "ActorUserPrincipalName";
                case "initiatedby.user.displayname":
                    return "ActorUserDisplayName";
                case "initiatedby.app.appid":
                    return "ActorAppId";
                case "initiatedby.app.displayname":
                    return "ActorAppDisplayName";
                case "initiatedby.app.serviceprincipalid":
                    return "ActorServicePrincipalId";
                case "initiatedby.app.serviceprincipalname":
                    return "ActorServicePrincipalName";
                case "group.id":
                    UseGroup();
                    return "GroupId";
                case "group.displayname":
                    UseGroup();
                    return "GroupName";
                case "group.privileged":
                    UseGroup();
                    var groups =
                        _settings.PrivilegedGroups.Count == 0 ? "none" : string.Join(", ", _settings.PrivilegedGroups);
                    return Caveat(
                        "GroupPrivileged",
                        $"the privileged groups are the settings' PrivilegedGroups at export time ({groups}); "
                            + $"export again after changing them"
                    );
                case "credential.keysbefore":
                    UseCredential();
                    return "KeysBefore";
                case "credential.keysadded":
                    UseCredential();
                    return "KeysAdded";
                case "credential.keysremoved":
                    UseCredential();
                    return "KeysRemoved";
                case "credential.keytype":
                    UseCredential();
                    return "KeyType";
                default:
                    throw new NotExportableException($"the field '{path}' has no KQL translation");
            }
        }

        /// <summary>For a target path: the "is this target selected" test and the value expression, per target
        /// row.</summary>
        private (string Selected, string Value) TargetValue(FieldPath path)
        {
            var selected = path.TargetType is null
                ? "isnotnull(Target)"
                : $"TargetType =~ {KqlText.String(path.TargetType)}";
            if (path.ModifiedProperty is null)
            {
                var property = path.TargetProperty!.ToLowerInvariant() switch
                {
                    "id" => "tostring(Target.id)",
                    "displayname" => "tostring(Target.displayName)",
                    "type" => "TargetType",
                    "userprincipalname" => "tostring(Target.userPrincipalName)",
                    "grouptype" => "tostring(Target.groupType)",
                    _ => throw new NotExportableException($"the field '{path}' has no KQL translation"),
                };
                return (selected, property);
            }
            return (selected, ModifiedValue(path.ModifiedProperty, path.ModifiedOldValue));
        }

        private string ModifiedValue(string property, bool old)
        {
            var key = property + (old ? "|old" : "|new");
            if (_modifiedColumns.TryGetValue(key, out var column))
                return column;
            column = Name("Modified");
            _needsUnquote = true;
            _propertyAggregates.Add(
                $"{column}s = make_list_if(tostring(Property.{(old ? "oldValue" : "newValue")}), "
                    + $"tostring(Property.displayName) =~ {KqlText.String(property)}, 1)"
            );
            _propertyColumns.Add($"{column} = unquote(tostring({column}s[0]))");
            _modifiedColumns[key] = column;
            return column;
        }

        private string DetailColumn(string key, string? name)
        {
            foreach (var detail in _details)
            {
                if (string.Equals(detail.Key, key, StringComparison.OrdinalIgnoreCase))
                    return detail.Column;
            }
            var column = name ?? Name("Detail");
            _details.Add((key, column));
            return column;
        }

        private void FirstTargetValue(string value, string type, string column)
        {
            _firstValues[$"TargetType =~ {KqlText.String(type)}|{value}"] = column;
            _targetAggregates.Add(
                $"{column}s = make_list_if({value}, TargetType =~ {KqlText.String(type)} and isnotempty({value}), 1)"
            );
            _targetColumns.Add($"{column} = tostring({column}s[0])");
        }

        private void UseGroup()
        {
            if (_needsGroup)
                return;
            _needsGroup = true;
            var newId = ModifiedValue("Group.ObjectID", old: false);
            var oldId = ModifiedValue("Group.ObjectID", old: true);
            var newName = ModifiedValue("Group.DisplayName", old: false);
            var oldName = ModifiedValue("Group.DisplayName", old: true);
            _targetAggregates.Add("GroupTargetIds = make_list_if(tostring(Target.id), TargetType =~ \"Group\", 1)");
            _targetAggregates.Add(
                "GroupTargetNames = make_list_if(tostring(Target.displayName), TargetType =~ \"Group\", 1)"
            );
            _targetAggregates.Add(
                $"GroupPropertyIds = make_list_if(coalesce({newId}, {oldId}), isnotempty(coalesce({newId}, "
                    + $"{oldId})), 1)"
            );
            _targetAggregates.Add(
                $"GroupPropertyNames = make_list_if(coalesce({newName}, {oldName}), isnotempty(coalesce({newName}, "
                    + $"{oldName})), 1)"
            );
        }

        private void UseCredential()
        {
            if (_needsCredential)
                return;
            _needsCredential = true;
            _propertyAggregates.Add(
                "KeyOldValues = make_list_if(tostring(Property.oldValue), tostring(Property.displayName) =~ "
                    + "\"KeyDescription\", 1)"
            );
            _propertyAggregates.Add(
                "KeyNewValues = make_list_if(tostring(Property.newValue), tostring(Property.displayName) =~ "
                    + "\"KeyDescription\", 1)"
            );
            _propertyAggregates.Add("KeyProperties = countif(tostring(Property.displayName) =~ \"KeyDescription\")");
            _propertyColumns.Add("KeyOldValue = tostring(KeyOldValues[0]), KeyNewValue = tostring(KeyNewValues[0])");
            _targetAggregates.Add("KeyOlds = make_list_if(KeyOldValue, KeyProperties > 0, 1)");
            _targetAggregates.Add("KeyNews = make_list_if(KeyNewValue, KeyProperties > 0, 1)");
            _targetAggregates.Add("KeyTargets = countif(KeyProperties > 0)");
        }

        private string Caveat(string expression, string caveat)
        {
            if (!_caveats.Contains(caveat))
                _caveats.Add(caveat);
            return expression;
        }

        private string Name(string prefix) => prefix + (++_names).ToString(CultureInfo.InvariantCulture);

        private static string Lower(string column) => $"tolower({column})";

        private static void Line(StringBuilder text, string line) => text.Append(Indent).Append(line).Append('\n');

        public static string KindName(RuleKind kind) =>
            char.ToLowerInvariant(kind.ToString()[0]) + kind.ToString().Substring(1);
    }
}

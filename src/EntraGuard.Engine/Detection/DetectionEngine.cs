using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;

namespace EntraGuard.Detection
{
    /// <summary>How one scan runs.</summary>
    public sealed class ScanOptions
    {
        /// <summary>Judge only events at or after this instant; earlier ones still serve as history.</summary>
        public DateTimeOffset? Since { get; init; }

        /// <summary>Judge only events at or before this instant.</summary>
        public DateTimeOffset? Until { get; init; }

        /// <summary>Overrides every rare-term rule's history window (days).</summary>
        public int? HistoryDays { get; init; }

        /// <summary>
        /// How far back the supplied data is known to reach (e.g. the start of the history query a host ran). When
        /// absent, the earliest event seen. Decides <see cref="RiskEvent.HistoryComplete"/>.
        /// </summary>
        public DateTimeOffset? HistoryStart { get; init; }

        public Severity MinimumSeverity { get; init; } = Severity.Informational;

        /// <summary>Report suppressed findings too (marked <see cref="RiskEvent.Suppressed"/>).</summary>
        public bool IncludeSuppressed { get; init; }

        public SuppressionSet Suppressions { get; init; } = SuppressionSet.Empty;

        /// <summary>The instant suppression expiry is judged at; the current time when absent.</summary>
        public DateTimeOffset? Now { get; init; }
    }

    /// <summary>What a scan found and what it counted.</summary>
    public sealed class ScanResult
    {
        /// <summary>Findings to report (in time order), after suppression and the severity floor.</summary>
        public IReadOnlyList<RiskEvent> Findings { get; init; } = Array.Empty<RiskEvent>();

        /// <summary>Events given to be judged (history-only events excluded).</summary>
        public long EventsSeen { get; init; }

        /// <summary>Events given as history only.</summary>
        public long HistoryEventsSeen { get; init; }

        /// <summary>Per rule id: events that met the rule's conditions (judged or history).</summary>
        public IReadOnlyDictionary<string, long> MatchedPerRule { get; init; } = new Dictionary<string, long>();

        /// <summary>Per rule id: findings the rule made, before suppression and the severity floor.</summary>
        public IReadOnlyDictionary<string, int> FindingsPerRule { get; init; } = new Dictionary<string, int>();

        public int SuppressedCount { get; init; }

        /// <summary>Findings left out because they were below <see cref="ScanOptions.MinimumSeverity"/>.</summary>
        public int BelowMinimumSeverityCount { get; init; }

        /// <summary>Things the admin should know (expired suppressions, …), for the host to show as warnings.</summary>
        public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();

        /// <summary>Earliest and latest event time seen, history included.</summary>
        public DateTimeOffset? DataStart { get; init; }

        public DateTimeOffset? DataEnd { get; init; }
    }

    /// <summary>
    /// Runs compiled rules over audit events. Create once per rule set and settings; each scan gets its own state
    /// through <see cref="BeginScan"/>. Events are dispatched through an index from normalized activity name to the
    /// rules that can match it, so the cost of an event grows with the rules for its activity, not the catalog.
    /// </summary>
    public sealed class DetectionEngine
    {
        private readonly Dictionary<string, ActivityRules> _byActivity;
        private readonly ActivityRules _everyActivity;
        private readonly HashSet<string> _privilegedGroups;

        public DetectionEngine(IEnumerable<Rule> rules, EntraGuardSettings? settings = null)
        {
            Rules = rules.ToList();
            Settings = settings ?? new EntraGuardSettings();
            _privilegedGroups = new HashSet<string>(Settings.PrivilegedGroups, StringComparer.OrdinalIgnoreCase);

            var byActivity = new Dictionary<string, List<int>>(ActivityName.Comparer);
            var every = new List<int>();
            for (var i = 0; i < Rules.Count; i++)
            {
                if (Rules[i].Logic.Filters.Any(f => f.Activities.Count == 0))
                    every.Add(i);
                foreach (var activity in Rules[i].Activities)
                {
                    if (!byActivity.TryGetValue(activity, out var list))
                        byActivity[activity] = list = new List<int>();
                    if (!list.Contains(i) && !every.Contains(i))
                        list.Add(i);
                }
            }
            _byActivity = byActivity.ToDictionary(
                e => e.Key,
                e => new ActivityRules(e.Value.ToArray(), e.Value.Select(i => Rules[i].RecordTextFor(e.Key))),
                ActivityName.Comparer
            );
            _everyActivity = new ActivityRules(every.ToArray(), every.Select(i => Rules[i].RecordText));
        }

        /// <summary>The rules the catalog (built-in + <see cref="EntraGuardSettings.RulePaths"/> + extra paths)
        /// holds, narrowed to the ids given (wildcards allowed).</summary>
        public static DetectionEngine Create(
            EntraGuardSettings settings,
            IEnumerable<string>? extraRulePaths = null,
            IReadOnlyCollection<string>? ruleIds = null
        )
        {
            var catalog = RuleCatalog.Load(settings.RulePaths.Concat(extraRulePaths ?? Array.Empty<string>()));
            return new DetectionEngine(catalog.Select(ruleIds), settings);
        }

        public IReadOnlyList<Rule> Rules { get; }
        public EntraGuardSettings Settings { get; }

        public ScanSession BeginScan(ScanOptions? options = null) => new(this, options ?? new ScanOptions());

        /// <summary>
        /// The Graph query that feeds a scan of [windowStart, until] with <paramref name="historyDays"/> of history
        /// before it: only the activities this engine's rules look at, so a quiet tenant costs a request or two.
        /// </summary>
        public Collection.AuditQuery GraphQuery(DateTimeOffset windowStart, DateTimeOffset until, int historyDays) =>
            new()
            {
                Since = windowStart.AddDays(-historyDays),
                Until = until,
                Activities = Rules.SelectMany(rule => rule.Activities).Distinct(ActivityName.Comparer).ToArray(),
            };

        /// <summary>Scans <paramref name="events"/>; <paramref name="history"/> (optional) only informs rare-term and
        /// other stateful rules and is never judged itself.</summary>
        public ScanResult Scan(
            IEnumerable<AuditEvent> events,
            ScanOptions? options = null,
            CancellationToken cancellationToken = default,
            IEnumerable<AuditEvent>? history = null
        )
        {
            var session = BeginScan(options);
            if (history != null)
            {
                foreach (var auditEvent in history)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    session.AddHistory(auditEvent);
                }
            }
            foreach (var auditEvent in events)
            {
                cancellationToken.ThrowIfCancellationRequested();
                session.Add(auditEvent);
            }
            return session.Complete();
        }

        /// <summary>
        /// Whether a rule of this engine can match a record, for <see cref="Ingest.AuditReadOptions.KeepRecord"/>: by
        /// its activity display name, and for rules that need a modified property, detail or value, by whether the
        /// raw record holds it (<see cref="RequiredText"/>). A scan reads and checks every record but needs the whole
        /// of only those, and the rest are counted by their time and activity alone. Each call makes a test with a
        /// cache of its own, for one reader.
        /// </summary>
        public Ingest.RecordFilter ActivityFilter()
        {
            var dispatch = new RuleDispatch(this);
            var searches = new RecordSearches();
            return (activityDisplayName, record) =>
            {
                var rules = dispatch.RulesFor(activityDisplayName);
                if (rules.Count == 0 && _everyActivity.Count == 0)
                    return false;
                searches.Start();
                return MayMatch(rules, record, searches) || MayMatch(_everyActivity, record, searches);
            };
        }

        /// <summary>
        /// Whether <see cref="ActivityFilter"/> asks a record of an activity for the names of the modified properties
        /// it lists: the reader need note them only then (<see cref="Ingest.AuditReadOptions.NotesPropertyNames"/>).
        /// One per reader.
        /// </summary>
        internal Func<string, bool> AsksModifiedPropertyNames()
        {
            var dispatch = new RuleDispatch(this);
            return _everyActivity.AsksModifiedPropertyNames
                ? _ => true
                : activityDisplayName => dispatch.RulesFor(activityDisplayName).AsksModifiedPropertyNames;
        }

        private static bool MayMatch(ActivityRules rules, Ingest.RecordView record, RecordSearches searches)
        {
            for (var i = 0; i < rules.Count; i++)
            {
                if (rules.Texts[i] is not { } text || text.MayMatch(record, searches))
                    return true;
            }
            return false;
        }

        /// <summary>A fresh per-scan context (it memoizes facts of the event being evaluated, so scans never share
        /// one).</summary>
        internal ScanContext NewContext() => new(_privilegedGroups);

        internal ActivityRules RulesFor(string activity) =>
            _byActivity.TryGetValue(activity, out var rules) ? rules : ActivityRules.None;

        internal ActivityRules RulesForEveryActivity => _everyActivity;
    }

    /// <summary>
    /// One scan in progress: feed events in any order with <see cref="Add"/> (and <see cref="AddHistory"/>), then
    /// <see cref="Complete"/>. A cmdlet adds events as the pipeline delivers them and completes in EndProcessing.
    /// </summary>
    public sealed partial class ScanSession : IScanFacts
    {
        private readonly DetectionEngine _engine;
        private readonly ScanOptions _options;
        private readonly RuleEvaluator[] _evaluators;
        private readonly ScanContext _context;
        private long _events,
            _historyEvents;
        private long _minTicks = long.MaxValue,
            _maxTicks = long.MinValue;
        private DateTimeOffset? _first,
            _last;
        private bool _completed;
        private readonly FindingSink _findings;

        private readonly RuleDispatch _dispatch;

        // What the record of the event being dispatched has been searched for (see RequiredText).
        private readonly RecordSearches _searches = new();

        internal ScanSession(DetectionEngine engine, ScanOptions options)
            : this(engine, options, new FindingSink(options)) { }

        // findings: the sink this session shares with the other parts of a parallel scan.
        private ScanSession(DetectionEngine engine, ScanOptions options, FindingSink findings)
        {
            _engine = engine;
            _options = options;
            if (options.HistoryDays is < 1 or > 3650)
                throw new ArgumentOutOfRangeException(nameof(options), "HistoryDays must be from 1 to 3650.");
            _context = engine.NewContext();
            _findings = findings;
            _evaluators = engine
                .Rules.Select(r => RuleEvaluator.Create(r, options.HistoryDays, engine.Settings.HistoryDays, _findings))
                .ToArray();
            _dispatch = new RuleDispatch(engine);
        }

        /// <summary>Adds an event to judge (when inside Since/Until) and to use as history for later ones.</summary>
        public void Add(AuditEvent auditEvent)
        {
            _events++;
            Observe(auditEvent, InWindow(auditEvent.ActivityDateTime));
        }

        /// <summary>Adds an event no rule can match (its record refused by
        /// <see cref="DetectionEngine.ActivityFilter"/>): it only counts, and dates the data.</summary>
        internal void AddRefused(DateTimeOffset time)
        {
            if (_completed)
                throw new InvalidOperationException("The scan is already complete.");
            _events++;
            NoteTime(time);
        }

        /// <summary>Adds an event that only informs stateful rules; it never becomes a finding itself.</summary>
        public void AddHistory(AuditEvent auditEvent)
        {
            _historyEvents++;
            Observe(auditEvent, judged: false);
        }

        /// <summary>The earliest activity time added so far (history included), or null before any event.</summary>
        public DateTimeOffset? DataStart => _first;

        /// <summary>
        /// Adds a finding another producer made (Identity Protection): it is de-duplicated, suppressed, held to the
        /// severity floor and ordered with the rules' own.
        /// </summary>
        public void AddFinding(RiskEvent finding)
        {
            if (_completed)
                throw new InvalidOperationException("The scan is already complete.");
            _findings.Add(finding ?? throw new ArgumentNullException(nameof(finding)));
        }

        public ScanResult Complete()
        {
            if (_completed)
                throw new InvalidOperationException("The scan is already complete.");
            _completed = true;

            foreach (var evaluator in _evaluators)
                evaluator.Complete(this);
            var reported = _findings
                .Kept.OrderBy(f => f.TimeGenerated)
                .ThenBy(f => f.RuleId, StringComparer.Ordinal)
                .ThenBy(f => f.RiskEventId, StringComparer.Ordinal)
                .ToList();
            var belowFloor = reported.Count(f => f.Severity < _options.MinimumSeverity);
            reported.RemoveAll(f => f.Severity < _options.MinimumSeverity);

            return new ScanResult
            {
                Findings = reported,
                EventsSeen = _events,
                HistoryEventsSeen = _historyEvents,
                MatchedPerRule = _evaluators.ToDictionary(
                    e => e.Rule.Id,
                    e => e.Matched,
                    StringComparer.OrdinalIgnoreCase
                ),
                FindingsPerRule = _evaluators.ToDictionary(
                    e => e.Rule.Id,
                    e => _findings.MadeBy(e.Rule.Id),
                    StringComparer.OrdinalIgnoreCase
                ),
                SuppressedCount = _findings.SuppressedCount,
                BelowMinimumSeverityCount = belowFloor,
                Warnings = _findings.ExpiryWarnings().ToList(),
                DataStart = _first,
                DataEnd = _last,
            };
        }

        long IScanFacts.CoverageStartTicks => Math.Min(_options.HistoryStart?.UtcTicks ?? long.MaxValue, _minTicks);

        private void Observe(AuditEvent auditEvent, bool judged)
        {
            if (_completed)
                throw new InvalidOperationException("The scan is already complete.");
            NoteTime(auditEvent.ActivityDateTime);
            _searches.Start();
            Dispatch(_dispatch.RulesFor(auditEvent.ActivityDisplayName), auditEvent, judged);
            Dispatch(_engine.RulesForEveryActivity, auditEvent, judged);
        }

        private void NoteTime(DateTimeOffset time)
        {
            var ticks = time.UtcTicks;
            if (ticks < _minTicks)
            {
                _minTicks = ticks;
                _first = time;
            }
            if (ticks > _maxTicks)
            {
                _maxTicks = ticks;
                _last = time;
            }
        }

        // A rule whose required text the raw record lacks cannot match it: skipped before anything is decoded.
        private void Dispatch(ActivityRules rules, AuditEvent auditEvent, bool judged)
        {
            for (var i = 0; i < rules.Count; i++)
            {
                if (rules.Texts[i] is { } text && !auditEvent.MayHold(text, _searches))
                    continue;
                _evaluators[rules.Indexes[i]].Observe(auditEvent, judged, _context);
            }
        }

        private bool InWindow(DateTimeOffset time) =>
            (_options.Since is null || time >= _options.Since) && (_options.Until is null || time <= _options.Until);
    }

    /// <summary>
    /// An engine's rules for an activity display name, as written. Display names repeat as the same few hundred
    /// strings: one ordinal lookup finds an event's rules, instead of normalizing the name and hashing it again
    /// ignoring case. Bounded, so odd data cannot grow it without end; not thread-safe, so one per scan or reader.
    /// </summary>
    internal sealed class RuleDispatch
    {
        private const int CacheLimit = 4096;
        private const int RecentSlots = 64; // a power of two
        private readonly DetectionEngine _engine;
        private readonly Dictionary<string, ActivityRules> _byDisplayName = new(StringComparer.Ordinal);

        // A reader hands out each activity name as one pooled string: a slot by that string's identity answers
        // most questions without hashing its text, which the keep filter and the names filter each did every record.
        private readonly string?[] _recentNames = new string?[RecentSlots];
        private readonly ActivityRules[] _recentRules = new ActivityRules[RecentSlots];

        public RuleDispatch(DetectionEngine engine) => _engine = engine;

        /// <summary>The rules for the activity, those that watch every activity not included.</summary>
        public ActivityRules RulesFor(string activityDisplayName)
        {
            var slot = RuntimeHelpers.GetHashCode(activityDisplayName) & (RecentSlots - 1);
            if (ReferenceEquals(_recentNames[slot], activityDisplayName))
                return _recentRules[slot];
            if (!_byDisplayName.TryGetValue(activityDisplayName, out var rules))
            {
                rules = _engine.RulesFor(ActivityName.Normalize(activityDisplayName));
                if (_byDisplayName.Count < CacheLimit)
                    _byDisplayName.Add(activityDisplayName, rules);
            }
            _recentNames[slot] = activityDisplayName;
            _recentRules[slot] = rules;
            return rules;
        }
    }

    /// <summary>
    /// The rules an activity can match (indexes into the engine's rules), each with what a record of that activity
    /// must hold for the rule to match it (null when nothing can be told): checked before anything is decoded.
    /// </summary>
    internal sealed class ActivityRules
    {
        public static readonly ActivityRules None = new(Array.Empty<int>(), Array.Empty<RequiredText?>());

        public ActivityRules(int[] indexes, IEnumerable<RequiredText?> texts)
        {
            Indexes = indexes;
            var all = texts.ToArray();
            var uses = RequiredText.WordUses(all);
            Texts = all.Select(text => text?.InSearchOrder(uses)).ToArray();
            AsksModifiedPropertyNames = all.Any(text => text?.AsksModifiedPropertyNames == true);
        }

        /// <summary>Whether a rule asks a record of the activity for the names of the modified properties it
        /// lists.</summary>
        public bool AsksModifiedPropertyNames { get; }

        public int[] Indexes { get; }
        public RequiredText?[] Texts { get; }
        public int Count => Indexes.Length;
    }
}

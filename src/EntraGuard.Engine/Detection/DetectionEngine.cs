using System;
using System.Collections.Generic;
using System.Linq;
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
        private readonly Dictionary<string, int[]> _byActivity;
        private readonly int[] _everyActivity;
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
                if (Rules[i].Logic.Filters.Any(f => f.Activities.Count == 0)) every.Add(i);
                foreach (var activity in Rules[i].Activities)
                {
                    if (!byActivity.TryGetValue(activity, out var list)) byActivity[activity] = list = new List<int>();
                    if (!list.Contains(i) && !every.Contains(i)) list.Add(i);
                }
            }
            _byActivity = byActivity.ToDictionary(e => e.Key, e => e.Value.ToArray(), ActivityName.Comparer);
            _everyActivity = every.ToArray();
        }

        /// <summary>The rules the catalog (built-in + <see cref="EntraGuardSettings.RulePaths"/> + extra paths)
        /// holds, narrowed to the ids given (wildcards allowed).</summary>
        public static DetectionEngine Create(EntraGuardSettings settings, IEnumerable<string>? extraRulePaths = null,
            IReadOnlyCollection<string>? ruleIds = null)
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
        public Collection.AuditQuery GraphQuery(DateTimeOffset windowStart, DateTimeOffset until, int historyDays) => new()
        {
            Since = windowStart.AddDays(-historyDays),
            Until = until,
            Activities = Rules.SelectMany(rule => rule.Activities).Distinct(ActivityName.Comparer).ToArray(),
        };

        /// <summary>Scans <paramref name="events"/>; <paramref name="history"/> (optional) only informs rare-term and
        /// other stateful rules and is never judged itself.</summary>
        public ScanResult Scan(IEnumerable<AuditEvent> events, ScanOptions? options = null, CancellationToken cancellationToken = default,
            IEnumerable<AuditEvent>? history = null)
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

        /// <summary>A fresh per-scan context (it memoizes facts of the event being evaluated, so scans never share one).</summary>
        internal ScanContext NewContext() => new(_privilegedGroups);

        internal int[] RulesFor(string activity) =>
            _byActivity.TryGetValue(activity, out var rules) ? rules : Array.Empty<int>();

        internal int[] RulesForEveryActivity => _everyActivity;
    }

    /// <summary>
    /// One scan in progress: feed events in any order with <see cref="Add"/> (and <see cref="AddHistory"/>), then
    /// <see cref="Complete"/>. A cmdlet adds events as the pipeline delivers them and completes in EndProcessing.
    /// </summary>
    public sealed class ScanSession : IScanFacts
    {
        private readonly DetectionEngine _engine;
        private readonly ScanOptions _options;
        private readonly RuleEvaluator[] _evaluators;
        private readonly ScanContext _context;
        private long _events, _historyEvents;
        private long _minTicks = long.MaxValue, _maxTicks = long.MinValue;
        private DateTimeOffset? _first, _last;
        private bool _completed;
        private readonly List<RiskEvent> _external = new();

        internal ScanSession(DetectionEngine engine, ScanOptions options)
        {
            _engine = engine;
            _options = options;
            if (options.HistoryDays is < 1 or > 3650) throw new ArgumentOutOfRangeException(nameof(options), "HistoryDays must be from 1 to 3650.");
            _context = engine.NewContext();
            _evaluators = engine.Rules.Select(r => RuleEvaluator.Create(r, options.HistoryDays, engine.Settings.HistoryDays)).ToArray();
        }

        /// <summary>Adds an event to judge (when inside Since/Until) and to use as history for later ones.</summary>
        public void Add(AuditEvent auditEvent)
        {
            _events++;
            Observe(auditEvent, InWindow(auditEvent.ActivityDateTime));
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
            if (_completed) throw new InvalidOperationException("The scan is already complete.");
            _external.Add(finding ?? throw new ArgumentNullException(nameof(finding)));
        }

        public ScanResult Complete()
        {
            if (_completed) throw new InvalidOperationException("The scan is already complete.");
            _completed = true;

            var raw = new List<RiskEvent>(_external);
            foreach (var evaluator in _evaluators) evaluator.Complete(this, raw);
            var findings = raw.GroupBy(f => f.RiskEventId, StringComparer.Ordinal).Select(g => g.First())
                .OrderBy(f => f.TimeGenerated).ThenBy(f => f.RuleId, StringComparer.Ordinal).ThenBy(f => f.RiskEventId, StringComparer.Ordinal)
                .ToList();

            var warnings = new List<string>();
            var suppressed = Suppress(findings, warnings);
            var reported = findings.Where(f => _options.IncludeSuppressed || !f.Suppressed).ToList();
            var belowFloor = reported.Count(f => f.Severity < _options.MinimumSeverity);
            reported.RemoveAll(f => f.Severity < _options.MinimumSeverity);

            return new ScanResult
            {
                Findings = reported,
                EventsSeen = _events,
                HistoryEventsSeen = _historyEvents,
                MatchedPerRule = _evaluators.ToDictionary(e => e.Rule.Id, e => e.Matched, StringComparer.OrdinalIgnoreCase),
                FindingsPerRule = _evaluators.ToDictionary(e => e.Rule.Id, e => findings.Count(f => f.RuleId == e.Rule.Id), StringComparer.OrdinalIgnoreCase),
                SuppressedCount = suppressed,
                BelowMinimumSeverityCount = belowFloor,
                Warnings = warnings,
                DataStart = _first,
                DataEnd = _last,
            };
        }

        long IScanFacts.CoverageStartTicks =>
            Math.Min(_options.HistoryStart?.UtcTicks ?? long.MaxValue, _minTicks);

        private void Observe(AuditEvent auditEvent, bool judged)
        {
            if (_completed) throw new InvalidOperationException("The scan is already complete.");
            var ticks = auditEvent.ActivityDateTime.UtcTicks;
            if (ticks < _minTicks) { _minTicks = ticks; _first = auditEvent.ActivityDateTime; }
            if (ticks > _maxTicks) { _maxTicks = ticks; _last = auditEvent.ActivityDateTime; }

            foreach (var index in _engine.RulesFor(auditEvent.Activity)) _evaluators[index].Observe(auditEvent, judged, _context);
            foreach (var index in _engine.RulesForEveryActivity) _evaluators[index].Observe(auditEvent, judged, _context);
        }

        private bool InWindow(DateTimeOffset time) =>
            (_options.Since is null || time >= _options.Since) && (_options.Until is null || time <= _options.Until);

        private int Suppress(List<RiskEvent> findings, List<string> warnings)
        {
            var now = _options.Now ?? DateTimeOffset.UtcNow;
            var count = 0;
            var active = new List<Suppression>();
            foreach (var suppression in _options.Suppressions.Entries)
            {
                if (!suppression.IsExpired(now))
                {
                    active.Add(suppression);
                    continue;
                }
                var wouldMatch = findings.Count(suppression.Matches);
                warnings.Add($"{suppression} expired on {suppression.Expires.UtcDateTime:yyyy-MM-dd HH:mm} UTC and no longer applies" +
                             (wouldMatch > 0 ? $"; {wouldMatch} finding(s) it matches are reported" : "") + ". Review it: renew 'expires' or remove it.");
            }
            foreach (var finding in findings)
            {
                var match = active.FirstOrDefault(s => s.Matches(finding));
                if (match is null) continue;
                finding.Suppressed = true;
                finding.SuppressionJustification = match.Justification;
                count++;
            }
            return count;
        }
    }
}

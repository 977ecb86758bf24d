using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Memory;

namespace EntraGuard.Detection
{
    /// <summary>What stateful evaluators need from the scan when they finish.</summary>
    internal interface IScanFacts
    {
        /// <summary>How far back the data reaches: the earliest event seen, or the host's stated history
        /// start.</summary>
        long CoverageStartTicks { get; }
    }

    /// <summary>
    /// One rule's state for one scan. Observe sees every event of the rule's activities, in any order; Complete
    /// decides. No evaluator's findings depend on arrival order: stateful ones sort their compact evidence first.
    /// </summary>
    internal abstract class RuleEvaluator
    {
        protected RuleEvaluator(Rule rule, FindingSink sink)
        {
            Rule = rule;
            Sink = sink;
        }

        public Rule Rule { get; }

        /// <summary>Where findings go, as soon as the evaluator can decide them.</summary>
        protected FindingSink Sink { get; }

        /// <summary>Events that met the rule's conditions.</summary>
        public long Matched { get; protected set; }

        /// <summary>Sees one event; <paramref name="judged"/> says whether it may produce a finding (false for
        /// history-only events and events outside the judged window).</summary>
        public abstract void Observe(AuditEvent auditEvent, bool judged, ScanContext context);

        /// <summary>Decides what the stream's end settles (stateful kinds); match findings are already out.</summary>
        public abstract void Complete(IScanFacts facts);

        /// <summary>
        /// Takes in what the same rule's evaluator saw of another part of the stream (a parallel read), so that
        /// Complete decides as if this one had seen both parts. <paramref name="part"/> is not used afterwards.
        /// </summary>
        public virtual void Merge(RuleEvaluator part) => Matched += part.Matched;

        public static RuleEvaluator Create(
            Rule rule,
            int? historyDaysOverride,
            int defaultHistoryDays,
            FindingSink sink
        ) =>
            rule.Kind switch
            {
                RuleKind.NewTerms => new NewTermsEvaluator(
                    rule,
                    historyDaysOverride ?? rule.HistoryDays ?? defaultHistoryDays,
                    sink
                ),
                RuleKind.Threshold => new ThresholdEvaluator(rule, sink),
                RuleKind.Sequence => new SequenceEvaluator(rule, sink),
                _ => new MatchEvaluator(rule, sink),
            };

        /// <summary>The term/group key of an event: its key-field values joined; null when any is missing.</summary>
        protected string? KeyOf(AuditEvent auditEvent, ScanContext context) =>
            KeyOf(Rule.Logic.KeyFields, auditEvent, context);

        /// <summary>The values of <paramref name="fields"/> joined; null when any is missing.</summary>
        protected static string? KeyOf(IReadOnlyList<Field> fields, AuditEvent auditEvent, ScanContext context)
        {
            if (fields.Count == 1)
                return fields[0].First(auditEvent, context)?.ToLowerInvariant();
            var parts = new string[fields.Count];
            for (var i = 0; i < fields.Count; i++)
            {
                var value = fields[i].First(auditEvent, context);
                if (value is null)
                    return null;
                parts[i] = value.ToLowerInvariant();
            }
            return string.Join("\u001f", parts);
        }

        protected Evidence EvidenceOf(AuditEvent auditEvent, bool judged, ScanContext context, int steps = 0) =>
            Evidence.From(auditEvent, judged, Rule.Logic, context, steps);
    }

    /// <summary><c>match</c>: every judged matching event is a finding, at once.</summary>
    internal sealed class MatchEvaluator : RuleEvaluator
    {
        public MatchEvaluator(Rule rule, FindingSink sink)
            : base(rule, sink) { }

        public override void Observe(AuditEvent auditEvent, bool judged, ScanContext context)
        {
            if (!Rule.Logic.Filters[0].Matches(auditEvent, context))
                return;
            Matched++;
            if (!judged)
                return;
            var evidence = EvidenceOf(auditEvent, judged, context);
            Sink.Add(Findings.Create(Rule, new[] { evidence }, null));
            evidence.Discard();
        }

        public override void Complete(IScanFacts facts) { }
    }

    /// <summary>
    /// <c>newTerms</c>: a judged event is a finding when no other matching event with the same term values occurred
    /// before it (time, then event id) within the history window. Keeps per term only (ticks, id) pairs, the ids in
    /// the evaluator's arena, plus compact evidence for judged events.
    /// </summary>
    internal sealed class NewTermsEvaluator : RuleEvaluator
    {
        private readonly long _historyTicks;
        private readonly Dictionary<string, Term> _terms = new(StringComparer.Ordinal);

        // The ids of every occurrence of every term.
        private TextArena Texts { get; } = new();

        public NewTermsEvaluator(Rule rule, int historyDays, FindingSink sink)
            : base(rule, sink)
        {
            HistoryDays = historyDays;
            _historyTicks = TimeSpan.FromDays(historyDays).Ticks;
        }

        public int HistoryDays { get; }

        private sealed class Term
        {
            public readonly List<(long Ticks, TextRef Id)> Occurrences = new();
            public readonly List<Evidence> Candidates = new();
            public long LatestTicks = long.MinValue;
            public TextRef LatestId = TextRef.None;

            /// <summary>Moves the term's ids as its arena's chunks moved (see <see cref="TextArena.Adopt"/>).</summary>
            public void Move(int offset)
            {
                for (var i = 0; i < Occurrences.Count; i++)
                    Occurrences[i] = (Occurrences[i].Ticks, Occurrences[i].Id.Moved(offset));
                LatestId = LatestId.Moved(offset);
            }
        }

        public override void Observe(AuditEvent auditEvent, bool judged, ScanContext context)
        {
            if (!Rule.Logic.Filters[0].Matches(auditEvent, context))
                return;
            Matched++;
            var key = KeyOf(auditEvent, context);
            if (key is null)
                return; // an event without every term cannot be judged
            if (!_terms.TryGetValue(key, out var term))
                _terms[key] = term = new Term();
            var ticks = auditEvent.ActivityDateTime.UtcTicks;
            var id = Texts.Add(auditEvent.Id);
            term.Occurrences.Add((ticks, id));
            // An occurrence already seen that is earlier and inside the window settles the question: not new. In
            // time-ordered input that holds for most events, so they never cost evidence; other orders only keep
            // more candidates until Complete decides.
            var latestIsEarlier = Precedes(term.LatestTicks, term.LatestId, ticks, id);
            var settled = latestIsEarlier && term.LatestTicks >= ticks - _historyTicks;
            if (judged && !settled)
                term.Candidates.Add(EvidenceOf(auditEvent, judged, context));
            if (latestIsEarlier)
            {
                term.LatestTicks = ticks;
                term.LatestId = id;
            }
        }

        public override void Merge(RuleEvaluator part)
        {
            base.Merge(part);
            var other = (NewTermsEvaluator)part;
            // The part's ids join this arena chunks and all, and a term only the part saw changes hands whole: the
            // merge copies no id, so the history held (EG0001's grows with the data) is never held twice.
            var moved = Texts.Adopt(other.Texts);
            foreach (var entry in other._terms)
            {
                var from = entry.Value;
                from.Move(moved);
                if (!_terms.TryGetValue(entry.Key, out var term))
                {
                    _terms[entry.Key] = from;
                    continue;
                }
                if (from.Occurrences.Count > term.Occurrences.Count)
                {
                    _terms[entry.Key] = from;
                    (term, from) = (from, term);
                }
                // Candidates keep their ids where they are (evidence knows its arena).
                term.Occurrences.AddRange(from.Occurrences);
                term.Candidates.AddRange(from.Candidates);
                if (Precedes(term.LatestTicks, term.LatestId, from.LatestTicks, from.LatestId))
                {
                    term.LatestTicks = from.LatestTicks;
                    term.LatestId = from.LatestId;
                }
            }
        }

        private bool Precedes(long ticks, TextRef id, long otherTicks, TextRef otherId) =>
            ticks < otherTicks || (ticks == otherTicks && Texts.CompareOrdinal(id, otherId) < 0);

        public override void Complete(IScanFacts facts)
        {
            foreach (var term in _terms.Values)
            {
                if (term.Candidates.Count == 0)
                    continue;
                term.Occurrences.Sort(
                    (a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : Texts.CompareOrdinal(a.Id, b.Id)
                );
                foreach (var candidate in term.Candidates)
                {
                    if (HasEarlierWithinHistory(term.Occurrences, candidate))
                        continue;
                    var complete = facts.CoverageStartTicks <= candidate.Ticks - _historyTicks;
                    Sink.Add(Findings.Create(Rule, new[] { candidate }, complete));
                }
            }
        }

        private bool HasEarlierWithinHistory(List<(long Ticks, TextRef Id)> sorted, Evidence candidate)
        {
            // The latest occurrence strictly before the candidate (ties broken by id, repeats of its own id skipped).
            int low = 0,
                high = sorted.Count - 1,
                before = -1;
            while (low <= high)
            {
                var mid = (low + high) / 2;
                var order =
                    sorted[mid].Ticks != candidate.Ticks
                        ? sorted[mid].Ticks.CompareTo(candidate.Ticks)
                        : -candidate.CompareId(Texts, sorted[mid].Id);
                if (order < 0)
                {
                    before = mid;
                    low = mid + 1;
                }
                else
                    high = mid - 1;
            }
            return before >= 0 && sorted[before].Ticks >= candidate.Ticks - _historyTicks;
        }
    }

    /// <summary>
    /// <c>threshold</c>: per group key, events in time order are taken in bursts: from the earliest not yet used,
    /// every event within the window after it; a burst of at least <c>count</c> events (with <c>distinct</c>: of
    /// events holding <c>count</c> different values of that field) is one finding.
    /// </summary>
    internal sealed class ThresholdEvaluator : RuleEvaluator
    {
        // Each event's counted value (lower case, kept once per scan) travels with its evidence; null when the rule
        // counts events or the event lacks the field.
        private readonly KeyedLists<(Evidence Evidence, string? Value)> _groups = new();

        public ThresholdEvaluator(Rule rule, FindingSink sink)
            : base(rule, sink) { }

        public override void Observe(AuditEvent auditEvent, bool judged, ScanContext context)
        {
            if (!Rule.Logic.Filters[0].Matches(auditEvent, context))
                return;
            Matched++;
            var key = KeyOf(auditEvent, context);
            if (key is null)
                return;
            var distinct = Rule.Logic.DistinctField;
            string? value = null;
            if (distinct != null)
            {
                value = context.Keep(distinct.First(auditEvent, context)?.ToLowerInvariant());
                if (value is null)
                    return; // an event without the counted value adds nothing to the count
            }
            _groups.For(key).Add((EvidenceOf(auditEvent, judged, context), value));
        }

        public override void Merge(RuleEvaluator part)
        {
            base.Merge(part);
            _groups.Merge(((ThresholdEvaluator)part)._groups);
        }

        public override void Complete(IScanFacts facts)
        {
            var window = Rule.Logic.Window!.Value.Ticks;
            var counted = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var group in _groups.Lists)
            {
                var events = Evidence.SortDistinct(group, item => item.Evidence);
                var start = 0;
                while (start < events.Count)
                {
                    // The burst grows to the last event within the window of its first; the count is of events, or
                    // of the distinct values they hold.
                    counted.Clear();
                    var end = start;
                    Count(counted, events[start].Value);
                    while (
                        end + 1 < events.Count
                        && events[end + 1].Evidence.Ticks - events[start].Evidence.Ticks <= window
                    )
                        Count(counted, events[++end].Value);
                    var size = Rule.Logic.DistinctField is null ? end - start + 1 : counted.Count;
                    if (size >= Rule.Logic.Count)
                    {
                        if (events[end].Evidence.Judged)
                        {
                            var burst = events.GetRange(start, end - start + 1).Select(item => item.Evidence);
                            Sink.Add(Findings.Create(Rule, burst.ToList(), null));
                        }
                        start = end + 1;
                    }
                    else
                        start++;
                }
            }
        }

        private static void Count(Dictionary<string, int> counted, string? value)
        {
            if (value != null)
                counted[value] = counted.TryGetValue(value, out var n) ? n + 1 : 1;
        }
    }

    /// <summary>
    /// <c>sequence</c>: per key, events in time order drive a state machine: a first-step event opens a partial
    /// sequence (replacing an older one), an event of the next step extends the newest partial one still inside the
    /// window, and the last step completes it into a finding. Each event serves once.
    /// </summary>
    internal sealed class SequenceEvaluator : RuleEvaluator
    {
        // The steps an event matched travel in its evidence (see Evidence.Steps).
        private readonly KeyedLists<Evidence> _keys = new();

        // Whether the key moves between steps, worked out once: the rule's property compares the steps' paths.
        private readonly bool _keyMoves;

        public SequenceEvaluator(Rule rule, FindingSink sink)
            : base(rule, sink) => _keyMoves = rule.Logic.KeyMoves;

        public override void Observe(AuditEvent auditEvent, bool judged, ScanContext context)
        {
            var filters = Rule.Logic.Filters;
            var steps = 0;
            for (var i = 0; i < filters.Count; i++)
            {
                if (filters[i].Matches(auditEvent, context))
                    steps |= 1 << i;
            }
            if (steps == 0)
                return;
            Matched++;
            var stepKeys = Rule.Logic.StepKeyFields;
            if (!_keyMoves)
            {
                var key = KeyOf(auditEvent, context);
                if (key != null)
                    _keys.For(key).Add(EvidenceOf(auditEvent, judged, context, steps));
                return;
            }
            // The key moves between steps: the event joins each key its matched steps read, once per key, with the
            // steps that read that key.
            var done = 0;
            for (var i = 0; i < filters.Count; i++)
            {
                if ((steps & (1 << i)) == 0 || (done & (1 << i)) != 0)
                    continue;
                var key = KeyOf(stepKeys[i], auditEvent, context);
                var sameKey = 0;
                for (var j = i; j < filters.Count; j++)
                {
                    if ((steps & (1 << j)) != 0 && (j == i || key == KeyOf(stepKeys[j], auditEvent, context)))
                        sameKey |= 1 << j;
                }
                done |= sameKey;
                if (key != null)
                    _keys.For(key).Add(EvidenceOf(auditEvent, judged, context, sameKey));
            }
        }

        public override void Merge(RuleEvaluator part)
        {
            base.Merge(part);
            _keys.Merge(((SequenceEvaluator)part)._keys);
        }

        public override void Complete(IScanFacts facts)
        {
            var stepCount = Rule.Logic.Filters.Count;
            var window = Rule.Logic.Window!.Value.Ticks;
            foreach (var keyEvents in _keys.Lists)
            {
                var partial = new List<Evidence>?[stepCount - 1];
                foreach (var item in Evidence.SortDistinct(keyEvents))
                {
                    var steps = item.Steps;
                    var used = false;
                    for (var stage = stepCount - 2; stage >= 0 && !used; stage--)
                    {
                        var chain = partial[stage];
                        if ((steps & (1 << (stage + 1))) == 0 || chain is null || item.Ticks - chain[0].Ticks > window)
                            continue;
                        partial[stage] = null;
                        var extended = new List<Evidence>(chain) { item };
                        if (stage + 1 == stepCount - 1)
                        {
                            if (item.Judged)
                                Sink.Add(Findings.Create(Rule, extended, null));
                        }
                        else
                            partial[stage + 1] = extended;
                        used = true;
                    }
                    if (!used && (steps & 1) != 0)
                        partial[0] = new List<Evidence> { item };
                }
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Response;

namespace EntraGuard.Detection
{
    /// <summary>How a rule decides: one event, a never-seen combination, a count, or an ordered series.</summary>
    public enum RuleKind
    {
        /// <summary>Every matching event is a finding.</summary>
        Match,

        /// <summary>A matching event whose combination of term fields has no earlier occurrence in the history
        /// window.</summary>
        NewTerms,

        /// <summary>At least N matching events (or N distinct values of a field among them) sharing a key within a time
        /// window.</summary>
        Threshold,

        /// <summary>Matching events for each step, in order, sharing a key within a time window (a step may name its
        /// own key fields, so the key can move, e.g. from step 1's target to step 2's actor).</summary>
        Sequence,
    }

    /// <summary>A loaded, validated detection rule. Immutable; compiled once and shared by every scan.</summary>
    public sealed class Rule
    {
        internal Rule(RuleHeader header, RuleLogic logic)
        {
            Id = header.Id;
            Name = header.Name;
            Description = header.Description;
            Severity = header.Severity;
            RiskScore = header.RiskScore;
            Tactics = header.Tactics;
            Techniques = header.Techniques;
            InvestigationSteps = header.InvestigationSteps;
            FalsePositives = header.FalsePositives;
            ResponseAction = header.ResponseAction;
            SuggestedResponse = ResponseActions.Of(header.ResponseAction).Cmdlet;
            Source = header.Source;
            Peers = header.Peers;
            Logic = logic;
            Activities = logic.Filters.SelectMany(f => f.Activities).Distinct(ActivityName.Comparer).ToList();
            RecordText = logic.Filters.Count == 1 ? RequiredText.Of(logic.Filters[0]) : null;
            if (logic.Filters.Count > 1)
            {
                // An event matters to a sequence only through the steps watching its activity: when each of them needs
                // a word the record lacks, it is neither kept whole nor decoded (EG0074's grant step, app role grants).
                _recordTextByActivity = Activities.ToDictionary(
                    activity => activity,
                    activity =>
                        RequiredText.AnyOf(
                            logic.Filters.Where(f =>
                                f.Activities.Count == 0 || f.Activities.Contains(activity, ActivityName.Comparer)
                            )
                        ),
                    ActivityName.Comparer
                );
            }
        }

        public string Id { get; }
        public string Name { get; }
        public string Description { get; }
        public RuleKind Kind => Logic.Kind;
        public Severity Severity { get; }
        public int RiskScore { get; }
        public IReadOnlyList<string> Tactics { get; }
        public IReadOnlyList<string> Techniques { get; }

        /// <summary>The normalized activity names the rule looks at; empty when it looks at every activity.</summary>
        public IReadOnlyList<string> Activities { get; }

        /// <summary>For <see cref="RuleKind.NewTerms"/>: the history window in days, when the rule fixes one
        /// (else the settings' HistoryDays applies).</summary>
        public int? HistoryDays => Logic.HistoryDays;

        /// <summary>For threshold and sequence rules: the time window.</summary>
        public TimeSpan? Window => Logic.Window;

        /// <summary>For threshold rules: how many events make a finding.</summary>
        public int? Threshold => Logic.Kind == RuleKind.Threshold ? Logic.Count : null;

        /// <summary>Term fields (newTerms), group-by fields (threshold) or sequence key fields, as paths.</summary>
        public IReadOnlyList<string> KeyFields => Logic.KeyFields.Select(f => f.Path).ToList();

        /// <summary>For threshold rules that count distinct values: the field whose values are counted.</summary>
        public string? DistinctField => Logic.DistinctField?.Path;

        public IReadOnlyList<string> InvestigationSteps { get; }
        public IReadOnlyList<string> FalsePositives { get; }

        /// <summary>The action the rule suggests (the rule file names it by its key, see <see
        /// cref="ResponseActions"/>).</summary>
        public ResponseAction ResponseAction { get; }

        /// <summary>The cmdlet that answers a finding of this rule.</summary>
        public string SuggestedResponse { get; }

        /// <summary>The file the rule came from, or <c>embedded:&lt;name&gt;</c>.</summary>
        public string Source { get; }

        /// <summary>The published peer rules (Sentinel, Elastic, Sigma, Panther) this rule covers, fully or in
        /// part; docs/coverage.md is made from them.</summary>
        public IReadOnlyList<PeerCoverage> Peers { get; }

        internal RuleLogic Logic { get; }

        /// <summary>What a record's raw JSON must hold for the rule to match it; null when nothing can be
        /// told.</summary>
        internal RequiredText? RecordText { get; }

        private readonly Dictionary<string, RequiredText?>? _recordTextByActivity;

        /// <summary>
        /// What the raw JSON of a record of <paramref name="activity"/> (normalized) must hold for the rule to match
        /// it: <see cref="RecordText"/>, or for a sequence what one of the steps watching the activity needs. Null
        /// when nothing can be told.
        /// </summary>
        internal RequiredText? RecordTextFor(string activity) =>
            _recordTextByActivity is null ? RecordText
            : _recordTextByActivity.TryGetValue(activity, out var text) ? text
            : null;

        public override string ToString() => $"{Id} {Name}";
    }

    /// <summary>The descriptive part of a rule, as read from its file.</summary>
    internal sealed class RuleHeader
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
        public string Description { get; init; } = "";
        public Severity Severity { get; init; }
        public int RiskScore { get; init; }
        public IReadOnlyList<string> Tactics { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> Techniques { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> InvestigationSteps { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> FalsePositives { get; init; } = Array.Empty<string>();
        public ResponseAction ResponseAction { get; init; }
        public string Source { get; init; } = "";
        public IReadOnlyList<PeerCoverage> Peers { get; init; } = Array.Empty<PeerCoverage>();
    }

    /// <summary>One published peer rule a rule covers: <c>peer/name</c>, whether only in part (and why), and a
    /// note on how.</summary>
    public sealed class PeerCoverage
    {
        internal PeerCoverage(string peer, string name, string? partialBecause, string? note)
        {
            Peer = peer;
            Name = name;
            PartialBecause = partialBecause;
            Note = note;
        }

        /// <summary>The peer: elastic, sigma, panther or sentinel.</summary>
        public string Peer { get; }

        /// <summary>The peer rule's name as the peer table writes it.</summary>
        public string Name { get; }

        /// <summary>What of the peer rule this rule does not express; null when it covers it fully.</summary>
        public string? PartialBecause { get; }

        /// <summary>How the rule covers it, when worth saying; null otherwise.</summary>
        public string? Note { get; }
    }

    /// <summary>Which result an event must have to match.</summary>
    internal enum ResultFilter
    {
        Success,
        Failure,
        Any,
    }

    /// <summary>Activities + result + field conditions: the compiled "does this event count" test.</summary>
    internal sealed class EventFilter
    {
        public EventFilter(
            IReadOnlyList<string> activities,
            ResultFilter result,
            IReadOnlyList<FieldPredicate> where,
            IReadOnlyList<FieldPredicate>? anyOf = null
        )
        {
            Activities = activities;
            Result = result;
            Where = where;
            AnyOf = anyOf ?? Array.Empty<FieldPredicate>();
        }

        /// <summary>Normalized activity names; empty for every activity.</summary>
        public IReadOnlyList<string> Activities { get; }

        public ResultFilter Result { get; }
        public IReadOnlyList<FieldPredicate> Where { get; }

        /// <summary>Alternatives of which at least one must hold (none: no such condition). They say the same thing
        /// in different places, e.g. a role by its name in one activity's record and by its template id in
        /// another's.</summary>
        public IReadOnlyList<FieldPredicate> AnyOf { get; }

        public bool Matches(AuditEvent auditEvent, ScanContext context)
        {
            if (Activities.Count > 0 && !NamesActivity(auditEvent.Activity))
                return false;
            switch (Result)
            {
                case ResultFilter.Success when !auditEvent.IsSuccess:
                case ResultFilter.Failure
                    when !string.Equals(auditEvent.Result, "failure", StringComparison.OrdinalIgnoreCase):
                    return false;
            }
            for (var i = 0; i < Where.Count; i++)
            {
                if (!Where[i].Matches(auditEvent, context))
                    return false;
            }
            return AnyOf.Count == 0 || AnyHolds(auditEvent, context);
        }

        private bool AnyHolds(AuditEvent auditEvent, ScanContext context)
        {
            for (var i = 0; i < AnyOf.Count; i++)
            {
                if (AnyOf[i].Matches(auditEvent, context))
                    return true;
            }
            return false;
        }

        private bool NamesActivity(string activity)
        {
            for (var i = 0; i < Activities.Count; i++)
            {
                if (ActivityName.Comparer.Equals(Activities[i], activity))
                    return true;
            }
            return false;
        }
    }

    /// <summary>A raised severity (and score) for findings whose triggering event meets extra conditions.</summary>
    internal sealed class Escalation
    {
        public Escalation(IReadOnlyList<FieldPredicate> where, Severity severity, int? riskScore)
        {
            Where = where;
            Severity = severity;
            RiskScore = riskScore;
        }

        public IReadOnlyList<FieldPredicate> Where { get; }
        public Severity Severity { get; }
        public int? RiskScore { get; }

        public bool Applies(AuditEvent auditEvent, ScanContext context) =>
            Where.All(p => p.Matches(auditEvent, context));
    }

    /// <summary>Whose user id a finding's <see cref="RiskEvent.UserId"/> carries.</summary>
    internal enum ResponseUser
    {
        Target,
        Actor,
    }

    /// <summary>The compiled, kind-specific part of a rule.</summary>
    internal sealed record RuleLogic
    {
        public RuleKind Kind { get; init; }

        /// <summary>One filter for match/newTerms/threshold; one per step for sequence.</summary>
        public IReadOnlyList<EventFilter> Filters { get; init; } = Array.Empty<EventFilter>();

        /// <summary>Terms, group-by or sequence key fields.</summary>
        public IReadOnlyList<Field> KeyFields { get; init; } = Array.Empty<Field>();

        /// <summary>For sequences: each step's key fields (the step's own <c>by</c>, else <see cref="KeyFields"/>).
        /// Empty for other kinds.</summary>
        public IReadOnlyList<IReadOnlyList<Field>> StepKeyFields { get; init; } = Array.Empty<IReadOnlyList<Field>>();

        /// <summary>For a threshold that counts distinct values: the counted field; null to count events.</summary>
        public Field? DistinctField { get; init; }

        /// <summary>Whether a sequence's steps use different key fields (the key moves between steps).</summary>
        public bool KeyMoves =>
            StepKeyFields.Any(step => !step.Select(f => f.Path).SequenceEqual(KeyFields.Select(f => f.Path)));

        public int? HistoryDays { get; init; }
        public TimeSpan? Window { get; init; }
        public int Count { get; init; }
        public IReadOnlyList<Escalation> Escalations { get; init; } = Array.Empty<Escalation>();

        /// <summary>Target types, in preference order, that make the finding's principal target (e.g. Group); empty
        /// for the first target.</summary>
        public IReadOnlyList<string> TargetTypes { get; init; } = Array.Empty<string>();

        public ResponseUser ResponseUser { get; init; }
    }
}

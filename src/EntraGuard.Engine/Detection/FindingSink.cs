using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Memory;

namespace EntraGuard.Detection
{
    /// <summary>
    /// Receives every finding of a scan as evaluators make it. Duplicates (the same evidence read twice) are dropped
    /// and suppressions applied at once, so a suppressed finding costs its id's characters, kept to count it exactly,
    /// instead of a whole RiskEvent held to the end of the stream: memory follows what is reported, not what is
    /// suppressed. The ids sit in one arena rather than as strings, which would each outlive their event.
    /// </summary>
    internal sealed class FindingSink
    {
        private readonly List<Suppression> _active = new();
        private readonly List<Suppression> _expired = new();
        private readonly int[] _expiredMatches;
        private readonly bool _keepSuppressed;
        private readonly TextArena _seenIds = new();
        private readonly HashSet<TextRef> _seen;
        private readonly Dictionary<string, int> _perRule = new(StringComparer.OrdinalIgnoreCase);

        public FindingSink(ScanOptions options)
        {
            var now = options.Now ?? DateTimeOffset.UtcNow;
            foreach (var suppression in options.Suppressions.Entries)
            {
                (suppression.IsExpired(now) ? _expired : _active).Add(suppression);
            }
            _expiredMatches = new int[_expired.Count];
            _keepSuppressed = options.IncludeSuppressed;
            _seen = new HashSet<TextRef>(_seenIds);
        }

        /// <summary>Findings to report (suppressed ones too when the scan includes them), in arrival order.</summary>
        public List<RiskEvent> Kept { get; } = new();

        public int SuppressedCount { get; private set; }

        /// <summary>Takes a finding; safe to call from the readers of a parallel scan at once.</summary>
        public void Add(RiskEvent finding)
        {
            lock (_seenIds)
                AddLocked(finding);
        }

        private void AddLocked(RiskEvent finding)
        {
            var id = _seenIds.Add(finding.RiskEventId);
            if (!_seen.Add(id))
            {
                _seenIds.RemoveLast(id);
                return;
            }
            _perRule.TryGetValue(finding.RuleId, out var made);
            _perRule[finding.RuleId] = made + 1;

            for (var i = 0; i < _expired.Count; i++)
            {
                if (_expired[i].Matches(finding))
                    _expiredMatches[i]++;
            }
            var suppression = _active.FirstOrDefault(s => s.Matches(finding));
            if (suppression != null)
            {
                finding.Suppressed = true;
                finding.SuppressionJustification = suppression.Justification;
                SuppressedCount++;
                if (!_keepSuppressed)
                    return;
            }
            Kept.Add(finding);
        }

        /// <summary>Distinct findings a rule made, before suppression and the severity floor.</summary>
        public int MadeBy(string ruleId) => _perRule.TryGetValue(ruleId, out var made) ? made : 0;

        /// <summary>One warning per expired suppression: it no longer applies, and how many findings it would
        /// match.</summary>
        public IEnumerable<string> ExpiryWarnings() =>
            _expired.Select(
                (suppression, i) =>
                    $"{suppression} expired on {suppression.Expires.UtcDateTime:yyyy-MM-dd HH:mm} UTC and no "
                    + $"longer applies"
                    + (_expiredMatches[i] > 0 ? $"; {_expiredMatches[i]} finding(s) it matches are reported" : "")
                    + ". Review it: renew 'expires' or remove it."
            );
    }
}

using System;
using System.Collections.Generic;

namespace EntraGuard.Memory
{
    /// <summary>
    /// One instance of each value a scan meets again, so that what held evidence shares (a user's target, an actor,
    /// a list of targets) is held once however many events hold it. A value is remembered for good only when it is
    /// met a second time while still among the recently met (two slots for each hash): a value met once, such as a
    /// device registered once, costs no table entry, which on data of unique values was most of what the evidence
    /// held. A value whose meetings are far apart may be held a few times over before two fall close together.
    /// </summary>
    internal sealed class Keeper<TKey, TValue>
        where TValue : class
    {
        // Two slots a hash, the newer first: with one, two values met together event after event (an actor's address
        // and user agent) whose hashes fell on the same slot pushed each other out for good and were never kept.
        private const int RecentSets = 2048; // power of two
        private readonly Dictionary<TKey, TValue> _kept;
        private readonly IEqualityComparer<TKey> _comparer;
        private readonly Func<TValue, TKey> _keyOf;
        private readonly Func<TKey, TValue> _make;
        private readonly TValue?[] _recent = new TValue?[2 * RecentSets];

        /// <param name="comparer">Equality of keys.</param>
        /// <param name="keyOf">A kept value's key (which must hold nothing of a probe's reused buffers).</param>
        /// <param name="make">A new value for a key met for the first time.</param>
        public Keeper(IEqualityComparer<TKey> comparer, Func<TValue, TKey> keyOf, Func<TKey, TValue> make)
        {
            _comparer = comparer;
            _kept = new Dictionary<TKey, TValue>(comparer);
            _keyOf = keyOf;
            _make = make;
        }

        /// <summary>Values remembered for good.</summary>
        public int Count => _kept.Count;

        /// <summary>The instance kept for <paramref name="key"/>, made if none is; <paramref name="lasting"/> says
        /// whether it is remembered for good.</summary>
        public TValue Keep(TKey key, out bool lasting)
        {
            lasting = true;
            if (_kept.TryGetValue(key, out var kept))
                return kept;
            var set = 2 * (_comparer.GetHashCode(key) & (RecentSets - 1));
            for (var slot = set; slot < set + 2; slot++)
            {
                var recent = _recent[slot];
                if (recent is null)
                    continue;
                var recentKey = _keyOf(recent);
                if (_comparer.Equals(recentKey, key))
                {
                    _kept.Add(recentKey, recent);
                    _recent[slot] = null; // found in the table from now on
                    return recent;
                }
            }
            lasting = false;
            var made = _make(key);
            if (_recent[set] != null)
                _recent[set + 1] = _recent[set];
            _recent[set] = made;
            return made;
        }
    }
}

using System;
using System.Collections.Generic;

namespace EntraGuard.Collection
{
    /// <summary>
    /// A part of a collection's time range: events with <see cref="From"/> ≤ time ≤ <see cref="To"/>. Slices of one
    /// range touch without overlapping (each ends one tick before the next begins), so no event is read twice.
    /// </summary>
    public readonly struct TimeSlice : IEquatable<TimeSlice>
    {
        public TimeSlice(DateTimeOffset from, DateTimeOffset to)
        {
            if (to < from)
                throw new ArgumentException($"A time slice cannot end ({to:o}) before it starts ({from:o}).");
            From = from;
            To = to;
        }

        public DateTimeOffset From { get; }
        public DateTimeOffset To { get; }

        public bool Contains(DateTimeOffset time) => time >= From && time <= To;

        /// <summary>
        /// Splits [since, until] into slices of at most <paramref name="maxLength"/>, newest first (Graph's own order,
        /// so the events come out newest first across slices too).
        /// </summary>
        public static IReadOnlyList<TimeSlice> Split(DateTimeOffset since, DateTimeOffset until, TimeSpan maxLength)
        {
            if (until < since)
                throw new ArgumentException(
                    $"The end of the range ({until:o}) is before its start ({since:o}).",
                    nameof(until)
                );
            if (maxLength <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(
                    nameof(maxLength),
                    maxLength,
                    "A slice must be longer than zero."
                );
            var slices = new List<TimeSlice>();
            var to = until;
            while (true)
            {
                var from = to - since <= maxLength ? since : to - maxLength;
                slices.Add(new TimeSlice(from, to));
                if (from == since)
                    return slices;
                to = from.AddTicks(-1);
            }
        }

        public bool Equals(TimeSlice other) => From == other.From && To == other.To;

        public override bool Equals(object? obj) => obj is TimeSlice other && Equals(other);

        public override int GetHashCode() => From.GetHashCode() * 31 + To.GetHashCode();

        public override string ToString() => $"{From.UtcDateTime:o} .. {To.UtcDateTime:o}";
    }
}

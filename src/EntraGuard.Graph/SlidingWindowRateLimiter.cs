using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;

namespace EntraGuard.Graph
{
    /// <summary>
    /// At most <see cref="Permits"/> requests in any window of <see cref="Window"/>: a strict sliding window, so no
    /// burst at a window edge exceeds the limit the way a fixed window would let it. A request's place in the window
    /// is counted from when its response came back, not from when it was sent: the server saw it arrive somewhere in
    /// between, so spacing from the response is the only spacing the server is sure to see too. Thread-safe.
    /// </summary>
    public sealed class SlidingWindowRateLimiter
    {
        private readonly object _gate = new();
        private readonly List<Lease> _leases = new();
        private readonly IWaitClock _clock;

        public SlidingWindowRateLimiter(int permits, TimeSpan window, IWaitClock? clock = null)
        {
            if (permits < 1)
                throw new ArgumentOutOfRangeException(nameof(permits), permits, "At least one permit per window.");
            if (window <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(window), window, "The window must be longer than zero.");
            Permits = permits;
            Window = window;
            _clock = clock ?? SystemWaitClock.Instance;
        }

        public int Permits { get; }
        public TimeSpan Window { get; }

        /// <summary>Called with the wait ahead whenever an acquisition has to wait (for progress messages).</summary>
        public Action<TimeSpan>? Waiting { get; set; }

        /// <summary>How long an acquisition at <paramref name="now"/> would wait.</summary>
        public TimeSpan DelayAt(TimeSpan now)
        {
            lock (_gate)
                return DelayAtLocked(now);
        }

        /// <summary>
        /// Waits until a permit is free, then takes it. Dispose the lease when the response has arrived: the window of
        /// this request runs from then.
        /// </summary>
        public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TimeSpan delay;
                lock (_gate)
                {
                    var now = _clock.Now;
                    delay = DelayAtLocked(now);
                    if (delay == TimeSpan.Zero)
                    {
                        var lease = new Lease(this, now);
                        _leases.Add(lease);
                        return lease;
                    }
                }
                Waiting?.Invoke(delay);
                await _clock.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        private TimeSpan DelayAtLocked(TimeSpan now)
        {
            _leases.RemoveAll(lease => lease.Completed && now - lease.Time >= Window);
            if (_leases.Count < Permits)
                return TimeSpan.Zero;
            var oldestCompleted = TimeSpan.MaxValue;
            foreach (var lease in _leases)
            {
                if (lease.Completed && lease.Time < oldestCompleted)
                    oldestCompleted = lease.Time;
            }
            // Every permit in flight: a response is due; wait a whole window (a limit reached by concurrency alone).
            return oldestCompleted == TimeSpan.MaxValue ? Window : oldestCompleted + Window - now;
        }

        private void Complete(Lease lease)
        {
            lock (_gate)
            {
                if (lease.Completed)
                    return;
                lease.Time = _clock.Now;
                lease.Completed = true;
            }
        }

        private sealed class Lease : IDisposable
        {
            private readonly SlidingWindowRateLimiter _owner;

            public Lease(SlidingWindowRateLimiter owner, TimeSpan time)
            {
                _owner = owner;
                Time = time;
            }

            public TimeSpan Time { get; set; }
            public bool Completed { get; set; }

            public void Dispose() => _owner.Complete(this);
        }
    }
}

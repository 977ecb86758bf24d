using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace EntraGuard.Collection
{
    /// <summary>Monotonic time and waiting, injectable so that limits and back-off are tested without sleeping.</summary>
    public interface IWaitClock
    {
        /// <summary>Time elapsed since an arbitrary fixed origin; never goes backwards.</summary>
        TimeSpan Now { get; }

        Task Delay(TimeSpan delay, CancellationToken cancellationToken);
    }

    /// <summary>Real time: a stopwatch and Task.Delay.</summary>
    public sealed class SystemWaitClock : IWaitClock
    {
        public static readonly SystemWaitClock Instance = new();
        private readonly Stopwatch _stopwatch = Stopwatch.StartNew();

        private SystemWaitClock() { }

        public TimeSpan Now => _stopwatch.Elapsed;

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
    }

    /// <summary>
    /// At most <see cref="Permits"/> acquisitions in any window of <see cref="Window"/>: a strict sliding window, so
    /// no burst at a window edge can exceed the limit the way a fixed window would let it. Thread-safe.
    /// </summary>
    public sealed class SlidingWindowRateLimiter
    {
        private readonly object _gate = new();
        private readonly Queue<TimeSpan> _grants = new();
        private readonly IWaitClock _clock;

        public SlidingWindowRateLimiter(int permits, TimeSpan window, IWaitClock? clock = null)
        {
            if (permits < 1) throw new ArgumentOutOfRangeException(nameof(permits), permits, "At least one permit per window.");
            if (window <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(window), window, "The window must be longer than zero.");
            Permits = permits;
            Window = window;
            _clock = clock ?? SystemWaitClock.Instance;
        }

        public int Permits { get; }
        public TimeSpan Window { get; }

        /// <summary>Called with the wait ahead whenever an acquisition has to wait (for progress messages).</summary>
        public Action<TimeSpan>? Waiting { get; set; }

        /// <summary>How long an acquisition at <paramref name="now"/> would wait; forgets grants older than the window.</summary>
        public TimeSpan DelayAt(TimeSpan now)
        {
            lock (_gate) return DelayAtLocked(now);
        }

        /// <summary>Waits until a permit is free, then takes it.</summary>
        public async Task AcquireAsync(CancellationToken cancellationToken)
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
                        _grants.Enqueue(now);
                        return;
                    }
                }
                Waiting?.Invoke(delay);
                await _clock.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        private TimeSpan DelayAtLocked(TimeSpan now)
        {
            while (_grants.Count > 0 && now - _grants.Peek() >= Window) _grants.Dequeue();
            return _grants.Count < Permits ? TimeSpan.Zero : _grants.Peek() + Window - now;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace EntraGuard.Collection
{
    /// <summary>Monotonic time and waiting, injectable so that limits and back-off are tested without
    /// sleeping.</summary>
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
}

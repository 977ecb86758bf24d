using System;
using System.Diagnostics;
using System.Threading;

namespace EntraGuard.Bench
{
    /// <summary>
    /// One timed run of a phase: events, bytes, seconds, the processor time the process used meanwhile (all threads)
    /// and the peak managed heap seen while it ran.
    /// </summary>
    internal readonly record struct Measurement(
        long Events,
        long Bytes,
        double Seconds,
        double CpuSeconds,
        long PeakManagedBytes
    )
    {
        public double EventsPerSecond => Events / Seconds;
        public double MegabytesPerSecond => Bytes / 1048576.0 / Seconds;

        /// <summary>
        /// Runs <paramref name="phase"/> (which returns the events it saw) once, after a full collection, sampling the
        /// managed heap every few milliseconds.
        /// </summary>
        public static Measurement Run(long bytes, Func<long> phase)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            using var sampler = new HeapSampler();
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            var events = phase();
            stopwatch.Stop();
            process.Refresh();
            var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
            return new Measurement(events, bytes, stopwatch.Elapsed.TotalSeconds, cpuSeconds, sampler.Stop());
        }

        /// <summary>The faster of two runs of one phase, with the higher peak and the lower processor time.</summary>
        public Measurement Best(Measurement other) =>
            Seconds == 0
                ? other
                : (other.Seconds < Seconds ? other : this) with
                {
                    PeakManagedBytes = Math.Max(PeakManagedBytes, other.PeakManagedBytes),
                    CpuSeconds = Math.Min(CpuSeconds, other.CpuSeconds),
                };

        private sealed class HeapSampler : IDisposable
        {
            private readonly Thread _thread;
            private volatile bool _stop;
            private long _peak;

            public HeapSampler()
            {
                _peak = GC.GetTotalMemory(false);
                _thread = new Thread(() =>
                {
                    while (!_stop)
                    {
                        var now = GC.GetTotalMemory(false);
                        if (now > Interlocked.Read(ref _peak))
                            Interlocked.Exchange(ref _peak, now);
                        Thread.Sleep(2);
                    }
                })
                {
                    IsBackground = true,
                    Priority = ThreadPriority.AboveNormal,
                };
                _thread.Start();
            }

            public long Stop()
            {
                _stop = true;
                _thread.Join();
                return Interlocked.Read(ref _peak);
            }

            public void Dispose() => Stop();
        }
    }
}

using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using EntraGuard.Collection;

namespace EntraGuard.Cli
{
    /// <summary>
    /// Progress of a long Graph read on stderr, never on stdout (which carries the results). On a terminal, one
    /// line rewritten in place; elsewhere (--progress into a log), a line at most every few seconds, and every wait
    /// for the throttle, which is what explains a slow run.
    /// </summary>
    internal sealed class ProgressLine
    {
        private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

        private readonly TextWriter _error;
        private readonly bool _inPlace;
        private readonly object _gate = new();
        private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
        private int _shown;
        private bool _open;
        private bool _any;

        public ProgressLine(TextWriter error, bool inPlace)
        {
            _error = error;
            _inPlace = inPlace;
        }

        /// <summary>Called on the collector's thread after each page and while waiting.</summary>
        public void Report(CollectionProgress progress)
        {
            var text = Describe(progress);
            lock (_gate)
            {
                if (_inPlace)
                {
                    // \r and spaces over the rest of the previous line: no terminal control sequences needed.
                    _error.Write("\r" + text.PadRight(_shown));
                    _shown = text.Length;
                    _open = true;
                    return;
                }
                var waiting = progress.Status.StartsWith("waiting", StringComparison.Ordinal);
                if (_any && !waiting && progress.Status != "done" && _sinceLine.Elapsed < LogInterval)
                    return;
                _error.WriteLine(text);
                _any = true;
                _sinceLine.Restart();
            }
        }

        /// <summary>Ends the line rewritten in place, so what follows starts on a line of its own.</summary>
        public void Finish()
        {
            lock (_gate)
            {
                if (_open)
                    _error.WriteLine();
                _open = false;
            }
        }

        internal static string Describe(CollectionProgress progress)
        {
            var reached = progress.TimeReached is { } time
                ? ", back to " + time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC"
                : "";
            var slice = progress.Slices > 1 ? $", slice {progress.Slice}/{progress.Slices}" : "";
            return $"entraguard: {progress.Items:N0} event(s), {progress.Pages:N0} page(s){reached}{slice}: "
                + progress.Status;
        }
    }
}

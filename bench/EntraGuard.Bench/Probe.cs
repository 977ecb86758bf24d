using System;
using System.IO;

namespace EntraGuard.Bench
{
    /// <summary>
    /// One engine phase over one file, by name, for <see cref="CompareBuilds"/>: the entry another build's bench is
    /// called through when it is loaded beside this one (so it must stay public, and its signature stable).
    /// </summary>
    public static class Probe
    {
        private static readonly Lazy<Detection.DetectionSetup> Setup = new(() =>
            Detection.DetectionSetup.Load(Path.Combine(Program.RepositoryRoot(), "samples", "settings.yaml"))
        );

        /// <summary>Events a second of <paramref name="phase"/> (floor, read, scan, signin) over
        /// <paramref name="path"/>.</summary>
        public static double Rate(string phase, string path)
        {
            var setup = Setup.Value;
            Func<long> run = phase switch
            {
                "floor" => () => Phases.ReaderFloor(path),
                "read" => () => Phases.Read(path),
                "scan" => () => Phases.Scan(path, setup.Engine, setup.Options()),
                "signin" => () => Phases.ReadSignIns(path),
                _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "floor, read, scan or signin"),
            };
            // Timed as the bench's own figures are, after a full collection.
            return Measurement.Run(0, run).EventsPerSecond;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using EntraGuard.Ingest;
using EntraGuard.SampleData;

namespace EntraGuard.Bench
{
    /// <summary>
    /// Generates deterministic Graph pages (10k, 100k, 1M events of ~1 KB; once, then reused: see BenchInputs), then
    /// measures every read path on the same bytes in this process, then the Graph pull over loopback, and prints one
    /// figure a line as name=value. --quick: 10k and 100k only, fewer turns, the slowest paths (Kiota, plain
    /// PowerShell) on the first pages, one cold start, and the throttled pull under a shorter window of the limiter.
    /// --engine: only the engine's phases (read, scan, sign-ins, many files), for A/B runs of an engine change.
    /// --only=read,signin,parallel,investigate,operations: those engine phases alone, for an A/B of a change that
    /// touches only them; --audit is --only=read, the audit read and scan phases. --compare=OTHER: this build's engine
    /// phases against another build's bench in one process (see CompareBuilds), and nothing else.
    /// </summary>
    public static class Program
    {
        // Kiota runs at a few thousand events/s: bounded to keep the run short
        private const long KiotaLimitDefault = 100_000;
        private const int KiotaQuickPages = 3;

        public static int Main(string[] args)
        {
            var quick = args.Contains("--quick");
            var only = args.Contains("--audit")
                ? new[] { "read" }
                : args.FirstOrDefault(a => a.StartsWith("--only=", StringComparison.Ordinal))?[7..].Split(',');
            var engineOnly = args.Contains("--engine") || only != null;
            bool Runs(string phase) => only is null || only.Contains(phase);
            var sizes = quick ? new long[] { 10_000, 100_000 } : new long[] { 10_000, 100_000, 1_000_000 };
            var kiotaLimit = quick || only != null ? 10_000 : KiotaLimitDefault;
            var folder = Path.Combine(Path.GetTempPath(), "entraguard-bench");
            Directory.CreateDirectory(folder);
            var generated = new BenchInputs(folder);

            Print("machine.cores", Environment.ProcessorCount);
            // The CLI runs with server GC, a PowerShell host with workstation GC: DOTNET_gcServer=1 measures the
            // former.
            Print("machine.gc", System.Runtime.GCSettings.IsServerGC ? "server" : "workstation");
            Print(
                "machine.runtime",
                System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.Replace(' ', '_')
            );
            if (args.FirstOrDefault(a => a.StartsWith("--compare=", StringComparison.Ordinal)) is { } compare)
            {
                var size = sizes[^1];
                var (audits, smallAudits) = (generated.Audits(size), generated.Audits(2_000));
                CompareBuilds.Run(
                    Path.GetFullPath(compare["--compare=".Length..]),
                    new[]
                    {
                        ("floor", audits, smallAudits),
                        ("read", audits, smallAudits),
                        ("scan", audits, smallAudits),
                        ("signin", generated.SignIns(size), generated.SignIns(10_000)),
                    },
                    quick ? 4 : 8,
                    Print
                );
                return 0;
            }
            var inputs = sizes.ToDictionary(size => size, generated.Audits);

            // Warm every path on the smallest input until tiered compilation has settled, so the figures compare
            // steady-state code rather than the JIT's first tiers.
            var warm = inputs[sizes[0]];
            // Scanned as a tuned tenant is: the sample settings suppress the automation account's daily rotation.
            var setup = Detection.DetectionSetup.Load(Path.Combine(RepositoryRoot(), "samples", "settings.yaml"));
            var engine = setup.Engine;
            var scanOptions = setup.Options();
            // Today's catalog and one three times its size made from it (see WideCatalog).
            var wide = Detection.DetectionSetup.Load(
                Path.Combine(RepositoryRoot(), "samples", "settings.yaml"),
                new[]
                {
                    WideCatalog.Write(
                        Path.Combine(RepositoryRoot(), "src", "EntraGuard.Engine", "Rules"),
                        Path.Combine(folder, "wide-catalog")
                    ),
                }
            );
            var wideEngine = wide.Engine;
            var wideOptions = wide.Options();
            Print("catalog.rules", engine.Rules.Count);
            Print("catalog.wide.rules", wideEngine.Rules.Count);
            if (Runs("read"))
            {
                var small = generated.Audits(2_000);
                WarmUp(
                    quick ? 2 : 4,
                    () =>
                    {
                        Phases.ReaderFloor(small);
                        Phases.Read(small);
                        Phases.Scan(small, engine, scanOptions);
                        Phases.Scan(small, wideEngine, wideOptions);
                    }
                );
                // Kiota's typed walk takes a fifth of a second for a thousand events: a few calls, apart from the rest.
                for (var call = 0; call < 5; call++)
                    Phases.KiotaTyped(warm, 1_000);
            }

            var peaks = new Dictionary<long, long>();
            var scanPeaks = new Dictionary<long, long>();
            double kiotaRate = 0;
            foreach (var size in Runs("read") ? sizes : Array.Empty<long>())
            {
                var path = inputs[size];
                var bytes = new FileInfo(path).Length;
                // Five turns each: on this shared machine a quiet moment long enough for a 1M-event run comes by
                // within five turns far more often than within three. --quick: three.
                var repeat = quick ? 3 : 5;
                var name = Label(size);

                // The phases take turns, best run of each kept: on a shared 2-core machine a noisy moment then costs
                // one run of each phase instead of every run of one, so the ratios compare like with like.
                Measurement floor = default,
                    read = default,
                    scan = default,
                    scanWide = default;
                for (var run = 0; run < repeat; run++)
                {
                    floor = floor.Best(Measurement.Run(bytes, () => Phases.ReaderFloor(path)));
                    read = read.Best(Measurement.Run(bytes, () => Phases.Read(path)));
                    scan = scan.Best(Measurement.Run(bytes, () => Phases.Scan(path, engine, scanOptions)));
                    scanWide = scanWide.Best(Measurement.Run(bytes, () => Phases.Scan(path, wideEngine, wideOptions)));
                }
                Report($"{name}.reader", floor);
                Report($"{name}.read", read);
                Report($"{name}.scan", scan);
                Report($"{name}.scan_wide", scanWide);
                Check(size, floor.Events, read.Events, scan.Events, scanWide.Events);

                if (size <= kiotaLimit)
                {
                    // --quick: Kiota's rate over the file's first pages, which take it a second.
                    var kiotaEvents = quick ? Math.Min(size, KiotaQuickPages * SampleWriter.PageSize) : size;
                    var kiotaBytes = Phases.BytesOfPages(path, kiotaEvents, SampleWriter.PageSize);
                    Measurement kiota = default;
                    for (var run = 0; run < (quick ? 1 : 2); run++)
                        kiota = kiota.Best(Measurement.Run(kiotaBytes, () => Phases.KiotaTyped(path, kiotaEvents)));
                    Print($"{name}.kiota.events", kiota.Events);
                    Report($"{name}.kiota", kiota);
                    kiotaRate = kiota.EventsPerSecond;
                }
                else
                {
                    Print(
                        $"{name}.kiota",
                        $"not_run_(bounded_to_{Label(kiotaLimit)};_ratios_use_the_{Label(kiotaLimit)}_rate)"
                    );
                }

                Print($"{name}.ratio.read_reader", read.EventsPerSecond / floor.EventsPerSecond);
                Print($"{name}.ratio.scan_reader", scan.EventsPerSecond / floor.EventsPerSecond);
                Print($"{name}.ratio.scan_wide_reader", scanWide.EventsPerSecond / floor.EventsPerSecond);
                // By processor time, which the load of other work on the machine disturbs less: 1 is no cost at all
                // for the rules added.
                Print($"{name}.ratio.cpu_scan_scan_wide", scan.CpuSeconds / scanWide.CpuSeconds);
                Print($"{name}.ratio.read_kiota", read.EventsPerSecond / kiotaRate);
                Print($"{name}.ratio.scan_kiota", scan.EventsPerSecond / kiotaRate);
                peaks[size] = read.PeakManagedBytes;
                scanPeaks[size] = scan.PeakManagedBytes;
            }

            PrintPeakRatio("read", sizes, peaks);
            PrintPeakRatio("scan", sizes, scanPeaks);

            // --quick: two turns each, to stay short.
            var turns = quick ? 2 : 3;
            var manySizes = quick ? new long[] { 100_000 } : new long[] { 100_000, 1_000_000 };
            // Sign-ins at 1M take five turns, as the audit phases above do (a quiet moment comes by within five far
            // more often than within three).
            if (Runs("signin"))
                MeasureSignIns(generated, quick ? 100_000 : 1_000_000, quick ? turns : 5, quick ? 1 : 2);
            if (Runs("parallel"))
                MeasureParallel(generated, manySizes, turns, quick ? 1 : 2, engine, scanOptions);
            if (Runs("investigate"))
                MeasureInvestigation(generated, manySizes, turns, setup);
            if (Runs("operations"))
                MeasureOperations(generated, manySizes, turns, engine, scanOptions);
            if (engineOnly)
                return 0;
            MeasurePowerShell(generated, quick, warm, engine, scanOptions);
            ColdStartPhase.Run(RepositoryRoot(), CliPath(RepositoryRoot()), quick ? 1 : 5, Print);
            GraphPullPhase.RunAsync(quick, Print).GetAwaiter().GetResult();
            return 0;
        }

        /// <summary>
        /// Runs <paramref name="round"/> (each phase once, on a small file) for at least <paramref name="seconds"/> and
        /// at least 150 times, so that every phase runs code the JIT has fully optimized: a method gets there only
        /// after dozens of calls (counted, then profiled). The reader floor's loop sits in one method called once a
        /// file, and a time limit alone gave it a dozen calls before the 1M turns (a round that also warmed Kiota took
        /// half a second), where it ran 8-10 % slower than its optimized code: every ratio to it read high.
        /// </summary>
        internal static void WarmUp(double seconds, Action round)
        {
            var until = DateTime.UtcNow.AddSeconds(seconds);
            for (var rounds = 0; rounds < 150 || DateTime.UtcNow < until; rounds++)
                round();
        }

        /// <summary>
        /// Sign-ins (the sample tenant's of every kind, repeated) read by the sign-in reader against the token walk
        /// over the same file, turn about: signin_*.ratio.read_reader compares with *.ratio.read_reader of audits.
        /// </summary>
        private static void MeasureSignIns(BenchInputs generated, long size, int turns, double warmSeconds)
        {
            var path = generated.SignIns(size);
            // Warmed on a small file first, as the audit paths are: while the file was written before each run, the
            // writing gave the JIT time to settle, and two turns of 100k do not (the ratio fell from ~0.5 to ~0.25).
            var warm = generated.SignIns(10_000);
            WarmUp(
                warmSeconds,
                () =>
                {
                    Phases.ReaderFloor(warm);
                    Phases.ReadSignIns(warm);
                }
            );
            var bytes = new FileInfo(path).Length;
            Measurement floor = default,
                read = default;
            for (var run = 0; run < turns; run++)
            {
                floor = floor.Best(Measurement.Run(bytes, () => Phases.ReaderFloor(path)));
                read = read.Best(Measurement.Run(bytes, () => Phases.ReadSignIns(path)));
            }
            Check(size, floor.Events, read.Events);
            var name = $"signin_{Label(size)}";
            Report($"{name}.reader", floor);
            Report($"{name}.read", read);
            Print($"{name}.ratio.read_reader", read.EventsPerSecond / floor.EventsPerSecond);
            // The same ratio by processor time, which a busy machine disturbs less than the wall clock.
            Print($"{name}.ratio.cpu_reader_read", floor.CpuSeconds / read.CpuSeconds);
        }

        /// <summary>
        /// An investigation over files: the scan's findings of the bulk audit file investigated over it and a sign-in
        /// file of the same size, as `entraguard investigate` does. investigate_*.passes_per_file is how often each
        /// file was read (1: both logs in one pass), memory.ratio.investigate_peak_* whether memory stays flat.
        /// </summary>
        private static void MeasureInvestigation(
            BenchInputs generated,
            long[] sizes,
            int turns,
            Detection.DetectionSetup setup
        )
        {
            var peaks = new Dictionary<long, long>();
            foreach (var size in sizes)
            {
                var paths = new[] { generated.Audits(size), generated.SignIns(size) };
                var findings = setup
                    .Engine.Scan(AuditEventReader.ReadPaths(new[] { paths[0] }), setup.Options())
                    .Findings.ToArray();
                var bytes = paths.Sum(path => new FileInfo(path).Length);
                Measurement best = default;
                Investigation.InvestigationReads reads = new();
                for (var run = 0; run < turns; run++)
                {
                    best = best.Best(
                        Measurement.Run(
                            bytes,
                            () =>
                            {
                                reads = new Investigation.InvestigationReads();
                                Investigation.InvestigationSession.Investigate(findings, paths, reads: reads);
                                return reads.AuditEvents.Events + reads.SignIns.Events;
                            }
                        )
                    );
                }
                Check(2 * size, best.Events);
                var name = $"investigate_{Label(size)}";
                Print($"{name}.risk_events", findings.Length);
                Report(name, best);
                var files = reads.AuditEvents.Files.Concat(reads.SignIns.Files).ToArray();
                Print($"{name}.passes_per_file", (double)files.Length / files.Distinct().Count());
                peaks[size] = best.PeakManagedBytes;
            }
            PrintPeakRatio("investigate", sizes, peaks);
        }

        /// <summary>
        /// A day of Azure Monitor's hourly blobs: the bulk data as diagnostic records in 24 files, scanned by one
        /// reader and by one reader a processor (the default), turn about (at least a few seconds of turns), best of
        /// each. files24_*.ratio.scan_parallel_scan_single is what the cores add (at most machine.cores),
        /// ratio.cpu_parallel_single the processor time the parallel scan spends for the same work (1 is no overhead);
        /// memory.ratio.scan_parallel_peak_* whether holding parts of the scan in several readers still keeps memory
        /// flat as the data grows.
        /// </summary>
        private static void MeasureParallel(
            BenchInputs generated,
            long[] sizes,
            int turns,
            double warmSeconds,
            Detection.DetectionEngine engine,
            Detection.ScanOptions scanOptions
        )
        {
            // Warmed on a day of 2,000 events, both ways, so that code only this phase runs (parts, readers, merges)
            // is measured settled even when the phase runs alone (--only=parallel).
            var warmFiles = generated.Hourly(2_000);
            WarmUp(
                warmSeconds,
                () =>
                {
                    Phases.ScanFiles(warmFiles, engine, scanOptions, 1);
                    Phases.ScanFiles(warmFiles, engine, scanOptions, Environment.ProcessorCount);
                }
            );
            var peaks = new Dictionary<long, long>();
            foreach (var size in sizes)
            {
                var files = generated.Hourly(size);
                var bytes = files.Sum(f => new FileInfo(f).Length);
                Measurement single = default,
                    parallel = default;
                // A turn at 100k takes a fifth of a second, and a noisy moment on this shared machine lasts longer:
                // short turns go on for a few seconds, so a quiet moment comes by as it does for the longer ones.
                var watch = Stopwatch.StartNew();
                for (var run = 0; run < turns || watch.Elapsed.TotalSeconds < 2 * warmSeconds; run++)
                {
                    single = single.Best(Measurement.Run(bytes, () => Phases.ScanFiles(files, engine, scanOptions, 1)));
                    parallel = parallel.Best(
                        Measurement.Run(
                            bytes,
                            () => Phases.ScanFiles(files, engine, scanOptions, Environment.ProcessorCount)
                        )
                    );
                }
                Check(size, single.Events, parallel.Events);
                var name = $"files24_{Label(size)}";
                Print($"{name}.cores", Environment.ProcessorCount);
                Report($"{name}.scan_single", single);
                Report($"{name}.scan_parallel", parallel);
                Print($"{name}.ratio.scan_parallel_scan_single", parallel.EventsPerSecond / single.EventsPerSecond);
                // Processor time (all threads) over the same events: what reading in parts and merging costs. Unlike
                // the ratio above it barely depends on how busy the machine is.
                Print($"{name}.ratio.cpu_parallel_single", parallel.CpuSeconds / single.CpuSeconds);
                peaks[size] = parallel.PeakManagedBytes;
            }
            PrintPeakRatio("scan_parallel", sizes, peaks);
        }

        /// <summary>
        /// The bulk data with each repeated operation an operation of its own, as in a real tenant (see
        /// BulkWriter.WriteOperationPages): a rule keyed by correlation id then holds one key for every operation, most
        /// of one event, where the bulk data's reused ids give it a few keys of hundreds. operations_*.held_mb is the
        /// live heap the scan's state adds once every file is read (stateful rules hold evidence to the end),
        /// held_bytes_per_event that over the events scanned, and memory.ratio.operations_peak_* whether the scan's
        /// peak stays flat on such data too.
        /// </summary>
        private static void MeasureOperations(
            BenchInputs generated,
            long[] sizes,
            int turns,
            Detection.DetectionEngine engine,
            Detection.ScanOptions scanOptions
        )
        {
            var peaks = new Dictionary<long, long>();
            foreach (var size in sizes)
            {
                var files = new[] { generated.Operations(size) };
                var bytes = new FileInfo(files[0]).Length;
                Measurement scan = default;
                for (var run = 0; run < turns; run++)
                    scan = scan.Best(Measurement.Run(bytes, () => Phases.ScanFiles(files, engine, scanOptions, 1)));
                Check(size, scan.Events);
                var held = Phases.HeldByScan(files, engine, scanOptions);
                var name = $"operations_{Label(size)}";
                Report($"{name}.scan", scan);
                Print($"{name}.held_mb", held / 1048576.0);
                Print($"{name}.held_bytes_per_event", (double)held / size);
                peaks[size] = scan.PeakManagedBytes;
            }
            PrintPeakRatio("operations", sizes, peaks);
        }

        /// <summary>
        /// The cmdlets in a hosted runspace against `entraguard scan` on the same bytes, both as a whole process and as
        /// the engine's scan warm in this one, and plain PowerShell on a smaller file of the same records (it is ~100x
        /// slower), compared as events/s.
        /// </summary>
        private static void MeasurePowerShell(
            BenchInputs generated,
            bool quick,
            string warm,
            Detection.DetectionEngine engine,
            Detection.ScanOptions scanOptions
        )
        {
            var size = quick ? 20_000 : 200_000;
            var path = generated.Audits(size);
            var plainSize = quick ? 2_000 : PowerShellPhase.PlainSample;
            var plainPath = generated.Audits(plainSize);
            var bytes = new FileInfo(path).Length;
            var root = RepositoryRoot();
            var settings = Path.Combine(root, "samples", "settings.yaml");
            using var powerShell = new PowerShellPhase(root, settings);
            powerShell.Pipeline(warm);
            powerShell.PathForm(warm);

            var findings = engine.Scan(AuditEventReader.ReadPaths(new[] { path }), scanOptions).Findings.Count;
            long pipelineFindings = 0,
                pathFindings = 0;
            var cliPath = CliPath(root);
            Measurement cli = default,
                engineScan = default,
                pipeline = default,
                pathForm = default;
            for (var run = 0; run < (quick ? 1 : 3); run++)
            {
                cli = cli.Best(Measurement.Run(bytes, () => Phases.CliScan(cliPath, path, settings, size)));
                engineScan = engineScan.Best(Measurement.Run(bytes, () => Phases.Scan(path, engine, scanOptions)));
                pipeline = pipeline.Best(
                    Measurement.Run(
                        bytes,
                        () =>
                        {
                            pipelineFindings = powerShell.Pipeline(path);
                            return size;
                        }
                    )
                );
                pathForm = pathForm.Best(
                    Measurement.Run(
                        bytes,
                        () =>
                        {
                            pathFindings = powerShell.PathForm(path);
                            return size;
                        }
                    )
                );
            }
            Check(findings, pipelineFindings, pathFindings);
            var plain = Measurement.Run(
                new FileInfo(plainPath).Length,
                () =>
                {
                    powerShell.Plain(plainPath);
                    return plainSize;
                }
            );

            Print("powershell.events", size);
            Print("powershell.findings", findings);
            Print("powershell.plain.sample_events", plainSize);
            Print("powershell.cli_scan_process.events_per_s", Math.Round(cli.EventsPerSecond));
            Print("powershell.engine_scan.events_per_s", Math.Round(engineScan.EventsPerSecond));
            Print("powershell.pipeline.events_per_s", Math.Round(pipeline.EventsPerSecond));
            Print("powershell.path.events_per_s", Math.Round(pathForm.EventsPerSecond));
            Print("powershell.plain.events_per_s", Math.Round(plain.EventsPerSecond));
            // _vs_cli: the entraguard process an admin runs (start-up included), as the issue measured it; _vs_engine:
            // the same scan warm in this process, which is what is left once start-up is paid.
            Print("powershell.ratio.pipeline_vs_cli", pipeline.EventsPerSecond / cli.EventsPerSecond);
            Print("powershell.ratio.path_vs_cli", pathForm.EventsPerSecond / cli.EventsPerSecond);
            Print("powershell.ratio.pipeline_vs_engine", pipeline.EventsPerSecond / engineScan.EventsPerSecond);
            Print("powershell.ratio.path_vs_engine", pathForm.EventsPerSecond / engineScan.EventsPerSecond);
            Print("powershell.ratio.pipeline_vs_plain", pipeline.EventsPerSecond / plain.EventsPerSecond);
            Print("powershell.ratio.path_vs_plain", pathForm.EventsPerSecond / plain.EventsPerSecond);
        }

        private static string CliPath(string root) =>
            Path.Combine(
                root,
                "src",
                "EntraGuard.Cli",
                "bin",
                Configuration,
                "net10.0",
                OperatingSystem.IsWindows() ? "entraguard.exe" : "entraguard"
            );

        private static string Configuration { get; } =
            typeof(Program).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

        internal static string RepositoryRoot()
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder != null && !File.Exists(Path.Combine(folder.FullName, "EntraGuard.sln")))
                folder = folder.Parent;
            return folder?.FullName
                ?? throw new InvalidOperationException(
                    "run the benchmark from the repository (EntraGuard.sln not found)"
                );
        }

        /// <summary>
        /// memory.ratio.{phase}_peak_{largest}_vs_{next}: a phase's peak managed memory at the largest size over the
        /// next, whether it stays flat as the data grows; nothing when the phase measured fewer than two sizes.
        /// </summary>
        private static void PrintPeakRatio(string phase, long[] sizes, Dictionary<long, long> peaks)
        {
            if (peaks.Count > 1)
                Print(
                    $"memory.ratio.{phase}_peak_{Label(sizes[^1])}_vs_{Label(sizes[^2])}",
                    (double)peaks[sizes[^1]] / peaks[sizes[^2]]
                );
        }

        private static void Check(long expected, params long[] seen)
        {
            if (seen.Any(s => s != expected))
                throw new InvalidOperationException(
                    $"a phase saw {string.Join("/", seen)} events, expected {expected}"
                );
        }

        private static void Report(string name, Measurement m)
        {
            Print($"{name}.events_per_s", Math.Round(m.EventsPerSecond));
            Print($"{name}.mb_per_s", m.MegabytesPerSecond);
            Print($"{name}.peak_managed_mb", m.PeakManagedBytes / 1048576.0);
        }

        private static string Label(long size) => size >= 1_000_000 ? $"{size / 1_000_000}m" : $"{size / 1000}k";

        private static void Print(string name, object value) =>
            Console.WriteLine(
                FormattableString.Invariant(
                    $"{name}={(value is double d ? Math.Round(d, 2).ToString(CultureInfo.InvariantCulture) : value)}"
                )
            );
    }
}

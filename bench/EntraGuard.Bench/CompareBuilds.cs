using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using static System.FormattableString;

namespace EntraGuard.Bench
{
    /// <summary>
    /// --compare=OTHER: this build's engine against another build's in one process. The other build's bench (OTHER,
    /// its EntraGuard.Bench.dll, with its own engine beside it) is loaded into a context of its own; both are warmed,
    /// then timed in turns on the same files, the order swapped each turn, and each turn's ratio (this build's rate
    /// over the other's) kept. A process places the two builds' code differently, which alone moves a figure by a
    /// few percent: the floor, identical code in both, is compared too and shows by how much. Repeat the run and
    /// read the ratios together; a change of a percent or two needs several processes.
    /// </summary>
    internal static class CompareBuilds
    {
        public static void Run(
            string otherBench,
            IReadOnlyList<(string Phase, string Path, string Warm)> phases,
            int turns,
            Action<string, object> print
        )
        {
            var other = Load(otherBench);
            var builds = new Func<string, string, double>[] { Probe.Rate, other };
            foreach (var (phase, _, warm) in phases)
            {
                Program.WarmUp(
                    0,
                    () =>
                    {
                        foreach (var build in builds)
                            build(phase, warm);
                    }
                );
            }
            foreach (var (phase, path, _) in phases)
            {
                var ratios = new List<double>();
                for (var turn = 0; turn < turns; turn++)
                {
                    double thisRate,
                        otherRate;
                    if (turn % 2 == 0)
                    {
                        thisRate = Probe.Rate(phase, path);
                        otherRate = other(phase, path);
                    }
                    else
                    {
                        otherRate = other(phase, path);
                        thisRate = Probe.Rate(phase, path);
                    }
                    ratios.Add(thisRate / otherRate);
                }
                print($"compare.{phase}.ratio_this_other", Invariant($"{Median(ratios):0.000}"));
                print($"compare.{phase}.ratio_range", Invariant($"{ratios.Min():0.000}-{ratios.Max():0.000}"));
            }
        }

        private static double Median(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            var middle = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }

        // The other build's Probe.Rate, its assemblies resolved from its own folder (its engine, not this one's).
        private static Func<string, string, double> Load(string benchPath)
        {
            if (!System.IO.File.Exists(benchPath))
                throw new System.IO.FileNotFoundException(
                    $"--compare: {benchPath} does not exist (build the other commit's bench in Release first)",
                    benchPath
                );
            var context = new BuildContext(benchPath);
            var rate =
                context
                    .LoadFromAssemblyPath(benchPath)
                    .GetType("EntraGuard.Bench.Probe")
                    ?.GetMethod("Rate", BindingFlags.Public | BindingFlags.Static)
                ?? throw new InvalidOperationException(
                    $"{benchPath} has no EntraGuard.Bench.Probe.Rate: build the other commit's bench (it came in with "
                        + "--compare)"
                );
            return (Func<string, string, double>)rate.CreateDelegate(typeof(Func<string, string, double>));
        }

        private sealed class BuildContext : AssemblyLoadContext
        {
            private readonly AssemblyDependencyResolver _resolver;

            public BuildContext(string mainAssembly)
                : base($"other build {mainAssembly}") => _resolver = new AssemblyDependencyResolver(mainAssembly);

            protected override Assembly? Load(AssemblyName name) =>
                _resolver.ResolveAssemblyToPath(name) is { } path ? LoadFromAssemblyPath(path) : null;
        }
    }
}

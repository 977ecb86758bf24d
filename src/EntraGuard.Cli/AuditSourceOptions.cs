using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using EntraGuard.Collection;
using EntraGuard.Graph;
using EntraGuard.Ingest;

namespace EntraGuard.Cli
{
    /// <summary>
    /// Where a command's audit events come from, shared by every command that reads them (events, scan, …): files
    /// and folders, or Microsoft Graph with --graph (signing in as <see cref="GraphConnectionCliOptions"/> says).
    /// The options are declared once and the events opened once.
    /// </summary>
    internal sealed class AuditSourceOptions
    {
        public const string AccessTokenVariable = GraphConnectionCliOptions.AccessTokenVariable;

        public Argument<string[]> Paths { get; } =
            new("paths")
            {
                Description =
                    "Audit files or folders (Graph JSON, JSON lines, Azure Monitor diagnostic records, gzip); '-' "
                    + "reads stdin. Not with --graph.",
                Arity = ArgumentArity.ZeroOrMore,
            };

        public Option<bool> SkipInvalid { get; } =
            new("--skip-invalid")
            {
                Description = "Skip unreadable records, count and report them, instead of stopping at the first.",
            };

        public Option<bool> AllowEmpty { get; } =
            new("--allow-empty")
            {
                Description =
                    "Accept files that hold no audit event (by default an error: a broken export is not a "
                    + "clean tenant).",
            };

        public Option<bool> Graph { get; } =
            new("--graph") { Description = "Read directory audits from Microsoft Graph instead of files." };
        public Option<string> Since { get; } =
            new("--since")
            {
                Description =
                    "With --graph: oldest time, as a duration back from now (9m, 24h, 10d) or a timestamp (default "
                    + "24h).",
            };
        public Option<string> Until { get; } =
            new("--until")
            {
                Description = "With --graph: newest time, a duration back from now or a timestamp (default now).",
            };
        public Option<string> ResumeFrom { get; } =
            new("--resume-from")
            {
                Description = "With --graph: the nextLink an interrupted run printed, to continue where it stopped.",
            };

        public Option<bool> Progress { get; } =
            new("--progress")
            {
                Description =
                    "With --graph: report progress (events, pages, time reached, throttle waits) on stderr even when "
                    + "it is not a terminal (on a terminal it always is).",
            };

        /// <summary>How to sign in with --graph.</summary>
        public GraphConnectionCliOptions Connection { get; } = new();

        private IEnumerable<Option> GraphOptions =>
            new Option[] { Since, Until, ResumeFrom, Progress }.Concat(Connection.All);

        public void AddTo(Command command)
        {
            command.Arguments.Add(Paths);
            command.Options.Add(SkipInvalid);
            command.Options.Add(AllowEmpty);
            command.Options.Add(Graph);
            foreach (var option in GraphOptions)
                command.Options.Add(option);
            command.Validators.Add(result =>
            {
                var graph = result.GetValue(Graph);
                var paths = result.GetValue(Paths) ?? Array.Empty<string>();
                if (graph && paths.Length > 0)
                    result.AddError("Give either audit files/folders or --graph, not both.");
                else if (!graph && paths.Length == 0)
                    result.AddError("Give audit files or folders to read, or --graph to read from Microsoft Graph.");
                else if (!graph && GraphOptions.Any(o => result.GetResult(o) is { Implicit: false }))
                {
                    result.AddError("Graph options (--since, --tenant, --graph-base-url, …) need --graph.");
                }
            });
        }

        /// <summary>
        /// The events the parsed command line names; <paramref name="statistics"/> fills as files are read, and
        /// <paramref name="coverage"/> as events pass (for <see cref="CheckCoverage"/>).
        /// </summary>
        public IEnumerable<AuditEvent> Open(
            ParseResult parse,
            ReadStatistics statistics,
            AuditCoverage coverage,
            CancellationToken cancellationToken = default
        ) =>
            coverage.Observe(
                parse.GetValue(Graph)
                    ? ReadGraph(parse, cancellationToken)
                    : ReadFiles(
                        parse.GetValue(Paths)!,
                        new AuditReadOptions { SkipInvalid = parse.GetValue(SkipInvalid) },
                        statistics,
                        cancellationToken
                    )
            );

        /// <summary>The files and folders named; stdin first where one is "-" (as respond --from -).</summary>
        private static IEnumerable<AuditEvent> ReadFiles(
            string[] paths,
            AuditReadOptions options,
            ReadStatistics statistics,
            CancellationToken cancellationToken
        )
        {
            if (paths.Contains(Stdin))
            {
                using var stdin = Console.OpenStandardInput();
                foreach (
                    var auditEvent in AuditEventReader.ReadStream(
                        stdin,
                        "stdin",
                        options,
                        statistics,
                        cancellationToken
                    )
                )
                    yield return auditEvent;
            }
            var files = paths.Where(p => p != Stdin).ToArray();
            if (files.Length == 0)
                yield break;
            foreach (var auditEvent in AuditEventReader.ReadPaths(files, options, statistics, cancellationToken))
                yield return auditEvent;
        }

        /// <summary>The path that means standard input.</summary>
        internal const string Stdin = "-";

        /// <summary>The files and folders to read, or null when the events come from Microsoft Graph.</summary>
        public IReadOnlyList<string>? FromFiles(ParseResult parse) =>
            parse.GetValue(Graph) ? null : parse.GetValue(Paths);

        /// <summary>
        /// After the read: files that held no event are an error (unless --allow-empty), and hours no file covers
        /// inside the range read are a warning. A Graph window is what was asked for, so a quiet one is not checked.
        /// </summary>
        public void CheckCoverage(ParseResult parse, AuditCoverage coverage, ReadStatistics statistics)
        {
            if (parse.GetValue(Graph))
                return;
            if (!parse.GetValue(AllowEmpty))
            {
                coverage.RequireEvents(parse.GetValue(Paths)!, statistics, "pass --allow-empty if that is expected");
            }
            if (coverage.DescribeGaps(statistics.Files) is { } gaps)
            {
                parse.InvocationConfiguration.Error.WriteLine($"entraguard: warning: {gaps}");
            }
        }

        /// <summary>One line saying where the events came from.</summary>
        public string DescribeSource(ParseResult parse, ReadStatistics statistics) =>
            parse.GetValue(Graph)
                ? $"Microsoft Graph ({ConnectionOptions(parse).ResolveBaseUrl()})"
                    + (IsResume(parse) ? ", resumed: " + PartialWindow : "")
                : $"{statistics.Files.Count} file(s)";

        /// <summary>
        /// Whether the read resumes an interrupted one: it then holds only the events from the link on, so a summary
        /// must say its counts and findings are not the whole window's.
        /// </summary>
        public bool IsResume(ParseResult parse) => parse.GetValue(Graph) && parse.GetValue(ResumeFrom) != null;

        /// <summary>What a resumed read leaves out, for a summary line.</summary>
        public const string PartialWindow =
            "only the events from the --resume-from link on, not the whole --since/--until window";

        private IEnumerable<AuditEvent> ReadGraph(ParseResult parse, CancellationToken cancellationToken)
        {
            var now = DateTimeOffset.UtcNow;
            var (since, until) = AuditQuery.ResolveRange(
                TimeArgument.Parse(parse.GetValue(Since), "--since", now),
                TimeArgument.Parse(parse.GetValue(Until), "--until", now),
                now
            );
            var error = parse.InvocationConfiguration.Error;
            var terminal = Terminal.ErrorIsTerminal(error);
            var progress = terminal || parse.GetValue(Progress) ? new ProgressLine(error, inPlace: terminal) : null;
            var observer = new CollectionObserver
            {
                Warning = warning =>
                {
                    progress?.Finish();
                    error.WriteLine($"entraguard: warning: {warning}");
                },
                Progress = progress is null ? null : progress.Report,
            };
            using var session = GraphSession.Create(ConnectionOptions(parse));
            var query = new AuditQuery { Since = since, Until = until };
            if (IsResume(parse))
            {
                error.WriteLine(
                    $"entraguard: resuming an interrupted read: {PartialWindow} (the events before the "
                        + "link are not read again; run without --resume-from for a complete result)"
                );
            }
            long count = 0;
            try
            {
                foreach (
                    var auditEvent in new GraphAuditCollector(session).Read(
                        query,
                        observer,
                        parse.GetValue(ResumeFrom),
                        cancellationToken
                    )
                )
                {
                    count++;
                    yield return auditEvent;
                }
            }
            finally
            {
                progress?.Finish();
            }
            // A quiet window is normal, but the admin should see which window was asked and that it held nothing.
            if (count == 0)
                error.WriteLine($"entraguard: {query.DescribeWindow(count)}");
        }

        private GraphConnectionOptions ConnectionOptions(ParseResult parse) => Connection.ConnectionOptions(parse);
    }

    /// <summary>A time on the command line: a duration back from now (30s, 9m, 24h, 10d) or a timestamp.</summary>
    internal static class TimeArgument
    {
        private static readonly Regex Duration = new(
            @"^\s*(\d+)\s*([smhd])\s*$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase
        );

        public static DateTimeOffset? Parse(string? text, string option, DateTimeOffset now)
        {
            if (text is null)
                return null;
            if (ParseDuration(text) is { } span)
                return now - span;
            if (
                DateTimeOffset.TryParse(
                    text,
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal,
                    out var time
                )
            )
                return time;
            throw new FormatException(
                $"{option}: '{text}' is neither a duration (9m, 24h, 10d) nor a timestamp (2026-05-01T12:00:00Z)."
            );
        }

        /// <summary>A duration (30s, 9m, 24h, 10d), or null when the text is not one.</summary>
        public static TimeSpan? ParseDuration(string text)
        {
            var match = Duration.Match(text);
            if (!match.Success)
                return null;
            var amount = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return char.ToLowerInvariant(match.Groups[2].Value[0]) switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }
    }
}

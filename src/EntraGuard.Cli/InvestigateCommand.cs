using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Graph;
using EntraGuard.Ingest;
using EntraGuard.Investigation;
using EntraGuard.Output;

namespace EntraGuard.Cli
{
    /// <summary>
    /// <c>entraguard investigate</c>: one context per risk event from the sign-ins and audit events of the paths, or
    /// with <c>--graph</c> from Microsoft Graph (and then also what the target can reach); the risk events come from
    /// <c>--from</c> (JSON lines, <c>-</c> for stdin) or from scanning the same paths.
    /// </summary>
    internal static class InvestigateCommand
    {
        public static Command Create(TextWriter output)
        {
            var paths = new Argument<string[]>("paths")
            {
                Description =
                    "Sign-in and audit files or folders (Graph JSON, JSON lines, Azure Monitor diagnostic records, "
                    + "gzip). Not with --graph.",
                Arity = ArgumentArity.ZeroOrMore,
            };
            var graph = new Option<bool>("--graph")
            {
                Description =
                    "Read the sign-ins, audit events and the targets' permissions and roles from Microsoft Graph "
                    + "(needs --from).",
            };
            var from = new Option<string?>("--from")
            {
                Description =
                    "Risk events as JSON lines (entraguard scan --format json), '-' for stdin; without it the paths "
                    + "are scanned.",
            };
            var window = new Option<string>("--window")
            {
                Description = "How far before and after each risk event to look (30m, 24h, 2d).",
                DefaultValueFactory = _ => "24h",
            };
            var history = new Option<string>("--history")
            {
                Description =
                    "How far before the window to compare with: an address unused in it is new, an activity not "
                    + "done in it a first (default 4d).",
                DefaultValueFactory = _ => "4d",
            };
            var until = new Option<string>("--until")
            {
                Description =
                    "With --graph, the end of what is read, the new credential's use included: a duration back "
                    + "from now or a timestamp (default now).",
            };
            var format = new Option<string>("--format")
            {
                Description = "table (default), json (JSON lines, one context a line) or markdown (a case report).",
                DefaultValueFactory = _ => RiskEventContextWriter.Table,
            };
            format.AcceptOnly(
                RiskEventContextWriter.Table,
                RiskEventContextWriter.Json,
                RiskEventContextWriter.Markdown
            );
            var skipInvalid = new Option<bool>("--skip-invalid")
            {
                Description = "Skip unreadable records, count and report them.",
            };
            var detection = new DetectionOptions();
            var connection = new GraphConnectionCliOptions();

            var command = new Command(
                "investigate",
                "State what the sign-ins and audit events say around each risk event."
            )
            {
                paths,
                graph,
                from,
                window,
                history,
                until,
                format,
                skipInvalid,
            };
            detection.AddTo(command);
            foreach (var option in connection.All)
                command.Options.Add(option);
            command.Validators.Add(result =>
            {
                var fromGraph = result.GetValue(graph);
                var files = result.GetValue(paths) ?? Array.Empty<string>();
                if (fromGraph && files.Length > 0)
                    result.AddError("Give either sign-in and audit files/folders or --graph, not both.");
                else if (fromGraph && result.GetValue(from) is null)
                    result.AddError("--graph investigates the risk events of --from (a file, or - for stdin).");
                else if (!fromGraph && files.Length == 0)
                    result.AddError("Give sign-in and audit files or folders to read, or --graph with --from.");
                else if (!fromGraph && connection.All.Any(o => result.GetResult(o) is { Implicit: false }))
                    result.AddError("Graph options (--tenant, --graph-base-url, …) need --graph.");
            });
            command.SetAction(
                (parse, cancellationToken) =>
                {
                    var error = parse.InvocationConfiguration.Error;
                    var windowText = parse.GetValue(window)!;
                    var span = Duration(windowText, "--window");
                    var back = Duration(parse.GetValue(history)!, "--history");
                    var end = TimeArgument.Parse(parse.GetValue(until), "--until", DateTimeOffset.UtcNow);
                    var readOptions = new AuditReadOptions { SkipInvalid = parse.GetValue(skipInvalid) };
                    var files = parse.GetValue(paths)!;
                    var riskEvents = RiskEvents(
                        parse.GetValue(from),
                        files,
                        readOptions,
                        () => detection.Load(parse),
                        cancellationToken
                    );

                    var options = new InvestigationOptions
                    {
                        Window = span,
                        History = back,
                        Now = end,
                        ReadOptions = readOptions,
                    };
                    var contexts = Investigate(
                        riskEvents,
                        parse.GetValue(graph) ? null : files,
                        () => connection.ConnectionOptions(parse),
                        options,
                        error,
                        cancellationToken
                    );
                    RiskEventContextWriter.Write(parse.GetValue(format)!, contexts, output, Terminal.Width(output));
                    return Task.FromResult(CliRunner.Success);
                }
            );
            return command.WithExamples(
                (
                    "entraguard investigate samples/signins samples/graph --from findings.jsonl",
                    "Says what the sign-ins and audits show around each finding of an earlier scan."
                ),
                (
                    "entraguard scan samples/graph --format json | "
                        + "entraguard investigate samples/signins samples/graph --from - --format markdown",
                    "Scans and investigates in one pipe, writing a Markdown case file."
                )
            );
        }

        /// <summary>
        /// Investigates the risk events over the files, or over Graph when there are none (for <c>investigate</c>
        /// and <c>report --investigate</c>); Graph's warnings, skipped records and one summary line go to
        /// <paramref name="error"/>.
        /// </summary>
        internal static IReadOnlyList<RiskEventContext> Investigate(
            IReadOnlyList<RiskEvent> riskEvents,
            IReadOnlyList<string>? files,
            Func<GraphConnectionOptions> connect,
            InvestigationOptions options,
            TextWriter error,
            CancellationToken cancellationToken
        )
        {
            var reads = new InvestigationReads();
            IReadOnlyList<RiskEventContext> contexts;
            if (files is null)
            {
                using var session = GraphSession.Create(connect());
                var observer = new CollectionObserver
                {
                    Warning = warning => error.WriteLine($"entraguard: warning: {warning}"),
                };
                contexts = InvestigationSession.Investigate(
                    riskEvents,
                    new GraphInvestigationSource(session, observer),
                    options,
                    reads,
                    cancellationToken
                );
            }
            else
            {
                contexts = InvestigationSession.Investigate(riskEvents, files, options, reads, cancellationToken);
            }
            foreach (var message in reads.SignIns.InvalidRecordMessages.Concat(reads.AuditEvents.InvalidRecordMessages))
                error.WriteLine($"entraguard: skipped: {message}");
            error.WriteLine(
                $"entraguard: {contexts.Count:N0} risk event(s) investigated over {reads.SignIns.Events:N0} sign-in(s) "
                    + $"and {reads.AuditEvents.Events:N0} audit event(s)"
            );
            return contexts;
        }

        private static TimeSpan Duration(string text, string option) =>
            TimeArgument.ParseDuration(text)
            ?? throw new FormatException($"{option}: '{text}' is not a duration (30m, 24h, 2d).");

        private static IReadOnlyList<RiskEvent> RiskEvents(
            string? from,
            string[] paths,
            AuditReadOptions readOptions,
            Func<Detection.DetectionSetup> loadDetection,
            System.Threading.CancellationToken cancellationToken
        )
        {
            if (from == "-")
                return RiskEventJsonReader.ReadJsonLines(Console.In, "stdin");
            if (from != null)
            {
                using var reader = new StreamReader(from);
                return RiskEventJsonReader.ReadJsonLines(reader, from);
            }
            var setup = loadDetection();
            var events = AuditEventReader.ReadPaths(paths, readOptions, null, cancellationToken);
            return setup.Engine.Scan(events, setup.Options(), cancellationToken).Findings;
        }
    }
}

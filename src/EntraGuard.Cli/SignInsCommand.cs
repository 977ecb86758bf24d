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
using EntraGuard.Output;

namespace EntraGuard.Cli
{
    /// <summary>
    /// <c>entraguard signins</c>: sign-ins from files or from Microsoft Graph, filtered by time, user, service
    /// principal, app and log, written as a table, JSON lines or CSV.
    /// </summary>
    internal static class SignInsCommand
    {
        public static Command Create(TextWriter output)
        {
            var paths = new Argument<string[]>("paths")
            {
                Description =
                    "Sign-in files or folders (Graph JSON, JSON lines, Azure Monitor diagnostic records, gzip). "
                    + "Not with --graph.",
                Arity = ArgumentArity.ZeroOrMore,
            };
            var graph = new Option<bool>("--graph") { Description = "Read sign-ins from Microsoft Graph." };
            var since = new Option<string>("--since")
            {
                Description =
                    "Oldest time: a duration back from now (9m, 24h, 10d) or a timestamp (Graph default 24h; "
                    + "files: no limit).",
            };
            var until = new Option<string>("--until")
            {
                Description = "Newest time, a duration back from now or a timestamp (default now).",
            };
            var user = new Option<string>("--user") { Description = "The user: object id or user principal name." };
            var servicePrincipal = new Option<string>("--service-principal")
            {
                Description = "The object id of the service principal signing in.",
            };
            var app = new Option<string>("--app") { Description = "The application (client) id." };
            var eventType = new Option<SignInKind[]>("--event-type")
            {
                Description =
                    "Logs to read: InteractiveUser, NonInteractiveUser, ServicePrincipal, ManagedIdentity "
                    + "(default all).",
                AllowMultipleArgumentsPerToken = true,
            };
            var format = new Option<string>("--format")
            {
                Description = "table (default), json (JSON lines in Graph's signIn shape) or csv.",
                DefaultValueFactory = _ => SignInEventWriter.Table,
            };
            format.AcceptOnly(SignInEventWriter.Table, SignInEventWriter.Json, SignInEventWriter.Csv);
            var skipInvalid = new Option<bool>("--skip-invalid")
            {
                Description = "Skip unreadable records, count and report them, instead of stopping at the first.",
            };
            var allowEmpty = new Option<bool>("--allow-empty")
            {
                Description = "Accept files that hold no sign-in (by default an error).",
            };
            var resumeFrom = new Option<string>("--resume-from")
            {
                Description = "With --graph: the nextLink an interrupted run printed, to continue where it stopped.",
            };
            var connection = new GraphConnectionCliOptions();

            var command = new Command(
                "signins",
                "List sign-ins (interactive, non-interactive, service principal, managed identity) from files or Graph."
            )
            {
                paths,
                graph,
                since,
                until,
                user,
                servicePrincipal,
                app,
                eventType,
                format,
                skipInvalid,
                allowEmpty,
                resumeFrom,
            };
            foreach (var option in connection.All)
                command.Options.Add(option);
            var graphOnly = connection.All.Append(resumeFrom).ToArray();
            command.Validators.Add(result =>
            {
                var fromGraph = result.GetValue(graph);
                var files = result.GetValue(paths) ?? Array.Empty<string>();
                if (fromGraph && files.Length > 0)
                    result.AddError("Give either sign-in files/folders or --graph, not both.");
                else if (!fromGraph && files.Length == 0)
                    result.AddError("Give sign-in files or folders to read, or --graph to read from Microsoft Graph.");
                else if (!fromGraph && graphOnly.Any(o => result.GetResult(o) is { Implicit: false }))
                    result.AddError("Graph options (--resume-from, --tenant, --graph-base-url, …) need --graph.");
            });

            command.SetAction(
                (parse, cancellationToken) =>
                {
                    var error = parse.InvocationConfiguration.Error;
                    var now = DateTimeOffset.UtcNow;
                    var from = TimeArgument.Parse(parse.GetValue(since), "--since", now);
                    var to = TimeArgument.Parse(parse.GetValue(until), "--until", now);
                    var fromGraph = parse.GetValue(graph);
                    var (start, end) = fromGraph
                        ? AuditQuery.ResolveRange(from, to, now)
                        : (from ?? DateTimeOffset.MinValue, to ?? DateTimeOffset.MaxValue);
                    var query = new SignInQuery
                    {
                        Since = start,
                        Until = end,
                        User = parse.GetValue(user),
                        ServicePrincipalId = parse.GetValue(servicePrincipal),
                        AppId = parse.GetValue(app),
                        Kinds = parse.GetValue(eventType) ?? Array.Empty<SignInKind>(),
                    };
                    query.Validate();
                    var statistics = new ReadStatistics();
                    var files = parse.GetValue(paths)!;
                    var signIns = fromGraph
                        ? ReadGraph(
                            query,
                            connection.ConnectionOptions(parse),
                            parse.GetValue(resumeFrom),
                            error,
                            cancellationToken
                        )
                        : SignInEventReader
                            .ReadPaths(
                                files,
                                new AuditReadOptions { SkipInvalid = parse.GetValue(skipInvalid) },
                                statistics,
                                cancellationToken
                            )
                            .Where(query.Matches);
                    var written = SignInEventWriter.Write(parse.GetValue(format)!, signIns, output);
                    if (!fromGraph)
                    {
                        if (!parse.GetValue(allowEmpty))
                            AuditCoverage.RequireSignIns(files, statistics, "pass --allow-empty if that is expected");
                        EventsCommand.ReportSetAside(statistics, error, "only sign-in logs are read");
                    }
                    error.WriteLine(
                        fromGraph
                            ? $"entraguard: {query.DescribeWindow(written)}"
                            : $"entraguard: {written:N0} of {statistics.Events:N0} sign-in(s) in "
                                + $"{statistics.Files.Count} file(s) matched"
                    );
                    return Task.FromResult(CliRunner.Success);
                }
            );
            return command.WithExamples(
                (
                    "entraguard signins samples/signins --event-type ServicePrincipal",
                    "Lists the sample tenant's service-principal sign-ins: which key signed in, from where."
                ),
                (
                    "entraguard signins --graph --since 24h "
                        + "--service-principal 9a1c55e0-6c1f-4bb1-9d3e-2f0e7c1a5b01 --format json "
                        + "> signins.jsonl",
                    "Saves a day of one service principal's sign-ins from Microsoft Graph for an investigation."
                )
            );
        }

        private static IEnumerable<SignInEvent> ReadGraph(
            SignInQuery query,
            GraphConnectionOptions options,
            string? resumeFrom,
            TextWriter error,
            CancellationToken cancellationToken
        )
        {
            var observer = new CollectionObserver
            {
                Warning = warning => error.WriteLine($"entraguard: warning: {warning}"),
            };
            if (resumeFrom != null)
            {
                error.WriteLine(
                    "entraguard: resuming an interrupted read: only the sign-ins from the --resume-from link on"
                );
            }
            using var session = GraphSession.Create(options);
            foreach (
                var signIn in new GraphSignInCollector(session).Read(query, observer, resumeFrom, cancellationToken)
            )
                yield return signIn;
        }
    }
}

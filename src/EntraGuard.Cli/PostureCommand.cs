using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Graph;
using EntraGuard.Posture;

namespace EntraGuard.Cli
{
    /// <summary>Where <c>entraguard posture</c> reads the tenant from: the options it adds, how it opens the
    /// source and which tenant the options name.</summary>
    internal sealed class PostureSourceBinding
    {
        public PostureSourceBinding(
            Action<Command> addOptions,
            Func<ParseResult, ITenantPostureSource> open,
            Func<ParseResult, string?> tenant
        )
        {
            AddOptions = addOptions;
            Open = open;
            Tenant = tenant;
        }

        public Action<Command> AddOptions { get; }

        /// <summary>The tenant (id or domain) the options name, if any: it chooses a settings folder's
        /// file.</summary>
        public Func<ParseResult, string?> Tenant { get; }

        /// <summary>Opens the source the parsed options name; disposed after the run when it is disposable.</summary>
        public Func<ParseResult, ITenantPostureSource> Open { get; }
    }

    /// <summary><c>entraguard posture</c>: evaluate the tenant's posture checks and print one result per
    /// check.</summary>
    internal static class PostureCommand
    {
        private const string Table = "table";
        private const string Json = "json";

        /// <summary>The command reading the tenant from Microsoft Graph, signed in as the Graph options say.</summary>
        public static Command Create(TextWriter output)
        {
            var connection = new GraphConnectionCliOptions();
            return Create(
                output,
                new PostureSourceBinding(
                    connection.AddTo,
                    parse => new GraphPostureSource(
                        GraphSession.Create(connection.ConnectionOptions(parse)),
                        ownsSession: true
                    ),
                    parse => parse.GetValue(connection.Tenant)
                )
            );
        }

        public static Command Create(TextWriter output, PostureSourceBinding source)
        {
            var checks = new Option<string[]>("--check")
            {
                Description =
                    "Only these checks (ids such as EGP001; PowerShell wildcards: *, ?, [ab], [0-9]). "
                    + "Repeat for several. Default: all.",
                AllowMultipleArgumentsPerToken = true,
            };
            var format = new Option<string>("--format")
            {
                Description = "table (default) or json (the saved-results form --baseline reads).",
                DefaultValueFactory = _ => Table,
            };
            format.AcceptOnly(Table, Json);
            var failOn = ScanInputs.SeverityOption(
                "--fail-on",
                "Exit with 1 when a check at or above this severity fails."
            );
            var config = new Option<string?>("--config", "--settings")
            {
                Description =
                    "The settings file (YAML or JSON), or a folder with one per tenant: <tenant id or domain "
                    + "given to --tenant>.yaml, else default.yaml. Its 'posture:' section names break-glass "
                    + "accounts, limits and accepted deviations.",
            };
            var baseline = new Option<string?>("--baseline")
            {
                Description = "A previous run's JSON results: mark new failures, fixed checks and new findings.",
            };
            var list = new Option<bool>("--list")
            {
                Description =
                    "List the checks (with --check, those it selects): id, severity, licence, category, "
                    + "title and the framework ids each satisfies. Reads nothing from the tenant.",
            };

            var command = new Command(
                "posture",
                "Check the tenant's configuration against EntraGuard's posture checks (MFA, risk policies, PIM, "
                    + "consent, app credentials)."
            )
            {
                checks,
                format,
                failOn,
                config,
                baseline,
                list,
            };
            source.AddOptions(command);
            command.SetAction(
                async (parse, cancellationToken) =>
                {
                    var error = parse.InvocationConfiguration.Error;
                    var selected = PostureCatalog.Select(parse.GetValue(checks));
                    if (parse.GetValue(list))
                    {
                        WriteCatalog(selected, output);
                        return CliRunner.Success;
                    }
                    var settings = parse.GetValue(config) is { } configPath
                        ? PostureSettingsFile.Load(configPath, new[] { source.Tenant(parse) }).Posture
                        : PostureSettings.Default;
                    var previous = parse.GetValue(baseline) is { } baselinePath
                        ? PostureBaseline.Load(baselinePath)
                        : null;

                    var tenant = source.Open(parse);
                    PostureReport report;
                    try
                    {
                        report = await PostureRunner
                            .RunAsync(tenant, settings, selected, DateTimeOffset.UtcNow, null, cancellationToken)
                            .ConfigureAwait(false);
                    }
                    finally
                    {
                        (tenant as IDisposable)?.Dispose();
                    }
                    previous?.Compare(report);

                    if (parse.GetValue(format) == Json)
                        PostureResultJson.Write(report, output);
                    else
                        WriteTable(report, output);
                    foreach (var warning in report.Warnings)
                        error.WriteLine($"entraguard: warning: {warning}");

                    var fail = parse.GetValue(failOn) is { } threshold && report.HasFailuresAtOrAbove(threshold);
                    return fail ? CliRunner.FindingsAtOrAboveThreshold : CliRunner.Success;
                }
            );
            return command.WithExamples(
                (
                    "entraguard posture --tenant contoso.onmicrosoft.com --managed-identity --settings entraguard.yaml",
                    "Checks the tenant's configuration and prints one result per check."
                ),
                (
                    "entraguard posture --format json --tenant contoso.onmicrosoft.com --managed-identity "
                        + "> posture.json",
                    "Saves the results, for a later --baseline or for entraguard report --posture."
                ),
                (
                    "entraguard posture --tenant fabrikam.onmicrosoft.com --managed-identity --settings tenants/",
                    "Uses tenants/fabrikam.onmicrosoft.com.yaml, or tenants/default.yaml when there is none."
                ),
                ("entraguard posture --list", "Lists the checks without reading the tenant.")
            );
        }

        /// <summary>The catalog: one row per check, its framework ids last.</summary>
        internal static void WriteCatalog(IReadOnlyList<PostureCheck> catalog, TextWriter output)
        {
            var rows = catalog
                .Select(check =>
                    new[]
                    {
                        check.Id,
                        check.Severity.ToString(),
                        check.Licence.ToString(),
                        check.Category,
                        check.Title,
                        string.Join(", ", check.Frameworks),
                    }
                )
                .ToList();
            WriteColumns(new[] { "CHECK", "SEVERITY", "LICENCE", "CATEGORY", "TITLE", "FRAMEWORKS" }, rows, output);
        }

        /// <summary>Left-aligned columns two spaces apart; the last column is not padded.</summary>
        private static void WriteColumns(IReadOnlyList<string> header, IReadOnlyList<string[]> rows, TextWriter output)
        {
            var widths = header
                .Select((h, i) => Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max()))
                .ToArray();
            string Line(IReadOnlyList<string> cells) =>
                string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();

            output.WriteLine(Line(header));
            foreach (var row in rows)
                output.WriteLine(Line(row));
        }

        /// <summary>One row per check, then the reason for every check that did not pass, then the totals.</summary>
        internal static void WriteTable(PostureReport report, TextWriter output)
        {
            var withChange = report.Baseline is not null;
            var rows = report
                .Results.Select(r =>
                    new[]
                    {
                        r.CheckId,
                        r.Severity.ToString(),
                        r.Result.ToString(),
                        withChange ? r.Change?.ToString() ?? "" : null,
                        r.Title,
                    }
                        .Where(cell => cell is not null)
                        .Select(cell => cell!)
                        .ToArray()
                )
                .ToList();
            var header = withChange
                ? new[] { "CHECK", "SEVERITY", "RESULT", "CHANGE", "TITLE" }
                : new[] { "CHECK", "SEVERITY", "RESULT", "TITLE" };
            WriteColumns(header, rows, output);

            var explained = report
                .Results.Where(r =>
                    r.Result != PostureStatus.Passed || r.Findings.Any(f => f.AcceptedDeviation is not null)
                )
                .ToArray();
            if (explained.Length > 0)
                output.WriteLine();
            foreach (var result in explained)
                output.WriteLine($"{result.CheckId}  {result.Reason}");

            output.WriteLine();
            var counts = report.Results.GroupBy(r => r.Result).ToDictionary(g => g.Key, g => g.Count());
            int Count(PostureStatus status) => counts.TryGetValue(status, out var n) ? n : 0;
            output.WriteLine(
                $"{report.Results.Count} check(s): {Count(PostureStatus.Passed)} passed, "
                    + $"{Count(PostureStatus.Failed)} failed, "
                    + $"{Count(PostureStatus.Skipped)} skipped, {Count(PostureStatus.NotApplicable)} not applicable"
                    + (report.TenantId is null ? "" : $" (tenant {report.TenantId})")
            );
            if (report.Baseline is { } baseline)
                output.WriteLine(baseline.ToString());
        }
    }
}

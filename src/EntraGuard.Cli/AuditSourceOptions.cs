using System.Collections.Generic;
using System.CommandLine;
using System.Threading;
using EntraGuard.Ingest;

namespace EntraGuard.Cli
{
    /// <summary>
    /// Where a command's audit events come from, shared by every command that reads them (events, scan, …):
    /// the options are declared once and the events opened once.
    /// </summary>
    internal sealed class AuditSourceOptions
    {
        public Argument<string[]> Paths { get; } = new("paths")
        {
            Description = "Audit files or folders (Graph JSON, JSON lines, Azure Monitor diagnostic records, gzip).",
            Arity = ArgumentArity.OneOrMore,
        };

        public Option<bool> SkipInvalid { get; } = new("--skip-invalid")
        {
            Description = "Skip unreadable records, count and report them, instead of stopping at the first.",
        };

        public void AddTo(Command command)
        {
            command.Arguments.Add(Paths);
            command.Options.Add(SkipInvalid);
        }

        /// <summary>The events the parsed command line names; <paramref name="statistics"/> fills as they are read.</summary>
        public IEnumerable<AuditEvent> Open(ParseResult parse, ReadStatistics statistics, CancellationToken cancellationToken = default) =>
            AuditEventReader.ReadPaths(parse.GetValue(Paths)!, new AuditReadOptions { SkipInvalid = parse.GetValue(SkipInvalid) },
                statistics, cancellationToken);
    }
}

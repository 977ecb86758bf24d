using System;
using System.IO;
using EntraGuard.Collection;

namespace EntraGuard.Cli.Tests
{
    public sealed class ProgressLineTests
    {
        private static CollectionProgress At(long items, int pages, string status) =>
            new(
                "Directory audits",
                items,
                pages,
                new DateTimeOffset(2026, 11, 3, 14, 0, 0, TimeSpan.Zero),
                2,
                4,
                status
            );

        [Fact]
        public void On_a_terminal_one_line_is_rewritten_and_ended_once()
        {
            using var error = new StringWriter();
            var line = new ProgressLine(error, inPlace: true);

            line.Report(At(12_400, 25, "waiting 4 s for the reports API limit (5 requests per 10 s)"));
            line.Report(At(12_500, 26, "page 26"));
            line.Finish();
            line.Finish();

            var first =
                "entraguard: 12,400 event(s), 25 page(s), back to 2026-11-03 14:00 UTC, slice 2/4: "
                + "waiting 4 s for the reports API limit (5 requests per 10 s)";
            var second = "entraguard: 12,500 event(s), 26 page(s), back to 2026-11-03 14:00 UTC, slice 2/4: page 26";
            Assert.Equal("\r" + first + "\r" + second.PadRight(first.Length) + Environment.NewLine, error.ToString());
        }

        [Fact]
        public void Into_a_log_waits_are_always_said_and_pages_at_most_every_few_seconds()
        {
            using var error = new StringWriter();
            var line = new ProgressLine(error, inPlace: false);

            line.Report(At(100, 1, "page 1"));
            line.Report(At(200, 2, "page 2"));
            line.Report(At(200, 2, "waiting 2 s for the reports API limit (5 requests per 10 s)"));
            line.Report(At(300, 3, "done"));

            Assert.Equal(
                new[] { "page 1", "waiting 2 s for the reports API limit (5 requests per 10 s)", "done" },
                Array.ConvertAll(
                    error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries),
                    l => l.Substring(l.LastIndexOf(": ", StringComparison.Ordinal) + 2)
                )
            );
        }
    }
}

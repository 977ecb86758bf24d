using System;
using System.IO;
using System.Linq;
using EntraGuard.Output;

namespace EntraGuard.Tests.Output
{
    public sealed class TextTableTests
    {
        private static readonly string[] Header = { "Time", "Rule", "Actor", "Name" };

        private static readonly string[][] Rows =
        {
            new[]
            {
                "2026-11-13 02:11:07",
                "EG0001",
                "megan.bowen@fabrikam.example",
                "Credential added by a rare actor",
            },
            new[] { "2026-11-14 09:30:15", "EG0009", "it.admin@fabrikam.example", "Temporary access pass issued" },
        };

        private static string[] Lines(int? width)
        {
            using var text = new StringWriter();
            TextTable.Write(Header, Rows, text, width);
            return text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        }

        [Fact]
        public void Without_a_width_every_cell_is_whole()
        {
            var lines = Lines(null);

            Assert.Equal(
                "2026-11-13 02:11:07  EG0001  megan.bowen@fabrikam.example  Credential added by a rare actor",
                lines[2]
            );
            Assert.Equal(91, lines.Max(l => l.Length));
        }

        [Fact]
        public void A_wide_enough_terminal_changes_nothing() => Assert.Equal(Lines(null), Lines(91));

        [Fact]
        public void The_widest_columns_are_shortened_first_with_an_ellipsis()
        {
            var lines = Lines(70);

            Assert.All(lines, line => Assert.True(line.Length <= 70, line));
            // Name (32) gave up 4 to match Actor (28), then both gave up in turn; time and rule kept.
            Assert.Equal("2026-11-13 02:11:07  EG0001  megan.bowen@fabrik…  Credential added by…", lines[2]);
            Assert.Equal("2026-11-14 09:30:15  EG0009  it.admin@fabrikam.…  Temporary access pa…", lines[3]);
            Assert.Equal("-------------------  ------  -------------------  --------------------", lines[1]);
        }

        [Fact]
        public void A_table_that_cannot_fit_keeps_its_narrowest_form()
        {
            var lines = Lines(10);

            // No column goes below its header or six characters; times and ids (all one length) are never cut.
            Assert.Equal("2026-11-13 02:11:07  EG0001  megan…  Crede…", lines[2]);
            Assert.Equal("Time                 Rule    Actor   Name", lines[0]);
        }
    }
}

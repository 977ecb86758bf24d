using System;
using EntraGuard.Graph.Tests;
using EntraGuard.Graph.Tests.Response;
using EntraGuard.Graph.Tests.StandIn;
using EntraGuard.Tests;

namespace EntraGuard.Cli.Tests
{
    public sealed class TimeArgumentTests
    {
        private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

        [Theory]
        [InlineData("30s", 0, 0, 30)]
        [InlineData("9m", 0, 9, 0)]
        [InlineData("24h", 24, 0, 0)]
        [InlineData("10d", 240, 0, 0)]
        [InlineData(" 10D ", 240, 0, 0)]
        public void A_duration_counts_back_from_now(string text, int hours, int minutes, int seconds) =>
            Assert.Equal(Now - new TimeSpan(hours, minutes, seconds), TimeArgument.Parse(text, "--since", Now));

        [Fact]
        public void A_timestamp_is_taken_as_given_and_UTC_without_a_zone()
        {
            Assert.Equal(
                new DateTimeOffset(2026, 4, 30, 8, 0, 0, TimeSpan.FromHours(2)),
                TimeArgument.Parse("2026-04-30T08:00:00+02:00", "--since", Now)
            );
            Assert.Equal(
                new DateTimeOffset(2026, 4, 30, 8, 0, 0, TimeSpan.Zero),
                TimeArgument.Parse("2026-04-30T08:00:00", "--since", Now)
            );
            Assert.Null(TimeArgument.Parse(null, "--since", Now));
        }

        [Fact]
        public void Anything_else_is_a_format_error_naming_the_option()
        {
            var error = Assert.Throws<FormatException>(() => TimeArgument.Parse("9 minutes", "--until", Now));
            Assert.StartsWith("--until: '9 minutes' is neither a duration", error.Message);
        }
    }
}

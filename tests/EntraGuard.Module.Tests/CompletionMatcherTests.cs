using System.Linq;
using EntraGuard.Commands.Completion;

namespace EntraGuard.Module.Tests
{
    /// <summary>The matching and quoting behind the argument completers (no PowerShell needed).</summary>
    public sealed class CompletionMatcherTests
    {
        private static string[] Complete(string word) =>
            CompletionMatcher
                .Match(KnownActivities.All.Select(a => (a.Name, (string?)a.Category)), word, ActivityName.Normalize)
                .Select(c => c.CompletionText)
                .ToArray();

        [Fact]
        public void A_prefix_completes_to_quoted_activity_names()
        {
            Assert.Equal(
                new[] { "'Add service principal'", "'Add service principal credentials'" },
                Complete("Add service p")
            );
        }

        [Fact]
        public void Hyphen_and_case_match_the_en_dash_spelling_which_is_inserted_as_Entra_writes_it()
        {
            var result = Assert.Single(Complete("update application - cert"));
            Assert.Equal("'Update application \u2013 Certificates and secrets management'", result);
        }

        [Fact]
        public void Wildcards_work_anywhere_in_the_word()
        {
            Assert.Equal(
                new[] { "'Admin deleted security info'", "'User deleted security info'" },
                Complete("*deleted*")
            );
            Assert.Equal(new[] { "'Add member to role outside of PIM'" }, Complete("Add member to r?le outside"));
        }

        [Fact]
        public void The_quote_the_user_opened_with_is_kept()
        {
            Assert.Equal(
                new[] { "'Remove member from group'", "'Remove member from role'" },
                Complete("'Remove member")
            );
            Assert.Equal(
                new[] { "\"Remove member from group\"", "\"Remove member from role\"" },
                Complete("\"Remove member")
            );
        }

        [Fact]
        public void Nothing_matches_a_word_no_value_starts_with()
        {
            Assert.Empty(Complete("Frobnicate"));
        }

        [Fact]
        public void An_empty_word_offers_every_value_once_in_order_with_tooltips()
        {
            var all = CompletionMatcher.Match(
                new[] { ("Medium", (string?)null), ("High", "very"), ("medium", null) },
                ""
            );
            Assert.Equal(new[] { "High", "Medium" }, all.Select(c => c.CompletionText));
            Assert.Equal("very", all[0].ToolTip);
            Assert.Equal("Medium", all[1].ToolTip);
        }

        [Theory]
        [InlineData("EG0001", "EG0001")]
        [InlineData("Medium", "Medium")]
        [InlineData("two words", "'two words'")]
        [InlineData("O'Brien", "'O''Brien'")]
        [InlineData("-dash", "'-dash'")]
        [InlineData("$var", "'$var'")]
        public void Values_are_quoted_only_when_PowerShell_would_misread_them(string value, string expected)
        {
            Assert.Equal(expected, CompletionMatcher.Quote(value));
        }

        [Fact]
        public void Double_quoting_escapes_what_PowerShell_would_expand()
        {
            Assert.Equal("\"cost `$5 `\"net`\"\"", CompletionMatcher.Quote("cost $5 \"net\"", '"'));
        }
    }
}

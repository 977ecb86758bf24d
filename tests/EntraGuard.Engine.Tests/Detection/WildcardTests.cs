using System;
using System.Linq;
using EntraGuard.Detection;
using EntraGuard.Posture;

namespace EntraGuard.Tests.Detection
{
    /// <summary>Wildcard follows PowerShell's WildcardPattern (ignoring case); IdSelection is the id rule.</summary>
    public sealed class WildcardTests
    {
        [Theory]
        [InlineData("EG0001", "eg0001", true)]
        [InlineData("EG000?", "EG0005", true)]
        [InlineData("EG000?", "EG0010", false)]
        [InlineData("EG*", "EG0013", true)]
        [InlineData("*01*", "EG0010", true)]
        [InlineData("EG000[12]", "EG0001", true)]
        [InlineData("EG000[12]", "EG0002", true)]
        [InlineData("EG000[12]", "EG0003", false)]
        [InlineData("EG00[0-1][0-9]", "EG0013", true)]
        [InlineData("EG00[0-1][0-9]", "EG0023", false)]
        [InlineData("eg[a-f]*", "EGB", true)]
        [InlineData("[ab]", "B", true)]
        [InlineData("a*b*c", "axxbyyc", true)]
        [InlineData("a*b*c", "axxbyy", false)]
        [InlineData("*", "", true)]
        [InlineData("?", "", false)]
        [InlineData("a`*", "a*", true)]
        [InlineData("a`*", "ab", false)]
        [InlineData("`[x]", "[x]", true)]
        [InlineData("[`]]", "]", true)]
        [InlineData("[a-]", "-", true)]
        public void Matches_as_PowerShell_does(string pattern, string text, bool expected) =>
            Assert.Equal(expected, Wildcard.IsMatch(pattern, text));

        [Theory]
        [InlineData("EG0001", false)]
        [InlineData("EG*", true)]
        [InlineData("EG00?1", true)]
        [InlineData("EG000[12]", true)]
        [InlineData("EG`*", false)]
        public void Knows_a_wildcard_from_a_literal(string pattern, bool expected) =>
            Assert.Equal(expected, Wildcard.HasWildcards(pattern));

        [Fact]
        public void An_unclosed_set_is_an_error_naming_the_pattern()
        {
            var error = Assert.Throws<ArgumentException>(() => Wildcard.IsMatch("EG[12", "EG1"));
            Assert.Contains("'EG[12'", error.Message);
        }

        [Fact]
        public void Selects_rules_by_set_and_range_in_catalog_order()
        {
            var ids = RuleCatalog.BuiltIn.Select(new[] { "EG001[0-2]", "EG000[21]" }).Select(r => r.Id);
            Assert.Equal(new[] { "EG0001", "EG0002", "EG0010", "EG0011", "EG0012" }, ids);
        }

        [Fact]
        public void A_literal_id_naming_nothing_is_an_error_naming_it_a_wildcard_is_not()
        {
            var error = Assert.Throws<UnknownIdException>(() =>
                RuleCatalog.BuiltIn.Select(new[] { "EG0001", "EG9999", "EG9[0-9]*" })
            );
            Assert.Equal("No rule has the id 'EG9999'.", error.Message);
            Assert.Equal(new[] { "EG9999" }, error.Ids);
            Assert.Empty(RuleCatalog.BuiltIn.Select(new[] { "EG9*" }));
        }

        [Fact]
        public void Posture_checks_follow_the_same_rule()
        {
            Assert.Equal(new[] { "EGP001", "EGP002" }, PostureCatalog.Select(new[] { "EGP00[12]" }).Select(c => c.Id));
            Assert.Empty(PostureCatalog.Select(new[] { "EGP9*" }));
            var error = Assert.Throws<UnknownIdException>(() => PostureCatalog.Select(new[] { "EGP999", "EGP998" }));
            Assert.Equal("No posture check has the id 'EGP999', 'EGP998'.", error.Message);
        }
    }
}

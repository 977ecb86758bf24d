namespace EntraGuard.Tests.Model
{
    public sealed class ActivityNameTests
    {
        [Theory]
        [InlineData(
            "Update application \u2013 Certificates and secrets management ",
            "Update application - Certificates and secrets management"
        )]
        [InlineData(
            "Update application - Certificates and secrets management",
            "Update application - Certificates and secrets management"
        )]
        [InlineData("  Add   service principal credentials\t", "Add service principal credentials")]
        [InlineData("A\u2014B\u2212C", "A-B-C")]
        [InlineData("", "")]
        [InlineData(null, "")]
        public void Normalizes_dashes_and_white_space_and_keeps_case(string? raw, string expected) =>
            Assert.Equal(expected, ActivityName.Normalize(raw));

        [Fact]
        public void Names_differing_only_by_dash_spacing_or_case_are_the_same_activity()
        {
            Assert.True(
                ActivityName.AreSame(
                    "Update application \u2013 Certificates and secrets management ",
                    "update application - certificates and secrets management"
                )
            );
            Assert.False(ActivityName.AreSame("Add application", "Add application owner"));
        }

        [Fact]
        public void The_event_keeps_the_original_and_exposes_the_normalized_name()
        {
            var e = new AuditEvent
            {
                ActivityDisplayName = "Update application \u2013 Certificates and secrets management ",
            };

            Assert.Equal("Update application \u2013 Certificates and secrets management ", e.ActivityDisplayName);
            Assert.Equal("Update application - Certificates and secrets management", e.Activity);
        }
    }
}

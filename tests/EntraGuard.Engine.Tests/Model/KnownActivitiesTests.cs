using System.Linq;
using EntraGuard.Detection;

namespace EntraGuard.Engine.Tests.Model
{
    public sealed class KnownActivitiesTests
    {
        [Fact]
        public void Every_activity_of_the_seeds_is_known()
        {
            foreach (
                var name in new[]
                {
                    "Add service principal credentials",
                    "Remove service principal credentials",
                    "User deleted security info",
                    "Remove member from group",
                    "Add application",
                }
            )
            {
                Assert.NotNull(KnownActivities.Find(name));
            }
        }

        [Fact]
        public void Names_are_distinct_in_normalized_form_and_stored_as_Entra_writes_them()
        {
            Assert.Equal(
                KnownActivities.All.Count,
                KnownActivities.All.Select(a => a.NormalizedName).Distinct(ActivityName.Comparer).Count()
            );
            Assert.All(KnownActivities.All, a => Assert.Equal(a.Name.Trim(), a.Name));
            Assert.Contains("Update application \u2013 Certificates and secrets management", KnownActivities.Names);
        }

        [Fact]
        public void Every_activity_a_built_in_rule_watches_is_known_so_completion_offers_it()
        {
            var watched = RuleCatalog
                .BuiltIn.Rules.SelectMany(rule => rule.Activities.Select(activity => (rule.Id, Activity: activity)))
                .ToList();
            Assert.NotEmpty(watched);
            Assert.Empty(
                watched
                    .Where(pair => KnownActivities.Find(pair.Activity) is null)
                    .Select(pair => $"{pair.Id}: {pair.Activity}")
            );
        }

        [Theory]
        [InlineData("Update application - Certificates and secrets management ")]
        [InlineData("update application \u2014 certificates and secrets management")]
        public void Any_spelling_Entra_uses_finds_the_activity(string spelling)
        {
            var activity = KnownActivities.Find(spelling);
            Assert.NotNull(activity);
            Assert.Equal("Update application \u2013 Certificates and secrets management", activity!.Name);
            Assert.Equal("ApplicationManagement", activity.Category);
        }

        [Fact]
        public void An_unknown_name_is_not_found()
        {
            Assert.Null(KnownActivities.Find("Frobnicate tenant"));
            Assert.Null(KnownActivities.Find(null));
        }

        [Fact]
        public void Every_activity_names_its_category_and_service()
        {
            Assert.All(
                KnownActivities.All,
                a =>
                {
                    Assert.False(string.IsNullOrWhiteSpace(a.Category));
                    Assert.False(string.IsNullOrWhiteSpace(a.LoggedByService));
                }
            );
        }
    }
}

using System;
using EntraGuard.Collection;

namespace EntraGuard.Tests.Collection
{
    public sealed class AuditQueryTests
    {
        private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

        private static AuditEvent Event(
            string activity = "Add member to group",
            string? category = "GroupManagement",
            string? result = "success",
            string? userId = null,
            string? upn = null,
            string? appId = null,
            string? targetId = null,
            DateTimeOffset? time = null
        ) =>
            new()
            {
                Id = "e1",
                ActivityDateTime = time ?? Now.AddMinutes(-5),
                ActivityDisplayName = activity,
                Category = category,
                Result = result,
                InitiatedBy = new AuditActor
                {
                    UserId = userId,
                    UserPrincipalName = upn,
                    AppId = appId,
                },
                TargetResources = targetId is null
                    ? Array.Empty<TargetResource>()
                    : new[] { new TargetResource { Id = targetId } },
            };

        [Fact]
        public void The_default_range_is_the_last_24_hours_up_to_now_and_a_reversed_range_is_refused()
        {
            Assert.Equal((Now.AddHours(-24), Now), AuditQuery.ResolveRange(null, null, Now));
            Assert.Equal((Now.AddDays(-2), Now.AddDays(-1)), AuditQuery.ResolveRange(null, Now.AddDays(-1), Now));
            var error = Assert.Throws<ArgumentException>(() => AuditQuery.ResolveRange(Now, Now.AddHours(-1), Now));
            Assert.Contains("after its end", error.Message);
        }

        [Fact]
        public void Quotes_are_doubled_and_times_are_written_in_UTC_with_full_precision()
        {
            Assert.Equal("'O''Brien''s app'", ODataFilter.Quote("O'Brien's app"));
            Assert.Equal(
                "2026-05-01T10:00:00.1234567Z",
                ODataFilter.Time(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567))
            );
        }

        [Fact]
        public void A_query_with_only_a_range_filters_on_time_alone()
        {
            var query = new AuditQuery { Since = Now.AddHours(-1), Until = Now };
            Assert.Equal(
                "activityDateTime ge 2026-05-01T11:00:00.0000000Z and activityDateTime le 2026-05-01T12:00:00.0000000Z",
                query.BuildFilter(new TimeSlice(query.Since, query.Until))
            );
        }

        [Fact]
        public void A_dashed_activity_is_asked_for_in_both_spellings_and_matched_in_any()
        {
            var query = new AuditQuery
            {
                Since = Now.AddDays(-1),
                Until = Now,
                Activities = new[] { "Update application \u2013 Certificates and secrets management" },
            };

            var filter = query.BuildFilter(new TimeSlice(query.Since, query.Until));

            Assert.Contains(
                "(startswith(activityDisplayName,'Update application - Certificates and secrets management') or "
                    + "startswith(activityDisplayName,'Update application \u2013 Certificates and secrets "
                    + "management'))",
                filter
            );
            Assert.True(query.Matches(Event("Update application \u2013 Certificates and secrets management ")));
            Assert.True(query.Matches(Event("Update application - Certificates and secrets management")));
            Assert.False(query.Matches(Event("Update application - Certificates and secrets management extra")));
        }

        [Fact]
        public void Each_condition_is_checked_again_on_the_client()
        {
            var query = new AuditQuery
            {
                Since = Now.AddDays(-1),
                Until = Now,
                Categories = new[] { "GroupManagement" },
                Results = new[] { "Success" },
                InitiatedByUser = "ADMIN@contoso.example",
                TargetId = "T1",
            };

            Assert.True(query.Matches(Event(upn: "admin@contoso.example", targetId: "t1")));
            Assert.False(query.Matches(Event(upn: "other@contoso.example", targetId: "t1")));
            Assert.False(query.Matches(Event(upn: "admin@contoso.example", targetId: "t2")));
            Assert.False(query.Matches(Event(upn: "admin@contoso.example", targetId: "t1", result: "failure")));
            Assert.False(
                query.Matches(Event(upn: "admin@contoso.example", targetId: "t1", category: "UserManagement"))
            );
            Assert.False(query.Matches(Event(upn: "admin@contoso.example", targetId: "t1", time: Now.AddDays(-2))));
            Assert.True(
                new AuditQuery
                {
                    Since = Now.AddDays(-1),
                    Until = Now,
                    InitiatedByApp = "A1",
                }.Matches(Event(appId: "a1"))
            );
        }

        [Fact]
        public void An_unknown_result_is_refused_before_any_request()
        {
            var error = Assert.Throws<ArgumentException>(() =>
                new AuditQuery
                {
                    Since = Now,
                    Until = Now,
                    Results = new[] { "succeeded" },
                }.Validate()
            );
            Assert.Contains("success, failure, timeout", error.Message);
        }

        [Fact]
        public void Slices_cover_the_range_newest_first_without_gaps_or_overlaps()
        {
            var slices = TimeSlice.Split(Now.AddDays(-10), Now, TimeSpan.FromDays(7));

            Assert.Equal(2, slices.Count);
            Assert.Equal(new TimeSlice(Now.AddDays(-7), Now), slices[0]);
            Assert.Equal(new TimeSlice(Now.AddDays(-10), Now.AddDays(-7).AddTicks(-1)), slices[1]);
            Assert.Single(TimeSlice.Split(Now.AddMinutes(-9), Now, TimeSpan.FromDays(7)));
            Assert.Single(TimeSlice.Split(Now, Now, TimeSpan.FromDays(7)));
            Assert.Equal(5, TimeSlice.Split(Now.AddDays(-30), Now, TimeSpan.FromDays(7)).Count);
        }
    }
}

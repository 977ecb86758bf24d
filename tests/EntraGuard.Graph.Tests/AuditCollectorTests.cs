using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Graph.Tests.StandIn;

namespace EntraGuard.Graph.Tests
{
    /// <summary>The audit collector through the real GraphServiceClient against the loopback stand-in.</summary>
    public sealed class AuditCollectorTests : IAsyncLifetime
    {
        private static readonly DateTimeOffset Newest = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        private GraphStandIn _standIn = null!;
        private readonly string _token = TestConnections.FakeToken();

        public async Task InitializeAsync() => _standIn = await GraphStandIn.StartAsync();

        public async Task DisposeAsync() => await _standIn.DisposeAsync();

        private GraphSession Connect(GraphClientSettings? settings = null) =>
            GraphSession.Create(
                TestConnections.AccessToken(_standIn.BaseUrl, _token),
                settings ?? TestConnections.Fast()
            );

        private static AuditQuery LastDay() => new() { Since = Newest.AddDays(-1), Until = Newest };

        private static async Task<List<AuditEvent>> CollectAsync(
            GraphSession session,
            AuditQuery query,
            string? resumeFrom = null,
            CollectionObserver? observer = null,
            CancellationToken cancellationToken = default
        )
        {
            var events = new List<AuditEvent>();
            await new GraphAuditCollector(session).CollectAsync(
                query,
                events.Add,
                observer,
                resumeFrom,
                cancellationToken
            );
            return events;
        }

        private static void AssertExactlyOnce(AuditFeed feed, IEnumerable<AuditEvent> events) =>
            Assert.Equal(feed.Events.Select(e => e.Id), events.Select(e => e.Id));

        [Fact]
        public async Task Pages_are_followed_by_nextLink_exactly_as_given_and_every_event_arrives_once_in_order()
        {
            var feed = new AuditFeed(_standIn, 25, Newest, TimeSpan.FromMinutes(1), pageSize: 10);
            using var session = Connect();

            var events = await CollectAsync(session, LastDay());

            AssertExactlyOnce(feed, events);
            var requests = _standIn.RequestsTo(AuditFeed.Path);
            Assert.Equal(3, requests.Count);
            Assert.Equal("999", requests[0].Query["$top"]);
            // Pages 2 and 3 are requested with the very path and query the previous page's nextLink held.
            Assert.Equal(new[] { "10", "20" }, requests.Skip(1).Select(r => r.Query["$skiptoken"]));
            Assert.All(requests.Skip(1), r => Assert.Contains("&$top=10&$skiptoken=", r.RawQuery));
            Assert.All(requests, r => Assert.Equal("Bearer " + _token, r.Header("Authorization")));
            Assert.All(events, e => Assert.Equal("graph", e.Source));
            Assert.Equal(
                "Update application \u2013 Certificates and secrets management ",
                events[1].ActivityDisplayName
            );
            Assert.Contains(
                "KeyIdentifier=33333333-3333-3333-3333-333333333333",
                events[0].TargetResources[0].ModifiedProperties[0].NewValue
            );
        }

        [Fact]
        public async Task Every_filter_parameter_is_encoded_into_the_filter_Graph_receives()
        {
            _standIn.OnJson("GET", AuditFeed.Path, AuditFeed.PageJson(Array.Empty<FeedEvent>(), null));
            using var session = Connect();
            var query = new AuditQuery
            {
                Since = new DateTimeOffset(2026, 4, 30, 12, 0, 0, TimeSpan.Zero),
                Until = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.FromHours(2)),
                Activities = new[]
                {
                    "Add member to group",
                    "Update application - Certificates and secrets management",
                },
                Categories = new[] { "GroupManagement", "ApplicationManagement" },
                InitiatedByUser = "o'brien@contoso.example",
                InitiatedByApp = "44444444-4444-4444-4444-444444444444",
                TargetId = "55555555-5555-5555-5555-555555555555",
                Results = new[] { "Failure" },
            };

            await CollectAsync(session, query);

            var filter = Assert.Single(_standIn.RequestsTo(AuditFeed.Path)).Query["$filter"];
            Assert.Equal(
                "activityDateTime ge 2026-04-30T12:00:00.0000000Z and activityDateTime le 2026-05-01T10:00:00.0000000Z "
                    + "and (activityDisplayName eq 'Add member to group' or startswith(activityDisplayName,'Update "
                    + "application - Certificates and secrets management') or startswith(activityDisplayName,'Update "
                    + "application \u2013 Certificates and secrets management')) and (category eq 'GroupManagement' or "
                    + "category eq 'ApplicationManagement') and initiatedBy/user/userPrincipalName eq "
                    + "'o''brien@contoso.example' and initiatedBy/app/appId eq '44444444-4444-4444-4444-444444444444' "
                    + "and targetResources/any(t:t/id eq '55555555-5555-5555-5555-555555555555') and result eq "
                    + "'failure'",
                filter
            );
        }

        [Theory]
        [InlineData(
            "11111111-1111-1111-1111-111111111111",
            "initiatedBy/user/id eq '11111111-1111-1111-1111-111111111111'"
        )]
        [InlineData("Jane Admin", "initiatedBy/user/displayName eq 'Jane Admin'")]
        public async Task The_initiating_user_is_filtered_by_id_or_display_name(string user, string clause)
        {
            _standIn.OnJson("GET", AuditFeed.Path, AuditFeed.PageJson(Array.Empty<FeedEvent>(), null));
            using var session = Connect();
            await CollectAsync(
                session,
                new AuditQuery
                {
                    Since = Newest.AddHours(-1),
                    Until = Newest,
                    InitiatedByUser = user,
                    InitiatedByApp = "Payroll Sync",
                }
            );
            var filter = Assert.Single(_standIn.RequestsTo(AuditFeed.Path)).Query["$filter"];
            Assert.EndsWith($" and {clause} and initiatedBy/app/displayName eq 'Payroll Sync'", filter);
        }

        [Fact]
        public async Task Names_Graph_matches_loosely_are_checked_again_on_the_client()
        {
            // startswith also matches longer names, and Graph may ignore what it cannot filter: the client re-checks.
            var feed = new AuditFeed(_standIn, 8, Newest, TimeSpan.FromMinutes(1));
            using var session = Connect();
            var events = await CollectAsync(
                session,
                new AuditQuery
                {
                    Since = Newest.AddDays(-1),
                    Until = Newest,
                    Activities = new[] { "Update application - Certificates and secrets management" },
                }
            );
            Assert.Equal(new[] { "evt-000001", "evt-000005" }, events.Select(e => e.Id));
        }

        [Fact]
        public async Task The_first_event_reaches_the_consumer_before_the_last_page_is_requested()
        {
            var feed = new AuditFeed(_standIn, 30, Newest, TimeSpan.FromMinutes(1), pageSize: 10);
            var firstEventSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var lastPageWaitedInVain = false;
            feed.BeforePage = async page =>
            {
                if (page < 2)
                    return;
                // The last page is held back until the consumer has had an event: a collector that gathered every
                // page before emitting would keep it waiting here until the time-out.
                try
                {
                    await firstEventSeen.Task.WaitAsync(TimeSpan.FromSeconds(10));
                }
                catch (TimeoutException)
                {
                    lastPageWaitedInVain = true;
                }
            };
            using var session = Connect();

            var ids = new List<string>();
            foreach (var auditEvent in new GraphAuditCollector(session).Read(LastDay()))
            {
                if (ids.Count == 0)
                    firstEventSeen.SetResult();
                ids.Add(auditEvent.Id);
            }

            Assert.False(lastPageWaitedInVain);
            Assert.Equal(feed.Events.Select(e => e.Id), ids);
        }

        [Theory]
        [InlineData(429, "1")]
        [InlineData(503, "1")]
        [InlineData(504, "1")]
        public async Task Throttling_and_server_faults_with_Retry_After_are_retried_after_the_time_Graph_asks(
            int status,
            string retryAfter
        )
        {
            var feed = new AuditFeed(_standIn, 15, Newest, TimeSpan.FromMinutes(1), pageSize: 10);
            feed.Faults[(1, 1)] = (context, request, _) => GraphStandIn.Status(status, retryAfter)(context, request);
            using var session = Connect(TestConnections.Fast(retryDelaySeconds: 0));

            var events = await CollectAsync(session, LastDay());

            AssertExactlyOnce(feed, events);
            var requests = _standIn.RequestsTo(AuditFeed.Path);
            Assert.Equal(3, requests.Count);
            Assert.Equal("1", requests[2].Header("Retry-Attempt"));
            Assert.True(
                requests[2].ReceivedAt - requests[1].ReceivedAt >= TimeSpan.FromMilliseconds(900),
                $"the retry came {(requests[2].ReceivedAt - requests[1].ReceivedAt).TotalMilliseconds} ms after "
                    + $"the {status}"
            );
        }

        [Fact]
        public async Task A_429_without_Retry_After_backs_off_exponentially()
        {
            var feed = new AuditFeed(_standIn, 5, Newest, TimeSpan.FromMinutes(1));
            feed.Faults[(0, 1)] = (context, request, _) => GraphStandIn.Status(429)(context, request);
            feed.Faults[(0, 2)] = (context, request, _) => GraphStandIn.Status(429)(context, request);
            using var session = Connect(TestConnections.Fast(retryDelaySeconds: 1, maxRetries: 3));

            var events = await CollectAsync(session, LastDay());

            AssertExactlyOnce(feed, events);
            var times = _standIn.RequestsTo(AuditFeed.Path).Select(r => r.ReceivedAt).ToList();
            Assert.Equal(3, times.Count);
            Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(900)); // 2^0 × 1 s
            Assert.True(times[2] - times[1] >= TimeSpan.FromMilliseconds(1900)); // 2^1 × 1 s
        }

        [Fact]
        public async Task A_connection_cut_mid_page_is_read_again_from_the_same_link_without_loss_or_duplicates()
        {
            var feed = new AuditFeed(_standIn, 25, Newest, TimeSpan.FromMinutes(1), pageSize: 10);
            feed.Faults[(1, 1)] = (context, _, json) => GraphStandIn.CutConnection(context, json);
            var clock = new ManualWaitClock();
            var verbose = new List<string>();
            using var session = Connect(TestConnections.Fast(clock));

            var events = await CollectAsync(
                session,
                LastDay(),
                observer: new CollectionObserver { Verbose = verbose.Add }
            );

            AssertExactlyOnce(feed, events);
            var requests = _standIn.RequestsTo(AuditFeed.Path);
            Assert.Equal(4, requests.Count);
            Assert.Equal(requests[1].PathAndQuery, requests[2].PathAndQuery);
            Assert.Equal(new[] { TimeSpan.FromSeconds(1) }, clock.Waits);
            Assert.Contains(verbose, v => v.Contains("connection to Graph failed"));
        }

        [Fact]
        public async Task A_truncated_body_is_read_again_without_loss_or_duplicates()
        {
            var feed = new AuditFeed(_standIn, 25, Newest, TimeSpan.FromMinutes(1), pageSize: 10);
            feed.Faults[(2, 1)] = (context, _, json) => GraphStandIn.Truncated(context, json);
            feed.Faults[(2, 2)] = (context, _, json) => GraphStandIn.Truncated(context, json);
            var clock = new ManualWaitClock();
            using var session = Connect(TestConnections.Fast(clock));

            var events = await CollectAsync(session, LastDay());

            AssertExactlyOnce(feed, events);
            Assert.Equal(5, _standIn.RequestsTo(AuditFeed.Path).Count);
            Assert.Equal(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2) }, clock.Waits); // exponential
        }

        [Fact]
        public async Task An_empty_page_with_a_nextLink_is_followed()
        {
            var first = _standIn.Url($"{AuditFeed.Path}?$skiptoken=empty");
            var second = _standIn.Url($"{AuditFeed.Path}?$skiptoken=last");
            var events = new[]
            {
                new FeedEvent("evt-a", Newest.AddMinutes(-1), "Add member to group"),
                new FeedEvent("evt-b", Newest.AddMinutes(-2), "Add member to group"),
            };
            _standIn.On(
                "GET",
                AuditFeed.Path,
                (context, request) =>
                    GraphStandIn.Json(
                        context,
                        request.Query.TryGetValue("$skiptoken", out var token)
                            ? token == "empty"
                                ? AuditFeed.PageJson(Array.Empty<FeedEvent>(), second)
                                : AuditFeed.PageJson(events.Skip(1), null)
                            : AuditFeed.PageJson(events.Take(1), first)
                    )
            );
            using var session = Connect();

            var collected = await CollectAsync(session, LastDay());

            Assert.Equal(new[] { "evt-a", "evt-b" }, collected.Select(e => e.Id));
            Assert.Equal(3, _standIn.RequestsTo(AuditFeed.Path).Count);
        }

        [Fact]
        public async Task A_nextLink_loop_is_detected_and_stops_with_an_error()
        {
            var feed = new AuditFeed(_standIn, 40, Newest, TimeSpan.FromMinutes(1), pageSize: 10);
            string? secondLink = null;
            feed.RewriteNextLink = (page, next) =>
            {
                if (page == 0)
                    secondLink = next;
                return page == 2 ? secondLink : next; // page 3 points back at page 2
            };
            using var session = Connect();

            var events = new List<AuditEvent>();
            var error = await Assert.ThrowsAsync<CollectionInterruptedException>(() =>
                new GraphAuditCollector(session).CollectAsync(LastDay(), events.Add)
            );

            Assert.Equal(GraphErrorKind.Protocol, error.Cause.Kind);
            Assert.Contains("already followed", error.Message);
            Assert.Equal(3, _standIn.RequestsTo(AuditFeed.Path).Count);
            Assert.Equal(feed.Events.Take(30).Select(e => e.Id), events.Select(e => e.Id));
            Assert.Equal(30, error.EventsCollected);
        }

        [Fact]
        public async Task A_401_fails_at_once_with_a_clear_error_that_never_repeats_the_token()
        {
            // A server that echoes the Authorization header in its message must not leak the token through us.
            _standIn.On(
                "GET",
                AuditFeed.Path,
                (context, request) =>
                    GraphStandIn.Error(
                        context,
                        401,
                        "InvalidAuthenticationToken",
                        $"Lifetime validation failed, the token is expired. Received: {request.Header("Authorization")}"
                    )
            );
            using var session = Connect();

            var error = await Assert.ThrowsAsync<CollectionInterruptedException>(() =>
                CollectAsync(session, LastDay())
            );

            Assert.Equal(GraphErrorKind.Authentication, error.Cause.Kind);
            Assert.Equal(401, error.Cause.StatusCode);
            Assert.Equal("InvalidAuthenticationToken", error.Cause.ErrorCode);
            Assert.Contains("connect again", error.Message);
            Assert.Single(_standIn.RequestsTo(AuditFeed.Path));
            Assert.DoesNotContain("SECRET-TOKEN-MARKER", error.ToString());
            Assert.Contains(SecretText.Mask, error.Message);
        }

        [Fact]
        public async Task A_403_names_the_permissions_needed()
        {
            _standIn.On(
                "GET",
                AuditFeed.Path,
                (context, _) =>
                    GraphStandIn.Error(
                        context,
                        403,
                        "Authorization_RequestDenied",
                        "Insufficient privileges to complete the operation."
                    )
            );
            using var session = Connect();

            var error = await Assert.ThrowsAsync<CollectionInterruptedException>(() =>
                CollectAsync(session, LastDay())
            );

            Assert.Equal(GraphErrorKind.PermissionDenied, error.Cause.Kind);
            Assert.Contains(
                "(403 Authorization_RequestDenied): Insufficient privileges to complete the operation. This needs "
                    + "AuditLog.Read.All and Directory.Read.All",
                error.Message
            );
            Assert.DoesNotContain("..", error.Message);
            Assert.Equal("00000000-0000-0000-0000-000000000403", error.Cause.RequestId);
        }

        [Fact]
        public async Task When_retries_run_out_the_error_says_what_was_collected_and_the_resume_link_finishes_the_job()
        {
            var feed = new AuditFeed(_standIn, 35, Newest, TimeSpan.FromMinutes(1), pageSize: 10);
            for (var attempt = 1; attempt <= 20; attempt++)
            {
                feed.Faults[(2, attempt)] = (context, request, _) => GraphStandIn.Status(503)(context, request);
            }
            using var session = Connect(TestConnections.Fast(maxRetries: 1));
            var query = LastDay();

            var firstRun = new List<AuditEvent>();
            var error = await Assert.ThrowsAsync<CollectionInterruptedException>(() =>
                new GraphAuditCollector(session).CollectAsync(query, firstRun.Add)
            );

            Assert.Equal(GraphErrorKind.Transient, error.Cause.Kind);
            Assert.Equal(20, error.EventsCollected);
            Assert.Equal(20, firstRun.Count);
            Assert.NotNull(error.ResumeLink);
            Assert.Contains(
                "with -ResumeFrom '" + error.ResumeLink + "' -Since ",
                error.ResumeHint("-Since", "-Until", "-ResumeFrom")
            );
            Assert.DoesNotContain("CLI", error.Message);
            Assert.Contains("Collected 20 event(s)", error.Message);
            // 4 page attempts × (1 + 1 SDK retry), after 2 good pages
            Assert.Equal(4 * 2 + 2, _standIn.RequestsTo(AuditFeed.Path).Count);

            feed.Faults.Clear();
            var secondRun = await CollectAsync(session, query, resumeFrom: error.ResumeLink);
            AssertExactlyOnce(feed, firstRun.Concat(secondRun));
        }

        [Fact]
        public async Task Resuming_from_a_link_continues_with_the_older_slices_of_the_range()
        {
            var feed = new AuditFeed(_standIn, 72, Newest, TimeSpan.FromHours(1), pageSize: 10);
            var settings = new GraphClientSettings
            {
                Clock = new ManualWaitClock(),
                RetryDelay = TimeSpan.Zero,
                MaxRetries = 0,
                PageAttempts = 1,
                SliceLength = TimeSpan.FromDays(1),
            };
            using var session = Connect(settings);
            var query = new AuditQuery { Since = Newest.AddDays(-3), Until = Newest };
            feed.Faults[(1, 1)] = (context, request, _) => GraphStandIn.Status(500)(context, request);

            var firstRun = new List<AuditEvent>();
            var error = await Assert.ThrowsAsync<CollectionInterruptedException>(() =>
                new GraphAuditCollector(session).CollectAsync(query, firstRun.Add)
            );
            Assert.Equal(10, firstRun.Count);
            Assert.Null(error.CompleteFrom);

            var secondRun = await CollectAsync(session, query, resumeFrom: error.ResumeLink);
            AssertExactlyOnce(feed, firstRun.Concat(secondRun));
        }

        [Fact]
        public async Task A_rejected_page_size_falls_back_to_Graphs_default()
        {
            var feed = new AuditFeed(_standIn, 5, Newest, TimeSpan.FromMinutes(1));
            _standIn.On(
                "GET",
                AuditFeed.Path,
                (context, request) =>
                    request.Query.ContainsKey("$top")
                        ? GraphStandIn.Error(
                            context,
                            400,
                            "BadRequest",
                            "Invalid page size specified: '999'. Must be between 1 and 500 inclusive."
                        )
                        : GraphStandIn.Json(context, AuditFeed.PageJson(feed.Events, null))
            );
            using var session = Connect();

            var events = await CollectAsync(session, LastDay());

            AssertExactlyOnce(feed, events);
            var requests = _standIn.RequestsTo(AuditFeed.Path);
            Assert.Equal(2, requests.Count);
            Assert.False(requests[1].Query.ContainsKey("$top"));
        }

        [Fact]
        public async Task Long_ranges_are_read_in_non_overlapping_slices_newest_first()
        {
            var feed = new AuditFeed(_standIn, 72, Newest, TimeSpan.FromHours(1));
            var settings = new GraphClientSettings
            {
                Clock = new ManualWaitClock(),
                RetryDelay = TimeSpan.Zero,
                SliceLength = TimeSpan.FromDays(1),
            };
            using var session = Connect(settings);
            var progress = new List<CollectionProgress>();

            var events = await CollectAsync(
                session,
                new AuditQuery { Since = Newest.AddDays(-3), Until = Newest },
                observer: new CollectionObserver { Progress = progress.Add }
            );

            AssertExactlyOnce(feed, events);
            var slices = _standIn.RequestsTo(AuditFeed.Path).Select(r => AuditFeed.Bounds(r.Query["$filter"])).ToList();
            Assert.Equal(3, slices.Count);
            Assert.Equal(Newest, slices[0].To);
            Assert.Equal(Newest.AddDays(-3), slices[2].From);
            for (var i = 1; i < slices.Count; i++)
                Assert.Equal(slices[i - 1].From!.Value.AddTicks(-1), slices[i].To);
            var last = progress.Last();
            Assert.Equal(72, last.Items);
            Assert.Equal(Newest.AddDays(-3), last.TimeReached);
            Assert.Equal(3, last.Slices);
            Assert.True(
                progress
                    .Select(p => p.TimeReached)
                    .Where(t => t != null)
                    .SequenceEqual(progress.Select(p => p.TimeReached).Where(t => t != null).OrderByDescending(t => t))
            );
        }

        [Fact]
        public async Task Cancellation_stops_a_collection_waiting_on_a_slow_page()
        {
            var feed = new AuditFeed(_standIn, 30, Newest, TimeSpan.FromMinutes(1), pageSize: 10);
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            feed.BeforePage = page => page == 1 ? release.Task.WaitAsync(TimeSpan.FromSeconds(30)) : Task.CompletedTask;
            using var session = Connect();
            using var cancel = new CancellationTokenSource();
            var events = new List<AuditEvent>();

            var started = DateTime.UtcNow;
            var collection = new GraphAuditCollector(session).CollectAsync(
                LastDay(),
                e =>
                {
                    events.Add(e);
                    if (events.Count == 10)
                        cancel.CancelAfter(100);
                },
                cancellationToken: cancel.Token
            );
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => collection);
            release.SetResult(); // lets the stand-in's held request end, so the server stops at once

            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
            Assert.Equal(10, events.Count);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Graph.Tests.StandIn;

namespace EntraGuard.Graph.Tests
{
    public sealed class RiskDetectionCollectorTests : IAsyncLifetime
    {
        private const string UserPath = "/identityProtection/riskDetections";
        private const string ServicePrincipalPath = "/identityProtection/servicePrincipalRiskDetections";
        private static readonly DateTimeOffset Newest = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        private GraphStandIn _standIn = null!;

        public async Task InitializeAsync() => _standIn = await GraphStandIn.StartAsync();

        public async Task DisposeAsync() => await _standIn.DisposeAsync();

        private static string UserDetection(string id, string level = "high") =>
            $"{{\"id\":\"{id}\",\"requestId\":\"r-{id}\",\"riskEventType\":\"unfamiliarFeatures\","
            + $"\"riskState\":\"atRisk\",\"riskLevel\":\"{level}\","
            + $"\"riskDetail\":\"none\",\"source\":\"IdentityProtection\",\"detectionTimingType\":\"realtime\","
            + $"\"activity\":\"signin\",\"ipAddress\":\"198.51.100.4\","
            + $"\"location\":{{\"city\":\"Lisbon\",\"countryOrRegion\":\"PT\"}},"
            + $"\"activityDateTime\":\"2026-05-01T10:00:00Z\",\"detectedDateTime\":\"2026-05-01T10:01:00Z\","
            + $"\"userId\":\"u-{id}\",\"userDisplayName\":\"Jane\",\"userPrincipalName\":\"jane@contoso.example\"}}";

        private static string Page(string? next, params string[] items) =>
            "{"
            + (next is null ? "" : $"\"@odata.nextLink\":\"{next}\",")
            + "\"value\":["
            + string.Join(",", items)
            + "]}";

        private GraphSession Connect(GraphClientSettings? settings = null) =>
            GraphSession.Create(
                TestConnections.AccessToken(_standIn.BaseUrl, TestConnections.FakeToken()),
                settings ?? TestConnections.Fast()
            );

        [Fact]
        public async Task User_and_service_principal_detections_are_paged_500_at_a_time_within_the_range()
        {
            var next = _standIn.Url(UserPath + "?$skiptoken=2");
            _standIn.On(
                "GET",
                UserPath,
                (context, request) =>
                    GraphStandIn.Json(
                        context,
                        request.Query.ContainsKey("$skiptoken")
                            ? Page(null, UserDetection("d3"))
                            : Page(next, UserDetection("d1"), UserDetection("d2"))
                    )
            );
            _standIn.OnJson(
                "GET",
                ServicePrincipalPath,
                Page(
                    null,
                    "{\"id\":\"s1\",\"riskEventType\":\"investigationsThreatIntelligence\",\"riskLevel\":\"high\","
                        + "\"servicePrincipalId\":\"sp-1\",\"servicePrincipalDisplayName\":\"Payroll\","
                        + "\"appId\":\"app-1\",\"keyIds\":[\"k1\",\"k2\"],"
                        + "\"detectedDateTime\":\"2026-05-01T09:00:00Z\"}"
                )
            );
            using var session = Connect();
            var detections = new List<IdentityProtectionDetection>();

            var count = await new GraphRiskDetectionCollector(session).CollectAsync(
                Newest.AddDays(-1),
                Newest,
                true,
                detections.Add
            );

            Assert.Equal(4, count);
            Assert.Equal(new[] { "d1", "d2", "d3", "s1" }, detections.Select(d => d.Id));
            var first = _standIn.RequestsTo(UserPath)[0];
            Assert.Equal("500", first.Query["$top"]);
            Assert.Equal(
                "detectedDateTime ge 2026-04-30T12:00:00.0000000Z and detectedDateTime le 2026-05-01T12:00:00.0000000Z",
                first.Query["$filter"]
            );
            Assert.Equal("2", _standIn.RequestsTo(UserPath)[1].Query["$skiptoken"]);
            Assert.Equal(DetectionSubject.User, detections[0].Subject);
            Assert.Equal("jane@contoso.example", detections[0].UserPrincipalName);
            Assert.Equal("PT", detections[0].CountryOrRegion);
            var sp = detections[3];
            Assert.Equal(DetectionSubject.ServicePrincipal, sp.Subject);
            Assert.Equal(new[] { "k1", "k2" }, sp.KeyIds);
            Assert.Equal("app-1", sp.AppId);
        }

        [Fact]
        public async Task Requests_keep_to_one_per_second_and_a_429_without_Retry_After_is_backed_off()
        {
            var clock = new ManualWaitClock();
            var arrivals = new List<TimeSpan>();
            var served = 0;
            _standIn.On(
                "GET",
                UserPath,
                (context, request) =>
                {
                    lock (arrivals)
                        arrivals.Add(clock.Now);
                    var n = ++served;
                    if (n == 2)
                        return GraphStandIn.Status(429)(context, request); // Identity Protection sends no Retry-After
                    var next = n < 4 ? _standIn.Url(UserPath + "?$skiptoken=" + n) : null;
                    return GraphStandIn.Json(context, Page(next, UserDetection("d" + n)));
                }
            );
            using var session = Connect(
                new GraphClientSettings
                {
                    Clock = clock,
                    RetryDelay = TimeSpan.FromSeconds(1),
                    MaxRetries = 2,
                }
            );
            var detections = new List<IdentityProtectionDetection>();

            await new GraphRiskDetectionCollector(session).CollectAsync(
                Newest.AddDays(-1),
                Newest,
                false,
                detections.Add
            );

            Assert.Equal(new[] { "d1", "d3", "d4" }, detections.Select(d => d.Id));
            var requests = _standIn.RequestsTo(UserPath);
            Assert.Equal(4, requests.Count);
            Assert.Equal("1", requests[2].Header("Retry-Attempt"));
            // the SDK's own back-off
            Assert.True(requests[2].ReceivedAt - requests[1].ReceivedAt >= TimeSpan.FromMilliseconds(900));
            for (var i = 1; i < arrivals.Count; i++)
                Assert.True(arrivals[i] - arrivals[i - 1] >= session.Settings.IdentityProtectionWindow);
        }

        [Fact]
        public async Task Hidden_risk_levels_and_an_unlicensed_service_principal_API_are_warnings_not_failures()
        {
            _standIn.OnJson(
                "GET",
                UserPath,
                Page(null, UserDetection("d1", Hidden), UserDetection("d2", Hidden), UserDetection("d3"))
            );
            _standIn.On(
                "GET",
                ServicePrincipalPath,
                (context, _) =>
                    GraphStandIn.Error(
                        context,
                        403,
                        "Forbidden",
                        "The tenant is not licensed for Workload Identities Premium."
                    )
            );
            using var session = Connect();
            var warnings = new List<string>();
            var detections = new List<IdentityProtectionDetection>();

            await new GraphRiskDetectionCollector(session).CollectAsync(
                Newest.AddDays(-1),
                Newest,
                true,
                detections.Add,
                new CollectionObserver { Warning = warnings.Add }
            );

            Assert.Equal(3, detections.Count);
            Assert.Equal(new[] { true, true, false }, detections.Select(d => d.IsRiskHidden));
            Assert.Equal(2, warnings.Count);
            Assert.Contains("Service principal risk detections were not read", warnings[0]);
            Assert.Contains("IdentityRiskyServicePrincipal.Read.All", warnings[0]);
            Assert.StartsWith("2 risk detection(s) have their risk level hidden", warnings[1]);
        }

        [Fact]
        public async Task A_missing_permission_for_user_detections_fails_naming_it()
        {
            _standIn.On(
                "GET",
                UserPath,
                (context, _) => GraphStandIn.Error(context, 403, "Forbidden", "Insufficient privileges.")
            );
            using var session = Connect();

            var error = await Assert.ThrowsAsync<GraphRequestException>(() =>
                new GraphRiskDetectionCollector(session).CollectAsync(Newest.AddDays(-1), Newest, false, _ => { })
            );

            Assert.Equal(GraphErrorKind.PermissionDenied, error.Kind);
            Assert.Contains("IdentityRiskEvent.Read.All", error.Message);
        }

        private const string Hidden = IdentityProtectionDetection.Hidden;
    }
}

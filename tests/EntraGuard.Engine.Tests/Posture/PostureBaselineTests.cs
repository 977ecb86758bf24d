using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    public sealed class PostureBaselineTests : IDisposable
    {
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        private static PostureReport Evaluate(TenantSnapshot snapshot) =>
            PostureEvaluator.Evaluate(
                snapshot,
                PostureSettings.Default,
                PostureCatalog.Select(new[] { "EGP002", "EGP008", "EGP009", "EGP004" }),
                Now
            );

        private static TenantSnapshot Tenant(
            bool appsAllowed,
            string[] mfaExclusions,
            string consent,
            bool p2 = true
        ) =>
            new()
            {
                SubscribedSkus = p2 ? P2 : P1,
                SecurityDefaultsEnabled = false,
                ConditionalAccessPolicies = new[]
                {
                    Policy("MFA", excludeUsers: mfaExclusions),
                    Policy("Risk", signInRisk: new[] { "high", "medium" }),
                },
                AuthorizationPolicy = new AuthorizationSettings
                {
                    AllowedToCreateApps = appsAllowed,
                    PermissionGrantPoliciesAssigned = new[] { "ManagePermissionGrantsForSelf." + consent },
                },
            };

        private string Save(PostureReport report)
        {
            var path = Path.Combine(_files.Root, "previous.json");
            using (var file = File.Create(path))
                PostureResultJson.Write(report, file);
            return path;
        }

        [Fact]
        public void Compares_new_failures_fixed_ones_and_findings_within_a_check()
        {
            var before = Evaluate(Tenant(appsAllowed: true, new[] { Alice }, "microsoft-user-default-low"));
            var path = Save(before);
            var now = Evaluate(
                Tenant(appsAllowed: false, new[] { Alice, Bob }, "microsoft-user-default-legacy", p2: false)
            );

            var summary = PostureBaseline.Load(path).Compare(now);

            var byId = now.Results.ToDictionary(r => r.CheckId);
            Assert.Equal(PostureChange.StillFailing, byId["EGP002"].Change);
            Assert.Equal(new bool?[] { false, true }, byId["EGP002"].Findings.Select(f => f.IsNew));
            Assert.Equal(PostureChange.Fixed, byId["EGP008"].Change);
            Assert.Equal(new[] { "allowedToCreateApps" }, byId["EGP008"].ResolvedFindings);
            Assert.Equal(PostureChange.NewFailure, byId["EGP009"].Change);
            Assert.Equal(PostureChange.Unchanged, byId["EGP004"].Change);
            Assert.Equal(
                "since previous.json: 1 new failure(s), 1 fixed, 1 still failing; 2 new finding(s), 1 resolved",
                summary.ToString()
            );
            Assert.Same(summary, now.Baseline);
        }

        [Fact]
        public void A_check_failing_before_and_not_evaluated_now_is_not_called_fixed()
        {
            var path = _files.Write(
                "previous.json",
                """[{"checkId":"EGP004","result":"Failed","findings":[{"targetId":"medium"}]}]"""
            );
            var now = Evaluate(Tenant(false, new string[0], "microsoft-user-default-low", p2: false));

            var summary = PostureBaseline.Load(path).Compare(now);

            var result = now.Results.Single(r => r.CheckId == "EGP004");
            Assert.Equal(PostureChange.NoLongerEvaluated, result.Change);
            Assert.Empty(result.ResolvedFindings);
            Assert.Equal(1, summary.NoLongerEvaluated);
        }

        [Fact]
        public void Reads_what_powershell_convert_to_json_writes_at_its_default_depth()
        {
            // ConvertTo-Json: PascalCase, enums as numbers, findings flattened to their ToString() beyond depth 2.
            var path = _files.Write(
                "ps.json",
                "\uFEFF[{\"CheckId\":\"EGP002\",\"Result\":1,\"Findings\":[\""
                    + Alice
                    + "\"]},{\"CheckId\":\"EGP008\",\"Result\":0,\"Findings\":[]}]"
            );
            var now = Evaluate(Tenant(true, new[] { Alice, Bob }, "microsoft-user-default-low"));

            PostureBaseline.Load(path).Compare(now);

            var byId = now.Results.ToDictionary(r => r.CheckId);
            Assert.Equal(new bool?[] { false, true }, byId["EGP002"].Findings.Select(f => f.IsNew));
            Assert.Equal(PostureChange.NewFailure, byId["EGP008"].Change);
        }

        [Fact]
        public void Credential_findings_are_told_apart_by_key_id()
        {
            var finding = new PostureFinding { TargetId = "obj-1", KeyId = "key-9" };

            Assert.Equal("obj-1/key-9", finding.ToString());
        }

        [Theory]
        [InlineData("{\"results\": 5}", "expected a list of posture results or an object with a 'results' list")]
        [InlineData("[{\"result\":\"Failed\"}]", "results[0]: 'checkId' is missing")]
        [InlineData(
            "[{\"checkId\":\"EGP001\",\"result\":\"Broken\"}]",
            "results[0] (EGP001): 'result' is \"Broken\", not one of Passed, Failed, Skipped, NotApplicable"
        )]
        [InlineData(
            "[{\"checkId\":\"EGP001\",\"result\":7}]",
            "results[0] (EGP001): 'result' is 7, not one of Passed, Failed, Skipped, NotApplicable"
        )]
        [InlineData("[{\"checkId\":\"EGP001\"}]", "results[0] (EGP001): 'result' is missing")]
        public void Bad_baselines_name_the_entry(string json, string problem)
        {
            var error = Assert.Throws<PostureBaselineException>(() => PostureBaseline.Parse(json, "previous.json"));

            Assert.Equal("previous.json: " + problem, error.Message);
        }

        [Fact]
        public void A_baseline_that_is_not_json_names_the_position()
        {
            var error = Assert.Throws<PostureBaselineException>(() =>
                PostureBaseline.Parse("[{\"checkId\": }]", "previous.json")
            );

            Assert.StartsWith(
                "previous.json: not a JSON result set (line 1, byte 14): '}' is an invalid",
                error.Message
            );
        }

        [Fact]
        public void The_saved_form_names_enums_and_keeps_deviations()
        {
            var settings = new PostureSettings
            {
                AcceptedDeviations = new[]
                {
                    new AcceptedDeviation
                    {
                        CheckId = "EGP008",
                        Justification = "hackathon month",
                        Expires = new DateTime(2026, 12, 31),
                    },
                },
            };
            var report = PostureEvaluator.Evaluate(
                Tenant(true, new string[0], "microsoft-user-default-low"),
                settings,
                PostureCatalog.Select(new[] { "EGP008" }),
                Now
            );
            var path = Save(report);

            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var result = json.RootElement.GetProperty("results")[0];
            Assert.Equal("posture", json.RootElement.GetProperty("kind").GetString());
            Assert.Equal("Passed", result.GetProperty("result").GetString());
            Assert.Equal("Medium", result.GetProperty("severity").GetString());
            var deviation = result.GetProperty("findings")[0].GetProperty("acceptedDeviation");
            Assert.Equal("2026-12-31", deviation.GetProperty("expires").GetString());
            Assert.False(result.TryGetProperty("change", out _));
        }
    }
}

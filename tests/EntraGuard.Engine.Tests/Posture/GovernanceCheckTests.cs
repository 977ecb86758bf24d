using System.Collections.Generic;
using System.IO;
using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>EGP085–EGP087: client secrets, the guest group and public Microsoft 365 groups.</summary>
    public sealed class GovernanceCheckTests
    {
        private const string Payroll = "7a1b0000-0000-4000-8000-0000000000a1";
        private const string Vendor = "7a1b0000-0000-4000-8000-0000000000a2";
        private const string AllCompany = "6a0c0000-0000-4000-8000-0000000000c1";
        private const string Marketing = "6a0c0000-0000-4000-8000-0000000000c2";

        private static readonly string CompliantFolder = Path.Combine(
            TestFiles.RepositoryRoot,
            "tests",
            "checks",
            "tenants",
            "compliant"
        );

        private static IReadOnlyList<DirectoryGroup> Groups(params string[] groups) =>
            GraphPostureJson.ReadGroups(Body("{\"value\":[" + string.Join(",", groups) + "]}")).Items;

        private static string Dynamic(string id, string rule, string state = "On") =>
            $"{{\"id\":\"{id}\",\"displayName\":\"group {id}\",\"groupTypes\":[\"DynamicMembership\"],"
            + $"\"membershipRule\":{System.Text.Json.JsonSerializer.Serialize(rule)},"
            + $"\"membershipRuleProcessingState\":\"{state}\"}}";

        private static string Unified(string id, string visibility) =>
            $"{{\"id\":\"{id}\",\"displayName\":\"group {id}\",\"groupTypes\":[\"Unified\"],"
            + $"\"visibility\":\"{visibility}\"}}";

        private static TenantSnapshot Unreadable(PostureData part, string reason) =>
            new()
            {
                SubscribedSkus = P1,
                Unavailable = new Dictionary<PostureData, string> { [part] = reason },
            };

        // EGP085: client secrets

        [Fact]
        public void Usable_secrets_of_applications_and_service_principals_fail_one_finding_each()
        {
            var snapshot = new TenantSnapshot
            {
                Applications = new[]
                {
                    App("Payroll", Payroll, credentials: new[] { Secret("k-live", Now.AddDays(-10), Now.AddDays(90)) }),
                    App(
                        "Vendor",
                        Vendor,
                        credentials: new[]
                        {
                            Certificate("c-live", Now.AddDays(-10), Now.AddYears(1)),
                            Secret("k-dead", Now.AddYears(-2), Now.AddDays(-1)),
                        }
                    ),
                },
                ServicePrincipals = new[]
                {
                    Principal("Payroll", Payroll, credentials: new[] { Secret("k-sp", Now, Now.AddDays(30)) }),
                    Principal(
                        "vm-identity",
                        "1d1d0000-0000-4000-8000-000000000001",
                        owner: null,
                        type: "ManagedIdentity",
                        credentials: new[] { Secret("k-mi", Now, Now.AddDays(30)) }
                    ),
                },
            };

            var result = Run(snapshot, "EGP085");

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal(
                new[] { ("obj-" + Payroll, "k-live"), ("sp-" + Payroll, "k-sp") },
                result.Findings.Select(f => (f.TargetId, f.KeyId ?? ""))
            );
            Assert.Equal(
                $"application 'Payroll' ({Payroll}): Secret k-live can sign in until 2027-02-18",
                result.Findings[0].Detail
            );
            Assert.Equal(new[] { "MT.1057" }, PostureCatalog.Find("EGP085")!.Frameworks);
        }

        [Fact]
        public void Certificates_and_expired_secrets_pass_and_unreadable_applications_skip()
        {
            var certificatesOnly = new TenantSnapshot
            {
                Applications = new[]
                {
                    App(
                        "Vendor",
                        Vendor,
                        credentials: new[]
                        {
                            Certificate("c-live", Now.AddDays(-10), Now.AddYears(1)),
                            Secret("k-dead", Now.AddYears(-2), Now.AddDays(-1)),
                        }
                    ),
                },
                ServicePrincipals = new ServicePrincipalObject[0],
            };
            var refused = Unreadable(PostureData.Applications, "403 Forbidden: Application.Read.All is missing");
            refused = new TenantSnapshot
            {
                ServicePrincipals = new ServicePrincipalObject[0],
                Unavailable = refused.Unavailable,
            };

            Assert.Equal(PostureStatus.Passed, Run(certificatesOnly, "EGP085").Result);
            var skipped = Run(refused, "EGP085");
            Assert.Equal(PostureStatus.Skipped, skipped.Result);
            Assert.Equal(
                "skipped: could not read applications: 403 Forbidden: Application.Read.All is missing",
                skipped.Reason
            );
        }

        // EGP086: a dynamic group of every guest

        [Theory]
        [InlineData("(user.userType -eq \"Guest\")", "On", PostureStatus.Passed)]
        [InlineData("user.usertype   -EQ \"guest\"", "On", PostureStatus.Passed)]
        [InlineData("(user.userType -eq \"Guest\") -or (user.department -eq \"Sales\")", "On", PostureStatus.Passed)]
        [InlineData(
            "(user.userType -eq \"Guest\") -and (user.companyName -eq \"Contoso\")",
            "On",
            PostureStatus.Failed
        )]
        [InlineData("-not (user.userType -eq \"Guest\")", "On", PostureStatus.Failed)]
        [InlineData("(user.userType -eq \"Member\")", "On", PostureStatus.Failed)]
        [InlineData("(user.userType -eq \"Guest\")", "Paused", PostureStatus.Failed)]
        public void Only_a_running_rule_that_takes_in_every_guest_passes(
            string rule,
            string state,
            PostureStatus expected
        )
        {
            var snapshot = new TenantSnapshot
            {
                SubscribedSkus = P1,
                DynamicGroups = Groups(Dynamic("g1", rule, state)),
            };

            var result = Run(snapshot, "EGP086");

            Assert.Equal(expected, result.Result);
            if (expected == PostureStatus.Failed)
                Assert.Equal("dynamicGroups", result.Findings.Single().TargetId);
        }

        [Fact]
        public void A_paused_guest_rule_is_named_and_the_verdict_needs_p1()
        {
            var groups = Groups(Dynamic("g1", "(user.userType -eq \"Guest\")", "Paused"));

            var paused = Run(new TenantSnapshot { SubscribedSkus = P1, DynamicGroups = groups }, "EGP086");
            var free = Run(new TenantSnapshot { SubscribedSkus = Free, DynamicGroups = groups }, "EGP086");
            var unknown = Run(new TenantSnapshot { DynamicGroups = groups }, "EGP086");
            var refused = Run(Unreadable(PostureData.DynamicGroups, "403 Forbidden"), "EGP086");

            Assert.Equal("the guest rule of 'group g1' (g1) is paused", paused.Findings.Single().Detail);
            Assert.Equal(PostureStatus.NotApplicable, free.Result);
            // Without the subscriptions a missing group is no proof of a gap.
            Assert.Equal(PostureStatus.Skipped, unknown.Result);
            Assert.Equal(PostureStatus.Skipped, refused.Result);
            Assert.Equal("skipped: could not read groups: 403 Forbidden", refused.Reason);
        }

        // EGP087: public Microsoft 365 groups

        [Fact]
        public void Without_a_list_every_public_group_is_named_and_a_listed_one_is_approved()
        {
            var snapshot = new TenantSnapshot
            {
                MicrosoftGroups = Groups(
                    Unified(AllCompany, "Public"),
                    Unified(Marketing, "Public"),
                    Unified("6a0c0000-0000-4000-8000-0000000000c3", "Private"),
                    Unified("6a0c0000-0000-4000-8000-0000000000c4", "HiddenMembership")
                ),
            };

            var noList = Run(snapshot, "EGP087");
            var listed = Run(snapshot, "EGP087", new PostureSettings { ApprovedPublicGroups = new[] { Marketing } });
            var all = Run(
                snapshot,
                "EGP087",
                new PostureSettings { ApprovedPublicGroups = new[] { Marketing, AllCompany.ToUpperInvariant() } }
            );

            Assert.Equal(new[] { AllCompany, Marketing }, noList.Findings.Select(f => f.TargetId));
            Assert.Equal(AllCompany, listed.Findings.Single().TargetId);
            Assert.Equal(
                $"'group {AllCompany}' ({AllCompany}) is public and not in posture.approvedPublicGroups: anyone in "
                    + "the tenant can join",
                listed.Findings.Single().Detail
            );
            Assert.Equal((PostureStatus.Passed, "every public group is approved"), (all.Result, all.Reason));
        }

        [Fact]
        public void No_public_group_passes_and_unreadable_groups_skip()
        {
            var snapshot = new TenantSnapshot { MicrosoftGroups = Groups(Unified(AllCompany, "Private")) };

            var passed = Run(snapshot, "EGP087");
            var refused = Run(
                Unreadable(PostureData.MicrosoftGroups, "403 Forbidden: GroupMember.Read.All is missing"),
                "EGP087"
            );

            Assert.Equal((PostureStatus.Passed, "no Microsoft 365 group is public"), (passed.Result, passed.Reason));
            Assert.Equal(PostureStatus.Skipped, refused.Result);
        }

        [Fact]
        public void The_compliant_tenant_passes_the_group_checks()
        {
            Stream File(string name) => System.IO.File.OpenRead(Path.Combine(CompliantFolder, name));
            var snapshot = new TenantSnapshot
            {
                SubscribedSkus = P1,
                MicrosoftGroups = GraphPostureJson.ReadGroups(File("microsoftGroups.json")).Items,
                DynamicGroups = GraphPostureJson.ReadGroups(File("dynamicGroups.json")).Items,
            };
            var settings = new PostureSettings { ApprovedPublicGroups = new[] { Marketing } };

            Assert.Equal(PostureStatus.Passed, Run(snapshot, "EGP086").Result);
            Assert.Equal(PostureStatus.Passed, Run(snapshot, "EGP087", settings).Result);
        }
    }
}

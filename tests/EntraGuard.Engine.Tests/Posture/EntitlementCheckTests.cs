using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>
    /// EGP110–EGP113 (entitlement management), each over catalogs, access packages and assignment policies written
    /// as Graph v1.0 returns them (the response shapes of the Graph reference), read by
    /// <see cref="GraphPostureJson"/> and judged.
    /// </summary>
    public sealed class EntitlementCheckTests
    {
        private const string Sales = "7a1e0000-0000-4000-8000-0000000000a1";
        private const string Falcon = "7a1e0000-0000-4000-8000-0000000000a2";
        private const string Approvers = "7a1e0000-0000-4000-8000-0000000000a3";
        private const string Site = "https://fabrikam.sharepoint.com/sites/Marketing";
        private const string General = "c4000000-0000-4000-8000-000000000001";

        private static string Resource(string name, string originId, string system = "AadGroup") =>
            $$"""{"id":"{{name}}-id","displayName":"{{name}}","originId":"{{originId}}","originSystem":"{{system}}"}""";

        /// <summary>One catalog, as <c>GET .../catalogs?$expand=resources</c> returns it.</summary>
        private static IReadOnlyList<AccessPackageCatalog> Catalog(params string[] resources) =>
            GraphPostureJson
                .ReadAccessPackageCatalogs(
                    Body(
                        $$"""
                        {"value":[{"id":"{{General}}","displayName":"General",
                          "resources":[{{string.Join(",", resources)}}]}]}
                        """
                    )
                )
                .Items;

        /// <summary>One access package assigning roles in these scopes, as
        /// <c>GET .../accessPackages?$expand=catalog,resourceRoleScopes($expand=scope)</c> returns it.</summary>
        private static IReadOnlyList<AccessPackage> Package(string? catalogId, params string[] scopes) =>
            GraphPostureJson
                .ReadAccessPackages(
                    Body(
                        $$"""
                        {"value":[{"id":"p1","displayName":"Sales access",
                          {{(catalogId is null ? "" : $$"""
                          "catalog":{"id":"{{catalogId}}"},
                          """)}}
                          "resourceRoleScopes":[{{string.Join(
                            ",",
                            scopes.Select((scope, i) => $$"""{"id":"rs{{i}}","scope":{{scope}}}""")
                        )}}]}]}
                        """
                    )
                )
                .Items;

        /// <summary>One assignment policy, as <c>GET .../assignmentPolicies?$expand=accessPackage</c> returns
        /// it.</summary>
        private static IReadOnlyList<AssignmentPolicy> Policy(
            string scope = "allMemberUsers",
            string targets = "",
            string selfAdd = "true",
            string approval = "false",
            string stages = "",
            string package = """{"id":"p1","displayName":"Sales access"}""",
            bool requestors = true
        ) =>
            GraphPostureJson
                .ReadAccessPackagePolicies(
                    Body(
                        $$"""
                        {"value":[{"id":"pol1","displayName":"Employees","allowedTargetScope":"{{scope}}",
                          "specificAllowedTargets":[{{targets}}],
                          {{(requestors ? $$"""
                          "requestorSettings":{"enableTargetsToSelfAddAccess":{{selfAdd}},
                            "enableOnBehalfRequestorsToAddAccess":false,"onBehalfRequestors":[]},
                          """ : "")}}
                          "requestApprovalSettings":{"isApprovalRequiredForAdd":{{approval}},
                            "isApprovalRequiredForUpdate":false,"stages":[{{stages}}]},
                          "accessPackage":{{package}}}]}
                        """
                    )
                )
                .Items;

        private static string Stage(string primary = "", string fallback = "") =>
            $$"""
                {"durationBeforeAutomaticDenial":"P14D","isApproverJustificationRequired":false,
                 "isEscalationEnabled":false,"primaryApprovers":[{{primary}}],"fallbackPrimaryApprovers":[{{fallback}}],
                 "escalationApprovers":[],"fallbackEscalationApprovers":[]}
                """;

        private static string GroupApprover(string id) =>
            $$"""{"@odata.type":"#microsoft.graph.groupMembers","groupId":"{{id}}","description":"approvers"}""";

        private static TenantSnapshot Entitlements(
            IReadOnlyList<AccessPackageCatalog> catalogs,
            IReadOnlyList<AccessPackage> packages,
            IReadOnlyList<AssignmentPolicy>? policies = null,
            IReadOnlyCollection<string>? existing = null
        ) =>
            new()
            {
                SubscribedSkus = P2,
                AccessPackageCatalogs = catalogs,
                AccessPackages = packages,
                AccessPackagePolicies = policies ?? Policy(),
                ExistingObjectIds = existing ?? new[] { Sales, Approvers },
            };

        [Fact]
        public void Deleted_groups_are_found_in_catalogs_packages_and_approver_stages()
        {
            var snapshot = Entitlements(
                Catalog(Resource("Sales Team", Sales), Resource("Project Falcon", Falcon)),
                Package(General, Resource("Project Falcon", Falcon)),
                Policy(approval: "true", stages: Stage(GroupApprover(Approvers))),
                existing: new[] { Sales }
            );

            var result = Run(snapshot, "EGP110");

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal(new[] { Falcon, Approvers }, result.Findings.Select(f => f.TargetId));
            Assert.Equal(
                $"group {Falcon} no longer exists but is still named by catalog 'General' (resource), "
                    + "access package 'Sales access' (resource role)",
                result.Findings[0].Detail
            );
            Assert.Contains(
                "policy 'Employees' of access package 'Sales access' (approver)",
                result.Findings[1].Detail
            );
        }

        [Fact]
        public void Groups_that_exist_pass_and_sites_and_apps_are_not_looked_up()
        {
            var snapshot = Entitlements(
                Catalog(Resource("Sales Team", Sales), Resource("Marketing", Site, "SharePointOnline")),
                Package(General, Resource("Sales Team", Sales), Resource("Marketing", Site, "SharePointOnline"))
            );

            var result = Run(snapshot, "EGP110");

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Equal("every one of the 1 group(s) named exists", result.Reason);
        }

        [Fact]
        public void Without_entitlement_management_licences_the_checks_do_not_apply_and_a_refused_read_skips()
        {
            var snapshot = Entitlements(Catalog(Resource("Project Falcon", Falcon)), Package(null));
            var free = new TenantSnapshot
            {
                SubscribedSkus = Free,
                AccessPackageCatalogs = snapshot.AccessPackageCatalogs,
                AccessPackages = snapshot.AccessPackages,
                AccessPackagePolicies = snapshot.AccessPackagePolicies,
                ExistingObjectIds = snapshot.ExistingObjectIds,
            };
            var refused = new TenantSnapshot
            {
                SubscribedSkus = P2,
                Unavailable = new Dictionary<PostureData, string>
                {
                    [PostureData.AccessPackageCatalogs] = "403 Forbidden: EntitlementManagement.Read.All missing",
                },
            };
            var unknown = new TenantSnapshot
            {
                AccessPackageCatalogs = snapshot.AccessPackageCatalogs,
                AccessPackages = snapshot.AccessPackages,
                AccessPackagePolicies = snapshot.AccessPackagePolicies,
                ExistingObjectIds = snapshot.ExistingObjectIds,
            };

            foreach (var id in new[] { "EGP110", "EGP111", "EGP112" })
                Assert.Equal(PostureStatus.NotApplicable, Run(free, id).Result);
            Assert.Equal(PostureStatus.Failed, Run(snapshot, "EGP110").Result);
            Assert.Equal(PostureStatus.Failed, Run(snapshot, "EGP112").Result);
            Assert.Equal(PostureStatus.Skipped, Run(refused, "EGP112").Result);
            Assert.Contains("EntitlementManagement.Read.All missing", Run(refused, "EGP110").Reason);
            // Unknown licences: what would fail is reported as skipped, never as a guessed failure.
            Assert.Equal(PostureStatus.Skipped, Run(unknown, "EGP112").Result);
        }

        [Theory]
        [InlineData("specificDirectoryUsers", "", "true", "false", "", "lets only named users ask")]
        [InlineData("allMemberUsers", "", "false", "false", "", "does not accept requests")]
        [InlineData("allMemberUsers", "", "true", "true", "", "requires approval but has no approval stage")]
        [InlineData("allMemberUsers", "", "true", "true", "{}", "requires approval but stage 1 names no approver")]
        public void Assignment_policies_nobody_can_use_fail(
            string scope,
            string targets,
            string selfAdd,
            string approval,
            string stages,
            string problem
        )
        {
            var stageList = stages == "{}" ? Stage() : stages;
            var policies = Policy(scope, targets, selfAdd, approval, stageList);

            var result = Run(Entitlements(Catalog(), Package(General), policies), "EGP111");

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.StartsWith(
                "policy 'Employees' of access package 'Sales access' " + problem,
                result.Findings.Single().Detail
            );
        }

        [Fact]
        public void A_policy_whose_package_is_gone_is_orphaned()
        {
            var result = Run(Entitlements(Catalog(), Package(General), Policy(package: "null")), "EGP111");

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.EndsWith("belongs to no access package that still exists", result.Findings.Single().Detail);
        }

        [Fact]
        public void Usable_and_administrator_only_policies_pass()
        {
            var named = """{"@odata.type":"#microsoft.graph.singleUser","userId":"u1"}""";
            var policies = Policy("specificDirectoryUsers", named, approval: "true", stages: Stage(fallback: named))
                .Concat(Policy("notSpecified", selfAdd: "false", requestors: false))
                .ToArray();

            var result = Run(Entitlements(Catalog(), Package(General), policies), "EGP111");

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Equal(
                "identityGovernance/entitlementManagement/assignmentPolicies: 2 assignment policy(ies), 1 taking "
                    + "requests, 1 for administrators' assignments only",
                result.Evidence.Single()
            );
        }

        [Fact]
        public void A_requestable_policy_without_requestor_settings_is_skipped_not_passed()
        {
            var result = Run(Entitlements(Catalog(), Package(General), Policy(requestors: false)), "EGP111");

            Assert.Equal(PostureStatus.Skipped, result.Result);
            Assert.StartsWith("skipped: policy 'Employees' ", result.Reason);
            Assert.EndsWith("came without requestorSettings, so whether it takes requests is unknown", result.Reason);
        }

        [Fact]
        public void Catalog_resources_no_package_assigns_fail()
        {
            var catalogs = Catalog(Resource("Sales Team", Sales), Resource("Marketing", Site, "SharePointOnline"));

            var unused = Run(Entitlements(catalogs, Package(General, Resource("Sales Team", Sales))), "EGP112");
            var noPackages = Run(Entitlements(catalogs, new AccessPackage[0]), "EGP112");
            var otherCatalog = Run(
                Entitlements(catalogs, Package("elsewhere", Resource("Sales Team", Sales))),
                "EGP112"
            );

            Assert.Equal(PostureStatus.Failed, unused.Result);
            Assert.Equal(
                "SharePointOnline 'Marketing' in catalog 'General' is assigned by none of its access packages",
                unused.Findings.Single().Detail
            );
            Assert.Equal(2, noPackages.Findings.Count);
            Assert.Equal(2, otherCatalog.Findings.Count);
        }

        [Fact]
        public void Catalog_resources_all_assigned_pass_and_a_package_without_its_catalog_counts_everywhere()
        {
            var catalogs = Catalog(Resource("Sales Team", Sales), Resource("Marketing", Site, "SharePointOnline"));
            var scopes = new[] { Resource("Sales Team", Sales), Resource("Marketing", Site, "SharePointOnline") };

            var placed = Run(Entitlements(catalogs, Package(General, scopes)), "EGP112");
            var unplaced = Run(Entitlements(catalogs, Package(null, scopes)), "EGP112");
            var empty = Run(Entitlements(new AccessPackageCatalog[0], new AccessPackage[0]), "EGP112");

            Assert.Equal(PostureStatus.Passed, placed.Result);
            Assert.Equal("each of the 2 catalog resource(s) is assigned by an access package", placed.Reason);
            Assert.Equal(PostureStatus.Passed, unplaced.Result);
            Assert.Equal("no catalog holds a resource", empty.Reason);
        }

        private const string Megan = "1a2b3c4d-0003-4000-8000-000000000003";

        private static string UserApprover(string id) =>
            $$"""{"@odata.type":"#microsoft.graph.singleUser","userId":"{{id}}","description":"approver"}""";

        /// <summary>The approvers as <c>GET /users?$filter=id in (…)</c> and
        /// <c>GET /groups?$filter=id in (…)&amp;$expand=members($select=id)</c> return them.</summary>
        private static IReadOnlyList<DirectoryApprover> Directory(
            string enabled = "true",
            string members = "[{\"id\":\"m1\"}]"
        ) =>
            GraphPostureJson
                .ReadApproverUsers(
                    Body(
                        $$"""{"value":[{"id":"{{Megan}}","displayName":"Megan Bowen","accountEnabled":{{enabled}}}]}"""
                    )
                )
                .Items.Concat(
                    GraphPostureJson
                        .ReadApproverGroups(
                            Body(
                                $$"""{"value":[{"id":"{{Approvers}}","displayName":"Sales Approvers","members":{{members}}}]}"""
                            )
                        )
                        .Items
                )
                .ToArray();

        private static PostureCheckResult Approval(string stages, IReadOnlyList<DirectoryApprover> directory) =>
            Run(
                new TenantSnapshot
                {
                    SubscribedSkus = P2,
                    AccessPackagePolicies = Policy(approval: "true", stages: stages),
                    AccessPackageApprovers = directory,
                },
                "EGP113"
            );

        [Fact]
        public void Approvers_who_exist_and_can_act_pass()
        {
            var result = Approval(Stage(GroupApprover(Approvers), UserApprover(Megan)), Directory());

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Equal("every approver of the 1 approving policy(ies) exists and can act", result.Reason);
        }

        [Theory]
        [InlineData("false", "[{\"id\":\"m1\"}]", "names user 'Megan Bowen', whose account is disabled")]
        [InlineData("true", "[]", "names group 'Sales Approvers', which has no members")]
        public void Disabled_users_and_empty_groups_cannot_approve(string enabled, string members, string problem)
        {
            var result = Approval(Stage(GroupApprover(Approvers), UserApprover(Megan)), Directory(enabled, members));

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal(
                "policy 'Employees' of access package 'Sales access': stage 1 " + problem,
                result.Findings.Single().Detail
            );
        }

        [Fact]
        public void Deleted_approvers_and_stages_without_approvers_fail()
        {
            var nameless = """{"@odata.type":"#microsoft.graph.singleUser","description":"left blank"}""";
            var manager = """{"@odata.type":"#microsoft.graph.requestorManager","managerLevel":1}""";
            var stages =
                Stage(UserApprover(Megan), GroupApprover(Falcon)) + "," + Stage() + "," + Stage(nameless, manager);

            var gone = Approval(stages, Directory());

            Assert.Equal(
                new[]
                {
                    $"stage 1 names group {Falcon}, which no longer exists",
                    "stage 2 names no approver",
                    "stage 3 names a user without an id",
                },
                gone.Findings.Select(f => f.Detail.Split(": ")[1])
            );
        }

        [Fact]
        public void Approvers_returned_without_what_decides_are_skipped_and_a_refused_read_skips()
        {
            var unread = Approval(Stage(UserApprover(Megan)), Directory(enabled: "null"));
            var refused = Run(
                new TenantSnapshot
                {
                    SubscribedSkus = P2,
                    AccessPackagePolicies = Policy(),
                    Unavailable = new Dictionary<PostureData, string>
                    {
                        [PostureData.AccessPackageApprovers] = "403 Forbidden",
                    },
                },
                "EGP113"
            );
            var none = Approval("", new DirectoryApprover[0]);

            Assert.Equal(PostureStatus.Skipped, unread.Result);
            Assert.StartsWith("skipped: Graph returned ", unread.Reason);
            Assert.EndsWith(" without accountEnabled", unread.Reason);
            Assert.Equal(PostureStatus.Skipped, refused.Result);
            Assert.Equal(
                "policy 'Employees' of access package 'Sales access': approval is required but no stage is set",
                none.Findings.Single().Detail
            );
        }
    }
}

using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>EGP070–EGP075: who holds the privileged roles and how the roles were given.</summary>
    public sealed class PrivilegedAccountCheckTests
    {
        private const string AppAdmin = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3";
        private const string SecurityAdmin = "194ae4cb-b126-40b2-bd5b-6091b380977d";

        /// <summary>Users as <c>GET /users?$filter=id in (…)&amp;$select=…</c> answers: a cloud-only member without a
        /// mailbox (Alice), a synchronized member with an Exchange mailbox (Bob), an invited guest (Carol).</summary>
        private const string UsersJson = """
            {"value":[
              {"id":"a11ce000-0000-4000-8000-000000000001","displayName":"Alice","userPrincipalName":"alice@contoso.com",
               "userType":"Member","onPremisesSyncEnabled":null,"onPremisesImmutableId":null,
               "provisionedPlans":[]},
              {"id":"b0b00000-0000-4000-8000-000000000002","displayName":"Bob","userPrincipalName":"bob@contoso.com",
               "userType":"Member","onPremisesSyncEnabled":true,"onPremisesImmutableId":"bG9uZy1ndWlkLWJhc2U2NA==",
               "provisionedPlans":[{"capabilityStatus":"Enabled","provisioningStatus":"Success","service":"exchange"},
                 {"capabilityStatus":"Enabled","provisioningStatus":"Success","service":"SharePoint"}]},
              {"id":"ca201000-0000-4000-8000-000000000003","displayName":"Carol",
               "userPrincipalName":"carol_fabrikam.com#EXT#@contoso.onmicrosoft.com","userType":"Guest",
               "onPremisesSyncEnabled":null,"onPremisesImmutableId":null,
               "provisionedPlans":[{"capabilityStatus":"Deleted","provisioningStatus":"Success","service":"exchange"}]}
            ]}
            """;

        private static DirectoryUser[] Users(params string[] ids) =>
            GraphPostureJson.ReadUsers(Body(UsersJson)).Items.Where(u => ids.Contains(u.Id)).ToArray();

        private static TenantSnapshot Holders(
            DirectoryRoleAssignment[] active,
            DirectoryRoleAssignment[]? eligible,
            params string[] users
        ) =>
            new()
            {
                SubscribedSkus = P2,
                ActiveRoleAssignments = active,
                EligibleRoleAssignments = eligible,
                PrivilegedUsers = Users(users),
            };

        [Fact]
        public void Users_are_read_with_unknown_kept_apart_from_not_set()
        {
            var users = GraphPostureJson
                .ReadUsers(Body("""{"value":[{"id":"u1","userPrincipalName":"u1@contoso.com"}]}"""))
                .Items;
            var alice = Users(Alice).Single();
            var bob = Users(Bob).Single();

            Assert.Null(users[0].OnPremisesSyncEnabled);
            Assert.Null(users[0].HasImmutableId);
            Assert.Null(users[0].HasMailbox);
            Assert.False(alice.OnPremisesSyncEnabled);
            Assert.False(alice.HasImmutableId);
            Assert.False(alice.HasMailbox);
            Assert.True(bob.OnPremisesSyncEnabled);
            Assert.True(bob.HasImmutableId);
            Assert.True(bob.HasMailbox);
        }

        // EGP070: guests

        [Fact]
        public void A_guest_with_an_eligible_privileged_role_fails_and_members_pass()
        {
            var compliant = Holders(
                new[] { Active(Alice, GlobalAdmin) },
                new[] { Eligible(Bob, UserAdmin) },
                Alice,
                Bob
            );
            var guest = Holders(
                new[] { Active(Alice, GlobalAdmin) },
                new[] { Eligible(Carol, SecurityAdmin) },
                Alice,
                Carol
            );

            var passed = Run(compliant, "EGP070");
            var failed = Run(guest, "EGP070");

            Assert.Equal(PostureStatus.Passed, passed.Result);
            Assert.Equal(
                "the 2 user(s) holding privileged roles are members of this tenant, none a guest",
                passed.Reason
            );
            Assert.Equal(PostureStatus.Failed, failed.Result);
            var finding = Assert.Single(failed.Findings);
            Assert.Equal(Carol, finding.TargetId);
            Assert.Equal(
                "Carol (carol_fabrikam.com#EXT#@contoso.onmicrosoft.com) is a guest and holds Security Administrator "
                    + "(eligible)",
                finding.Detail
            );
        }

        [Fact]
        public void A_holder_the_users_read_did_not_return_is_skipped_never_passed()
        {
            var snapshot = Holders(
                new[] { Active(Alice, GlobalAdmin), Active(Dave, UserAdmin) },
                new DirectoryRoleAssignment[0],
                Alice
            );

            var result = Run(snapshot, "EGP070");

            Assert.Equal(PostureStatus.Skipped, result.Result);
            Assert.Equal("skipped: 1 user(s) holding privileged roles could not be judged", result.Reason);
            Assert.Contains(result.Evidence, e => e.StartsWith("not judged: " + Dave, System.StringComparison.Ordinal));
        }

        [Fact]
        public void Unreadable_users_skip_the_account_checks_with_the_reason()
        {
            var snapshot = new TenantSnapshot
            {
                SubscribedSkus = P2,
                ActiveRoleAssignments = new[] { Active(Alice, GlobalAdmin) },
                EligibleRoleAssignments = new DirectoryRoleAssignment[0],
                Unavailable = new System.Collections.Generic.Dictionary<PostureData, string>
                {
                    [PostureData.PrivilegedUsers] = "403 Forbidden: Authorization_RequestDenied",
                },
            };

            foreach (var id in new[] { "EGP070", "EGP071", "EGP073" })
            {
                var result = Run(snapshot, id);
                Assert.Equal(PostureStatus.Skipped, result.Result);
                Assert.Equal(
                    "skipped: could not read users: 403 Forbidden: Authorization_RequestDenied",
                    result.Reason
                );
            }
        }

        // EGP071: cloud-only

        [Fact]
        public void A_synchronized_privileged_user_fails_cloud_only_and_cloud_accounts_pass()
        {
            var passed = Run(
                Holders(new[] { Active(Alice, GlobalAdmin) }, new[] { Eligible(Carol, UserAdmin) }, Alice, Carol),
                "EGP071"
            );
            var failed = Run(
                Holders(new[] { Active(Alice, GlobalAdmin) }, new[] { Eligible(Bob, UserAdmin) }, Alice, Bob),
                "EGP071"
            );

            Assert.Equal(PostureStatus.Passed, passed.Result);
            Assert.Equal(PostureStatus.Failed, failed.Result);
            Assert.Equal(
                "Bob (bob@contoso.com) is synchronized from on-premises Active Directory and holds User Administrator "
                    + "(eligible)",
                Assert.Single(failed.Findings).Detail
            );
        }

        [Fact]
        public void Cloud_only_is_skipped_when_graph_leaves_the_sync_values_out()
        {
            var snapshot = new TenantSnapshot
            {
                SubscribedSkus = P2,
                ActiveRoleAssignments = new[] { Active("u1", GlobalAdmin) },
                EligibleRoleAssignments = new DirectoryRoleAssignment[0],
                PrivilegedUsers = GraphPostureJson
                    .ReadUsers(Body("""{"value":[{"id":"u1","userType":"Member"}]}"""))
                    .Items,
            };

            Assert.Equal(PostureStatus.Skipped, Run(snapshot, "EGP071").Result);
        }

        [Fact]
        public void Unread_eligible_holders_skip_a_pass_when_pim_may_hide_them()
        {
            var snapshot = Holders(new[] { Active(Alice, GlobalAdmin) }, null, Alice);

            var result = Run(snapshot, "EGP071");

            Assert.Equal(PostureStatus.Skipped, result.Result);
            Assert.Equal(
                "skipped: eligible role holders could not be read, so the active ones are not all of them",
                result.Reason
            );
        }

        // EGP073: mailboxes

        [Fact]
        public void A_privileged_user_with_an_enabled_exchange_plan_fails_and_a_deleted_plan_passes()
        {
            var passed = Run(
                Holders(
                    new[] { Active(Alice, GlobalAdmin), Active(Carol, UserAdmin) },
                    new DirectoryRoleAssignment[0],
                    Alice,
                    Carol
                ),
                "EGP073"
            );
            var failed = Run(
                Holders(new[] { Active(Bob, GlobalAdmin) }, new DirectoryRoleAssignment[0], Bob),
                "EGP073"
            );

            Assert.Equal(PostureStatus.Passed, passed.Result);
            Assert.Equal(PostureStatus.Failed, failed.Result);
            Assert.Equal(
                "Bob (bob@contoso.com) has an Exchange Online mailbox and holds Global Administrator",
                Assert.Single(failed.Findings).Detail
            );
        }

        // EGP072: service principals with secrets

        [Fact]
        public void A_privileged_service_principal_with_a_secret_on_its_app_fails_and_one_with_a_certificate_passes()
        {
            var withSecret = Principal("Deploy pipeline", "app-deploy");
            var withCertificate = Principal(
                "Backup",
                "app-backup",
                credentials: Certificate("k-cert", Now.AddDays(-10), Now.AddDays(300))
            );
            var snapshot = new TenantSnapshot
            {
                ActiveRoleAssignments = new[]
                {
                    Active(withSecret.Id, AppAdmin, type: "servicePrincipal", name: "Deploy pipeline"),
                    Active(withCertificate.Id, GlobalAdmin, type: "servicePrincipal", name: "Backup"),
                    Active(Alice, GlobalAdmin),
                },
                ServicePrincipals = new[] { withSecret, withCertificate },
                Applications = new[]
                {
                    App(
                        "Deploy pipeline",
                        "app-deploy",
                        credentials: Secret("k-secret", Now.AddDays(-5), Now.AddDays(60), "ci")
                    ),
                    App("Backup", "app-backup"),
                },
            };
            var compliant = new TenantSnapshot
            {
                ActiveRoleAssignments = new[] { Active(withCertificate.Id, GlobalAdmin, type: "servicePrincipal") },
                ServicePrincipals = new[] { withSecret, withCertificate },
                Applications = new ApplicationObject[0],
            };

            var failed = Run(snapshot, "EGP072");
            var passed = Run(compliant, "EGP072");

            Assert.Equal(PostureStatus.Failed, failed.Result);
            var finding = Assert.Single(failed.Findings);
            Assert.Equal("app-deploy", finding.AppId);
            Assert.Equal(
                "service principal 'Deploy pipeline' (app-deploy) holds Application Administrator and signs in with 1 "
                    + "client secret(s): Secret 'ci' (k-secret) (until 2027-01-19)",
                finding.Detail
            );
            Assert.Equal(PostureStatus.Passed, passed.Result);
        }

        // EGP074: Global Administrator against narrower roles

        [Fact]
        public void Global_administrators_outnumbering_narrower_admins_fail_and_the_reverse_passes()
        {
            var lopsided = Holders(
                new[] { Active(Alice, GlobalAdmin), Active(Bob, GlobalAdmin), Active(Carol, GlobalAdmin) },
                new[] { Eligible(Dave, UserAdmin) }
            );
            var balanced = Holders(
                new[] { Active(Alice, GlobalAdmin), Active(Bob, GlobalAdmin), Active(Carol, SecurityAdmin) },
                new[] { Eligible(Dave, UserAdmin), Eligible(Erin, AppAdmin), Eligible(Alice, UserAdmin) }
            );

            var failed = Run(lopsided, "EGP074");
            var passed = Run(balanced, "EGP074");

            Assert.Equal(PostureStatus.Failed, failed.Result);
            Assert.StartsWith(
                "3 user(s) hold Global Administrator and only 1 hold narrower privileged roles",
                Assert.Single(failed.Findings).Detail
            );
            Assert.Equal(PostureStatus.Passed, passed.Result);
            Assert.Equal("2 Global Administrator(s) against 3 user(s) with narrower privileged roles", passed.Reason);
        }

        [Fact]
        public void A_single_global_administrator_fails_the_ratio_check_on_the_bounds()
        {
            var result = Run(
                Holders(new[] { Active(Alice, GlobalAdmin), Active(Bob, UserAdmin) }, new DirectoryRoleAssignment[0]),
                "EGP074"
            );

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Contains("outside the 2–4 allowed", Assert.Single(result.Findings).Detail);
        }

        // EGP075: assigned outside PIM

        [Fact]
        public void An_active_assignment_without_a_schedule_start_was_made_outside_pim()
        {
            var throughPim = new DirectoryRoleAssignment
            {
                PrincipalId = Alice,
                PrincipalType = "user",
                RoleDefinitionId = GlobalAdmin,
                StartDateTime = Now.AddDays(-30),
            };
            var outside = new DirectoryRoleAssignment
            {
                PrincipalId = Bob,
                PrincipalDisplayName = "Bob",
                PrincipalType = "user",
                RoleDefinitionId = UserAdmin,
            };

            var failed = Run(
                new TenantSnapshot { SubscribedSkus = P2, ActiveRoleAssignments = new[] { throughPim, outside } },
                "EGP075"
            );
            var passed = Run(
                new TenantSnapshot { SubscribedSkus = P2, ActiveRoleAssignments = new[] { throughPim } },
                "EGP075"
            );
            var withoutPim = Run(
                new TenantSnapshot { SubscribedSkus = P1, ActiveRoleAssignments = new[] { outside } },
                "EGP075"
            );

            Assert.Equal(PostureStatus.Failed, failed.Result);
            Assert.Equal(
                $"Bob ({Bob}) was assigned User Administrator outside PIM (its schedule has no start)",
                Assert.Single(failed.Findings).Detail
            );
            Assert.Equal(PostureStatus.Passed, passed.Result);
            Assert.Equal(PostureStatus.NotApplicable, withoutPim.Result);
        }

        [Fact]
        public void Assignments_read_without_schedules_leave_outside_pim_unknown()
        {
            var snapshot = new TenantSnapshot
            {
                ActiveRoleAssignments = new[] { Active(Bob, UserAdmin) },
                ReadFrom = new System.Collections.Generic.Dictionary<PostureData, string>
                {
                    [PostureData.ActiveRoleAssignments] = PostureDataSource.RoleAssignments.Path,
                },
            };

            Assert.Equal(PostureStatus.Skipped, Run(snapshot, "EGP075").Result);
        }

        [Fact]
        public void A_synchronized_holder_of_any_role_fails_EGP081_where_EGP071_sees_no_privileged_role()
        {
            var snapshot = Holders(
                new[] { Active(Alice, GlobalAdmin), Active(Bob, DirectorySyncRole) },
                new[] { Eligible(Carol, UserAdmin) },
                Alice,
                Bob,
                Carol
            );

            var everyRole = Run(snapshot, "EGP081");
            var privileged = Run(snapshot, "EGP071");

            Assert.Equal(PostureStatus.Failed, everyRole.Result);
            var finding = Assert.Single(everyRole.Findings);
            Assert.Equal(Bob, finding.TargetId);
            Assert.StartsWith(
                "Bob (bob@contoso.com) is synchronized from on-premises Active Directory",
                finding.Detail
            );
            Assert.Contains("users: 3 of the 3 user(s) holding directory roles returned", everyRole.Evidence);
            Assert.Equal(PostureStatus.Passed, privileged.Result);
        }

        [Fact]
        public void Cloud_only_holders_pass_EGP081_and_unread_holders_skip_it()
        {
            var cloudOnly = Holders(
                new[] { Active(Alice, DirectorySyncRole) },
                new[] { Eligible(Carol, UserAdmin) },
                Alice,
                Carol
            );
            var unread = new TenantSnapshot
            {
                SubscribedSkus = P2,
                ActiveRoleAssignments = new[] { Active(Bob, DirectorySyncRole) },
                EligibleRoleAssignments = new DirectoryRoleAssignment[0],
                Unavailable = new System.Collections.Generic.Dictionary<PostureData, string>
                {
                    [PostureData.PrivilegedUsers] = "403 Forbidden: User.Read.All",
                },
            };

            var passed = Run(cloudOnly, "EGP081");

            Assert.Equal(PostureStatus.Passed, passed.Result);
            Assert.Equal("the 2 user(s) holding directory roles are not synchronized from on-premises", passed.Reason);
            Assert.Equal(PostureStatus.Skipped, Run(unread, "EGP081").Result);
        }
    }
}

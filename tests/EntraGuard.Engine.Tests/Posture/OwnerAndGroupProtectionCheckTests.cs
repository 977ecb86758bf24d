using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>
    /// EGP067 (owners of app registrations have MFA registered) and EGP088 (groups named in Conditional Access are
    /// role-assignable or in a restricted management unit), over Graph's response shapes read by
    /// <see cref="GraphPostureJson"/>.
    /// </summary>
    public sealed class OwnerAndGroupProtectionCheckTests
    {
        private const string Carol = "ca201000-0000-4000-8000-000000000003";
        private const string Plain = "9a000000-0000-4000-8000-000000000001";
        private const string RoleAssignable = "9a000000-0000-4000-8000-000000000002";
        private const string Restricted = "9a000000-0000-4000-8000-000000000003";
        private const string Deleted = "9a000000-0000-4000-8000-000000000004";

        /// <summary>Payroll owned by Alice and a service principal, Portal owned by Bob, Tools without
        /// owners.</summary>
        private static ApplicationObject[] Registrations(string? toolsOwners = "[]") =>
            GraphPostureJson
                .ReadApplications(
                    Body(
                        $$"""
                        {"value":[
                          {"id":"obj-payroll","appId":"app-payroll","displayName":"Payroll","owners":[
                             {"@odata.type":"#microsoft.graph.user","id":"{{Alice}}"},
                             {"@odata.type":"#microsoft.graph.servicePrincipal","id":"{{Carol}}"}]},
                          {"id":"obj-portal","appId":"app-portal","displayName":"Portal","owners":[
                             {"@odata.type":"#microsoft.graph.user","id":"{{Bob}}"}]},
                          {"id":"obj-tools","appId":"app-tools","displayName":"Tools"
                           {{(toolsOwners is null ? "" : $",\"owners\":{toolsOwners}")}}}
                        ]}
                        """
                    )
                )
                .Items.ToArray();

        /// <summary>The report's answer to <c>$filter=isMfaRegistered eq false</c>.</summary>
        private static UserMfaRegistration[] WithoutMfa(params string[] users) =>
            GraphPostureJson
                .ReadUserMfaRegistrations(
                    Body(
                        "{\"value\":["
                            + string.Join(
                                ",",
                                users.Select(id =>
                                    $"{{\"id\":\"{id}\",\"userPrincipalName\":\"{id[..4]}@contoso.com\","
                                    + "\"userDisplayName\":\"Someone\",\"isMfaRegistered\":false}"
                                )
                            )
                            + "]}"
                    )
                )
                .Items.ToArray();

        private static TenantSnapshot Owners(ApplicationObject[] apps, UserMfaRegistration[] withoutMfa) =>
            new()
            {
                SubscribedSkus = P1,
                Applications = apps,
                UsersWithoutMfa = withoutMfa,
            };

        [Fact]
        public void An_app_owned_by_a_user_without_MFA_registered_fails_naming_the_app_and_the_owner()
        {
            var result = Run(Owners(Registrations(), WithoutMfa(Bob, Carol, "a0000000-not-an-owner")), "EGP067");

            Assert.Equal(PostureStatus.Failed, result.Result);
            var finding = Assert.Single(result.Findings);
            Assert.Equal(
                ("obj-portal", "application", "app-portal"),
                (finding.TargetId, finding.TargetType, finding.AppId)
            );
            Assert.Contains($"b0b0@contoso.com ({Bob})", finding.Detail);
            // Carol is listed, but she owns Payroll as a service principal (no MFA to register): not a finding.
            Assert.DoesNotContain("obj-payroll", result.Findings.Select(f => f.TargetId));
            Assert.Contains(result.Evidence, e => e.Contains("2 user owner(s); 1 service principal owner(s) left out"));
        }

        [Fact]
        public void Owners_the_report_does_not_list_as_unregistered_pass()
        {
            var result = Run(Owners(Registrations(), WithoutMfa("a0000000-not-an-owner")), "EGP067");

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Contains(result.Evidence, e => e.Contains("1 user(s) without MFA registered"));
        }

        [Fact]
        public void A_registered_flag_the_report_returns_true_is_not_a_failure()
        {
            var registered = new UserMfaRegistration { Id = Bob, IsMfaRegistered = true };

            Assert.Equal(PostureStatus.Passed, Run(Owners(Registrations(), new[] { registered }), "EGP067").Result);
        }

        [Fact]
        public void Owners_Graph_did_not_return_skip_unless_another_app_already_fails()
        {
            var skipped = Run(Owners(Registrations(toolsOwners: null), WithoutMfa()), "EGP067");
            var failed = Run(Owners(Registrations(toolsOwners: null), WithoutMfa(Alice)), "EGP067");

            Assert.Equal(PostureStatus.Skipped, skipped.Result);
            Assert.Equal(PostureStatus.Failed, failed.Result);
            Assert.Contains(failed.Evidence, e => e.Contains("application 'Tools' (app-tools): Graph did not return"));
        }

        [Fact]
        public void An_unreadable_report_skips_with_the_reason_and_a_tenant_without_P1_is_not_applicable()
        {
            var refused = new TenantSnapshot
            {
                SubscribedSkus = P1,
                Applications = Registrations(),
                Unavailable = new System.Collections.Generic.Dictionary<PostureData, string>
                {
                    [PostureData.UsersWithoutMfa] = "403 Forbidden: AuditLog.Read.All",
                },
            };
            var skipped = Run(refused, "EGP067");
            var free = Run(
                new TenantSnapshot
                {
                    SubscribedSkus = Free,
                    Applications = Registrations(),
                    UsersWithoutMfa = WithoutMfa(Bob),
                },
                "EGP067"
            );

            Assert.Equal(PostureStatus.Skipped, skipped.Result);
            Assert.Contains("userRegistrationDetails: 403 Forbidden: AuditLog.Read.All", skipped.Reason);
            Assert.Equal(PostureStatus.NotApplicable, free.Result);
        }

        /// <summary>The groups lookup's answer: each group with its two flags (null leaves the flag out, as Graph
        /// does for a group that has never been set).</summary>
        private static ConditionalAccessGroup[] Groups(
            params (string Id, bool? RoleAssignable, bool? Restricted)[] groups
        ) =>
            GraphPostureJson
                .ReadConditionalAccessGroups(
                    Body(
                        "{\"value\":["
                            + string.Join(
                                ",",
                                groups.Select(g =>
                                    $"{{\"id\":\"{g.Id}\",\"displayName\":\"Group {g.Id[^1]}\","
                                    + $"\"isAssignableToRole\":{Json(g.RoleAssignable)},"
                                    + $"\"isManagementRestricted\":{Json(g.Restricted)}}}"
                                )
                            )
                            + "]}"
                    )
                )
                .Items.ToArray();

        private static string Json(bool? flag) =>
            flag is null ? "null"
            : flag.Value ? "true"
            : "false";

        /// <summary>A policy that includes <paramref name="include"/> and excludes <paramref name="exclude"/>, as
        /// Graph returns it.</summary>
        private static ConditionalAccessPolicy NamingGroups(
            string name,
            string state,
            string include,
            string exclude
        ) =>
            GraphPostureJson
                .ReadConditionalAccessPolicies(
                    Body(
                        $$$"""
                        {"value":[{"id":"{{{name}}}","displayName":"{{{name}}}","state":"{{{state}}}","conditions":{
                          "users":{"includeUsers":[],"excludeUsers":[],"includeGroups":["{{{include}}}"],
                                   "excludeGroups":["{{{exclude}}}"],"includeRoles":[],"excludeRoles":[]},
                          "applications":{"includeApplications":["All"]},"clientAppTypes":["all"]},
                          "grantControls":{"operator":"OR","builtInControls":["mfa"]}}]}
                        """
                    )
                )
                .Items.Single();

        private static TenantSnapshot Named(
            ConditionalAccessGroup[] groups,
            params ConditionalAccessPolicy[] policies
        ) =>
            new()
            {
                SubscribedSkus = P1,
                ConditionalAccessPolicies = policies,
                ConditionalAccessGroups = groups,
            };

        [Fact]
        public void A_group_an_enabled_or_report_only_policy_names_must_be_role_assignable_or_restricted()
        {
            var result = Run(
                Named(
                    Groups((Plain, null, false), (RoleAssignable, true, null), (Restricted, false, true)),
                    NamingGroups("MFA", "enabled", RoleAssignable, Plain),
                    NamingGroups("Devices", "enabledForReportingButNotEnforced", Restricted, Deleted)
                ),
                "EGP088"
            );

            Assert.Equal(PostureStatus.Failed, result.Result);
            var finding = Assert.Single(result.Findings);
            Assert.Equal((Plain, "group"), (finding.TargetId, finding.TargetType));
            Assert.EndsWith("named by 'MFA' (exclude)", finding.Detail);
            Assert.Contains(result.Evidence, e => e.Contains($"'Group 2' ({RoleAssignable}): role-assignable"));
            Assert.Contains(result.Evidence, e => e.Contains($"'Group 3' ({Restricted}): restricted management unit"));
            Assert.Contains(
                result.Evidence,
                e => e.Contains($"not found, so not judged here (EGP062 judges them): {Deleted}")
            );
        }

        [Fact]
        public void Protected_groups_pass_and_a_disabled_policy_s_groups_are_not_judged()
        {
            var result = Run(
                Named(
                    Groups((RoleAssignable, true, false), (Restricted, null, true), (Plain, false, false)),
                    NamingGroups("MFA", "enabled", RoleAssignable, Restricted),
                    NamingGroups("Draft", "disabled", Plain, Plain)
                ),
                "EGP088"
            );

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Contains(result.Evidence, e => e.Contains("2 group(s) named by enabled or report-only policies"));
            Assert.Equal(
                new[] { Plain, RoleAssignable, Restricted },
                NamedIds(
                    NamingGroups("A", "enabled", Plain, RoleAssignable),
                    NamingGroups("B", "enabledForReportingButNotEnforced", Restricted, Plain),
                    NamingGroups("C", "disabled", Deleted, Deleted)
                )
            );
        }

        /// <summary>The group ids the reader looks up for these policies.</summary>
        private static string[] NamedIds(params ConditionalAccessPolicy[] policies) =>
            EntraGuard
                .Posture.Checks.ConditionalAccessGroupProtectionCheck.NamedGroups(policies)
                .Select(r => r.Id)
                .Distinct()
                .ToArray();

        [Fact]
        public void Unread_groups_skip_with_the_reason_and_a_tenant_without_P1_is_not_applicable()
        {
            var policy = NamingGroups("MFA", "enabled", Plain, Restricted);
            var skipped = Run(
                new TenantSnapshot
                {
                    SubscribedSkus = P1,
                    ConditionalAccessPolicies = new[] { policy },
                    Unavailable = new System.Collections.Generic.Dictionary<PostureData, string>
                    {
                        [PostureData.ConditionalAccessGroups] = "403 Forbidden: GroupMember.Read.All",
                    },
                },
                "EGP088"
            );
            var free = Run(
                new TenantSnapshot
                {
                    SubscribedSkus = Free,
                    ConditionalAccessPolicies = new[] { policy },
                    ConditionalAccessGroups = Groups((Plain, false, false)),
                },
                "EGP088"
            );

            Assert.Equal(PostureStatus.Skipped, skipped.Result);
            Assert.Contains("groups: 403 Forbidden: GroupMember.Read.All", skipped.Reason);
            Assert.Equal(PostureStatus.NotApplicable, free.Result);
        }
    }
}

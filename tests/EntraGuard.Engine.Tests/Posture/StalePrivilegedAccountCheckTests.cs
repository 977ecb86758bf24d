using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>EGP082: the privileged role holders' sign-in activity as <c>GET /users?$filter=id in (…)&amp;$select=
    /// id,displayName,userPrincipalName,createdDateTime,signInActivity</c> answers, judged against <see cref="Now"/>.
    /// </summary>
    public sealed class StalePrivilegedAccountCheckTests
    {
        /// <summary>Alice signed in yesterday, Bob's last success was 45 days ago (a failed attempt since), Carol
        /// never signed in and was created a week ago, Dave never signed in and was created last year; the break-glass
        /// account has not signed in for a year.</summary>
        private const string ActivityJson = """
            {"value":[
              {"id":"a11ce000-0000-4000-8000-000000000001","displayName":"Alice","userPrincipalName":"alice@contoso.com",
               "createdDateTime":"2024-01-01T00:00:00Z","signInActivity":{"lastSignInDateTime":"2026-11-19T08:00:00Z",
                 "lastNonInteractiveSignInDateTime":"2026-11-19T09:00:00Z",
                 "lastSuccessfulSignInDateTime":"2026-11-19T09:00:00Z"}},
              {"id":"b0b00000-0000-4000-8000-000000000002","displayName":"Bob","userPrincipalName":"bob@contoso.com",
               "createdDateTime":"2024-01-01T00:00:00Z","signInActivity":{"lastSignInDateTime":"2026-11-18T08:00:00Z",
                 "lastNonInteractiveSignInDateTime":null,"lastSuccessfulSignInDateTime":"2026-10-06T08:00:00Z"}},
              {"id":"ca201000-0000-4000-8000-000000000003","displayName":"Carol","userPrincipalName":"carol@contoso.com",
               "createdDateTime":"2026-11-13T00:00:00Z","signInActivity":null},
              {"id":"da7e0000-0000-4000-8000-000000000004","displayName":"Dave","userPrincipalName":"dave@contoso.com",
               "createdDateTime":"2025-06-01T00:00:00Z","signInActivity":null},
              {"id":"b9a1c0de-0000-4000-8000-00000000b001","displayName":"Emergency 1",
               "createdDateTime":"2024-01-01T00:00:00Z","signInActivity":{"lastSuccessfulSignInDateTime":
                 "2025-11-20T00:00:00Z"}}
            ]}
            """;

        private static TenantSnapshot Holders(string[] users, IReadOnlyList<SubscribedSku>? skus = null) =>
            new()
            {
                SubscribedSkus = skus ?? P2,
                ActiveRoleAssignments = users.Select(u => Active(u, GlobalAdmin)).ToArray(),
                EligibleRoleAssignments = new[] { Eligible(Carol, UserAdmin) },
                PrivilegedSignIns = GraphPostureJson.ReadSignInActivity(Body(ActivityJson)).Items,
            };

        [Fact]
        public void Holders_who_signed_in_lately_and_new_accounts_pass_and_break_glass_is_left_out()
        {
            var result = Run(Holders(new[] { Alice, BreakGlassUser }), "EGP082", BreakGlass);

            Assert.Equal(PostureStatus.Passed, result.Result);
            Assert.Equal("each of the 2 account(s) holding privileged roles signed in within 30 days", result.Reason);
            Assert.Contains(
                "users: signInActivity of 5 user(s); stale: no sign-in since 2026-10-21 (30 days); break-glass "
                    + "accounts left out",
                result.Evidence
            );
        }

        [Fact]
        public void A_last_success_older_than_30_days_or_an_old_account_never_used_fails()
        {
            var result = Run(Holders(new[] { Alice, Bob, Dave }), "EGP082", BreakGlass);

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal(
                new[]
                {
                    "Bob (bob@contoso.com) last signed in on 2026-10-06 and holds Global Administrator",
                    "Dave (dave@contoso.com) never signed in since its creation on 2025-06-01 and holds Global "
                        + "Administrator",
                },
                result.Findings.Select(f => f.Detail)
            );
        }

        [Fact]
        public void The_break_glass_account_is_judged_when_the_settings_do_not_name_it()
        {
            var result = Run(Holders(new[] { BreakGlassUser }), "EGP082");

            Assert.Equal(PostureStatus.Failed, result.Result);
        }

        [Fact]
        public void Activity_Graph_left_out_is_not_judged_and_never_passes()
        {
            var snapshot = Holders(new[] { Alice, Erin });

            var result = Run(snapshot, "EGP082");

            Assert.Equal(PostureStatus.Skipped, result.Result);
            Assert.Equal("skipped: 1 privileged account(s) could not be judged", result.Reason);
        }

        [Fact]
        public void Unreadable_sign_ins_skip_and_without_P1_the_check_does_not_apply()
        {
            var unread = new TenantSnapshot
            {
                SubscribedSkus = P2,
                ActiveRoleAssignments = new[] { Active(Alice, GlobalAdmin) },
                EligibleRoleAssignments = new DirectoryRoleAssignment[0],
                Unavailable = new Dictionary<PostureData, string>
                {
                    [PostureData.PrivilegedSignIns] = "403 Forbidden: AuditLog.Read.All",
                },
            };

            var skipped = Run(unread, "EGP082");
            var free = Run(Holders(new[] { Dave }, Free), "EGP082");

            Assert.Equal(PostureStatus.Skipped, skipped.Result);
            Assert.Contains("AuditLog.Read.All", skipped.Reason);
            Assert.Equal(PostureStatus.NotApplicable, free.Result);
        }
    }
}

using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>
    /// EGP015–EGP024, each against a compliant and a non-compliant configuration written as Graph v1.0 answers them
    /// (the response shapes of the Graph reference), read by <see cref="GraphPostureJson"/> and judged.
    /// </summary>
    public sealed class TenantSettingCheckTests
    {
        private const string LimitedGuests = "10dae51f-b6af-4016-8d66-8c2a99b929b3";

        private static TenantSnapshot Authorization(
            string defaults,
            string guestRole = LimitedGuests,
            string invites = "adminsAndGuestInviters"
        ) =>
            new()
            {
                AuthorizationPolicy = GraphPostureJson.ReadAuthorizationPolicy(
                    Body(
                        $"{{\"allowInvitesFrom\":\"{invites}\",\"guestUserRoleId\":\"{guestRole}\","
                            + $"\"defaultUserRolePermissions\":{{{defaults}}}}}"
                    )
                ),
            };

        private static string Method(string id, string state) =>
            $"{{\"@odata.type\":\"#microsoft.graph.{char.ToLowerInvariant(id[0])}{id.Substring(1)}"
            + $"AuthenticationMethodConfiguration\",\"id\":\"{id}\",\"state\":\"{state}\",\"includeTargets\":[]}}";

        private static string Feature(string name, string state) =>
            $"\"{name}\":{{\"state\":\"{state}\",\"includeTarget\":{{\"targetType\":\"group\",\"id\":\"all_users\"}}}}";

        private static string Authenticator(string app, string location) =>
            "{\"id\":\"MicrosoftAuthenticator\",\"state\":\"enabled\",\"featureSettings\":{"
            + Feature("displayAppInformationRequiredState", app)
            + ","
            + Feature("displayLocationInformationRequiredState", location)
            + "}}";

        [Theory]
        [InlineData("EGP015", "allowedToCreateTenants")]
        [InlineData("EGP016", "allowedToCreateSecurityGroups")]
        [InlineData("EGP017", "allowedToReadBitlockerKeysForOwnedDevice")]
        public void A_default_user_permission_passes_off_fails_on_and_skips_when_absent(string checkId, string setting)
        {
            var off = Run(Authorization($"\"{setting}\":false"), checkId);
            var on = Run(Authorization($"\"{setting}\":true"), checkId);
            var absent = Run(Authorization("\"allowedToCreateApps\":false"), checkId);

            Assert.Equal(PostureStatus.Passed, off.Result);
            Assert.EndsWith($"(defaultUserRolePermissions.{setting} = false)", off.Reason);
            Assert.Equal(PostureStatus.Failed, on.Result);
            Assert.StartsWith($"defaultUserRolePermissions.{setting} = true: every user may", on.Reason);
            Assert.Equal("setting", on.Findings.Single().TargetType);
            Assert.Equal(PostureStatus.Skipped, absent.Result);
            Assert.Equal(
                $"skipped: policies/authorizationPolicy did not return " + $"defaultUserRolePermissions.{setting}",
                absent.Reason
            );
        }

        [Theory]
        [InlineData("EGP025", "allowedToSignUpEmailBasedSubscriptions")]
        [InlineData("EGP026", "allowEmailVerifiedUsersToJoinOrganization")]
        [InlineData("EGP027", "allowUserConsentForRiskyApps")]
        public void A_tenant_wide_permission_passes_off_fails_on_and_skips_when_absent(string checkId, string setting)
        {
            TenantSnapshot With(string value) =>
                new()
                {
                    AuthorizationPolicy = GraphPostureJson.ReadAuthorizationPolicy(
                        Body($"{{{value}\"defaultUserRolePermissions\":{{\"allowedToCreateApps\":false}}}}")
                    ),
                };

            Assert.Equal(PostureStatus.Passed, Run(With($"\"{setting}\":false,"), checkId).Result);
            var on = Run(With($"\"{setting}\":true,"), checkId);
            Assert.Equal(PostureStatus.Failed, on.Result);
            Assert.StartsWith($"{setting} = true: ", on.Reason);
            Assert.Equal(PostureStatus.Skipped, Run(With(""), checkId).Result);
        }

        [Theory]
        [InlineData("2af84b1e-32c8-42b7-82bc-daa82404023b", PostureStatus.Passed)]
        [InlineData("10dae51f-b6af-4016-8d66-8c2a99b929b3", PostureStatus.Passed)]
        [InlineData("a0b1b346-4d3e-4e8b-98f8-753987be4970", PostureStatus.Failed)]
        [InlineData("00000000-0000-0000-0000-000000000000", PostureStatus.Skipped)]
        public void Guest_access_passes_limited_or_restricted_only(string guestRole, PostureStatus expected)
        {
            Assert.Equal(expected, Run(Authorization("", guestRole), "EGP018").Result);
        }

        [Theory]
        [InlineData("2af84b1e-32c8-42b7-82bc-daa82404023b", PostureStatus.Passed)]
        [InlineData("10dae51f-b6af-4016-8d66-8c2a99b929b3", PostureStatus.Failed)]
        [InlineData("a0b1b346-4d3e-4e8b-98f8-753987be4970", PostureStatus.Failed)]
        [InlineData("00000000-0000-0000-0000-000000000000", PostureStatus.Skipped)]
        public void The_strict_guest_check_passes_the_restricted_role_alone(string guestRole, PostureStatus expected)
        {
            var result = Run(Authorization("", guestRole), "EGP103");

            Assert.Equal(expected, result.Result);
            Assert.Equal($"policies/authorizationPolicy: guestUserRoleId = {guestRole}", result.Evidence.Single());
        }

        [Fact]
        public void Limited_guest_access_fails_only_the_strict_check_at_low_severity()
        {
            var limited = Authorization("", LimitedGuests);

            var baseline = Run(limited, "EGP018");
            var strict = Run(limited, "EGP103");

            Assert.Equal(PostureStatus.Passed, baseline.Result);
            Assert.Equal(PostureStatus.Failed, strict.Result);
            Assert.Equal(Severity.Low, PostureCatalog.Find("EGP103")!.Severity);
            Assert.Contains("read properties of the users", strict.Findings.Single().Detail);
        }

        [Theory]
        [InlineData("none", PostureStatus.Passed)]
        [InlineData("adminsAndGuestInviters", PostureStatus.Passed)]
        [InlineData("adminsGuestInvitersAndAllMembers", PostureStatus.Failed)]
        [InlineData("everyone", PostureStatus.Failed)]
        [InlineData("unknownFutureValue", PostureStatus.Skipped)]
        public void Guest_invitations_pass_only_when_administrators_and_guest_inviters_invite(
            string invites,
            PostureStatus expected
        )
        {
            var result = Run(Authorization("", invites: invites), "EGP019");

            Assert.Equal(expected, result.Result);
            Assert.Equal($"policies/authorizationPolicy: allowInvitesFrom = {invites}", result.Evidence.Single());
        }

        [Fact]
        public void Weak_methods_fail_one_finding_per_enabled_method()
        {
            var weak = Run(
                MethodsPolicy(
                    "migrationComplete",
                    Method("Sms", "enabled"),
                    Method("Voice", "disabled"),
                    Method("Email", "enabled"),
                    Method("Fido2", "enabled")
                ),
                "EGP020"
            );
            var strong = Run(
                MethodsPolicy("migrationComplete", Method("Sms", "disabled"), Method("Fido2", "enabled")),
                "EGP020"
            );

            Assert.Equal(PostureStatus.Failed, weak.Result);
            Assert.Equal(new[] { "Sms", "Email" }, weak.Findings.Select(f => f.TargetId));
            Assert.Contains("policies/authenticationMethodsPolicy: Voice.state = disabled", weak.Evidence);
            Assert.Equal(PostureStatus.Passed, strong.Result);
            Assert.Contains("policies/authenticationMethodsPolicy: Email.state = (not listed)", strong.Evidence);
        }

        [Fact]
        public void A_policy_without_method_configurations_is_skipped_not_passed()
        {
            var result = Run(MethodsPolicy("migrationComplete"), "EGP020");

            Assert.Equal(PostureStatus.Skipped, result.Result);
            Assert.Equal(
                "skipped: policies/authenticationMethodsPolicy returned no " + "authenticationMethodConfigurations",
                result.Reason
            );
        }

        [Theory]
        [InlineData("migrationComplete", PostureStatus.Passed)]
        [InlineData("migrationInProgress", PostureStatus.Failed)]
        [InlineData("preMigration", PostureStatus.Failed)]
        public void The_methods_migration_passes_only_when_complete(string state, PostureStatus expected)
        {
            Assert.Equal(expected, Run(MethodsPolicy(state, Method("Sms", "disabled")), "EGP021").Result);
        }

        [Fact]
        public void Authenticator_must_show_the_app_and_the_location()
        {
            var both = Run(MethodsPolicy("migrationComplete", Authenticator("enabled", "enabled")), "EGP022");
            var appOnly = Run(MethodsPolicy("migrationComplete", Authenticator("enabled", "default")), "EGP022");
            var off = Run(MethodsPolicy("migrationComplete", Method("MicrosoftAuthenticator", "disabled")), "EGP022");
            var unlisted = Run(MethodsPolicy("migrationComplete", Method("Sms", "disabled")), "EGP022");

            Assert.Equal(PostureStatus.Passed, both.Result);
            Assert.Equal(PostureStatus.Failed, appOnly.Result);
            Assert.Equal(
                "notifications do not show the geographic location "
                    + "(featureSettings.displayLocationInformationRequiredState.state = default)",
                appOnly.Findings.Single().Detail
            );
            Assert.Equal(PostureStatus.Passed, off.Result);
            Assert.Equal("MicrosoftAuthenticator is turned off", off.Reason);
            Assert.Equal(PostureStatus.Skipped, unlisted.Result);
        }

        [Fact]
        public void Enabled_authenticator_without_feature_settings_is_skipped()
        {
            Assert.Equal(
                PostureStatus.Skipped,
                Run(MethodsPolicy("migrationComplete", Method("MicrosoftAuthenticator", "enabled")), "EGP022").Result
            );
        }

        [Theory]
        [InlineData(
            """{"isEnabled":true,"reviewers":[{"query":"/users/abc","queryType":"MicrosoftGraph"}]}""",
            PostureStatus.Passed
        )]
        [InlineData("""{"isEnabled":true,"notifyReviewers":true,"reviewers":[]}""", PostureStatus.Failed)]
        [InlineData("""{"isEnabled":false,"notifyReviewers":false,"reviewers":[]}""", PostureStatus.Failed)]
        public void The_admin_consent_workflow_needs_to_be_on_with_reviewers(string body, PostureStatus expected)
        {
            var snapshot = new TenantSnapshot
            {
                AdminConsentRequestPolicy = GraphPostureJson.ReadAdminConsentRequestPolicy(Body(body)),
            };

            Assert.Equal(expected, Run(snapshot, "EGP023").Result);
        }

        [Fact]
        public void An_admin_consent_policy_without_isEnabled_is_unreadable()
        {
            Assert.Throws<GraphPayloadException>(() =>
                GraphPostureJson.ReadAdminConsentRequestPolicy(Body("""{"reviewers":[]}"""))
            );
        }

        private static TenantSnapshot Domains(string domains) =>
            new() { Domains = GraphPostureJson.ReadDomains(Body($$"""{"value":[{{domains}}]}""")).Items };

        [Fact]
        public void Passwords_pass_when_no_verified_domain_expires_them()
        {
            const string verifiedNever =
                """{"id":"contoso.com","isVerified":true,"passwordValidityPeriodInDays":2147483647}""";
            const string verified90 = """{"id":"contoso.com","isVerified":true,"passwordValidityPeriodInDays":90}""";
            const string unverified90 = """{"id":"old.example","isVerified":false,"passwordValidityPeriodInDays":90}""";

            var never = Run(Domains(verifiedNever + "," + unverified90), "EGP024");
            var expiring = Run(Domains(verified90), "EGP024");
            var unknown = Run(Domains("""{"id":"contoso.com","isVerified":true}"""), "EGP024");

            Assert.Equal(PostureStatus.Passed, never.Result);
            Assert.Equal("passwords never expire on any of the 1 verified domain(s)", never.Reason);
            Assert.Equal(PostureStatus.Failed, expiring.Result);
            Assert.Equal("contoso.com", expiring.Findings.Single().TargetId);
            Assert.Equal(PostureStatus.Skipped, unknown.Result);
        }

        [Fact]
        public void The_setting_checks_apply_without_a_premium_licence()
        {
            var snapshot = Authorization("\"allowedToCreateTenants\":false");

            Assert.Equal(
                PostureStatus.Passed,
                Run(
                    new TenantSnapshot { SubscribedSkus = Free, AuthorizationPolicy = snapshot.AuthorizationPolicy },
                    "EGP015"
                ).Result
            );
        }
    }
}

using System.IO;
using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>
    /// EGP040–EGP050 and the targets of EGP022, each against a compliant and a non-compliant configuration written as
    /// Graph v1.0 answers it (authentication methods policy, admin consent request policy, authorization policy,
    /// groupSettings), read by <see cref="GraphPostureJson"/> and judged.
    /// </summary>
    public sealed class EndpointCheckTests
    {
        private const string PasswordRules = "5cf42378-d67d-4f36-ba46-e8b86229381d";
        private const string GroupsTemplate = "62375ab9-6b52-47ed-826b-58e47e0e304b";

        private static TenantSnapshot Methods(params string[] configurations) =>
            MethodsPolicy("migrationComplete", configurations);

        private static string Fido2(string state, bool selfService, bool attested, string restrictions) =>
            $$"""
                {"@odata.type":"#microsoft.graph.fido2AuthenticationMethodConfiguration","id":"Fido2","state":"{{state}}",
                 "isSelfServiceRegistrationAllowed":{{Json(selfService)}},"isAttestationEnforced":{{Json(attested)}},
                 "keyRestrictions":{{restrictions}},
                 "includeTargets":[{"targetType":"group","id":"all_users","isRegistrationRequired":false}]}
                """;

        private const string AllowedModels =
            """{"isEnforced":true,"enforcementType":"allow","aaGuids":["cb69481e-8ff7-4039-93ec-0a2729a154a8"]}""";

        private const string NoRestrictions = """{"isEnforced":false,"enforcementType":"block","aaGuids":[]}""";

        private static string Json(bool value) => value ? "true" : "false";

        [Fact]
        public void Fido2_keys_must_be_on_with_self_service_registration()
        {
            var on = Run(Methods(Fido2("enabled", true, true, AllowedModels)), "EGP040");
            var noSelfService = Run(Methods(Fido2("enabled", false, true, AllowedModels)), "EGP040");
            var off = Run(Methods(Fido2("disabled", true, true, AllowedModels)), "EGP040");
            var unlisted = Run(Methods("""{"id":"Sms","state":"disabled"}"""), "EGP040");

            Assert.Equal(PostureStatus.Passed, on.Result);
            Assert.Equal(PostureStatus.Failed, noSelfService.Result);
            Assert.Equal(
                "users cannot register a key themselves (isSelfServiceRegistrationAllowed = false)",
                noSelfService.Findings.Single().Detail
            );
            Assert.Equal(("isSelfServiceRegistrationAllowed", "Fido2"), Target(noSelfService.Findings.Single()));
            Assert.Equal(PostureStatus.Failed, off.Result);
            Assert.Equal("state", off.Findings.Single().TargetId);
            Assert.Equal(PostureStatus.Skipped, unlisted.Result);
            Assert.Equal("skipped: policies/authenticationMethodsPolicy did not list Fido2", unlisted.Reason);
        }

        [Fact]
        public void Fido2_keys_must_be_attested_and_restricted_to_named_models_while_on()
        {
            var restricted = Run(Methods(Fido2("enabled", true, true, AllowedModels)), "EGP041");
            var open = Run(Methods(Fido2("enabled", true, false, NoRestrictions)), "EGP041");
            var off = Run(Methods(Fido2("disabled", true, false, NoRestrictions)), "EGP041");
            var unknownType = Run(
                Methods(
                    Fido2(
                        "enabled",
                        true,
                        true,
                        """{"isEnforced":true,"enforcementType":"unknownFutureValue","aaGuids":["x"]}"""
                    )
                ),
                "EGP041"
            );

            Assert.Equal(PostureStatus.Passed, restricted.Result);
            Assert.Equal(PostureStatus.Failed, open.Result);
            Assert.Equal(
                new[] { "isAttestationEnforced", "keyRestrictions.isEnforced", "keyRestrictions.aaGuids" },
                open.Findings.Select(f => f.TargetId)
            );
            Assert.Contains("policies/authenticationMethodsPolicy: keyRestrictions.aaGuids = (empty)", open.Evidence);
            Assert.Equal(PostureStatus.Passed, off.Result);
            Assert.Equal("Fido2 is turned off", off.Reason);
            Assert.Equal(PostureStatus.Skipped, unknownType.Result);
            Assert.Contains("keyRestrictions.enforcementType = unknownFutureValue", unknownType.Reason);
        }

        [Theory]
        [InlineData("enabled", "true", PostureStatus.Passed)]
        [InlineData("enabled", "false", PostureStatus.Failed)]
        [InlineData("disabled", "true", PostureStatus.Failed)]
        [InlineData("enabled", "null", PostureStatus.Skipped)]
        public void Temporary_access_pass_must_be_on_and_single_use(string state, string once, PostureStatus expected)
        {
            var snapshot = Methods(
                $$"""
                {"@odata.type":"#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration",
                 "id":"TemporaryAccessPass","state":"{{state}}","defaultLifetimeInMinutes":60,"isUsableOnce":{{once}},
                 "includeTargets":[{"targetType":"group","id":"all_users","isRegistrationRequired":false}]}
                """
            );

            Assert.Equal(expected, Run(snapshot, "EGP042").Result);
        }

        [Theory]
        [InlineData("enabled", "false", PostureStatus.Passed)]
        [InlineData("enabled", "true", PostureStatus.Failed)]
        [InlineData("disabled", "false", PostureStatus.Failed)]
        public void Authenticator_must_be_on_without_one_time_codes(string state, string codes, PostureStatus expected)
        {
            var snapshot = Methods(
                $$"""{"id":"MicrosoftAuthenticator","state":"{{state}}","isSoftwareOathEnabled":{{codes}}}"""
            );

            Assert.Equal(expected, Run(snapshot, "EGP043").Result);
        }

        [Fact]
        public void Sms_must_not_be_usable_for_sign_in_by_any_target()
        {
            static TenantSnapshot Sms(string state, params bool[] signIn) =>
                Methods(
                    "{\"@odata.type\":\"#microsoft.graph.smsAuthenticationMethodConfiguration\",\"id\":\"Sms\","
                        + $"\"state\":\"{state}\",\"includeTargets\":["
                        + string.Join(
                            ",",
                            signIn.Select(
                                (usable, i) =>
                                    $"{{\"targetType\":\"group\",\"id\":\"group-{i}\","
                                    + $"\"isUsableForSignIn\":{Json(usable)}}}"
                            )
                        )
                        + "]}"
                );

            var secondFactorOnly = Run(Sms("enabled", false, false), "EGP044");
            var oneGroupSignsIn = Run(Sms("enabled", false, true), "EGP044");
            var off = Run(Sms("disabled", true), "EGP044");

            Assert.Equal(PostureStatus.Passed, secondFactorOnly.Result);
            Assert.Equal(PostureStatus.Failed, oneGroupSignsIn.Result);
            Assert.Equal(
                "users in an SMS target sign in with a texted code instead of a password "
                    + "(includeTargets.isUsableForSignIn = true)",
                oneGroupSignsIn.Findings.Single().Detail
            );
            Assert.Equal(PostureStatus.Passed, off.Result);
        }

        [Fact]
        public void Authenticator_context_must_reach_all_users()
        {
            static string Feature(string name, string target) =>
                $$$"""
                    "{{{name}}}":{"state":"enabled","includeTarget":{"targetType":"group","id":"{{{target}}}"},
                     "excludeTarget":{"targetType":"group","id":"00000000-0000-0000-0000-000000000000"}}
                    """;
            static TenantSnapshot Authenticator(string appTarget) =>
                Methods(
                    "{\"id\":\"MicrosoftAuthenticator\",\"state\":\"enabled\",\"featureSettings\":{"
                        + Feature("displayAppInformationRequiredState", appTarget)
                        + ","
                        + Feature("displayLocationInformationRequiredState", "all_users")
                        + "}}"
                );

            var everyone = Run(Authenticator("all_users"), "EGP022");
            var pilot = Run(Authenticator("5b1c0e2a-0000-4000-8000-00000000a001"), "EGP022");

            Assert.Equal(PostureStatus.Passed, everyone.Result);
            Assert.Equal(PostureStatus.Failed, pilot.Result);
            Assert.Equal(
                "featureSettings.displayAppInformationRequiredState.includeTarget.id",
                pilot.Findings.Single().TargetId
            );
        }

        [Theory]
        [InlineData("true", "true", "14", PostureStatus.Passed, 0)]
        [InlineData("false", "true", "30", PostureStatus.Failed, 1)]
        [InlineData("true", "false", "90", PostureStatus.Failed, 2)]
        [InlineData("true", "true", "null", PostureStatus.Skipped, 0)]
        public void Admin_consent_reviewers_must_hear_of_requests_that_expire_in_time(
            string notify,
            string reminders,
            string days,
            PostureStatus expected,
            int findings
        )
        {
            var snapshot = new TenantSnapshot
            {
                AdminConsentRequestPolicy = GraphPostureJson.ReadAdminConsentRequestPolicy(
                    Body(
                        $"{{\"isEnabled\":true,\"notifyReviewers\":{notify},\"remindersEnabled\":{reminders},"
                            + $"\"requestDurationInDays\":{days},\"reviewers\":[{{\"query\":\"/users/a\"}}]}}"
                    )
                ),
            };

            var result = Run(snapshot, "EGP045");

            Assert.Equal((expected, findings), (result.Result, result.Findings.Count));
        }

        [Fact]
        public void Admin_consent_notifications_are_not_judged_while_the_workflow_is_off()
        {
            var snapshot = new TenantSnapshot
            {
                AdminConsentRequestPolicy = GraphPostureJson.ReadAdminConsentRequestPolicy(
                    Body("""{"isEnabled":false,"notifyReviewers":false,"reviewers":[]}""")
                ),
            };

            var result = Run(snapshot, "EGP045");

            Assert.Equal(PostureStatus.Skipped, result.Result);
            Assert.StartsWith("skipped: the admin consent workflow is off (EGP023)", result.Reason);
        }

        [Theory]
        [InlineData("false", PostureStatus.Passed)]
        [InlineData("true", PostureStatus.Failed)]
        public void Administrators_must_not_reset_their_own_passwords(string sspr, PostureStatus expected)
        {
            var snapshot = new TenantSnapshot
            {
                AuthorizationPolicy = GraphPostureJson.ReadAuthorizationPolicy(
                    Body(
                        $"{{\"allowedToUseSSPR\":{sspr},"
                            + "\"defaultUserRolePermissions\":{\"allowedToCreateApps\":false}}"
                    )
                ),
            };

            Assert.Equal(expected, Run(snapshot, "EGP046").Result);
        }

        private static TenantSnapshot Settings(params (string Template, string Name, string Value)[] values)
        {
            static string Value((string Template, string Name, string Value) v) =>
                $"{{\"name\":\"{v.Name}\",\"value\":\"{v.Value}\"}}";
            var objects = values
                .GroupBy(v => v.Template)
                .Select(template =>
                    $"{{\"id\":\"{template.Key}-object\",\"templateId\":\"{template.Key}\",\"values\":["
                    + string.Join(",", template.Select(Value))
                    + "]}"
                );
            return new TenantSnapshot
            {
                SubscribedSkus = P1,
                GroupSettings = GraphPostureJson
                    .ReadGroupSettings(Body("{\"value\":[" + string.Join(",", objects) + "]}"))
                    .Items,
            };
        }

        [Theory]
        [InlineData("EGP047", "LockoutThreshold", "10", "LockoutDurationInSeconds", "60", PostureStatus.Passed)]
        [InlineData("EGP047", "LockoutThreshold", "5", "LockoutDurationInSeconds", "300", PostureStatus.Passed)]
        [InlineData("EGP047", "LockoutThreshold", "50", "LockoutDurationInSeconds", "60", PostureStatus.Failed)]
        [InlineData("EGP047", "LockoutThreshold", "10", "LockoutDurationInSeconds", "30", PostureStatus.Failed)]
        [InlineData("EGP047", "LockoutThreshold", "ten", "LockoutDurationInSeconds", "60", PostureStatus.Skipped)]
        [InlineData(
            "EGP049",
            "EnableBannedPasswordCheckOnPremises",
            "True",
            "BannedPasswordCheckOnPremisesMode",
            "Enforce",
            PostureStatus.Passed
        )]
        [InlineData(
            "EGP049",
            "EnableBannedPasswordCheckOnPremises",
            "True",
            "BannedPasswordCheckOnPremisesMode",
            "Audit",
            PostureStatus.Failed
        )]
        [InlineData(
            "EGP049",
            "EnableBannedPasswordCheckOnPremises",
            "False",
            "BannedPasswordCheckOnPremisesMode",
            "Enforce",
            PostureStatus.Failed
        )]
        public void Smart_lockout_and_on_premises_protection_judge_their_two_password_rules(
            string checkId,
            string first,
            string firstValue,
            string second,
            string secondValue,
            PostureStatus expected
        )
        {
            var snapshot = Settings((PasswordRules, first, firstValue), (PasswordRules, second, secondValue));

            Assert.Equal(expected, Run(snapshot, checkId).Result);
        }

        [Fact]
        public void Without_a_settings_object_the_documented_defaults_are_judged()
        {
            var none = new TenantSnapshot { SubscribedSkus = P1, GroupSettings = new GroupSetting[0] };

            var lockout = Run(none, "EGP047");
            var banned = Run(none, "EGP048");
            var onPremises = Run(none, "EGP049");
            var guestOwners = Run(none, "EGP050");

            Assert.Equal(PostureStatus.Passed, lockout.Result);
            Assert.Equal(
                "groupSettings: no 'Password Rule Settings' object, so Microsoft's defaults apply",
                lockout.Evidence[0]
            );
            Assert.Contains("groupSettings: LockoutThreshold = 10", lockout.Evidence);
            // No object means no custom list: that fails whatever the undocumented switch's default.
            Assert.Equal(PostureStatus.Failed, banned.Result);
            Assert.Equal("BannedPasswordList", banned.Findings.Single().TargetId);
            Assert.Contains("groupSettings: EnableBannedPasswordCheck = (not returned)", banned.Evidence);
            Assert.Equal(PostureStatus.Failed, onPremises.Result);
            Assert.Equal("BannedPasswordCheckOnPremisesMode", onPremises.Findings.Single().TargetId);
            Assert.Equal(PostureStatus.Passed, guestOwners.Result);
        }

        [Fact]
        public void A_custom_banned_list_must_be_enforced_and_is_shown_by_its_length()
        {
            var enforced = Run(
                Settings(
                    (PasswordRules, "EnableBannedPasswordCheck", "True"),
                    (PasswordRules, "BannedPasswordList", "fabrikam\\tcontoso")
                ),
                "EGP048"
            );
            var notEnforced = Run(
                Settings(
                    (PasswordRules, "EnableBannedPasswordCheck", "False"),
                    (PasswordRules, "BannedPasswordList", "fabrikam")
                ),
                "EGP048"
            );

            Assert.Equal(PostureStatus.Passed, enforced.Result);
            Assert.Contains("groupSettings: BannedPasswordList = 2 word(s)", enforced.Evidence);
            Assert.DoesNotContain(enforced.Evidence, line => line.Contains("contoso"));
            Assert.Equal(PostureStatus.Failed, notEnforced.Result);
            Assert.Equal("EnableBannedPasswordCheck", notEnforced.Findings.Single().TargetId);
        }

        [Theory]
        [InlineData("false", PostureStatus.Passed)]
        [InlineData("true", PostureStatus.Failed)]
        public void Guests_must_not_own_groups(string allowed, PostureStatus expected)
        {
            var result = Run(Settings((GroupsTemplate, "AllowGuestsToBeGroupOwner", allowed)), "EGP050");

            Assert.Equal(expected, result.Result);
        }

        private const string ConsentPolicy = "dffd5d46-495d-40a9-8e21-954ff55e198a";

        [Theory]
        [InlineData("EGP104", "EnableGroupSpecificConsent", "False", PostureStatus.Passed)]
        [InlineData("EGP104", "EnableGroupSpecificConsent", "True", PostureStatus.Failed)]
        [InlineData("EGP104", "EnableGroupSpecificConsent", "", PostureStatus.Skipped)]
        [InlineData("EGP104", "EnableGroupSpecificConsent", "maybe", PostureStatus.Skipped)]
        [InlineData("EGP105", "BlockUserConsentForRiskyApps", "True", PostureStatus.Passed)]
        [InlineData("EGP105", "BlockUserConsentForRiskyApps", "false", PostureStatus.Failed)]
        [InlineData("EGP106", "EnableAdminConsentRequests", "true", PostureStatus.Passed)]
        [InlineData("EGP106", "EnableAdminConsentRequests", "False", PostureStatus.Failed)]
        public void The_legacy_consent_settings_are_judged_by_their_own_value(
            string checkId,
            string name,
            string value,
            PostureStatus expected
        )
        {
            var result = Run(Settings((ConsentPolicy, name, value)), checkId);

            Assert.Equal(expected, result.Result);
            Assert.Contains($"groupSettings: {name} = {(value.Length == 0 ? "(empty)" : value)}", result.Evidence);
            if (expected == PostureStatus.Failed)
                Assert.Equal((name, "Consent Policy Settings"), Target(result.Findings.Single()));
        }

        [Fact]
        public void Without_the_legacy_consent_object_only_the_documented_step_up_default_is_judged()
        {
            // Another template's object is there; the consent template's is not.
            var none = Settings((PasswordRules, "LockoutThreshold", "10"));

            var groupOwners = Run(none, "EGP104");
            var stepUp = Run(none, "EGP105");
            var requests = Run(none, "EGP106");

            const string NoObject = "groupSettings: no 'Consent Policy Settings' object, so Microsoft's defaults apply";
            Assert.Equal(PostureStatus.Passed, stepUp.Result);
            Assert.Equal(new[] { NoObject, "groupSettings: BlockUserConsentForRiskyApps = true" }, stepUp.Evidence);
            Assert.Equal(PostureStatus.Skipped, groupOwners.Result);
            Assert.Equal(
                "skipped: groupSettings did not return EnableGroupSpecificConsent; review it",
                groupOwners.Reason
            );
            Assert.Equal(PostureStatus.Skipped, requests.Result);
            Assert.Contains(NoObject, requests.Evidence);
        }

        [Fact]
        public void Unreadable_group_settings_skip_only_their_checks()
        {
            var snapshot = new TenantSnapshot
            {
                Unavailable = new System.Collections.Generic.Dictionary<PostureData, string>
                {
                    [PostureData.GroupSettings] = "403 Forbidden: GroupSettings.Read.All is missing",
                },
            };

            var result = Run(snapshot, "EGP047");

            Assert.Equal(PostureStatus.Skipped, result.Result);
            Assert.Equal(
                "skipped: could not read groupSettings: 403 Forbidden: GroupSettings.Read.All is missing",
                result.Reason
            );
        }

        [Fact]
        public void The_compliant_tenant_passes_every_new_check()
        {
            var folder = Path.Combine(TestFiles.RepositoryRoot, "tests", "checks", "tenants", "compliant");
            Stream File(string name) => System.IO.File.OpenRead(Path.Combine(folder, name));
            var snapshot = new TenantSnapshot
            {
                SubscribedSkus = P1,
                AuthenticationMethodsPolicy = GraphPostureJson.ReadAuthenticationMethodsPolicy(
                    File("authenticationMethodsPolicy.json")
                ),
                AdminConsentRequestPolicy = GraphPostureJson.ReadAdminConsentRequestPolicy(
                    File("adminConsentRequestPolicy.json")
                ),
                AuthorizationPolicy = GraphPostureJson.ReadAuthorizationPolicy(File("authorizationPolicy.json")),
                GroupSettings = GraphPostureJson.ReadGroupSettings(File("groupSettings.json")).Items,
            };

            foreach (var id in new[] { "EGP022", "EGP040", "EGP041", "EGP042", "EGP043", "EGP044", "EGP045" })
                Assert.Equal((id, PostureStatus.Passed), (id, Run(snapshot, id).Result));
            foreach (var id in new[] { "EGP046", "EGP047", "EGP048", "EGP049", "EGP050", "EGP103", "EGP104" })
                Assert.Equal((id, PostureStatus.Passed), (id, Run(snapshot, id).Result));
            foreach (var id in new[] { "EGP105", "EGP106" })
                Assert.Equal((id, PostureStatus.Passed), (id, Run(snapshot, id).Result));
        }

        private static (string, string?) Target(PostureFinding finding) => (finding.TargetId, finding.TargetName);
    }
}

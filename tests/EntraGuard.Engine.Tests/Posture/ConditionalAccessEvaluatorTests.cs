using System;
using System.Linq;
using EntraGuard.Posture;
using EntraGuard.Posture.ConditionalAccess;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    /// <summary>The Conditional Access evaluator over hand-built policy sets in the Graph reference's shape.</summary>
    public sealed class ConditionalAccessEvaluatorTests
    {
        private const string AdminsGroup = "a0000000-0000-4000-8000-0000000000a1";
        private const string Office = "00000002-0000-0ff1-ce00-000000000000"; // Office 365 Exchange Online
        private const string HeadOffice = "10c00000-0000-4000-8000-000000000001"; // a named location

        private static ConditionalAccessPolicy PhishingResistant(string name, string[] roles) =>
            new()
            {
                Id = name,
                DisplayName = name,
                State = "enabled",
                IncludeRoles = roles,
                IncludeApplications = new[] { "All" },
                ClientAppTypes = new[] { "all" },
                AuthenticationStrength = "Phishing-resistant MFA",
                AuthenticationStrengthId = ConditionalAccessEvaluator.PhishingResistantStrength,
            };

        private static SignIn Alices(string client = "browser", string? app = null) =>
            new()
            {
                UserId = Alice,
                GroupIds = new[] { AdminsGroup },
                RoleIds = new[] { GlobalAdmin },
                ClientAppType = client,
                Application = app,
            };

        [Fact]
        public void Each_policy_is_judged_with_the_condition_that_decides_it()
        {
            var policies = new[]
            {
                Policy("MFA for all"),
                Policy("MFA except Alice", excludeUsers: new[] { Alice }),
                Policy("MFA except admins group", excludeGroups: new[] { AdminsGroup }),
                Policy("MFA except Global Administrators", excludeRoles: new[] { GlobalAdmin }),
                Policy("MFA for Bob", users: new[] { Bob }),
                Policy("MFA for Exchange only", apps: new[] { Office }),
                Policy("High sign-in risk", signInRisk: new[] { "high" }),
            };

            var result = ConditionalAccessEvaluator.Evaluate(policies, Alices());

            Assert.Equal(
                new[]
                {
                    "'MFA for all': applies",
                    "'MFA except Alice': excludes the user",
                    $"'MFA except admins group': excludes group {AdminsGroup}",
                    "'MFA except Global Administrators': excludes role Global Administrator",
                    "'MFA for Bob': the user is not among the users, groups and roles it includes",
                    "'MFA for Exchange only': does not target the application",
                    "'High sign-in risk': only at sign-in risk high",
                },
                result.Verdicts.Select(v => v.ToString())
            );
            Assert.Equal(new[] { "MFA for all" }, result.MfaRequiredBy.Select(p => p.DisplayName));
            Assert.Equal("'MFA for all': mfa", result.Summary);
            var exchange = ConditionalAccessEvaluator.Evaluate(policies, Alices(app: Office));
            Assert.Equal(2, exchange.Applying.Count);
            var risky = ConditionalAccessEvaluator.Evaluate(
                policies,
                new SignIn { UserId = Alice, SignInRisk = "high" }
            );
            Assert.Contains(risky.Applying, p => p.DisplayName == "High sign-in risk");
        }

        [Theory]
        [InlineData("browser", false)]
        [InlineData("mobileAppsAndDesktopClients", false)]
        [InlineData("exchangeActiveSync", true)]
        [InlineData("other", true)]
        public void A_legacy_block_applies_to_legacy_clients_only(string client, bool blocked)
        {
            var policies = new[]
            {
                Policy("Block legacy", controls: new[] { "block" }, clientAppTypes: new[] { "easSupported", "other" }),
            };

            var result = ConditionalAccessEvaluator.Evaluate(policies, Alices(client));

            Assert.Equal(blocked, result.IsBlocked);
            Assert.Equal(blocked ? "blocked by 'Block legacy'" : "no enforced policy applies", result.Summary);
        }

        [Fact]
        public void Locations_and_platforms_decide_by_include_then_exclude()
        {
            var outsideOffice = new ConditionalAccessPolicy
            {
                DisplayName = "MFA outside trusted locations",
                State = "enabled",
                IncludeUsers = new[] { "All" },
                IncludeApplications = new[] { "All" },
                IncludeLocations = new[] { "All" },
                ExcludeLocations = new[] { "AllTrusted", HeadOffice },
                IncludePlatforms = new[] { "all" },
                ExcludePlatforms = new[] { "iOS" },
                BuiltInControls = new[] { "mfa" },
            };

            string Verdict(SignIn signIn) =>
                ConditionalAccessEvaluator.Evaluate(new[] { outsideOffice }, signIn).Verdicts.Single().Reason;

            Assert.Equal("applies", Verdict(new SignIn { UserId = Alice, Platform = "windows" }));
            Assert.Equal(
                "excludes the sign-in's location",
                Verdict(new SignIn { UserId = Alice, IsTrustedLocation = true })
            );
            Assert.Equal(
                "excludes the sign-in's location",
                Verdict(new SignIn { UserId = Alice, LocationIds = new[] { HeadOffice } })
            );
            Assert.Equal("excludes platform iOS", Verdict(new SignIn { UserId = Alice, Platform = "ios" }));
        }

        [Fact]
        public void What_a_description_cannot_decide_is_unknown_and_never_counted()
        {
            var filtered = new ConditionalAccessPolicy
            {
                DisplayName = "MFA on unmanaged devices",
                State = "enabled",
                IncludeUsers = new[] { "All" },
                IncludeApplications = new[] { "All" },
                DeviceFilter = DeviceFilter.Parse("include", "device.isCompliant -ne True"),
                BuiltInControls = new[] { "mfa" },
            };
            var reportOnly = Policy(
                "Report-only block",
                state: "enabledForReportingButNotEnforced",
                controls: new[] { "block" }
            );

            var result = ConditionalAccessEvaluator.Evaluate(new[] { filtered, reportOnly }, Alices());

            Assert.Equal(PolicyApplicability.Unknown, result.Verdicts[0].Applicability);
            Assert.Equal("cannot be decided: it has a device filter", result.Verdicts[0].Reason);
            Assert.Equal(new[] { filtered }, result.Undecided);
            Assert.False(result.RequiresMfa);
            Assert.False(result.IsBlocked);
            Assert.Equal(new[] { reportOnly }, result.ReportOnly);
        }

        [Fact]
        public void Phishing_resistance_needs_the_strength_with_no_way_around_it()
        {
            var builtIn = PhishingResistant("Built-in strength", new[] { GlobalAdmin });
            var custom = new ConditionalAccessPolicy
            {
                DisplayName = "Custom strength",
                State = "enabled",
                IncludeRoles = new[] { GlobalAdmin },
                IncludeApplications = new[] { "All" },
                AuthenticationStrength = "Keys and Hello",
                AuthenticationStrengthId = "5a0c1b4e-0000-4000-8000-0000000000f1",
                AuthenticationStrengthCombinations = new[] { "fido2", "windowsHelloForBusiness" },
            };
            var orMfa = new ConditionalAccessPolicy
            {
                DisplayName = "Strength or MFA",
                State = "enabled",
                IncludeRoles = new[] { GlobalAdmin },
                IncludeApplications = new[] { "All" },
                BuiltInControls = new[] { "mfa" },
                AuthenticationStrengthId = ConditionalAccessEvaluator.PhishingResistantStrength,
            };
            var withSms = new ConditionalAccessPolicy
            {
                DisplayName = "Strength with SMS",
                State = "enabled",
                IncludeRoles = new[] { GlobalAdmin },
                IncludeApplications = new[] { "All" },
                AuthenticationStrength = "Keys or SMS",
                AuthenticationStrengthId = "5a0c1b4e-0000-4000-8000-0000000000f2",
                AuthenticationStrengthCombinations = new[] { "fido2", "password,sms" },
            };

            Assert.True(ConditionalAccessEvaluator.RequiresPhishingResistantMfa(builtIn));
            Assert.True(ConditionalAccessEvaluator.RequiresPhishingResistantMfa(custom));
            Assert.False(ConditionalAccessEvaluator.RequiresPhishingResistantMfa(orMfa));
            Assert.False(ConditionalAccessEvaluator.RequiresPhishingResistantMfa(withSms));
            var result = ConditionalAccessEvaluator.Evaluate(new[] { builtIn, orMfa, withSms }, Alices());
            Assert.Equal(new[] { builtIn }, result.PhishingResistantMfaRequiredBy);
            Assert.Equal(new[] { builtIn, orMfa, withSms }, result.MfaRequiredBy);
        }

        [Fact]
        public void User_actions_and_guests_are_targets_of_their_own()
        {
            var securityInfo = new ConditionalAccessPolicy
            {
                DisplayName = "Register security info from trusted locations",
                State = "enabled",
                IncludeUsers = new[] { "All" },
                IncludeUserActions = new[] { "urn:user:registersecurityinfo" },
                BuiltInControls = new[] { "block" },
                IncludeLocations = new[] { "All" },
                ExcludeLocations = new[] { "AllTrusted" },
            };
            var guests = new ConditionalAccessPolicy
            {
                DisplayName = "Guests need MFA",
                State = "enabled",
                IncludeGuestsOrExternalUsers = "b2bCollaborationGuest,b2bDirectConnectUser",
                IncludeApplications = new[] { "All" },
                BuiltInControls = new[] { "mfa" },
            };
            var policies = new[] { securityInfo, guests };

            var registering = ConditionalAccessEvaluator.Evaluate(
                policies,
                new SignIn { UserId = Bob, UserAction = "urn:user:registersecurityinfo" }
            );
            var guest = ConditionalAccessEvaluator.Evaluate(
                policies,
                new SignIn { UserId = Carol, GuestOrExternalUserType = "b2bCollaborationGuest" }
            );
            var member = ConditionalAccessEvaluator.Evaluate(policies, new SignIn { UserId = Carol });

            Assert.Equal("blocked by 'Register security info from trusted locations'", registering.Summary);
            Assert.Equal("'Guests need MFA': mfa", guest.Summary);
            Assert.Equal("targets user actions, not applications", guest.Verdicts[0].Reason);
            Assert.Equal("no enforced policy applies", member.Summary);
        }

        [Fact]
        public void Session_controls_are_gathered_with_the_shortest_sign_in_frequency()
        {
            var daily = Policy("Daily sign-in", controls: Array.Empty<string>());
            var policies = new[]
            {
                Session(
                    daily,
                    new SessionControls { SignInFrequency = "1 days", SignInFrequencyPeriod = TimeSpan.FromDays(1) }
                ),
                Session(
                    Policy("Admins every 4 hours", roles: new[] { GlobalAdmin }, controls: Array.Empty<string>()),
                    new SessionControls
                    {
                        SignInFrequency = "4 hours",
                        SignInFrequencyPeriod = TimeSpan.FromHours(4),
                        PersistentBrowser = "never",
                    }
                ),
            };

            var result = ConditionalAccessEvaluator.Evaluate(policies, Alices());

            Assert.Equal(TimeSpan.FromHours(4), result.SignInFrequency);
            Assert.Equal(
                new[]
                {
                    "'Daily sign-in': sign-in frequency 1 days",
                    "'Admins every 4 hours': sign-in frequency 4 hours, persistent browser never",
                },
                result.Sessions
            );
            Assert.Equal("only session controls from 'Daily sign-in', 'Admins every 4 hours'", result.Summary);
        }

        [Fact]
        public void The_scenarios_cover_every_app_platform_and_location_a_policy_names()
        {
            var policies = new[]
            {
                Policy("MFA except Exchange", excludeApps: new[] { Office }, excludeLocations: new[] { HeadOffice }),
                Policy("Office365 on Android", apps: new[] { "Office365" }),
            };

            var scenarios = SignInScenarios.For(policies, new SignIn { UserId = Alice }).ToArray();

            // apps: any, Exchange, the Office365 group; 4 client types; no platform named; locations: outside,
            // trusted, head office.
            Assert.Equal(3 * 4 * 1 * 3, scenarios.Length);
            Assert.Contains(scenarios, s => s.Application == Office && s.LocationIds.Contains(HeadOffice));
            Assert.Contains(scenarios, s => s.ApplicationGroups.Contains("Office365"));
            Assert.All(scenarios, s => Assert.Equal(Alice, s.UserId));
        }

        private static ConditionalAccessPolicy Session(ConditionalAccessPolicy policy, SessionControls session) =>
            new()
            {
                Id = policy.Id,
                DisplayName = policy.DisplayName,
                State = policy.State,
                IncludeUsers = policy.IncludeUsers,
                IncludeRoles = policy.IncludeRoles,
                IncludeApplications = policy.IncludeApplications,
                BuiltInControls = policy.BuiltInControls,
                Session = session,
            };
    }
}

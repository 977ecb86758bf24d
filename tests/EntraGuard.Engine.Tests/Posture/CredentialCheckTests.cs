using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture;
using static EntraGuard.Tests.Posture.PostureTestData;

namespace EntraGuard.Tests.Posture
{
    public sealed class CredentialCheckTests
    {
        private const string PayrollApp = "7a1b0000-0000-4000-8000-0000000000a1";
        private const string VendorApp = "7a1b0000-0000-4000-8000-0000000000a2";
        private const string ExchangeOnline = "00000002-0000-0ff1-ce00-000000000000";
        private const string MicrosoftServices = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
        private const string VendorTenant = "9e9e9e9e-0000-4000-8000-000000000999";

        private static TenantSnapshot Apps(ApplicationObject[] apps, ServicePrincipalObject[]? principals = null) =>
            new()
            {
                TenantId = TenantId,
                Applications = apps,
                ServicePrincipals = principals ?? new ServicePrincipalObject[0],
            };

        // EGP010: secret lifetime

        [Fact]
        public void Secret_lifetime_fails_for_a_two_year_secret_and_passes_for_short_or_expired_ones()
        {
            var snapshot = Apps(
                new[]
                {
                    App(
                        "Payroll",
                        PayrollApp,
                        credentials: new[]
                        {
                            Secret("k-long", Now.AddDays(-30), Now.AddDays(700), "ci"),
                            Secret("k-short", Now.AddDays(-30), Now.AddDays(60)),
                            Secret("k-old", Now.AddYears(-3), Now.AddDays(-1)),
                        }
                    ),
                }
            );

            var result = Run(snapshot, "EGP010");

            Assert.Equal(PostureStatus.Failed, result.Result);
            var finding = Assert.Single(result.Findings);
            Assert.Equal(("obj-" + PayrollApp, "k-long", PayrollApp), (finding.TargetId, finding.KeyId, finding.AppId));
            Assert.Equal(
                $"application 'Payroll' ({PayrollApp}): Secret 'ci' (k-long) is valid for 730 days (2026-10-21 to "
                    + $"2028-10-20), more than 180",
                finding.Detail
            );
            Assert.Equal(
                PostureStatus.Passed,
                Run(snapshot, "EGP010", new PostureSettings { MaxSecretLifetimeDays = 800 }).Result
            );
        }

        [Fact]
        public void Saml_and_managed_identity_principals_keep_their_own_credentials()
        {
            var longSecret = Secret("k-saml", Now.AddDays(-1), Now.AddYears(3));
            var snapshot = Apps(
                new ApplicationObject[0],
                new[]
                {
                    Principal(
                        "Salesforce SSO",
                        "5a1e0000-0000-4000-8000-000000000001",
                        sso: "saml",
                        credentials: new[]
                        {
                            longSecret,
                            Certificate("c-saml", Now.AddDays(-1), Now.AddYears(3), "Sign"),
                        }
                    ),
                    Principal(
                        "vm-identity",
                        "1d1d0000-0000-4000-8000-000000000001",
                        owner: null,
                        type: "ManagedIdentity",
                        credentials: new[] { Secret("k-mi", Now.AddDays(-1), Now.AddYears(2)) }
                    ),
                }
            );

            Assert.Equal(PostureStatus.Passed, Run(snapshot, "EGP010").Result);
            Assert.Equal(PostureStatus.Passed, Run(snapshot, "EGP012").Result);
        }

        // EGP011: expired credentials

        [Fact]
        public void Expired_credentials_are_listed_one_finding_each()
        {
            var snapshot = Apps(
                new[]
                {
                    App(
                        "Payroll",
                        PayrollApp,
                        credentials: new[] { Secret("k-old", Now.AddYears(-2), Now.AddDays(-10)) }
                    ),
                },
                new[]
                {
                    Principal(
                        "Payroll",
                        PayrollApp,
                        credentials: new[]
                        {
                            Certificate("c-old", Now.AddYears(-2), Now.AddDays(-1)),
                            Certificate("c-new", Now, Now.AddYears(1)),
                        }
                    ),
                }
            );

            var result = Run(snapshot, "EGP011");

            Assert.Equal(PostureStatus.Failed, result.Result);
            Assert.Equal(new[] { "k-old", "c-old" }, result.Findings.Select(f => f.KeyId));
            Assert.Equal(
                $"service principal 'Payroll' ({PayrollApp}): Certificate c-old expired on 2026-11-19",
                result.Findings[1].Detail
            );
            Assert.Equal(PostureStatus.Passed, Run(Apps(new[] { App("Payroll", PayrollApp) }), "EGP011").Result);
        }

        [Fact]
        public void Credential_checks_skip_when_service_principals_are_unreadable()
        {
            var snapshot = new TenantSnapshot
            {
                Applications = new ApplicationObject[0],
                Unavailable = new Dictionary<PostureData, string>
                {
                    [PostureData.ServicePrincipals] = "403 Forbidden (needs Application.Read.All)",
                },
            };

            var result = Run(snapshot, "EGP011");

            Assert.Equal(PostureStatus.Skipped, result.Result);
            Assert.Equal(
                "skipped: could not read servicePrincipals: 403 Forbidden (needs Application.Read.All)",
                result.Reason
            );
        }

        // EGP012: secrets and certificates together

        [Fact]
        public void Secrets_and_certificates_together_are_found_across_registration_and_principal()
        {
            var snapshot = Apps(
                new[]
                {
                    App(
                        "Payroll",
                        PayrollApp,
                        credentials: new[] { Certificate("c-1", Now.AddDays(-1), Now.AddYears(1)) }
                    ),
                },
                new[]
                {
                    Principal(
                        "Payroll",
                        PayrollApp,
                        credentials: new[] { Secret("k-planted", Now.AddDays(-1), Now.AddDays(90)) }
                    ),
                }
            );

            var result = Run(snapshot, "EGP012");

            Assert.Equal(PostureStatus.Failed, result.Result);
            var finding = Assert.Single(result.Findings);
            Assert.Equal((PayrollApp, "application"), (finding.TargetId, finding.TargetType));
            Assert.Equal(
                $"'Payroll' ({PayrollApp}) holds 1 secret(s) and 1 certificate(s): Secret k-planted (until "
                    + $"2027-02-18), Certificate c-1 (until 2027-11-20)",
                finding.Detail
            );
        }

        [Fact]
        public void An_expired_secret_beside_a_certificate_is_not_a_mix()
        {
            var snapshot = Apps(
                new[]
                {
                    App(
                        "Payroll",
                        PayrollApp,
                        credentials: new[]
                        {
                            Certificate("c-1", Now, Now.AddYears(1)),
                            Secret("k-old", Now.AddYears(-1), Now.AddDays(-1)),
                        }
                    ),
                }
            );

            Assert.Equal(PostureStatus.Passed, Run(snapshot, "EGP012").Result);
        }

        // EGP013: Microsoft first-party principals

        [Fact]
        public void Credentials_on_a_microsoft_first_party_principal_fail()
        {
            var snapshot = Apps(
                new ApplicationObject[0],
                new[]
                {
                    Principal(
                        "Office 365 Exchange Online",
                        ExchangeOnline,
                        owner: MicrosoftServices,
                        credentials: new[] { Secret("k-x", Now.AddDays(-2), Now.AddDays(700)) }
                    ),
                    Principal("Microsoft Graph", "00000003-0000-0000-c000-000000000000", owner: MicrosoftServices),
                }
            );

            var result = Run(snapshot, "EGP013");

            Assert.Equal(PostureStatus.Failed, result.Result);
            var finding = Assert.Single(result.Findings);
            Assert.Equal(("sp-" + ExchangeOnline, ExchangeOnline), (finding.TargetId, finding.AppId));
            Assert.Equal(
                "credentials were added to Microsoft first-party service principals: service principal 'Office 365 "
                    + "Exchange Online' "
                    + $"({ExchangeOnline}): Microsoft's application holds 1 credential(s) in this tenant: Secret "
                    + $"k-x (until 2028-10-20)",
                result.Reason
            );
            Assert.Equal(
                PostureStatus.Passed,
                Run(
                    Apps(
                        new ApplicationObject[0],
                        new[]
                        {
                            Principal(
                                "Microsoft Graph",
                                "00000003-0000-0000-c000-000000000000",
                                owner: MicrosoftServices
                            ),
                        }
                    ),
                    "EGP013"
                ).Result
            );
        }

        // EGP014: multi-tenant applications

        [Fact]
        public void Credentials_on_another_tenants_application_fail_and_on_our_own_single_tenant_app_pass()
        {
            var snapshot = Apps(
                new[] { App("Payroll", PayrollApp) },
                new[]
                {
                    Principal(
                        "Vendor CRM",
                        VendorApp,
                        owner: VendorTenant,
                        credentials: new[] { Secret("k-v", Now.AddDays(-1), Now.AddDays(30)) }
                    ),
                    Principal(
                        "Payroll",
                        PayrollApp,
                        credentials: new[] { Secret("k-p", Now.AddDays(-1), Now.AddDays(30)) }
                    ),
                }
            );

            var result = Run(snapshot, "EGP014");

            Assert.Equal(PostureStatus.Failed, result.Result);
            var finding = Assert.Single(result.Findings);
            Assert.Equal("sp-" + VendorApp, finding.TargetId);
            Assert.Contains($"registered in tenant {VendorTenant}", finding.Detail);
        }

        [Fact]
        public void Credentials_on_the_principal_of_our_own_multi_tenant_app_fail()
        {
            var snapshot = Apps(
                new[] { App("Partner portal", PayrollApp, "AzureADMultipleOrgs") },
                new[]
                {
                    Principal(
                        "Partner portal",
                        PayrollApp,
                        credentials: new[] { Certificate("c-p", Now.AddDays(-1), Now.AddDays(30)) }
                    ),
                }
            );

            var finding = Assert.Single(Run(snapshot, "EGP014").Findings);

            Assert.Contains(
                "this tenant's multi-tenant application holds credentials on its service principal",
                finding.Detail
            );
        }

        [Fact]
        public void Multi_tenant_check_skips_without_the_tenant_id()
        {
            var snapshot = new TenantSnapshot
            {
                Applications = new ApplicationObject[0],
                ServicePrincipals = new ServicePrincipalObject[0],
            };

            var result = Run(snapshot, "EGP014");

            Assert.Equal(PostureStatus.Skipped, result.Result);
            Assert.Equal("skipped: could not read organization: it was not read", result.Reason);
        }
    }
}

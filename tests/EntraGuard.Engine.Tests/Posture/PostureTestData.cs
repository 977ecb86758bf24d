using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using EntraGuard.Posture;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Tests.Posture
{
    /// <summary>Hand-built tenants for the posture checks: ids, licences, policies, roles and credentials.</summary>
    internal static class PostureTestData
    {
        public static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

        public const string TenantId = "0f1e2d3c-4b5a-4968-8778-a0b1c2d3e4f5";
        public const string BreakGlassUser = "b9a1c0de-0000-4000-8000-00000000b001";
        public const string Alice = "a11ce000-0000-4000-8000-000000000001";
        public const string Bob = "b0b00000-0000-4000-8000-000000000002";
        public const string Carol = "ca201000-0000-4000-8000-000000000003";
        public const string Dave = "da7e0000-0000-4000-8000-000000000004";
        public const string Erin = "e2140000-0000-4000-8000-000000000005";
        public const string GlobalAdmin = PrivilegedRoles.GlobalAdministrator;
        public const string UserAdmin = "fe930be7-5e62-47db-91af-98c3a49a38b1";
        public const string DirectorySyncRole = "d29b2b05-8046-44ba-8758-1e26182fcf32";

        public static PostureSettings BreakGlass =>
            new() { BreakGlassAccounts = new[] { new BreakGlassAccount(BreakGlassUser, "Emergency 1") } };

        public static SubscribedSku Sku(string partNumber, params string[] planIds) =>
            new()
            {
                SkuId = Guid.NewGuid().ToString(),
                SkuPartNumber = partNumber,
                CapabilityStatus = "Enabled",
                ServicePlans = planIds
                    .Select(id => new ServicePlan
                    {
                        ServicePlanId = id,
                        ServicePlanName = partNumber,
                        ProvisioningStatus = "Success",
                    })
                    .ToArray(),
            };

        public static IReadOnlyList<SubscribedSku> Free =>
            new[] { Sku("EXCHANGESTANDARD", "9aaf7827-d63c-4b61-89c3-182f06f82e5c") };
        public static IReadOnlyList<SubscribedSku> P1 => new[] { Sku("AAD_PREMIUM", TenantLicences.EntraIdP1Plan) };
        public static IReadOnlyList<SubscribedSku> P2 =>
            new[] { Sku("AAD_PREMIUM_P2", TenantLicences.EntraIdP1Plan, TenantLicences.EntraIdP2Plan) };

        public static ConditionalAccessPolicy Policy(
            string name,
            string state = "enabled",
            string[]? users = null,
            string[]? roles = null,
            string[]? apps = null,
            string[]? controls = null,
            string op = "OR",
            string[]? excludeUsers = null,
            string[]? excludeGroups = null,
            string[]? excludeRoles = null,
            string[]? excludeApps = null,
            string[]? clientAppTypes = null,
            string[]? signInRisk = null,
            string[]? userRisk = null,
            string[]? excludeLocations = null,
            string? authenticationStrength = null,
            string[]? termsOfUse = null,
            string[]? userActions = null,
            string? transferMethods = null,
            SessionControls? session = null,
            DeviceFilter? deviceFilter = null,
            string[]? platforms = null,
            string[]? excludePlatforms = null
        ) =>
            new()
            {
                Id = Guid.NewGuid().ToString(),
                DisplayName = name,
                State = state,
                IncludeUsers = users ?? (roles is null ? new[] { "All" } : Array.Empty<string>()),
                IncludeRoles = roles ?? Array.Empty<string>(),
                IncludeApplications = apps ?? (userActions is null ? new[] { "All" } : Array.Empty<string>()),
                IncludeUserActions = userActions ?? Array.Empty<string>(),
                TransferMethods = transferMethods,
                Session = session ?? SessionControls.None,
                DeviceFilter = deviceFilter,
                BuiltInControls = controls ?? new[] { "mfa" },
                GrantOperator = op,
                ExcludeUsers = excludeUsers ?? Array.Empty<string>(),
                ExcludeGroups = excludeGroups ?? Array.Empty<string>(),
                ExcludeRoles = excludeRoles ?? Array.Empty<string>(),
                ExcludeApplications = excludeApps ?? Array.Empty<string>(),
                ClientAppTypes = clientAppTypes ?? new[] { "all" },
                SignInRiskLevels = signInRisk ?? Array.Empty<string>(),
                UserRiskLevels = userRisk ?? Array.Empty<string>(),
                IncludeLocations = excludeLocations is null ? Array.Empty<string>() : new[] { "All" },
                ExcludeLocations = excludeLocations ?? Array.Empty<string>(),
                AuthenticationStrength = authenticationStrength,
                TermsOfUse = termsOfUse ?? Array.Empty<string>(),
                IncludePlatforms = platforms ?? Array.Empty<string>(),
                ExcludePlatforms = excludePlatforms ?? Array.Empty<string>(),
            };

        /// <summary>A tenant licensed for P2, security defaults off, with these policies.</summary>
        public static TenantSnapshot WithPolicies(params ConditionalAccessPolicy[] policies) =>
            new()
            {
                TenantId = TenantId,
                SubscribedSkus = P2,
                SecurityDefaultsEnabled = false,
                ConditionalAccessPolicies = policies,
            };

        public static DirectoryRoleAssignment Active(
            string principal,
            string role,
            DateTimeOffset? end = null,
            string type = "user",
            bool activation = false,
            string? name = null
        ) =>
            new()
            {
                PrincipalId = principal,
                PrincipalDisplayName = name,
                PrincipalType = type,
                RoleDefinitionId = role,
                Kind = RoleAssignmentKind.Active,
                EndDateTime = end,
                IsActivation = activation,
            };

        public static DirectoryRoleAssignment Eligible(string principal, string role) =>
            new()
            {
                PrincipalId = principal,
                PrincipalType = "user",
                RoleDefinitionId = role,
                Kind = RoleAssignmentKind.Eligible,
            };

        public static AppCredential Secret(
            string keyId,
            DateTimeOffset start,
            DateTimeOffset end,
            string? name = null
        ) =>
            new()
            {
                KeyId = keyId,
                DisplayName = name,
                Type = AppCredentialType.Secret,
                StartDateTime = start,
                EndDateTime = end,
            };

        public static AppCredential Certificate(
            string keyId,
            DateTimeOffset start,
            DateTimeOffset end,
            string usage = "Verify"
        ) =>
            new()
            {
                KeyId = keyId,
                Type = AppCredentialType.Certificate,
                Usage = usage,
                StartDateTime = start,
                EndDateTime = end,
            };

        public static ApplicationObject App(
            string name,
            string appId,
            string audience = "AzureADMyOrg",
            params AppCredential[] credentials
        ) =>
            new()
            {
                Id = "obj-" + appId,
                AppId = appId,
                DisplayName = name,
                SignInAudience = audience,
                Credentials = credentials,
            };

        public static ServicePrincipalObject Principal(
            string name,
            string appId,
            string? owner = TenantId,
            string type = "Application",
            string? sso = null,
            params AppCredential[] credentials
        ) =>
            new()
            {
                Id = "sp-" + appId,
                AppId = appId,
                DisplayName = name,
                AppOwnerOrganizationId = owner,
                ServicePrincipalType = type,
                PreferredSingleSignOnMode = sso,
                Credentials = credentials,
            };

        /// <summary>A Graph response body, as the readers of <see cref="GraphPostureJson"/> take it.</summary>
        public static Stream Body(string json) => new MemoryStream(Encoding.UTF8.GetBytes(json));

        /// <summary>A tenant whose authentication methods policy, as Graph answers it, holds these method
        /// configurations (JSON objects).</summary>
        public static TenantSnapshot MethodsPolicy(string migrationState, params string[] configurations) =>
            new()
            {
                AuthenticationMethodsPolicy = GraphPostureJson.ReadAuthenticationMethodsPolicy(
                    Body(
                        $"{{\"policyMigrationState\":\"{migrationState}\","
                            + $"\"authenticationMethodConfigurations\":[{string.Join(",", configurations)}]}}"
                    )
                ),
            };

        /// <summary>Runs one check over the snapshot.</summary>
        public static PostureCheckResult Run(
            TenantSnapshot snapshot,
            string checkId,
            PostureSettings? settings = null
        ) =>
            PostureEvaluator
                .Evaluate(snapshot, settings ?? PostureSettings.Default, new[] { PostureCatalog.Find(checkId)! }, Now)
                .Results.Single();
    }
}

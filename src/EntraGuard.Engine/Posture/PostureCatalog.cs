using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Detection;
using EntraGuard.Posture.Checks;

namespace EntraGuard.Posture
{
    /// <summary>Every posture check EntraGuard ships, in id order.</summary>
    public static class PostureCatalog
    {
        public static IReadOnlyList<PostureCheck> All { get; } =
            new PostureCheck[]
            {
                new MfaForAdministratorsCheck(),
                new MfaForAllUsersCheck(),
                new LegacyAuthenticationBlockedCheck(),
                new SignInRiskPolicyCheck(),
                new UserRiskPolicyCheck(),
                new StandingPrivilegedAccessCheck(),
                new GlobalAdministratorCountCheck(),
                new UsersCannotRegisterAppsCheck(),
                new UserConsentRestrictedCheck(),
                new SecretLifetimeCheck(),
                new ExpiredCredentialsCheck(),
                new MixedCredentialTypesCheck(),
                new FirstPartyCredentialsCheck(),
                new MultiTenantCredentialsCheck(),
                new TenantCreationCheck(),
                new SecurityGroupCreationCheck(),
                new BitLockerKeyRecoveryCheck(),
                new GuestAccessCheck(),
                new GuestInvitationsCheck(),
                new WeakAuthenticationMethodsCheck(),
                new MethodsMigrationCheck(),
                new AuthenticatorContextCheck(),
                new AdminConsentWorkflowCheck(),
                new PasswordsDoNotExpireCheck(),
                new SelfServiceSubscriptionsCheck(),
                new EmailVerifiedJoinCheck(),
                new RiskyAppConsentCheck(),
                new GlobalAdministratorApprovalCheck(),
                new PrivilegedRoleAlertsCheck(),
                new BreakGlassExcludedCheck(),
                new PhishingResistantAdminsCheck(),
                // Conditional Access claims over the evaluator
                new AdminSessionLifetimeCheck(),
                new DeviceCodeFlowBlockedCheck(),
                new SecurityInfoManagedDeviceCheck(),
                new SecurityInfoTrustedLocationCheck(),
                new AdminManagedDeviceCheck(),
                new ManagedDeviceEveryoneCheck(),
                new PhishingResistantEveryoneCheck(),
                new HighRiskBlockedCheck(),
                // Settings of the authentication methods, the consent requests and the group settings
                new FidoKeysCheck(),
                new FidoKeyRestrictionsCheck(),
                new TemporaryAccessPassCheck(),
                new AuthenticatorCodesCheck(),
                new SmsSignInCheck(),
                new AdminConsentNotificationsCheck(),
                new AdminPasswordResetCheck(),
                new SmartLockoutCheck(),
                new BannedPasswordsCheck(),
                new OnPremisesPasswordProtectionCheck(),
                new GuestGroupOwnersCheck(),
                // Conditional Access claims behind Maester's MT tests
                new DeviceComplianceRequiredCheck(),
                new BaselinePolicyCheck(),
                new AzureManagementMfaCheck(),
                new UnknownPlatformBlockedCheck(),
                new GuestMfaCheck(),
                new AppEnforcedRestrictionsCheck(),
                new BreakGlassNotBlockedCheck(),
                new ExclusionFallbackCheck(),
                new RiskConditionsSeparateCheck(),
                new AzureDevOpsMfaCheck(),
                new ApprovedClientAppGrantCheck(),
                // Users and groups the policies name, looked up in the directory
                new DeletedObjectsInConditionalAccessCheck(),
                new DeletedObjectsInMethodsCheck(),
                // Conditional Access on unmanaged devices, and the directory synchronization accounts
                new UnmanagedBrowserSessionCheck(),
                new UnmanagedSignInFrequencyCheck(),
                new DirectorySyncExcludedCheck(),
                new AppOwnerMfaRegisteredCheck(),
                new HighRiskAgentsBlockedCheck(),
                new UnusedEligibleRolesCheck(),
                // Who holds the privileged roles, and how they were given
                new PrivilegedGuestsCheck(),
                new PrivilegedCloudOnlyCheck(),
                new PrivilegedAppSecretsCheck(),
                new PrivilegedMailboxCheck(),
                new FinerGrainedRolesCheck(),
                new AssignedThroughPimCheck(),
                // Microsoft Graph permissions that lead to Global Administrator
                new DirectPathPermissionsCheck(),
                new IndirectPathPermissionsCheck(),
                new AssignmentRequiredCheck(),
                // Consent by owners, the default app management policy, the holders of roles, owners of privileged apps
                new GroupOwnerConsentCheck(),
                new AppCredentialPolicyCheck(),
                new SynchronizedRoleHoldersCheck(),
                new StalePrivilegedAccountCheck(),
                new OwnedPrivilegedApiAppCheck(),
                new OwnedPrivilegedRoleAppCheck(),
                // Governance: application secrets, group visibility and guests
                new NoClientSecretsCheck(),
                new GuestDynamicGroupCheck(),
                new ApprovedPublicGroupsCheck(),
                new ConditionalAccessGroupProtectionCheck(),
                // Tenant settings: groups, devices, security defaults, consent, directory synchronization
                new GroupCreationRestrictedCheck(),
                new DeviceJoinRestrictedCheck(),
                new GlobalAdminsNotLocalAdminsCheck(),
                new RegisteringUserNotLocalAdminCheck(),
                new DeviceRegistrationMfaConflictCheck(),
                new SecurityDefaultsWithoutPremiumCheck(),
                new AdminOnlyConsentCheck(),
                new SyncMatchingBlockedCheck(),
                new KrbtgtNotSyncedCheck(),
                new GuestAccessRestrictedCheck(),
                new LegacyGroupOwnerConsentCheck(),
                new LegacyRiskyAppConsentCheck(),
                new LegacyAdminConsentRequestsCheck(),
                new SuspiciousActivityReportingCheck(),
                new PremiumLicenceCoverageCheck(),
                // Entitlement management: catalogs, access packages and their assignment policies
                new DeletedGroupsInAccessPackagesCheck(),
                new IdleAssignmentPoliciesCheck(),
                new UnusedCatalogResourcesCheck(),
                new AccessPackageApproversCheck(),
            };

        public static IReadOnlyList<string> Ids { get; } = All.Select(check => check.Id).ToArray();

        public static PostureCheck? Find(string id) =>
            All.FirstOrDefault(check => string.Equals(check.Id, id, StringComparison.OrdinalIgnoreCase));

        /// <summary>The checks the id patterns pick, by <see cref="IdSelection"/>; every check when none.</summary>
        /// <exception cref="UnknownIdException">A literal id names no check.</exception>
        public static IReadOnlyList<PostureCheck> Select(IReadOnlyCollection<string>? patterns) =>
            IdSelection.Select(All, check => check.Id, patterns, "posture check");
    }
}

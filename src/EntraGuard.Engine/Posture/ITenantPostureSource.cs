using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace EntraGuard.Posture
{
    /// <summary>
    /// Reads the parts of a tenant's configuration that the posture checks judge. The Graph implementation lives in
    /// EntraGuard.Graph and issues the requests <see cref="PostureDataSource"/> lists. A method throws
    /// <see cref="PostureSourceException"/> when its part cannot be read (permission denied, feature not licensed, …):
    /// the checks that need the part are skipped with that message. Anything else (no connection, expired token)
    /// propagates and ends the run.
    /// </summary>
    public interface ITenantPostureSource
    {
        Task<OrganizationSettings> ReadOrganizationAsync(CancellationToken cancellationToken);
        Task<IReadOnlyList<SubscribedSku>> ReadSubscribedSkusAsync(CancellationToken cancellationToken);
        Task<bool> ReadSecurityDefaultsEnabledAsync(CancellationToken cancellationToken);
        Task<IReadOnlyList<ConditionalAccessPolicy>> ReadConditionalAccessPoliciesAsync(
            CancellationToken cancellationToken
        );
        Task<AuthorizationSettings> ReadAuthorizationPolicyAsync(CancellationToken cancellationToken);

        /// <summary>Active role assignments with their end dates, from PIM's schedules (tenants with PIM).</summary>
        Task<IReadOnlyList<DirectoryRoleAssignment>> ReadRoleAssignmentSchedulesAsync(
            CancellationToken cancellationToken
        );

        /// <summary>Active assignments of one role from <c>roleAssignments</c> (tenants without PIM, where every
        /// assignment is permanent).</summary>
        Task<IReadOnlyList<DirectoryRoleAssignment>> ReadRoleAssignmentsAsync(
            string roleDefinitionId,
            CancellationToken cancellationToken
        );

        /// <summary>Every active assignment of every role from <c>roleAssignments</c> (tenants without PIM, when a
        /// check judges the holders of every role).</summary>
        Task<IReadOnlyList<DirectoryRoleAssignment>> ReadEveryRoleAssignmentAsync(CancellationToken cancellationToken);

        /// <summary>Eligible role assignments from PIM's schedules.</summary>
        Task<IReadOnlyList<DirectoryRoleAssignment>> ReadRoleEligibilitySchedulesAsync(
            CancellationToken cancellationToken
        );

        Task<IReadOnlyList<ApplicationObject>> ReadApplicationsAsync(CancellationToken cancellationToken);
        Task<IReadOnlyList<ServicePrincipalObject>> ReadServicePrincipalsAsync(CancellationToken cancellationToken);
        Task<AuthenticationMethodsSettings> ReadAuthenticationMethodsPolicyAsync(CancellationToken cancellationToken);
        Task<AdminConsentRequestSettings> ReadAdminConsentRequestPolicyAsync(CancellationToken cancellationToken);
        Task<IReadOnlyList<DomainPasswordPolicy>> ReadDomainsAsync(CancellationToken cancellationToken);

        /// <summary>Every directory role's PIM settings (tenants with PIM).</summary>
        Task<IReadOnlyList<RoleManagementPolicy>> ReadRoleManagementPoliciesAsync(CancellationToken cancellationToken);

        /// <summary>The object ids of the users with these userPrincipalNames, by userPrincipalName
        /// (case-insensitive); a name no user has is absent.</summary>
        Task<IReadOnlyDictionary<string, string>> ReadUserIdsAsync(
            IReadOnlyList<string> userPrincipalNames,
            CancellationToken cancellationToken
        );

        /// <summary>The tenant-wide settings objects (<c>groupSettings</c>).</summary>
        Task<IReadOnlyList<GroupSetting>> ReadGroupSettingsAsync(CancellationToken cancellationToken);

        /// <summary>The users with these object ids, with where each account comes from; an id no user has is
        /// absent.</summary>
        Task<IReadOnlyList<DirectoryUser>> ReadUsersAsync(
            IReadOnlyList<string> userIds,
            CancellationToken cancellationToken
        );

        /// <summary>When the users with these object ids last signed in; an id no user has is absent.</summary>
        Task<IReadOnlyList<UserSignInActivity>> ReadSignInActivityAsync(
            IReadOnlyList<string> userIds,
            CancellationToken cancellationToken
        );

        /// <summary>The permissions held on the resource service principal <paramref name="resourceId"/> (Microsoft
        /// Graph's): its app role assignments, named by its app roles, and its delegated grants.</summary>
        Task<IReadOnlyList<GraphPermissionGrant>> ReadGraphPermissionsAsync(
            string resourceId,
            CancellationToken cancellationToken
        );

        /// <summary>Which of these ids (at most 1000) belong to an existing user or group.</summary>
        Task<IReadOnlyCollection<string>> ReadExistingObjectIdsAsync(
            IReadOnlyList<string> ids,
            CancellationToken cancellationToken
        );

        /// <summary>Who may join devices and who administers them (<c>policies/deviceRegistrationPolicy</c>).</summary>
        Task<DeviceRegistrationSettings> ReadDeviceRegistrationPolicyAsync(CancellationToken cancellationToken);

        /// <summary>The directory synchronization features (soft and hard match).</summary>
        Task<OnPremisesSyncFeatures> ReadOnPremisesSyncFeaturesAsync(CancellationToken cancellationToken);

        /// <summary>The users whose display name, userPrincipalName or mail nickname starts with krbtgt.</summary>
        Task<IReadOnlyList<DirectoryAccount>> ReadKrbtgtAccountsAsync(CancellationToken cancellationToken);

        /// <summary>Every directory role definition, built-in and custom
        /// (<c>roleManagement/directory/roleDefinitions</c>).</summary>
        Task<IReadOnlyList<RoleDefinition>> ReadRoleDefinitionsAsync(CancellationToken cancellationToken);

        /// <summary>The tenant's default restrictions on app credentials
        /// (<c>policies/defaultAppManagementPolicy</c>).</summary>
        Task<AppManagementSettings> ReadDefaultAppManagementPolicyAsync(CancellationToken cancellationToken);

        /// <summary>The Microsoft 365 groups (groupTypes Unified), with their visibility.</summary>
        Task<IReadOnlyList<DirectoryGroup>> ReadMicrosoftGroupsAsync(CancellationToken cancellationToken);

        /// <summary>The dynamic groups (groupTypes DynamicMembership), with their membership rules.</summary>
        Task<IReadOnlyList<DirectoryGroup>> ReadDynamicGroupsAsync(CancellationToken cancellationToken);

        /// <summary>Who may report a suspicious MFA prompt (Graph beta).</summary>
        Task<SuspiciousActivityReporting> ReadSuspiciousActivityReportingAsync(CancellationToken cancellationToken);

        /// <summary>Premium licences against the users of premium features (Graph beta).</summary>
        Task<PremiumLicenseInsight> ReadPremiumLicenseInsightAsync(CancellationToken cancellationToken);

        /// <summary>The groups with these object ids, with whether they are role-assignable or sit in a restricted
        /// management administrative unit; an id no group has is absent.</summary>
        Task<IReadOnlyList<ConditionalAccessGroup>> ReadConditionalAccessGroupsAsync(
            IReadOnlyList<string> groupIds,
            CancellationToken cancellationToken
        );

        /// <summary>The users the MFA registration report lists as not registered for MFA.</summary>
        Task<IReadOnlyList<UserMfaRegistration>> ReadUsersWithoutMfaAsync(CancellationToken cancellationToken);

        /// <summary>The Conditional Access policies with their agent identity conditions (Graph beta).</summary>
        Task<IReadOnlyList<ConditionalAccessPolicy>> ReadAgentConditionalAccessPoliciesAsync(
            CancellationToken cancellationToken
        );

        /// <summary>The PIM security alerts of the directory roles, each with its incidents (Graph beta).</summary>
        Task<IReadOnlyList<RoleManagementAlert>> ReadRoleManagementAlertsAsync(CancellationToken cancellationToken);

        /// <summary>Entitlement management's catalogs with their resources.</summary>
        Task<IReadOnlyList<AccessPackageCatalog>> ReadAccessPackageCatalogsAsync(CancellationToken cancellationToken);

        /// <summary>The access packages with their catalogs and the scopes of the roles they assign.</summary>
        Task<IReadOnlyList<AccessPackage>> ReadAccessPackagesAsync(CancellationToken cancellationToken);

        /// <summary>Every access package assignment policy.</summary>
        Task<IReadOnlyList<AssignmentPolicy>> ReadAccessPackagePoliciesAsync(CancellationToken cancellationToken);

        /// <summary>The users (with accountEnabled) and groups (with whether they have a member) among these ids; an
        /// id the directory does not have is absent.</summary>
        Task<IReadOnlyList<DirectoryApprover>> ReadApproversAsync(
            IReadOnlyList<string> userIds,
            IReadOnlyList<string> groupIds,
            CancellationToken cancellationToken
        );
    }

    /// <summary>One part of the tenant's configuration could not be read; the message says why and what would fix
    /// it.</summary>
    public sealed class PostureSourceException : Exception
    {
        public PostureSourceException(string message, Exception? inner = null)
            : base(message, inner) { }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture
{
    /// <summary>The parts of a tenant's configuration a check can need; a run reads only the parts its checks
    /// need.</summary>
    [Flags]
    public enum PostureData : long
    {
        None = 0,
        Organization = 1L << 0,
        SubscribedSkus = 1L << 1,
        SecurityDefaults = 1L << 2,
        ConditionalAccessPolicies = 1L << 3,
        AuthorizationPolicy = 1L << 4,
        ActiveRoleAssignments = 1L << 5,
        EligibleRoleAssignments = 1L << 6,
        Applications = 1L << 7,
        ServicePrincipals = 1L << 8,
        AuthenticationMethodsPolicy = 1L << 9,
        AdminConsentRequestPolicy = 1L << 10,
        Domains = 1L << 11,
        RoleManagementPolicies = 1L << 12,
        GroupSettings = 1L << 13,

        /// <summary>Which users and groups the policies name still exist (looked up after the policies).</summary>
        DirectoryObjects = 1L << 14,

        /// <summary>The directory's role definitions, read only when a Conditional Access policy names a role
        /// EntraGuard does not know as built in.</summary>
        RoleDefinitions = 1L << 17,

        /// <summary>The Microsoft 365 groups (EGP087).</summary>
        MicrosoftGroups = 1L << 18,

        /// <summary>The dynamic groups (EGP086).</summary>
        DynamicGroups = 1L << 19,

        /// <summary>The users holding privileged roles; read after the role assignments, which name them.</summary>
        PrivilegedUsers = 1L << 20,

        /// <summary>The Microsoft Graph permissions service principals hold; read once the service principals name
        /// Graph's own.</summary>
        GraphPermissions = 1L << 21,

        /// <summary>Who may report a suspicious MFA prompt (Graph beta, EGP107).</summary>
        SuspiciousActivityReporting = 1L << 22,

        /// <summary>Premium licences against premium feature use (Graph beta, EGP108).</summary>
        PremiumLicenseInsight = 1L << 23,

        DeviceRegistrationPolicy = 1L << 24,
        OnPremisesSynchronization = 1L << 25,
        KrbtgtAccounts = 1L << 26,
        DefaultAppManagementPolicy = 1L << 28,

        /// <summary>When the users holding privileged roles last signed in; read after the role assignments, apart
        /// from the users read (it needs AuditLog.Read.All and Entra ID P1).</summary>
        PrivilegedSignIns = 1L << 29,

        /// <summary>Entitlement management's catalogs with their resources.</summary>
        AccessPackageCatalogs = 1L << 32,

        /// <summary>The access packages with the resource roles they assign.</summary>
        AccessPackages = 1L << 33,

        /// <summary>The access packages' assignment policies.</summary>
        AccessPackagePolicies = 1L << 34,

        /// <summary>The users and groups the access packages' approval stages name; read after the policies.</summary>
        AccessPackageApprovers = 1L << 35,

        /// <summary>The groups enabled and report-only Conditional Access policies name, with what protects their
        /// membership; read after the policies (EGP088).</summary>
        ConditionalAccessGroups = 1L << 36,

        /// <summary>The users the MFA registration report lists as not registered (EGP067).</summary>
        UsersWithoutMfa = 1L << 37,

        /// <summary>The Conditional Access policies as Graph beta returns them, with the agent identity conditions
        /// v1.0 leaves out (EGP068); read only when a check needs them.</summary>
        AgentConditionalAccessPolicies = 1L << 38,

        /// <summary>The security alerts of Privileged Identity Management for directory roles, with their incidents
        /// (Graph beta, EGP069).</summary>
        RoleManagementAlerts = 1L << 39,
    }

    /// <summary>
    /// Where in Microsoft Graph a part of the snapshot comes from: the request, its <c>$select</c>, and the
    /// least-privileged permission that reads it. The Graph source issues exactly these requests, and the
    /// documentation lists them from here. Every request goes to v1.0 except those marked <see cref="Beta"/>.
    /// </summary>
    public sealed class PostureDataSource
    {
        private PostureDataSource(
            PostureData part,
            string path,
            string select,
            string? expand,
            string permission,
            string? note,
            string method = "GET",
            bool beta = false
        )
        {
            Beta = beta;
            Method = method;
            Part = part;
            Path = path;
            Select = select;
            Expand = expand;
            Permission = permission;
            Note = note;
        }

        public PostureData Part { get; }

        /// <summary>Served by Graph's beta endpoint only: the same seam, and a refusal skips only its checks.</summary>
        public bool Beta { get; }

        /// <summary>GET, or POST for a lookup that sends what it looks up in the body.</summary>
        public string Method { get; }

        /// <summary>The request path relative to the Graph base URL (no leading slash).</summary>
        public string Path { get; }

        /// <summary>The path as progress and reports name the read: a beta read's starts with <c>beta/</c>.</summary>
        public string ReadPath => Beta ? "beta/" + Path : Path;

        /// <summary>The <c>$select</c> list, comma-separated.</summary>
        public string Select { get; }

        public string? Expand { get; }

        /// <summary>The least-privileged application or delegated permission that allows the request.</summary>
        public string Permission { get; }

        public string? Note { get; }

        public IReadOnlyList<string> SelectFields => Select.Split(',');

        public override string ToString() =>
            Method != "GET" ? $"{Method} {Path}"
            : Beta && Expand is null ? $"GET (beta) {Path}?$select={Select}"
            : Beta ? $"GET (beta) {Path}?$select={Select}&$expand={Expand}"
            : Expand is null ? $"GET {Path}?$select={Select}"
            : $"GET {Path}?$select={Select}&$expand={Expand}";

        public static readonly PostureDataSource Organization = new(
            PostureData.Organization,
            "organization",
            "id,displayName,onPremisesSyncEnabled",
            null,
            "Organization.Read.All",
            "tells apart this tenant's own applications from other tenants' multi-tenant apps, and says whether "
                + "the tenant synchronizes from on premises"
        );

        public static readonly PostureDataSource SubscribedSkus = new(
            PostureData.SubscribedSkus,
            "subscribedSkus",
            "skuId,skuPartNumber,capabilityStatus,servicePlans",
            null,
            "Organization.Read.All",
            "Microsoft Entra ID P1 / P2 / Governance service plans decide which checks apply"
        );

        public static readonly PostureDataSource SecurityDefaults = new(
            PostureData.SecurityDefaults,
            "policies/identitySecurityDefaultsEnforcementPolicy",
            "isEnabled",
            null,
            "Policy.Read.All",
            null
        );

        public static readonly PostureDataSource ConditionalAccessPolicies = new(
            PostureData.ConditionalAccessPolicies,
            "identity/conditionalAccess/policies",
            "id,displayName,state,conditions,grantControls,sessionControls",
            null,
            "Policy.Read.All",
            null
        );

        public static readonly PostureDataSource AuthorizationPolicy = new(
            PostureData.AuthorizationPolicy,
            "policies/authorizationPolicy",
            "defaultUserRolePermissions,guestUserRoleId,allowInvitesFrom,allowedToSignUpEmailBasedSubscriptions,"
                + "allowEmailVerifiedUsersToJoinOrganization,allowUserConsentForRiskyApps,allowedToUseSSPR",
            null,
            "Policy.Read.All",
            null
        );

        public static readonly PostureDataSource AuthenticationMethodsPolicy = new(
            PostureData.AuthenticationMethodsPolicy,
            "policies/authenticationMethodsPolicy",
            "policyMigrationState,authenticationMethodConfigurations",
            null,
            "Policy.Read.All",
            "the method configurations come inline with the policy"
        );

        public static readonly PostureDataSource AdminConsentRequestPolicy = new(
            PostureData.AdminConsentRequestPolicy,
            "policies/adminConsentRequestPolicy",
            "isEnabled,reviewers,notifyReviewers,remindersEnabled,requestDurationInDays",
            null,
            "Policy.Read.All",
            null
        );

        public static readonly PostureDataSource RoleManagementPolicies = new(
            PostureData.RoleManagementPolicies,
            "policies/roleManagementPolicyAssignments",
            "roleDefinitionId,policyId",
            "policy($expand=rules)",
            "RoleManagementPolicy.Read.Directory",
            "$filter=scopeId eq '/' and scopeType eq 'DirectoryRole': every directory role's PIM settings at once"
        );

        public static readonly PostureDataSource Domains = new(
            PostureData.Domains,
            "domains",
            "id,isVerified,passwordValidityPeriodInDays",
            null,
            "Domain.Read.All",
            null
        );

        public static readonly PostureDataSource GroupSettings = new(
            PostureData.GroupSettings,
            "groupSettings",
            "displayName,templateId,values",
            null,
            "GroupSettings.Read.All",
            "the tenant-wide settings objects (password protection and smart lockout, Microsoft 365 groups, "
                + "legacy consent settings)"
        );

        public static readonly PostureDataSource DeviceRegistrationPolicy = new(
            PostureData.DeviceRegistrationPolicy,
            "policies/deviceRegistrationPolicy",
            "multiFactorAuthConfiguration,azureADJoin",
            null,
            "Policy.Read.DeviceConfiguration",
            "who may join devices, who becomes their local administrator, MFA to register (served by v1.0)"
        );

        public static readonly PostureDataSource OnPremisesSynchronization = new(
            PostureData.OnPremisesSynchronization,
            "directory/onPremisesSynchronization",
            "id,features",
            null,
            "OnPremDirectorySynchronization.Read.All",
            "delegated only (Graph offers no application permission): a run signed in as an application skips the "
                + "checks that need it"
        );

        public static readonly PostureDataSource KrbtgtAccounts = new(
            PostureData.KrbtgtAccounts,
            "users",
            "id,displayName,userPrincipalName,mailNickname,onPremisesSyncEnabled,onPremisesSamAccountName,"
                + "onPremisesDistinguishedName",
            null,
            "User.Read.All",
            "$filter=startswith(displayName,'krbtgt') or startswith(userPrincipalName,'krbtgt') or "
                + "startswith(mailNickname,'krbtgt'): the few accounts named like the Kerberos key account"
        );

        public static readonly PostureDataSource RoleDefinitions = new(
            PostureData.RoleDefinitions,
            "roleManagement/directory/roleDefinitions",
            "id,templateId,displayName",
            null,
            "RoleManagement.Read.Directory",
            "only when a Conditional Access policy names a role that is not one of the built-in roles EntraGuard "
                + "knows (its privileged roles and Directory Synchronization Accounts); one request for every role"
        );

        public static readonly PostureDataSource DefaultAppManagementPolicy = new(
            PostureData.DefaultAppManagementPolicy,
            "policies/defaultAppManagementPolicy",
            "isEnabled,applicationRestrictions,servicePrincipalRestrictions",
            null,
            "Policy.Read.All",
            "the tenant-wide restrictions on app secrets and certificates (enforced with Workload ID Premium)"
        );

        public static readonly PostureDataSource MicrosoftGroups = new(
            PostureData.MicrosoftGroups,
            "groups",
            "id,displayName,groupTypes,visibility",
            null,
            "GroupMember.Read.All",
            "$filter=groupTypes/any(c:c eq 'Unified'), $top=999, every page: the Microsoft 365 groups (Graph does "
                + "not filter on visibility, so the public ones are picked from these)"
        );

        public static readonly PostureDataSource DynamicGroups = new(
            PostureData.DynamicGroups,
            "groups",
            "id,displayName,groupTypes,membershipRule,membershipRuleProcessingState",
            null,
            "GroupMember.Read.All",
            "$filter=groupTypes/any(c:c eq 'DynamicMembership'), $top=999: only the dynamic groups, with their rules"
        );

        public static readonly PostureDataSource SuspiciousActivityReporting = new(
            PostureData.SuspiciousActivityReporting,
            "policies/authenticationMethodsPolicy",
            "reportSuspiciousActivitySettings",
            null,
            "Policy.Read.All",
            "beta: v1.0 does not return reportSuspiciousActivitySettings",
            beta: true
        );

        public static readonly PostureDataSource PremiumLicenseInsight = new(
            PostureData.PremiumLicenseInsight,
            "reports/azureADPremiumLicenseInsight",
            "entitledP1LicenseCount,entitledP2LicenseCount,p1FeatureUtilizations,p2FeatureUtilizations",
            null,
            "Reports.Read.All",
            "beta only; tenants without Entra ID P1 or P2 get 403 missingLicense",
            beta: true
        );

        public static readonly PostureDataSource AgentConditionalAccessPolicies = new(
            PostureData.AgentConditionalAccessPolicies,
            "identity/conditionalAccess/policies",
            "id,displayName,state,conditions,grantControls",
            null,
            "Policy.Read.All",
            "beta: v1.0 does not return conditions.agentIdRiskLevels or the agent identities a policy targets",
            beta: true
        );

        public static readonly PostureDataSource RoleManagementAlerts = new(
            PostureData.RoleManagementAlerts,
            "identityGovernance/roleManagementAlerts/alerts",
            "id,alertDefinitionId,isActive,incidentCount",
            "alertIncidents",
            "RoleManagementAlert.Read.Directory",
            "beta only, $filter=scopeId eq '/' and scopeType eq 'DirectoryRole' (Graph requires it): every PIM alert "
                + "of the directory roles with its incidents in one request",
            beta: true
        );

        public static readonly PostureDataSource RoleAssignmentSchedules = new(
            PostureData.ActiveRoleAssignments,
            "roleManagement/directory/roleAssignmentSchedules",
            "id,principalId,roleDefinitionId,directoryScopeId,assignmentType,scheduleInfo",
            "principal",
            "RoleManagement.Read.Directory",
            "active assignments with their end dates; tenants with PIM (Entra ID P2 or Governance)"
        );

        public static readonly PostureDataSource RoleAssignments = new(
            PostureData.ActiveRoleAssignments,
            "roleManagement/directory/roleAssignments",
            "id,principalId,roleDefinitionId,directoryScopeId",
            "principal",
            "RoleManagement.Read.Directory",
            "tenants without PIM, one request per role ($filter=roleDefinitionId eq '{template id}'), every role in "
                + "one request when EGP081 runs; all such assignments are permanent"
        );

        public static readonly PostureDataSource RoleEligibilitySchedules = new(
            PostureData.EligibleRoleAssignments,
            "roleManagement/directory/roleEligibilitySchedules",
            "id,principalId,roleDefinitionId,directoryScopeId,scheduleInfo",
            "principal",
            "RoleManagement.Read.Directory",
            "tenants with PIM only"
        );

        public static readonly PostureDataSource Applications = new(
            PostureData.Applications,
            "applications",
            "id,appId,displayName,signInAudience,passwordCredentials,keyCredentials",
            "owners($select=id)",
            "Application.Read.All",
            "$top=999, every page; the owners come inline (Graph expands up to 20 an application)"
        );

        public static readonly PostureDataSource ServicePrincipals = new(
            PostureData.ServicePrincipals,
            "servicePrincipals",
            "id,appId,displayName,appOwnerOrganizationId,servicePrincipalType,preferredSingleSignOnMode,"
                + "passwordCredentials,keyCredentials,appRoleAssignmentRequired,accountEnabled",
            null,
            "Application.Read.All",
            "$top=999, every page"
        );

        public static readonly PostureDataSource PrivilegedUsers = new(
            PostureData.PrivilegedUsers,
            "users",
            "id,displayName,userPrincipalName,userType,onPremisesSyncEnabled,onPremisesImmutableId,provisionedPlans",
            null,
            "User.Read.All",
            "only the users holding privileged roles (any role when EGP081 runs), active or eligible: "
                + "$filter=id in ('…', '…'), up to 15 a request"
        );

        public static readonly PostureDataSource PrivilegedSignIns = new(
            PostureData.PrivilegedSignIns,
            "users",
            "id,displayName,userPrincipalName,createdDateTime,signInActivity",
            null,
            "AuditLog.Read.All",
            "only the users holding privileged roles, active or eligible: $filter=id in ('…', '…'), up to 15 a "
                + "request; Graph returns signInActivity only with Entra ID P1 (and User.Read.All)"
        );

        public static readonly PostureDataSource GraphAppRoles = new(
            PostureData.GraphPermissions,
            "servicePrincipals/{id}",
            "id,appRoles",
            null,
            "Application.Read.All",
            "Microsoft Graph's service principal (its id from the service principals read): the names of its "
                + "application permissions"
        );

        public static readonly PostureDataSource GraphAppRoleAssignments = new(
            PostureData.GraphPermissions,
            "servicePrincipals/{id}/appRoleAssignedTo",
            "principalId,principalType,principalDisplayName,appRoleId",
            null,
            "Application.Read.All",
            "every application permission granted on Microsoft Graph; $top=999, every page"
        );

        public static readonly PostureDataSource GraphDelegatedGrants = new(
            PostureData.GraphPermissions,
            "oauth2PermissionGrants",
            "clientId,consentType,principalId,scope",
            null,
            "Application.Read.All",
            "$filter=resourceId eq '{id}': every delegated grant on Microsoft Graph, every page"
        );

        /// <summary>
        /// Not a part a check needs: the lookup of break-glass accounts the settings name by userPrincipalName, made
        /// only when they do (up to 15 names a request).
        /// </summary>
        public static readonly PostureDataSource BreakGlassUsers = new(
            PostureData.None,
            "users",
            "id,userPrincipalName",
            null,
            "User.ReadBasic.All",
            "only when posture.breakGlassAccounts names users by userPrincipalName: "
                + "$filter=userPrincipalName in ('…', '…')"
        );

        public static readonly PostureDataSource DirectoryObjects = new(
            PostureData.DirectoryObjects,
            "directoryObjects/getByIds",
            "id",
            null,
            "Directory.Read.All",
            "only the user and group ids the read policies name, 1000 a request (body {\"ids\":[…],\"types\":"
                + "[\"user\",\"group\"]}); none named, no request",
            "POST"
        );

        public static readonly PostureDataSource AccessPackageCatalogs = new(
            PostureData.AccessPackageCatalogs,
            "identityGovernance/entitlementManagement/catalogs",
            "id,displayName",
            "resources($select=id,displayName,originId,originSystem)",
            "EntitlementManagement.Read.All",
            "every catalog with its resources inline, every page (Entra ID P2 or Governance)"
        );

        public static readonly PostureDataSource AccessPackages = new(
            PostureData.AccessPackages,
            "identityGovernance/entitlementManagement/accessPackages",
            "id,displayName",
            "catalog($select=id),resourceRoleScopes($expand=scope)",
            "EntitlementManagement.Read.All",
            "every access package with its catalog and the scope of each resource role it assigns, every page"
        );

        public static readonly PostureDataSource AccessPackagePolicies = new(
            PostureData.AccessPackagePolicies,
            "identityGovernance/entitlementManagement/assignmentPolicies",
            "id,displayName,allowedTargetScope,specificAllowedTargets,requestorSettings,requestApprovalSettings",
            "accessPackage($select=id,displayName)",
            "EntitlementManagement.Read.All",
            "every assignment policy of every access package, with its package, every page"
        );

        public static readonly PostureDataSource ApproverUsers = new(
            PostureData.AccessPackageApprovers,
            "users",
            "id,displayName,accountEnabled",
            null,
            "User.Read.All",
            "only the users named by the approval stages of policies that require approval, after the policies: "
                + "$filter=id in ('…', '…'), up to 15 a request"
        );

        public static readonly PostureDataSource ApproverGroups = new(
            PostureData.AccessPackageApprovers,
            "groups",
            "id,displayName",
            "members($select=id)",
            "GroupMember.Read.All",
            "only the groups named by the approval stages of policies that require approval, after the policies: "
                + "$filter=id in ('…', '…'), up to 15 a request, with their members inline (Graph returns up to 20, "
                + "enough to see one)"
        );

        public static readonly PostureDataSource ConditionalAccessGroups = new(
            PostureData.ConditionalAccessGroups,
            "groups",
            "id,displayName,isAssignableToRole,isManagementRestricted",
            null,
            "GroupMember.Read.All",
            "only the groups enabled or report-only Conditional Access policies include or exclude: "
                + "$filter=id in ('…', '…'), up to 15 a request; none named, no request (isManagementRestricted: the "
                + "group sits in a restricted management administrative unit)"
        );

        public static readonly PostureDataSource UsersWithoutMfa = new(
            PostureData.UsersWithoutMfa,
            "reports/authenticationMethods/userRegistrationDetails",
            "id,userPrincipalName,userDisplayName,isMfaRegistered",
            null,
            "AuditLog.Read.All",
            "$filter=isMfaRegistered eq false, every page: only the users without MFA registered (the report filters "
                + "on its flags, not on id, so this is one read instead of one per owner); Entra ID P1"
        );

        /// <summary>Every request the posture checks can make.</summary>
        public static IReadOnlyList<PostureDataSource> All { get; } =
            new[]
            {
                Organization,
                SubscribedSkus,
                SecurityDefaults,
                ConditionalAccessPolicies,
                AuthorizationPolicy,
                RoleAssignmentSchedules,
                RoleAssignments,
                RoleEligibilitySchedules,
                Applications,
                ServicePrincipals,
                AuthenticationMethodsPolicy,
                AdminConsentRequestPolicy,
                Domains,
                RoleManagementPolicies,
                GroupSettings,
                PrivilegedUsers,
                GraphAppRoles,
                GraphAppRoleAssignments,
                GraphDelegatedGrants,
                DirectoryObjects,
                DeviceRegistrationPolicy,
                OnPremisesSynchronization,
                KrbtgtAccounts,
                RoleDefinitions,
                DefaultAppManagementPolicy,
                PrivilegedSignIns,
                MicrosoftGroups,
                DynamicGroups,
                SuspiciousActivityReporting,
                PremiumLicenseInsight,
                AccessPackageCatalogs,
                AccessPackages,
                AccessPackagePolicies,
                ApproverUsers,
                ApproverGroups,
                ConditionalAccessGroups,
                UsersWithoutMfa,
                AgentConditionalAccessPolicies,
                RoleManagementAlerts,
            };

        /// <summary>The requests that can serve these parts.</summary>
        public static IReadOnlyList<PostureDataSource> For(PostureData parts) =>
            All.Where(source => (parts & source.Part) != 0).ToArray();

        /// <summary>The distinct permissions that cover these parts, sorted.</summary>
        public static IReadOnlyList<string> PermissionsFor(PostureData parts) =>
            For(parts)
                .Select(source => source.Permission)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToArray();
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Xml;

namespace EntraGuard.Posture
{
    /// <summary>One page of a Graph collection as the posture checks see it: the items and the link to the next
    /// page.</summary>
    public sealed class GraphPage<T>
    {
        public GraphPage(IReadOnlyList<T> items, string? nextLink)
        {
            Items = items;
            NextLink = nextLink;
        }

        public IReadOnlyList<T> Items { get; }
        public string? NextLink { get; }
    }

    /// <summary>A Graph response that does not have the shape the posture checks expect.</summary>
    public sealed class GraphPayloadException : Exception
    {
        public GraphPayloadException(string resource, string problem, Exception? inner = null)
            : base($"{resource}: {problem}", inner) { }

        /// <summary>
        /// True when the body is not JSON at all, as a response cut short looks (worth asking again); false when it is
        /// JSON of the wrong shape (a missing or null value), which asking again will not change.
        /// </summary>
        public bool IsUnparsed => InnerException is JsonException;
    }

    /// <summary>
    /// Reads Microsoft Graph (v1.0) response bodies into the posture snapshot's models, straight from JSON. Values
    /// keep Graph's spelling, including enum members newer than the Graph SDK (Conditional Access gains grant
    /// controls and conditions faster than SDK releases follow). Secrets never come through: <c>secretText</c>,
    /// <c>hint</c> and <c>key</c> are not read.
    /// </summary>
    public static class GraphPostureJson
    {
        public static OrganizationSettings ReadOrganization(Stream body) =>
            Parse(
                body,
                "organization",
                root =>
                    Values(root, "organization")
                        .Where(o => Text(o, "id") is { Length: > 0 })
                        .Select(o => new OrganizationSettings
                        {
                            Id = Text(o, "id")!,
                            OnPremisesSyncEnabled = Flag(o, "onPremisesSyncEnabled"),
                        })
                        .FirstOrDefault()
                    ?? throw new GraphPayloadException("organization", "the response names no organization")
            );

        /// <summary>The features of the tenant's one synchronization object; a list without one is unreadable
        /// rather than "nothing blocked".</summary>
        public static OnPremisesSyncFeatures ReadOnPremisesSyncFeatures(Stream body) =>
            Parse(
                body,
                "onPremisesSynchronization",
                root =>
                    Values(root, "onPremisesSynchronization")
                        .Select(sync => Object(sync, "features"))
                        .Where(features => features.ValueKind == JsonValueKind.Object)
                        .Select(features => new OnPremisesSyncFeatures
                        {
                            BlockSoftMatch = Flag(features, "blockSoftMatchEnabled"),
                            BlockHardMatch = Flag(features, "blockCloudObjectTakeoverThroughHardMatchEnabled"),
                        })
                        .FirstOrDefault()
                    ?? throw new GraphPayloadException(
                        "onPremisesSynchronization",
                        "the response holds no synchronization features"
                    )
            );

        public static GraphPage<DirectoryAccount> ReadDirectoryAccounts(Stream body) =>
            Page(
                body,
                "users",
                user => new DirectoryAccount
                {
                    Id = Text(user, "id") ?? "",
                    DisplayName = Text(user, "displayName"),
                    UserPrincipalName = Text(user, "userPrincipalName"),
                    MailNickname = Text(user, "mailNickname"),
                    OnPremisesSyncEnabled = Flag(user, "onPremisesSyncEnabled") == true,
                    OnPremisesSamAccountName = Text(user, "onPremisesSamAccountName"),
                    OnPremisesDistinguishedName = Text(user, "onPremisesDistinguishedName"),
                }
            );

        /// <summary>Groups, with whichever of visibility and the membership rule the request selected.</summary>
        public static GraphPage<DirectoryGroup> ReadGroups(Stream body) =>
            Page(
                body,
                "groups",
                group => new DirectoryGroup
                {
                    Id = Text(group, "id") ?? "",
                    DisplayName = Text(group, "displayName"),
                    GroupTypes = Strings(group, "groupTypes"),
                    Visibility = Text(group, "visibility"),
                    MembershipRule = Text(group, "membershipRule"),
                    MembershipRuleProcessingState = Text(group, "membershipRuleProcessingState"),
                }
            );

        public static GraphPage<ConditionalAccessGroup> ReadConditionalAccessGroups(Stream body) =>
            Page(
                body,
                "groups",
                group => new ConditionalAccessGroup
                {
                    Id = Text(group, "id") ?? throw new GraphPayloadException("groups", "a group without an id"),
                    DisplayName = Text(group, "displayName"),
                    IsAssignableToRole = Flag(group, "isAssignableToRole") == true,
                    IsManagementRestricted = Flag(group, "isManagementRestricted") == true,
                }
            );

        public static GraphPage<UserMfaRegistration> ReadUserMfaRegistrations(Stream body) =>
            Page(
                body,
                "reports/authenticationMethods/userRegistrationDetails",
                user => new UserMfaRegistration
                {
                    Id =
                        Text(user, "id")
                        ?? throw new GraphPayloadException("userRegistrationDetails", "a user without an id"),
                    UserPrincipalName = Text(user, "userPrincipalName"),
                    DisplayName = Text(user, "userDisplayName"),
                    IsMfaRegistered = Flag(user, "isMfaRegistered"),
                }
            );

        public static GraphPage<AccessPackageCatalog> ReadAccessPackageCatalogs(Stream body) =>
            Page(
                body,
                "catalogs",
                catalog => new AccessPackageCatalog
                {
                    Id = Text(catalog, "id") ?? "",
                    DisplayName = Text(catalog, "displayName"),
                    Resources = Objects(catalog, "resources").Select(EntitlementResourceOf).ToArray(),
                }
            );

        public static GraphPage<AccessPackage> ReadAccessPackages(Stream body) =>
            Page(
                body,
                "accessPackages",
                package => new AccessPackage
                {
                    Id = Text(package, "id") ?? "",
                    DisplayName = Text(package, "displayName"),
                    CatalogId = Text(Object(package, "catalog"), "id"),
                    RoleScopes = Objects(package, "resourceRoleScopes")
                        .Select(roleScope => Object(roleScope, "scope"))
                        .Where(scope => scope.ValueKind == JsonValueKind.Object)
                        .Select(EntitlementResourceOf)
                        .ToArray(),
                }
            );

        public static GraphPage<AssignmentPolicy> ReadAccessPackagePolicies(Stream body) =>
            Page(
                body,
                "assignmentPolicies",
                policy =>
                {
                    var requestors = Object(policy, "requestorSettings");
                    var approval = Object(policy, "requestApprovalSettings");
                    var package = Object(policy, "accessPackage");
                    return new AssignmentPolicy
                    {
                        Id = Text(policy, "id") ?? "",
                        DisplayName = Text(policy, "displayName"),
                        AccessPackageId = Text(package, "id"),
                        AccessPackageName = Text(package, "displayName"),
                        AllowedTargetScope = Text(policy, "allowedTargetScope"),
                        SpecificAllowedTargetCount = Objects(policy, "specificAllowedTargets").Count(),
                        SelfRequestsAccepted = Flag(requestors, "enableTargetsToSelfAddAccess"),
                        OnBehalfRequestsAccepted = Flag(requestors, "enableOnBehalfRequestorsToAddAccess"),
                        ApprovalRequired = Flag(approval, "isApprovalRequiredForAdd"),
                        ApprovalStages = Objects(approval, "stages")
                            .Select(stage => new ApprovalStage
                            {
                                PrimaryApprovers = Objects(stage, "primaryApprovers").Select(ApproverOf).ToArray(),
                                FallbackApprovers = Objects(stage, "fallbackPrimaryApprovers")
                                    .Select(ApproverOf)
                                    .ToArray(),
                            })
                            .ToArray(),
                    };
                }
            );

        public static GraphPage<DirectoryApprover> ReadApproverUsers(Stream body) =>
            Page(
                body,
                "users",
                user => new DirectoryApprover
                {
                    Id = Text(user, "id") ?? "",
                    DisplayName = Text(user, "displayName"),
                    AccountEnabled = Flag(user, "accountEnabled"),
                }
            );

        public static GraphPage<DirectoryApprover> ReadApproverGroups(Stream body) =>
            Page(
                body,
                "groups",
                group => new DirectoryApprover
                {
                    Id = Text(group, "id") ?? "",
                    DisplayName = Text(group, "displayName"),
                    IsGroup = true,
                    HasMembers = Property(group, "members") is { ValueKind: JsonValueKind.Array } members
                        ? members.GetArrayLength() > 0
                        : null,
                }
            );

        private static EntitlementResource EntitlementResourceOf(JsonElement resource) =>
            new()
            {
                DisplayName = Text(resource, "displayName"),
                OriginId = Text(resource, "originId"),
                OriginSystem = Text(resource, "originSystem"),
            };

        // A subject set names its object as userId or groupId by its type; the relations name nobody.
        private static Approver ApproverOf(JsonElement subjectSet) =>
            new()
            {
                Kind = (Text(subjectSet, "@odata.type") ?? "").Replace("#microsoft.graph.", ""),
                ObjectId = Text(subjectSet, "userId") ?? Text(subjectSet, "groupId"),
            };

        public static GraphPage<SubscribedSku> ReadSubscribedSkus(Stream body) =>
            Page(
                body,
                "subscribedSkus",
                sku => new SubscribedSku
                {
                    SkuId = Text(sku, "skuId") ?? "",
                    SkuPartNumber = Text(sku, "skuPartNumber") ?? "",
                    CapabilityStatus = Text(sku, "capabilityStatus") ?? "",
                    ServicePlans = Objects(sku, "servicePlans")
                        .Select(plan => new ServicePlan
                        {
                            ServicePlanId = Text(plan, "servicePlanId") ?? "",
                            ServicePlanName = Text(plan, "servicePlanName") ?? "",
                            ProvisioningStatus = Text(plan, "provisioningStatus") ?? "",
                        })
                        .ToArray(),
                }
            );

        public static bool ReadSecurityDefaultsEnabled(Stream body) =>
            Parse(
                body,
                "identitySecurityDefaultsEnforcementPolicy",
                root => Flag(root, "isEnabled") ?? throw NoIsEnabled("identitySecurityDefaultsEnforcementPolicy")
            );

        public static GraphPage<ConditionalAccessPolicy> ReadConditionalAccessPolicies(Stream body) =>
            Page(body, "conditionalAccess/policies", ConditionalAccessPolicyOf);

        /// <summary>The authorization policy: v1.0 answers with the object itself; older answers wrapped it in a
        /// collection.</summary>
        public static AuthorizationSettings ReadAuthorizationPolicy(Stream body) =>
            Parse(
                body,
                "authorizationPolicy",
                root =>
                {
                    var policy = Property(root, "value") is { ValueKind: JsonValueKind.Array } list
                        ? list.EnumerateArray().FirstOrDefault()
                        : root;
                    if (
                        policy.ValueKind != JsonValueKind.Object
                        || Property(policy, "defaultUserRolePermissions")
                            is not { ValueKind: JsonValueKind.Object } defaults
                    )
                    {
                        throw new GraphPayloadException(
                            "authorizationPolicy",
                            "the response has no defaultUserRolePermissions"
                        );
                    }
                    return new AuthorizationSettings
                    {
                        AllowedToCreateApps = Flag(defaults, "allowedToCreateApps"),
                        PermissionGrantPoliciesAssigned = Strings(defaults, "permissionGrantPoliciesAssigned"),
                        AllowedToCreateTenants = Flag(defaults, "allowedToCreateTenants"),
                        AllowedToCreateSecurityGroups = Flag(defaults, "allowedToCreateSecurityGroups"),
                        AllowedToReadBitlockerKeysForOwnedDevice = Flag(
                            defaults,
                            "allowedToReadBitlockerKeysForOwnedDevice"
                        ),
                        GuestUserRoleId = Text(policy, "guestUserRoleId"),
                        AllowInvitesFrom = Text(policy, "allowInvitesFrom"),
                        AllowedToSignUpEmailBasedSubscriptions = Flag(policy, "allowedToSignUpEmailBasedSubscriptions"),
                        AllowEmailVerifiedUsersToJoinOrganization = Flag(
                            policy,
                            "allowEmailVerifiedUsersToJoinOrganization"
                        ),
                        AllowUserConsentForRiskyApps = Flag(policy, "allowUserConsentForRiskyApps"),
                        AllowedToUseSspr = Flag(policy, "allowedToUseSSPR"),
                    };
                }
            );

        public static AuthenticationMethodsSettings ReadAuthenticationMethodsPolicy(Stream body) =>
            Parse(
                body,
                "authenticationMethodsPolicy",
                root => new AuthenticationMethodsSettings
                {
                    PolicyMigrationState = Text(root, "policyMigrationState"),
                    Methods = Objects(root, "authenticationMethodConfigurations")
                        .Select(method => new AuthenticationMethodSetting
                        {
                            Id = Text(method, "id") ?? "",
                            State = Text(method, "state") ?? "",
                            Values = ValuesByPath(method),
                        })
                        .ToArray(),
                }
            );

        public static AdminConsentRequestSettings ReadAdminConsentRequestPolicy(Stream body) =>
            Parse(
                body,
                "adminConsentRequestPolicy",
                root => new AdminConsentRequestSettings
                {
                    IsEnabled = Flag(root, "isEnabled") ?? throw NoIsEnabled("adminConsentRequestPolicy"),
                    ReviewerCount = Objects(root, "reviewers").Count(),
                    NotifyReviewers = Flag(root, "notifyReviewers"),
                    RemindersEnabled = Flag(root, "remindersEnabled"),
                    RequestDurationInDays = Integer(root, "requestDurationInDays"),
                }
            );

        /// <summary>Each role's PIM policy from <c>roleManagementPolicyAssignments</c>, its rules expanded.</summary>
        public static GraphPage<RoleManagementPolicy> ReadRoleManagementPolicies(Stream body) =>
            Page(
                body,
                "roleManagementPolicyAssignments",
                assignment =>
                {
                    var rules = Objects(Object(assignment, "policy"), "rules").ToArray();
                    var approval = rules.FirstOrDefault(rule => Text(rule, "id") == "Approval_EndUser_Assignment");
                    var setting = Object(approval, "setting");
                    return new RoleManagementPolicy
                    {
                        RoleDefinitionId = Text(assignment, "roleDefinitionId") ?? "",
                        ActivationNeedsApproval = Flag(setting, "isApprovalRequired"),
                        Approvers = Objects(setting, "approvalStages")
                            .Sum(stage => Objects(stage, "primaryApprovers").Count()),
                        Notifications = rules
                            .Where(rule =>
                                Text(rule, "id")?.StartsWith("Notification_", StringComparison.Ordinal) == true
                            )
                            .ToDictionary(
                                rule => Text(rule, "id")!,
                                rule => new RoleNotification
                                {
                                    DefaultRecipients = Flag(rule, "isDefaultRecipientsEnabled") == true,
                                    Recipients = Strings(rule, "notificationRecipients"),
                                },
                                StringComparer.Ordinal
                            ),
                    };
                }
            );

        public static GraphPage<DomainPasswordPolicy> ReadDomains(Stream body) =>
            Page(
                body,
                "domains",
                domain => new DomainPasswordPolicy
                {
                    Id = Text(domain, "id") ?? "",
                    IsVerified = Flag(domain, "isVerified") == true,
                    PasswordValidityPeriodInDays = Integer(domain, "passwordValidityPeriodInDays"),
                }
            );

        /// <summary>The tenant-wide settings objects; a value without a name is left out.</summary>
        public static GraphPage<GroupSetting> ReadGroupSettings(Stream body) =>
            Page(
                body,
                "groupSettings",
                setting => new GroupSetting
                {
                    TemplateId = Text(setting, "templateId") ?? "",
                    DisplayName = Text(setting, "displayName") ?? "",
                    Values = Objects(setting, "values")
                        .Where(value => Text(value, "name") is { Length: > 0 })
                        .GroupBy(value => Text(value, "name")!, StringComparer.OrdinalIgnoreCase)
                        .ToDictionary(
                            named => named.Key,
                            named => Text(named.First(), "value") ?? "",
                            StringComparer.OrdinalIgnoreCase
                        ),
                }
            );

        public static DeviceRegistrationSettings ReadDeviceRegistrationPolicy(Stream body) =>
            Parse(
                body,
                "deviceRegistrationPolicy",
                root =>
                {
                    var join = Object(root, "azureADJoin");
                    var localAdmins = Object(join, "localAdmins");
                    return new DeviceRegistrationSettings
                    {
                        MultiFactorAuthConfiguration = Text(root, "multiFactorAuthConfiguration"),
                        AllowedToJoin = MembershipOf(Object(join, "allowedToJoin")),
                        GlobalAdminsAreLocalAdmins = Flag(localAdmins, "enableGlobalAdmins"),
                        RegisteringUsersAsLocalAdmins = MembershipOf(Object(localAdmins, "registeringUsers")),
                    };
                }
            );

        public static SuspiciousActivityReporting ReadSuspiciousActivityReporting(Stream body) =>
            Parse(
                body,
                "authenticationMethodsPolicy (beta)",
                root =>
                {
                    var settings = Object(root, "reportSuspiciousActivitySettings");
                    return new SuspiciousActivityReporting
                    {
                        State = Text(settings, "state"),
                        IncludeTargetId = Text(Object(settings, "includeTarget"), "id"),
                    };
                }
            );

        public static PremiumLicenseInsight ReadPremiumLicenseInsight(Stream body) =>
            Parse(
                body,
                "azureADPremiumLicenseInsight",
                root =>
                {
                    var p1 = Object(root, "p1FeatureUtilizations");
                    var p2 = Object(root, "p2FeatureUtilizations");
                    long? Users(JsonElement features, string feature) => Count(Object(features, feature), "userCount");
                    return new PremiumLicenseInsight
                    {
                        EntitledP1LicenseCount = Count(root, "entitledP1LicenseCount"),
                        EntitledP2LicenseCount = Count(root, "entitledP2LicenseCount"),
                        ConditionalAccessUsers = Users(p1, "conditionalAccess"),
                        ConditionalAccessGuestUsers = Users(p1, "conditionalAccessGuestUsers"),
                        RiskBasedConditionalAccessUsers = Users(p2, "riskBasedConditionalAccess"),
                        RiskBasedConditionalAccessGuestUsers = Users(p2, "riskBasedConditionalAccessGuestUsers"),
                    };
                }
            );

        /// <summary>A deviceRegistrationMembership by its type (#microsoft.graph.allDeviceRegistrationMembership
        /// → all); null when absent or untyped.</summary>
        private static DeviceRegistrationMembership? MembershipOf(JsonElement membership)
        {
            const string Prefix = "#microsoft.graph.";
            const string Suffix = "DeviceRegistrationMembership";
            if (Text(membership, "@odata.type") is not { Length: > 0 } type)
                return null;
            var name = type.StartsWith(Prefix, StringComparison.Ordinal) ? type.Substring(Prefix.Length) : type;
            return new DeviceRegistrationMembership
            {
                Kind = name.EndsWith(Suffix, StringComparison.Ordinal)
                    ? name.Substring(0, name.Length - Suffix.Length)
                    : name,
                Users = Strings(membership, "users"),
                Groups = Strings(membership, "groups"),
            };
        }

        /// <summary>Active assignments from <c>roleAssignmentSchedules</c>, with their end dates.</summary>
        /// <summary>The default app management policy (<c>policies/defaultAppManagementPolicy</c>).</summary>
        /// <summary>The Conditional Access policies as Graph beta returns them: the same shape as v1.0's, with the
        /// agent identity conditions besides.</summary>
        public static GraphPage<ConditionalAccessPolicy> ReadAgentConditionalAccessPolicies(Stream body) =>
            Page(body, "conditionalAccess/policies (beta)", ConditionalAccessPolicyOf);

        public static GraphPage<RoleManagementAlert> ReadRoleManagementAlerts(Stream body) =>
            Page(
                body,
                "roleManagementAlerts/alerts",
                alert => new RoleManagementAlert
                {
                    Id = Text(alert, "id") ?? "",
                    AlertDefinitionId = Text(alert, "alertDefinitionId"),
                    IsActive = Flag(alert, "isActive"),
                    Incidents = Objects(alert, "alertIncidents")
                        .Select(incident => new RoleManagementAlertIncident
                        {
                            Id = Text(incident, "id") ?? "",
                            AssigneeId = Text(incident, "assigneeId"),
                            AssigneeDisplayName = Text(incident, "assigneeDisplayName"),
                            AssigneeUserPrincipalName = Text(incident, "assigneeUserPrincipalName"),
                            RoleTemplateId = Text(incident, "roleTemplateId"),
                            RoleDefinitionId = Text(incident, "roleDefinitionId"),
                            RoleDisplayName = Text(incident, "roleDisplayName"),
                            LastActivationDateTime = Time(incident, "lastActivationDateTime"),
                        })
                        .ToArray(),
                }
            );

        public static AppManagementSettings ReadDefaultAppManagementPolicy(Stream body) =>
            Parse(
                body,
                "defaultAppManagementPolicy",
                policy => new AppManagementSettings
                {
                    IsEnabled = Flag(policy, "isEnabled") ?? throw NoIsEnabled("defaultAppManagementPolicy"),
                    ApplicationRestrictions = RestrictionsOf(Object(policy, "applicationRestrictions")),
                    ServicePrincipalRestrictions = RestrictionsOf(Object(policy, "servicePrincipalRestrictions")),
                }
            );

        private static IReadOnlyList<CredentialRestriction> RestrictionsOf(JsonElement configuration) =>
            Objects(configuration, "passwordCredentials")
                .Select(restriction => RestrictionOf(restriction, onSecrets: true))
                .Concat(Objects(configuration, "keyCredentials").Select(r => RestrictionOf(r, onSecrets: false)))
                .ToArray();

        private static CredentialRestriction RestrictionOf(JsonElement restriction, bool onSecrets) =>
            new()
            {
                RestrictionType = Text(restriction, "restrictionType") ?? "",
                OnSecrets = onSecrets,
                State = Text(restriction, "state"),
                MaxLifetime = Text(restriction, "maxLifetime"),
                RestrictForAppsCreatedAfter = Time(restriction, "restrictForAppsCreatedAfterDateTime"),
            };

        public static GraphPage<DirectoryRoleAssignment> ReadRoleAssignmentSchedules(Stream body) =>
            Page(body, "roleAssignmentSchedules", item => RoleAssignmentOf(item, RoleAssignmentKind.Active));

        public static GraphPage<DirectoryRoleAssignment> ReadRoleEligibilitySchedules(Stream body) =>
            Page(body, "roleEligibilitySchedules", item => RoleAssignmentOf(item, RoleAssignmentKind.Eligible));

        /// <summary>Active assignments from <c>roleAssignments</c> (no schedule: they never end on their
        /// own).</summary>
        public static GraphPage<DirectoryRoleAssignment> ReadRoleAssignments(Stream body) =>
            Page(body, "roleAssignments", item => RoleAssignmentOf(item, RoleAssignmentKind.Active));

        public static GraphPage<ApplicationObject> ReadApplications(Stream body) =>
            Page(
                body,
                "applications",
                app => new ApplicationObject
                {
                    Id = Text(app, "id") ?? "",
                    AppId = Text(app, "appId") ?? "",
                    DisplayName = Text(app, "displayName") ?? "",
                    SignInAudience = Text(app, "signInAudience"),
                    Credentials = CredentialsOf(app),
                    Owners = Property(app, "owners") is { ValueKind: JsonValueKind.Array }
                        ? Objects(app, "owners")
                            .Select(owner => new DirectoryOwner
                            {
                                Id = Text(owner, "id") ?? "",
                                Type = Text(owner, "@odata.type")?.Replace("#microsoft.graph.", ""),
                            })
                            .ToArray()
                        : null,
                }
            );

        public static GraphPage<ServicePrincipalObject> ReadServicePrincipals(Stream body) =>
            Page(
                body,
                "servicePrincipals",
                sp => new ServicePrincipalObject
                {
                    Id = Text(sp, "id") ?? "",
                    AppId = Text(sp, "appId") ?? "",
                    DisplayName = Text(sp, "displayName") ?? "",
                    AppOwnerOrganizationId = Text(sp, "appOwnerOrganizationId"),
                    ServicePrincipalType = Text(sp, "servicePrincipalType"),
                    PreferredSingleSignOnMode = Text(sp, "preferredSingleSignOnMode"),
                    Credentials = CredentialsOf(sp),
                    AppRoleAssignmentRequired = Flag(sp, "appRoleAssignmentRequired"),
                    AccountEnabled = Flag(sp, "accountEnabled"),
                }
            );

        /// <summary>Users found by userPrincipalName (<c>users?$filter=userPrincipalName in (…)</c>): each one's
        /// userPrincipalName and object id.</summary>
        public static GraphPage<KeyValuePair<string, string>> ReadUserIds(Stream body) =>
            Page(
                body,
                "users",
                user => new KeyValuePair<string, string>(
                    Text(user, "userPrincipalName") ?? "",
                    Text(user, "id") ?? throw new GraphPayloadException("users", "a user without an id")
                )
            );

        /// <summary>Users found by id (<c>users?$filter=id in (…)</c>). A property Graph left out stays unknown; one it
        /// returned as null is a known "not set".</summary>
        public static GraphPage<DirectoryUser> ReadUsers(Stream body) =>
            Page(
                body,
                "users",
                user => new DirectoryUser
                {
                    Id = Text(user, "id") ?? throw new GraphPayloadException("users", "a user without an id"),
                    DisplayName = Text(user, "displayName"),
                    UserPrincipalName = Text(user, "userPrincipalName"),
                    UserType = Text(user, "userType"),
                    OnPremisesSyncEnabled = Property(user, "onPremisesSyncEnabled") is { } synced
                        ? synced.ValueKind == JsonValueKind.True
                        : null,
                    HasImmutableId = Property(user, "onPremisesImmutableId") is { } immutable
                        ? immutable.ValueKind == JsonValueKind.String && immutable.GetString()!.Length > 0
                        : null,
                    HasMailbox = Property(user, "provisionedPlans") is { ValueKind: JsonValueKind.Array }
                        ? Objects(user, "provisionedPlans")
                            .Any(plan =>
                                string.Equals(Text(plan, "service"), "exchange", StringComparison.OrdinalIgnoreCase)
                                && string.Equals(
                                    Text(plan, "capabilityStatus"),
                                    "Enabled",
                                    StringComparison.OrdinalIgnoreCase
                                )
                            )
                        : null,
                }
            );

        /// <summary>Users' sign-in activity found by id (<c>users?$filter=id in (…)&amp;$select=…,signInActivity</c>).
        /// </summary>
        public static GraphPage<UserSignInActivity> ReadSignInActivity(Stream body) =>
            Page(
                body,
                "users",
                user =>
                {
                    var activity = Property(user, "signInActivity");
                    var dates = activity ?? default;
                    return new UserSignInActivity
                    {
                        Id = Text(user, "id") ?? throw new GraphPayloadException("users", "a user without an id"),
                        DisplayName = Text(user, "displayName"),
                        UserPrincipalName = Text(user, "userPrincipalName"),
                        CreatedDateTime = Time(user, "createdDateTime"),
                        SignInActivityReturned = activity is not null,
                        LastSuccessfulSignIn = Time(dates, "lastSuccessfulSignInDateTime"),
                        LastSignInAttempt = Time(dates, "lastSignInDateTime"),
                        LastNonInteractiveSignInAttempt = Time(dates, "lastNonInteractiveSignInDateTime"),
                    };
                }
            );

        /// <summary>A resource service principal's app roles, value by id
        /// (<c>servicePrincipals/{id}?$select=appRoles</c>).</summary>
        public static IReadOnlyDictionary<string, string> ReadAppRoles(Stream body) =>
            Parse(
                body,
                "servicePrincipals/{id}",
                root =>
                    Objects(root, "appRoles")
                        .Where(role => Text(role, "id") is { Length: > 0 } && Text(role, "value") is { Length: > 0 })
                        .GroupBy(role => Text(role, "id")!, StringComparer.OrdinalIgnoreCase)
                        .ToDictionary(g => g.Key, g => Text(g.First(), "value")!, StringComparer.OrdinalIgnoreCase)
            );

        /// <summary>Application permissions granted on a resource (<c>appRoleAssignedTo</c>); each permission is the
        /// app role id until the resource's app roles name it.</summary>
        public static GraphPage<GraphPermissionGrant> ReadAppRoleAssignedTo(Stream body) =>
            Page(
                body,
                "appRoleAssignedTo",
                assignment => new GraphPermissionGrant
                {
                    ClientId = Text(assignment, "principalId") ?? "",
                    ClientDisplayName = Text(assignment, "principalDisplayName"),
                    Permission = Text(assignment, "appRoleId") ?? "",
                }
            );

        /// <summary>Delegated grants (<c>oauth2PermissionGrants</c>): one entry per scope a grant lists.</summary>
        public static GraphPage<IReadOnlyList<GraphPermissionGrant>> ReadPermissionGrants(Stream body) =>
            Page(
                body,
                "oauth2PermissionGrants",
                grant =>
                    (IReadOnlyList<GraphPermissionGrant>)
                        (Text(grant, "scope") ?? "")
                            .Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)
                            .Select(scope => new GraphPermissionGrant
                            {
                                ClientId = Text(grant, "clientId") ?? "",
                                Permission = scope,
                                Delegated = true,
                                ConsentType = Text(grant, "consentType"),
                            })
                            .ToArray()
            );

        /// <summary>The ids of the objects a <c>directoryObjects/getByIds</c> answer returns.</summary>
        public static GraphPage<string> ReadObjectIds(Stream body) =>
            Page(
                body,
                "directoryObjects",
                item =>
                    Text(item, "id") ?? throw new GraphPayloadException("directoryObjects", "an object without an id")
            );

        public static GraphPage<RoleDefinition> ReadRoleDefinitions(Stream body) =>
            Page(
                body,
                "roleDefinitions",
                role => new RoleDefinition
                {
                    Id = Text(role, "id") ?? throw new GraphPayloadException("roleDefinitions", "a role without an id"),
                    TemplateId = Text(role, "templateId"),
                    DisplayName = Text(role, "displayName") ?? "",
                }
            );

        private static ConditionalAccessPolicy ConditionalAccessPolicyOf(JsonElement policy)
        {
            var conditions = Object(policy, "conditions");
            var users = Object(conditions, "users");
            var applications = Object(conditions, "applications");
            var platforms = Object(conditions, "platforms");
            var locations = Object(conditions, "locations");
            var clientApplications = Object(conditions, "clientApplications");
            var grant = Object(policy, "grantControls");
            var strength = Object(grant, "authenticationStrength");
            return new ConditionalAccessPolicy
            {
                Id = Text(policy, "id") ?? "",
                DisplayName = Text(policy, "displayName") ?? "",
                State = Text(policy, "state") ?? "",
                IncludeUsers = Strings(users, "includeUsers"),
                ExcludeUsers = Strings(users, "excludeUsers"),
                IncludeGroups = Strings(users, "includeGroups"),
                ExcludeGroups = Strings(users, "excludeGroups"),
                IncludeRoles = Strings(users, "includeRoles"),
                ExcludeRoles = Strings(users, "excludeRoles"),
                ExcludeGuestsOrExternalUsers = Text(
                    Object(users, "excludeGuestsOrExternalUsers"),
                    "guestOrExternalUserTypes"
                ),
                TargetsWorkloadIdentities = Strings(clientApplications, "includeServicePrincipals").Count > 0,
                IncludeApplications = Strings(applications, "includeApplications"),
                ExcludeApplications = Strings(applications, "excludeApplications"),
                IncludeUserActions = Strings(applications, "includeUserActions"),
                IncludeAuthenticationContexts = Strings(applications, "includeAuthenticationContextClassReferences"),
                HasApplicationFilter = Object(applications, "applicationFilter").ValueKind == JsonValueKind.Object,
                ClientAppTypes = Strings(conditions, "clientAppTypes"),
                SignInRiskLevels = Strings(conditions, "signInRiskLevels"),
                UserRiskLevels = Strings(conditions, "userRiskLevels"),
                IncludePlatforms = Strings(platforms, "includePlatforms"),
                ExcludePlatforms = Strings(platforms, "excludePlatforms"),
                IncludeLocations = Strings(locations, "includeLocations"),
                ExcludeLocations = Strings(locations, "excludeLocations"),
                DeviceFilter = DeviceFilterOf(Object(Object(conditions, "devices"), "deviceFilter")),
                TransferMethods = Text(Object(conditions, "authenticationFlows"), "transferMethods")
                    is { Length: > 0 } transfer
                    ? transfer
                    : null,
                IncludeGuestsOrExternalUsers = Text(
                    Object(users, "includeGuestsOrExternalUsers"),
                    "guestOrExternalUserTypes"
                ),
                HasInsiderRiskLevels = Text(conditions, "insiderRiskLevels") is { Length: > 0 },
                GrantOperator = Text(grant, "operator") ?? "OR",
                BuiltInControls = Strings(grant, "builtInControls"),
                AuthenticationStrength =
                    strength.ValueKind == JsonValueKind.Object
                        ? Text(strength, "displayName") ?? Text(strength, "id")
                        : null,
                AuthenticationStrengthId = Text(strength, "id"),
                AuthenticationStrengthCombinations = Strings(strength, "allowedCombinations"),
                CustomAuthenticationFactors = Strings(grant, "customAuthenticationFactors"),
                TermsOfUse = Strings(grant, "termsOfUse"),
                Session = SessionControlsOf(Object(policy, "sessionControls")),
                AgentIdRiskLevels = Words(conditions, "agentIdRiskLevels"),
                IncludeAgentIdServicePrincipals = Strings(clientApplications, "includeAgentIdServicePrincipals"),
                ExcludeAgentIdServicePrincipals = Strings(clientApplications, "excludeAgentIdServicePrincipals"),
                HasAgentIdServicePrincipalFilter =
                    Object(clientApplications, "agentIdServicePrincipalFilter").ValueKind == JsonValueKind.Object,
            };
        }

        /// <summary>A multivalued Graph enum: a comma-separated string ("medium,high"), or a list.</summary>
        private static IReadOnlyList<string> Words(JsonElement element, string name) =>
            Property(element, name) is { ValueKind: JsonValueKind.String } text
                ? (text.GetString() ?? "")
                    .Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries)
                    .Select(word => word.Trim())
                    .ToArray()
                : Strings(element, name);

        private static ConditionalAccess.DeviceFilter? DeviceFilterOf(JsonElement filter) =>
            filter.ValueKind == JsonValueKind.Object
                ? ConditionalAccess.DeviceFilter.Parse(Text(filter, "mode"), Text(filter, "rule"))
                : null;

        private static SessionControls SessionControlsOf(JsonElement session)
        {
            if (session.ValueKind != JsonValueKind.Object)
                return SessionControls.None;
            static JsonElement Enabled(JsonElement parent, string name) =>
                Object(parent, name) is var control && Flag(control, "isEnabled") == true ? control : default;
            var frequency = Enabled(session, "signInFrequency");
            var everyTime = Text(frequency, "frequencyInterval") == "everyTime";
            var value = Property(frequency, "value") is { ValueKind: JsonValueKind.Number } number
                ? number.GetInt32()
                : (int?)null;
            var unit = Text(frequency, "type");
            TimeSpan? period =
                everyTime ? TimeSpan.Zero
                : value is { } amount && unit == "hours" ? TimeSpan.FromHours(amount)
                : value is { } days && unit == "days" ? TimeSpan.FromDays(days)
                : null;
            return new SessionControls
            {
                SignInFrequency =
                    everyTime ? "everyTime"
                    : period is null ? null
                    : $"{value} {unit}",
                SignInFrequencyPeriod = period,
                PersistentBrowser = Text(Enabled(session, "persistentBrowser"), "mode"),
                ApplicationEnforcedRestrictions =
                    Enabled(session, "applicationEnforcedRestrictions").ValueKind == JsonValueKind.Object,
                CloudAppSecurity = Text(Enabled(session, "cloudAppSecurity"), "cloudAppSecurityType"),
            };
        }

        private static DirectoryRoleAssignment RoleAssignmentOf(JsonElement item, RoleAssignmentKind kind)
        {
            var principal = Object(item, "principal");
            var schedule = Object(item, "scheduleInfo");
            return new DirectoryRoleAssignment
            {
                RoleDefinitionId = Text(item, "roleDefinitionId") ?? "",
                PrincipalId = Text(item, "principalId") ?? Text(principal, "id") ?? "",
                PrincipalDisplayName = Text(principal, "displayName"),
                PrincipalType = Text(principal, "@odata.type") is { } type
                    ? type.Substring(type.LastIndexOf('.') + 1)
                    : null,
                DirectoryScopeId = Text(item, "directoryScopeId") ?? "/",
                Kind = kind,
                IsActivation = string.Equals(
                    Text(item, "assignmentType"),
                    "Activated",
                    StringComparison.OrdinalIgnoreCase
                ),
                EndDateTime = schedule.ValueKind == JsonValueKind.Object ? EndOf(schedule) : null,
                StartDateTime = Time(schedule, "startDateTime"),
            };
        }

        /// <summary>When a schedule ends: never (noExpiration), at a date (afterDateTime) or after a duration from its
        /// start.</summary>
        private static DateTimeOffset? EndOf(JsonElement schedule)
        {
            var expiration = Object(schedule, "expiration");
            switch (Text(expiration, "type"))
            {
                case "afterDateTime":
                    return Time(expiration, "endDateTime");
                case "afterDuration"
                    when Time(schedule, "startDateTime") is { } start
                        && Text(expiration, "duration") is { Length: > 0 } duration:
                    return start + XmlConvert.ToTimeSpan(duration);
                default:
                    return Time(expiration, "endDateTime");
            }
        }

        private static IReadOnlyList<AppCredential> CredentialsOf(JsonElement owner) =>
            Objects(owner, "passwordCredentials")
                .Select(secret => new AppCredential
                {
                    KeyId = Text(secret, "keyId") ?? "",
                    DisplayName = Text(secret, "displayName"),
                    Type = AppCredentialType.Secret,
                    StartDateTime = Time(secret, "startDateTime"),
                    EndDateTime = Time(secret, "endDateTime"),
                })
                .Concat(
                    Objects(owner, "keyCredentials")
                        .Select(key => new AppCredential
                        {
                            KeyId = Text(key, "keyId") ?? "",
                            DisplayName = Text(key, "displayName"),
                            Type = AppCredentialType.Certificate,
                            Usage = Text(key, "usage"),
                            StartDateTime = Time(key, "startDateTime"),
                            EndDateTime = Time(key, "endDateTime"),
                        })
                )
                .ToArray();

        // ---- JSON helpers -----------------------------------------------------------------------------------------

        private static T Parse<T>(Stream body, string resource, Func<JsonElement, T> read)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException ex)
            {
                throw new GraphPayloadException(
                    resource,
                    $"the response is not JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})",
                    ex
                );
            }
            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                    throw new GraphPayloadException(resource, "the response is not a JSON object");
                try
                {
                    return read(document.RootElement);
                }
                catch (Exception ex) when (ex is InvalidOperationException or FormatException)
                {
                    throw new GraphPayloadException(resource, $"a value has an unexpected type: {ex.Message}", ex);
                }
            }
        }

        private static GraphPage<T> Page<T>(Stream body, string resource, Func<JsonElement, T> item) =>
            Parse(
                body,
                resource,
                root => new GraphPage<T>(Values(root, resource).Select(item).ToArray(), Text(root, "@odata.nextLink"))
            );

        private static IEnumerable<JsonElement> Values(JsonElement root, string resource) =>
            Property(root, "value") is { ValueKind: JsonValueKind.Array } values
                ? values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Object)
                : throw new GraphPayloadException(resource, "the response has no 'value' list");

        private static JsonElement? Property(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

        /// <summary>The object under <paramref name="name"/>, or an undefined element (which every helper reads as
        /// absent).</summary>
        private static JsonElement Object(JsonElement element, string name) =>
            Property(element, name) is { ValueKind: JsonValueKind.Object } value ? value : default;

        private static IEnumerable<JsonElement> Objects(JsonElement element, string name) =>
            Property(element, name) is { ValueKind: JsonValueKind.Array } list
                ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
                : Enumerable.Empty<JsonElement>();

        private static bool? Flag(JsonElement element, string name) =>
            Property(element, name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value
                ? value.GetBoolean()
                : null;

        // A policy without isEnabled says nothing; it is unreadable rather than off.
        private static GraphPayloadException NoIsEnabled(string resource) =>
            new(resource, "the response has no isEnabled");

        private static string? Text(JsonElement element, string name) =>
            Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

        private static IReadOnlyList<string> Strings(JsonElement element, string name) =>
            Property(element, name) is { ValueKind: JsonValueKind.Array } list
                ? list.EnumerateArray()
                    .Where(v => v.ValueKind == JsonValueKind.String)
                    .Select(v => v.GetString()!)
                    .ToArray()
                : Array.Empty<string>();

        // Int64 in Graph's model: a number, or a string when the caller asks for IEEE754-compatible JSON.
        private static long? Count(JsonElement element, string name) =>
            Property(element, name) switch
            {
                { ValueKind: JsonValueKind.Number } number => number.GetInt64(),
                { ValueKind: JsonValueKind.String } text
                    when long.TryParse(text.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) =>
                    n,
                _ => null,
            };

        private static int? Integer(JsonElement element, string name) =>
            Property(element, name) is { ValueKind: JsonValueKind.Number } number ? number.GetInt32() : null;

        /// <summary>
        /// Every value under an object by its dotted path: booleans as true/false, numbers as written, a list's items
        /// (or their values) under the list's path, an empty list as an empty entry; nulls are left out.
        /// </summary>
        private static IReadOnlyDictionary<string, IReadOnlyList<string>> ValuesByPath(JsonElement root)
        {
            var values = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            List<string> At(string path) => values.TryGetValue(path, out var list) ? list : values[path] = new();
            void Walk(JsonElement node, string path)
            {
                switch (node.ValueKind)
                {
                    case JsonValueKind.Object:
                        foreach (var property in node.EnumerateObject())
                            Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}");
                        break;
                    case JsonValueKind.Array:
                        At(path);
                        foreach (var item in node.EnumerateArray())
                            Walk(item, path);
                        break;
                    case JsonValueKind.String:
                        At(path).Add(node.GetString()!);
                        break;
                    case JsonValueKind.True:
                    case JsonValueKind.False:
                        At(path).Add(node.GetBoolean() ? "true" : "false");
                        break;
                    case JsonValueKind.Number:
                        At(path).Add(node.GetRawText());
                        break;
                }
            }
            Walk(root, "");
            return values.ToDictionary(
                pair => pair.Key,
                pair => (IReadOnlyList<string>)pair.Value,
                StringComparer.OrdinalIgnoreCase
            );
        }

        private static DateTimeOffset? Time(JsonElement element, string name) =>
            Text(element, name) is { Length: > 0 } text
                ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : null;
    }
}

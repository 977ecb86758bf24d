using System;
using System.Collections.Generic;

namespace EntraGuard.Posture
{
    /// <summary>A subscription the tenant holds (<c>subscribedSkus</c>); its service plans decide which checks
    /// apply.</summary>
    public sealed class SubscribedSku
    {
        public string SkuId { get; init; } = "";
        public string SkuPartNumber { get; init; } = "";

        /// <summary>Enabled, Warning (grace period, still working), Suspended, Deleted or LockedOut.</summary>
        public string CapabilityStatus { get; init; } = "";

        public IReadOnlyList<ServicePlan> ServicePlans { get; init; } = Array.Empty<ServicePlan>();

        /// <summary>True while the subscription still delivers its features.</summary>
        public bool IsActive =>
            string.Equals(CapabilityStatus, "Enabled", StringComparison.OrdinalIgnoreCase)
            || string.Equals(CapabilityStatus, "Warning", StringComparison.OrdinalIgnoreCase);
    }

    public sealed class ServicePlan
    {
        public string ServicePlanId { get; init; } = "";
        public string ServicePlanName { get; init; } = "";

        /// <summary>Success, Disabled, Error, PendingInput, PendingActivation, PendingProvisioning.</summary>
        public string ProvisioningStatus { get; init; } = "";
    }

    /// <summary>The tenant-wide defaults for ordinary users (<c>policies/authorizationPolicy</c>).</summary>
    public sealed class AuthorizationSettings
    {
        /// <summary>
        /// <c>defaultUserRolePermissions.allowedToCreateApps</c>: may every user register applications? Null when
        /// Graph's answer leaves it out.
        /// </summary>
        public bool? AllowedToCreateApps { get; init; }

        /// <summary>
        /// <c>defaultUserRolePermissions.permissionGrantPoliciesAssigned</c>: <c>ManagePermissionGrantsForSelf.{id}</c>
        /// entries govern user consent; <c>ManagePermissionGrantsForOwnedResource.{id}</c> entries govern consent by
        /// resource owners. No ForSelf entry means users cannot consent.
        /// </summary>
        public IReadOnlyList<string> PermissionGrantPoliciesAssigned { get; init; } = Array.Empty<string>();

        // The settings below are null when Graph's answer leaves them out: a missing value is never read as compliant.

        /// <summary><c>defaultUserRolePermissions.allowedToCreateTenants</c>: may every user create a tenant?</summary>
        public bool? AllowedToCreateTenants { get; init; }

        /// <summary><c>defaultUserRolePermissions.allowedToCreateSecurityGroups</c>.</summary>
        public bool? AllowedToCreateSecurityGroups { get; init; }

        /// <summary><c>defaultUserRolePermissions.allowedToReadBitlockerKeysForOwnedDevice</c>.</summary>
        public bool? AllowedToReadBitlockerKeysForOwnedDevice { get; init; }

        /// <summary><c>guestUserRoleId</c>: the role template that decides what guests see of the directory.</summary>
        public string? GuestUserRoleId { get; init; }

        /// <summary>
        /// <c>allowInvitesFrom</c>: none, adminsAndGuestInviters, adminsGuestInvitersAndAllMembers or everyone.
        /// </summary>
        public string? AllowInvitesFrom { get; init; }

        /// <summary><c>allowedToSignUpEmailBasedSubscriptions</c>: may users sign up for subscriptions?</summary>
        public bool? AllowedToSignUpEmailBasedSubscriptions { get; init; }

        /// <summary><c>allowEmailVerifiedUsersToJoinOrganization</c>: may outsiders join by email?</summary>
        public bool? AllowEmailVerifiedUsersToJoinOrganization { get; init; }

        /// <summary><c>allowUserConsentForRiskyApps</c>: may users consent to apps Microsoft flags as risky?</summary>
        public bool? AllowUserConsentForRiskyApps { get; init; }

        /// <summary><c>allowedToUseSSPR</c>: may administrators reset their own password by self-service?</summary>
        public bool? AllowedToUseSspr { get; init; }
    }

    /// <summary>The tenant's authentication methods policy (<c>policies/authenticationMethodsPolicy</c>).</summary>
    public sealed class AuthenticationMethodsSettings
    {
        /// <summary>preMigration, migrationInProgress or migrationComplete; null when Graph left it out.</summary>
        public string? PolicyMigrationState { get; init; }

        public IReadOnlyList<AuthenticationMethodSetting> Methods { get; init; } =
            Array.Empty<AuthenticationMethodSetting>();
    }

    /// <summary>One entry of <c>authenticationMethodConfigurations</c>: a method and its state.</summary>
    public sealed class AuthenticationMethodSetting
    {
        /// <summary>The method's id: Sms, Voice, Email, MicrosoftAuthenticator, Fido2, …</summary>
        public string Id { get; init; } = "";

        /// <summary>enabled or disabled.</summary>
        public string State { get; init; } = "";

        public bool IsEnabled => string.Equals(State, "enabled", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Every value of the configuration by its dotted Graph path (<c>keyRestrictions.isEnforced</c>,
        /// <c>includeTargets.isUsableForSignIn</c>): booleans as true/false, a list's items under the list's path.
        /// </summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Values { get; init; } =
            new Dictionary<string, IReadOnlyList<string>>();
    }

    /// <summary>The admin consent workflow (<c>policies/adminConsentRequestPolicy</c>).</summary>
    public sealed class AdminConsentRequestSettings
    {
        public bool IsEnabled { get; init; }

        /// <summary>How many reviewer entries (users, groups or roles) the workflow names.</summary>
        public int ReviewerCount { get; init; }

        /// <summary><c>notifyReviewers</c>: does each request mail the reviewers?</summary>
        public bool? NotifyReviewers { get; init; }

        /// <summary><c>remindersEnabled</c>: are reviewers reminded before a request expires?</summary>
        public bool? RemindersEnabled { get; init; }

        /// <summary><c>requestDurationInDays</c>: how long a request waits for a decision before it expires.</summary>
        public int? RequestDurationInDays { get; init; }
    }

    /// <summary>A domain of the tenant (<c>domains</c>) and how long its users' passwords stay valid.</summary>
    public sealed class DomainPasswordPolicy
    {
        /// <summary>The domain name.</summary>
        public string Id { get; init; } = "";

        public bool IsVerified { get; init; }

        /// <summary>Days a password stays valid; 2147483647 means never expiring; null when not returned.</summary>
        public int? PasswordValidityPeriodInDays { get; init; }
    }

    public enum RoleAssignmentKind
    {
        /// <summary>The principal holds the role now.</summary>
        Active = 0,

        /// <summary>The principal may activate the role through PIM.</summary>
        Eligible = 1,
    }

    /// <summary>A directory role held (or holdable) by a user, group or service principal.</summary>
    public sealed class DirectoryRoleAssignment
    {
        /// <summary>The role definition id; for built-in roles it equals the role's template id.</summary>
        public string RoleDefinitionId { get; init; } = "";

        public string PrincipalId { get; init; } = "";
        public string? PrincipalDisplayName { get; init; }

        /// <summary>user, group or servicePrincipal, when Graph said so.</summary>
        public string? PrincipalType { get; init; }

        /// <summary><c>/</c> for the whole tenant, <c>/administrativeUnits/{id}</c> and the like for narrower
        /// scopes.</summary>
        public string DirectoryScopeId { get; init; } = "/";

        public RoleAssignmentKind Kind { get; init; }

        /// <summary>True for an active assignment that a PIM activation created (it ends on its own).</summary>
        public bool IsActivation { get; init; }

        /// <summary>When the assignment ends; null when it never does.</summary>
        public DateTimeOffset? EndDateTime { get; init; }

        /// <summary>When PIM's schedule starts the assignment; null for one made outside PIM (and for assignments read
        /// without schedules).</summary>
        public DateTimeOffset? StartDateTime { get; init; }

        public bool IsPermanent => EndDateTime is null;

        public override string ToString() =>
            PrincipalDisplayName is { Length: > 0 } name ? $"{name} ({PrincipalId})" : PrincipalId;
    }

    /// <summary>A user holding a privileged role, with what tells where the account comes from
    /// (<c>users?$filter=id in (…)</c>). A value Graph left out is null: unknown, never read as cloud-only or
    /// mailbox-free.</summary>
    public sealed class DirectoryUser
    {
        public string Id { get; init; } = "";
        public string? DisplayName { get; init; }
        public string? UserPrincipalName { get; init; }

        /// <summary>Member or Guest; null when not returned.</summary>
        public string? UserType { get; init; }

        /// <summary>True for an account synchronized from on-premises Active Directory; null when unknown.</summary>
        public bool? OnPremisesSyncEnabled { get; init; }

        /// <summary>Set for an account synchronized or federated from another directory; null when unknown.</summary>
        public bool? HasImmutableId { get; init; }

        /// <summary>True when an enabled Exchange plan is provisioned (the account has a mailbox); null when the
        /// provisioned plans were not returned.</summary>
        public bool? HasMailbox { get; init; }

        public bool IsGuest => string.Equals(UserType, "Guest", StringComparison.OrdinalIgnoreCase);

        public override string ToString() =>
            DisplayName is { Length: > 0 } name ? $"{name} ({UserPrincipalName ?? Id})" : UserPrincipalName ?? Id;
    }

    /// <summary>
    /// The PIM settings of one directory role (<c>roleManagementPolicyAssignments</c> with its policy's rules): who
    /// must approve an activation and who hears of assignments and activations.
    /// </summary>
    public sealed class RoleManagementPolicy
    {
        public string RoleDefinitionId { get; init; } = "";

        /// <summary><c>Approval_EndUser_Assignment</c>'s <c>setting.isApprovalRequired</c>; null when absent.</summary>
        public bool? ActivationNeedsApproval { get; init; }

        /// <summary>How many approvers the approval stages name.</summary>
        public int Approvers { get; init; }

        /// <summary>The notification rules by id (<c>Notification_Admin_Admin_Eligibility</c>, …).</summary>
        public IReadOnlyDictionary<string, RoleNotification> Notifications { get; init; } =
            new Dictionary<string, RoleNotification>();
    }

    /// <summary>One notification rule of a role's PIM policy.</summary>
    public sealed class RoleNotification
    {
        /// <summary>Whether the default recipients (for admin notifications, the role administrators) hear.</summary>
        public bool DefaultRecipients { get; init; }

        /// <summary>The additional recipients' addresses.</summary>
        public IReadOnlyList<string> Recipients { get; init; } = Array.Empty<string>();
    }
}

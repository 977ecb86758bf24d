using System.Collections.Generic;

namespace EntraGuard.Posture.Checks
{
    /// <summary>The checks over single settings of the authorization and authentication methods policies.</summary>
    internal static class TenantSettingChecks
    {
        private const string UserSettings = "User and guest settings";
        private const string AuthenticationMethods = "Authentication methods";

        // The built-in role templates guestUserRoleId may name.
        private const string GuestsAsMembers = "a0b1b346-4d3e-4e8b-98f8-753987be4970";
        private const string GuestsLimited = "10dae51f-b6af-4016-8d66-8c2a99b929b3";
        private const string GuestsRestricted = "2af84b1e-32c8-42b7-82bc-daa82404023b";

        private const string LegacyStillApplies =
            "the legacy MFA and SSPR method settings still apply beside the authentication methods policy";

        private static AuthorizationSettings Authorization(PostureContext context) =>
            context.Require(context.Snapshot.AuthorizationPolicy, PostureData.AuthorizationPolicy);

        private static Dictionary<string, string> Off(string meaning) => new() { ["false"] = meaning };

        private static Dictionary<string, string> On(string meaning) => new() { ["true"] = meaning };

        public static PostureCheck TenantCreation() =>
            new SettingCheck(
                "EGP015",
                "Users cannot create tenants",
                Severity.Medium,
                UserSettings,
                PostureData.AuthorizationPolicy,
                "defaultUserRolePermissions.allowedToCreateTenants",
                context => SettingCheck.Text(Authorization(context).AllowedToCreateTenants),
                Off("only administrators may create tenants"),
                On("every user may create a new Entra tenant, and becomes its Global Administrator"),
                "A user who creates a tenant becomes its Global Administrator, outside every control of this one: an "
                    + "attacker holding an ordinary account can build a look-alike tenant for phishing or move data into a "
                    + "directory nobody here governs, and the organization has no record of who owns it.",
                "Set 'Restrict non-admin users from creating tenants' to Yes (Entra admin center → Identity → Users → "
                    + "User settings), or PATCH /policies/authorizationPolicy with "
                    + "defaultUserRolePermissions.allowedToCreateTenants = false. Give the Tenant Creator role to the few who "
                    + "need it.",
                "CIS.M365.5.1.2.3",
                "MT.1068"
            );

        public static PostureCheck SecurityGroupCreation() =>
            new SettingCheck(
                "EGP016",
                "Users cannot create security groups",
                Severity.Low,
                UserSettings,
                PostureData.AuthorizationPolicy,
                "defaultUserRolePermissions.allowedToCreateSecurityGroups",
                context => SettingCheck.Text(Authorization(context).AllowedToCreateSecurityGroups),
                Off("only administrators and group owners' delegates may create security groups"),
                On("every user may create security groups"),
                "Security groups grant access to applications, files and, when role-assignable or used in Conditional "
                    + "Access exclusions, to the tenant's defences. Groups that anyone may create multiply without owners or "
                    + "reviews, and a group a user creates and controls is a quiet way to collect access.",
                "Set 'Users can create security groups in Azure portals, API or PowerShell' to No (Entra admin center → "
                    + "Groups → General), or PATCH /policies/authorizationPolicy with "
                    + "defaultUserRolePermissions.allowedToCreateSecurityGroups = false.",
                "MT.1069"
            );

        public static PostureCheck BitLockerKeyRecovery() =>
            new SettingCheck(
                "EGP017",
                "Users cannot read the BitLocker keys of their own devices",
                Severity.Low,
                UserSettings,
                PostureData.AuthorizationPolicy,
                "defaultUserRolePermissions.allowedToReadBitlockerKeysForOwnedDevice",
                context => SettingCheck.Text(Authorization(context).AllowedToReadBitlockerKeysForOwnedDevice),
                Off("only administrators and the help desk may read BitLocker recovery keys"),
                On("every user may read the BitLocker recovery keys of the devices they own"),
                "A BitLocker recovery key unlocks the disk without the user's password. When the owner may read it "
                    + "self-service, whoever takes over the account (or the owner of a stolen laptop who phishes them) can "
                    + "decrypt the device offline.",
                "Set 'Restrict users from recovering the BitLocker key(s) for their owned devices' to Yes (Entra admin "
                    + "center → Devices → Device settings), or PATCH /policies/authorizationPolicy with "
                    + "defaultUserRolePermissions.allowedToReadBitlockerKeysForOwnedDevice = false.",
                "CIS.M365.5.1.4.6"
            );

        public static PostureCheck GuestAccess() =>
            new SettingCheck(
                "EGP018",
                "Guests have limited or restricted access to the directory",
                Severity.Medium,
                UserSettings,
                PostureData.AuthorizationPolicy,
                "guestUserRoleId",
                context => Authorization(context).GuestUserRoleId,
                new Dictionary<string, string>
                {
                    [GuestsRestricted] = "guests see only their own directory objects",
                    [GuestsLimited] = "guests see the groups they belong to and limited properties of users",
                },
                new Dictionary<string, string> { [GuestsAsMembers] = "guests may read the directory as members do" },
                "With member-level access a guest account — often protected only by another organization's policies — "
                    + "can enumerate every user, group and application, which is the reconnaissance a phishing or consent "
                    + "campaign starts from.",
                "Set 'Guest user access' to 'Guest user access is restricted to properties and memberships of their own "
                    + "directory objects' (Entra admin center → External Identities → External collaboration settings), or "
                    + "PATCH "
                    + "/policies/authorizationPolicy with guestUserRoleId = "
                    + GuestsRestricted
                    + ".",
                "MS.AAD.8.1",
                "CIS.M365.5.1.6.2"
            );

        public static PostureCheck GuestInvitations() =>
            new SettingCheck(
                "EGP019",
                "Only administrators and Guest Inviters may invite guests",
                Severity.Medium,
                UserSettings,
                PostureData.AuthorizationPolicy,
                "allowInvitesFrom",
                context => Authorization(context).AllowInvitesFrom,
                new Dictionary<string, string>
                {
                    ["none"] = "nobody may invite guests",
                    ["adminsAndGuestInviters"] = "only administrators and Guest Inviters may invite guests",
                },
                new Dictionary<string, string>
                {
                    ["adminsGuestInvitersAndAllMembers"] = "every member user may invite guests",
                    ["everyone"] = "every user, guests included, may invite guests",
                },
                "Each guest is an account whose password, MFA and offboarding another organization controls. When any "
                    + "user may invite, a compromised account can bring in accounts the attacker owns and keep access after it "
                    + "is cleaned up.",
                "Set 'Guest invite settings' to 'Only users assigned to specific admin roles can invite guest users' "
                    + "(Entra admin center → External Identities → External collaboration settings), or PATCH "
                    + "/policies/authorizationPolicy with allowInvitesFrom = adminsAndGuestInviters.",
                "MS.AAD.8.2",
                "EIDSCA.AP04"
            );

        public static PostureCheck SelfServiceSubscriptions() =>
            new SettingCheck(
                "EGP025",
                "Users cannot sign up for self-service subscriptions",
                Severity.Low,
                UserSettings,
                PostureData.AuthorizationPolicy,
                "allowedToSignUpEmailBasedSubscriptions",
                context => SettingCheck.Text(Authorization(context).AllowedToSignUpEmailBasedSubscriptions),
                Off("users cannot sign up for email-based subscriptions themselves"),
                On("every user may sign up for email-based subscriptions (self-service trials and free licences)"),
                "Self-service sign-up brings services into the tenant that nobody reviewed, licensed or configured, each "
                    + "a new place for the organization's data and a new set of defaults an attacker can use.",
                "PATCH /policies/authorizationPolicy with allowedToSignUpEmailBasedSubscriptions = false "
                    + "(Update-MgPolicyAuthorizationPolicy -AllowedToSignUpEmailBasedSubscriptions:$false); there is no "
                    + "admin-center switch.",
                "EIDSCA.AP05"
            );

        public static PostureCheck EmailVerifiedJoin() =>
            new SettingCheck(
                "EGP026",
                "Outsiders cannot join the tenant by verifying an email address",
                Severity.Medium,
                UserSettings,
                PostureData.AuthorizationPolicy,
                "allowEmailVerifiedUsersToJoinOrganization",
                context => SettingCheck.Text(Authorization(context).AllowEmailVerifiedUsersToJoinOrganization),
                Off("nobody joins the tenant by email verification alone"),
                On("anyone who can read mail at one of the tenant's domains may create a user in the tenant"),
                "Email-verified (viral) join creates member users from nothing more than a working mailbox at one of the "
                    + "tenant's domains: no invitation, no owner, no lifecycle, and an easy foothold for whoever controls a "
                    + "forwarded or shared mailbox.",
                "PATCH /policies/authorizationPolicy with allowEmailVerifiedUsersToJoinOrganization = false "
                    + "(Update-MgPolicyAuthorizationPolicy -AllowEmailVerifiedUsersToJoinOrganization:$false); there is no "
                    + "admin-center switch.",
                "EIDSCA.AP06"
            );

        public static PostureCheck RiskyAppConsent() =>
            new SettingCheck(
                "EGP027",
                "Users cannot consent to applications Microsoft flags as risky",
                Severity.High,
                "Applications",
                PostureData.AuthorizationPolicy,
                "allowUserConsentForRiskyApps",
                context => SettingCheck.Text(Authorization(context).AllowUserConsentForRiskyApps),
                Off("consent to applications flagged as risky needs an administrator"),
                On("users may consent to applications that Microsoft flags as risky"),
                "Microsoft flags applications whose publisher or behaviour looks like consent phishing; letting users "
                    + "consent to them anyway removes the one warning that stops an illicit grant before it happens.",
                "PATCH /policies/authorizationPolicy with allowUserConsentForRiskyApps = false "
                    + "(Update-MgPolicyAuthorizationPolicy -AllowUserConsentForRiskyApps:$false), and route such requests "
                    + "through the admin consent workflow (EGP023).",
                "EIDSCA.AP09"
            );

        public static PostureCheck MethodsMigration() =>
            new SettingCheck(
                "EGP021",
                "Authentication methods are managed in the authentication methods policy",
                Severity.Medium,
                AuthenticationMethods,
                PostureData.AuthenticationMethodsPolicy,
                "policyMigrationState",
                context =>
                    context
                        .Require(context.Snapshot.AuthenticationMethodsPolicy, PostureData.AuthenticationMethodsPolicy)
                        .PolicyMigrationState,
                new Dictionary<string, string> { ["migrationComplete"] = "the legacy MFA and SSPR settings are off" },
                new Dictionary<string, string>
                {
                    ["preMigration"] = LegacyStillApplies,
                    ["migrationInProgress"] = LegacyStillApplies,
                },
                "While the migration is unfinished, the legacy per-user MFA and SSPR settings still turn on methods "
                    + "(SMS, voice, …) that the authentication methods policy turned off, so what users may register is not "
                    + "what the policy says.",
                "Move every method setting into the authentication methods policy, then set Manage migration to "
                    + "'Migration Complete' (Entra admin center → Protection → Authentication methods → Policies), or PATCH "
                    + "/policies/authenticationMethodsPolicy with policyMigrationState = migrationComplete.",
                "MS.AAD.3.4",
                "EIDSCA.AG01"
            );
    }
}

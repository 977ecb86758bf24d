using System.Collections.Generic;

namespace EntraGuard.Posture.Checks
{
    internal sealed class MethodsMigrationCheck : SettingCheck
    {
        private const string LegacyStillApplies =
            "the legacy MFA and SSPR method settings still apply beside the authentication methods policy";

        public MethodsMigrationCheck()
            : base(
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
                    + "(SMS, voice, …) that the authentication methods policy turned off, so what users may register "
                    + "is not what the policy says.",
                "Move every method setting into the authentication methods policy, then set Manage migration to "
                    + "'Migration Complete' (Entra admin center → Protection → Authentication methods → Policies), or "
                    + "PATCH /policies/authenticationMethodsPolicy with policyMigrationState = migrationComplete.",
                "MS.AAD.3.4",
                "EIDSCA.AG01"
            ) { }
    }
}

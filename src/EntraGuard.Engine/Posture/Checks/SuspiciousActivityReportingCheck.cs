namespace EntraGuard.Posture.Checks
{
    internal sealed class SuspiciousActivityReportingCheck : PostureCheck
    {
        private const string State = "reportSuspiciousActivitySettings.state";
        private const string Target = "reportSuspiciousActivitySettings.includeTarget.id";

        public SuspiciousActivityReportingCheck()
            : base(
                "EGP107",
                "Every user can report an MFA prompt they did not start",
                Severity.Medium,
                "Authentication methods",
                PostureData.SuspiciousActivityReporting,
                PostureLicence.None,
                "An MFA prompt the user did not start means someone holds their password. Reporting it from the "
                    + "Authenticator notification or the phone call denies the sign-in, raises the user's risk to "
                    + "high (which risk-based Conditional Access then acts on) and tells the security team; without "
                    + "it the user can only decline, and the attacker tries again. Graph returns the setting in beta "
                    + "only: a tenant or token that refuses the beta read skips this check alone. 'default' "
                    + "(Microsoft-managed) fails, as in EGP022, because Microsoft may change what it means.",
                "Set 'Report suspicious activity' to Enabled, targeting All users (Entra admin center → Protection → "
                    + "Authentication methods → Settings), or PATCH /beta/policies/authenticationMethodsPolicy with "
                    + "reportSuspiciousActivitySettings state = enabled and includeTarget id = all_users."
            )
        {
            Frameworks = new[] { "EIDSCA.AG02", "EIDSCA.AG03" };
        }

        private static readonly RequiredValue[] Required =
        {
            RequiredValue.OneOf(
                State,
                new[] { "enabled" },
                new[] { "disabled", "default" },
                "users cannot report a suspicious MFA prompt"
            ),
            RequiredValue.Exactly(Target, "all_users", "only some users can report a suspicious MFA prompt"),
        };

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var settings = context.Require(
                context.Snapshot.SuspiciousActivityReporting,
                PostureData.SuspiciousActivityReporting
            );
            return RequiredValue.Judge(
                Required,
                property =>
                    (property == State ? settings.State : settings.IncludeTargetId) is { } value
                        ? new[] { value }
                        : null,
                context.Snapshot.SourceOf(PostureData.SuspiciousActivityReporting),
                "Report suspicious activity",
                "setting",
                "not every user can report a suspicious MFA prompt",
                "every user can report a suspicious MFA prompt"
            );
        }
    }
}

using System.Collections.Generic;
using System.Globalization;

namespace EntraGuard.Posture.Checks
{
    internal sealed class AdminConsentNotificationsCheck : PostureCheck
    {
        private const int MaxRequestDays = 30;

        public AdminConsentNotificationsCheck()
            : base(
                "EGP045",
                "Admin consent reviewers hear of each request, and requests expire within 30 days",
                Severity.Low,
                "Applications",
                PostureData.AdminConsentRequestPolicy,
                PostureLicence.None,
                "A consent request nobody hears of waits until the user gives up or finds a way around the "
                    + "restriction; one that stays open for months is approved long after anyone remembers why it "
                    + "was asked. Mail for each request, a reminder before it expires and a short life keep the "
                    + "review a decision rather than a backlog.",
                "In Admin consent settings set 'Selected users will receive email notifications for requests' and "
                    + "'Selected users will receive request expiration reminders' to Yes and 'Consent request "
                    + $"expires after (days)' to {MaxRequestDays} or less (Entra admin center → Enterprise apps → "
                    + "Consent and permissions → Admin consent settings), or PUT /policies/adminConsentRequestPolicy "
                    + "with notifyReviewers = true, remindersEnabled = true and requestDurationInDays."
            )
        {
            Frameworks = new[] { "EIDSCA.CR02", "EIDSCA.CR03", "EIDSCA.CR04" };
        }

        private static readonly RequiredValue[] Required =
        {
            RequiredValue.True("notifyReviewers", "reviewers are not told of new requests"),
            RequiredValue.True("remindersEnabled", "reviewers are not reminded before a request expires"),
            RequiredValue.AtMost(
                "requestDurationInDays",
                MaxRequestDays,
                $"requests stay open longer than {MaxRequestDays} days"
            ),
        };

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var policy = context.Require(
                context.Snapshot.AdminConsentRequestPolicy,
                PostureData.AdminConsentRequestPolicy
            );
            var source = context.Snapshot.SourceOf(PostureData.AdminConsentRequestPolicy);
            if (!policy.IsEnabled)
            {
                return CheckOutcome.Skip(
                    "skipped: the admin consent workflow is off (EGP023), so there are no requests to hear of",
                    new[] { $"{source}: isEnabled = false" }
                );
            }
            var values = new Dictionary<string, string?>
            {
                ["notifyReviewers"] = SettingCheck.Text(policy.NotifyReviewers),
                ["remindersEnabled"] = SettingCheck.Text(policy.RemindersEnabled),
                ["requestDurationInDays"] = policy.RequestDurationInDays?.ToString(CultureInfo.InvariantCulture),
            };
            return RequiredValue.Judge(
                Required,
                property => values[property] is { } value ? new[] { value } : null,
                source,
                "Admin consent requests",
                "setting",
                "admin consent requests can go unnoticed or stay open",
                "reviewers are told of each request and reminded, and requests expire in time",
                new[] { $"{source}: isEnabled = true" }
            );
        }
    }
}

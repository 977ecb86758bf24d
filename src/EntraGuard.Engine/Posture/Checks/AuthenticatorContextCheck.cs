using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class AuthenticatorContextCheck : AuthenticationMethodCheck
    {
        private const string Authenticator = "MicrosoftAuthenticator";

        public AuthenticatorContextCheck()
            : base(
                "EGP022",
                "Microsoft Authenticator shows the app and location it approves",
                Severity.Medium,
                "MFA fatigue works because a push notification says nothing about who is asking: a tired user approves "
                    + "the attacker's sign-in. Showing the application and the sign-in's location in every "
                    + "notification lets "
                    + "the user see that the request is not theirs.",
                "In the Microsoft Authenticator settings set 'Show application name in push and passwordless "
                    + "notifications' and 'Show geographic location in push and passwordless notifications' to "
                    + "Enabled for all "
                    + "users (Entra admin center → Protection → Authentication methods → Microsoft Authenticator → "
                    + "Configure), "
                    + "or PATCH its authenticationMethodConfigurations entry with "
                    + "featureSettings.displayAppInformationRequiredState and "
                    + "displayLocationInformationRequiredState state = "
                    + "enabled.",
                "MS.AAD.3.3",
                "EIDSCA.AM06",
                "EIDSCA.AM09"
            ) { }

        protected override CheckOutcome Evaluate(IReadOnlyList<AuthenticationMethodSetting> methods, string source)
        {
            var authenticator = Method(methods, Authenticator);
            if (authenticator is null)
            {
                return CheckOutcome.Skip(
                    $"skipped: {source} did not list {Authenticator}",
                    new[] { $"{source}: no {Authenticator} configuration" }
                );
            }
            var features = new[]
            {
                (
                    Setting: "displayAppInformationRequiredState",
                    Shows: "the application name",
                    State: authenticator.DisplayAppInformation
                ),
                (
                    Setting: "displayLocationInformationRequiredState",
                    Shows: "the geographic location",
                    State: authenticator.DisplayLocationInformation
                ),
            };
            var evidence = features
                .Select(f => $"{source}: {f.Setting} = {f.State ?? "(not returned)"}")
                .Prepend($"{source}: {Authenticator}.state = {authenticator.State}")
                .ToArray();
            if (!authenticator.IsEnabled)
                return CheckOutcome.Pass("Microsoft Authenticator is turned off", evidence);

            var missing = features
                .Where(f => !string.Equals(f.State, "enabled", StringComparison.OrdinalIgnoreCase))
                .ToArray();
            if (missing.Any(feature => feature.State is null))
            {
                return CheckOutcome.Skip(
                    $"skipped: {source} did not return the Microsoft Authenticator feature settings",
                    evidence
                );
            }
            var findings = missing
                .Select(feature => new PostureFinding
                {
                    TargetId = feature.Setting,
                    TargetName = Authenticator,
                    TargetType = "authenticationMethod",
                    Detail = $"notifications do not show {feature.Shows} ({feature.Setting} = {feature.State})",
                })
                .ToList();
            return CheckOutcome.FromFindings(
                findings,
                "Microsoft Authenticator approves without context",
                "Microsoft Authenticator notifications show the application and the location",
                evidence
            );
        }
    }
}

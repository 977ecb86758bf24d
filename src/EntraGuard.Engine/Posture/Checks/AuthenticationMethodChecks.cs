using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>A check over the method configurations of the authentication methods policy.</summary>
    internal abstract class AuthenticationMethodCheck : PostureCheck
    {
        protected AuthenticationMethodCheck(
            string id,
            string title,
            Severity severity,
            string rationale,
            string remediation,
            params string[] frameworks
        )
            : base(
                id,
                title,
                severity,
                "Authentication methods",
                PostureData.AuthenticationMethodsPolicy,
                PostureLicence.None,
                rationale,
                remediation
            )
        {
            Frameworks = frameworks;
        }

        protected abstract CheckOutcome Evaluate(IReadOnlyList<AuthenticationMethodSetting> methods, string source);

        internal sealed override CheckOutcome Evaluate(PostureContext context)
        {
            var policy = context.Require(
                context.Snapshot.AuthenticationMethodsPolicy,
                PostureData.AuthenticationMethodsPolicy
            );
            var source = context.Snapshot.SourceOf(PostureData.AuthenticationMethodsPolicy);
            // Every tenant has method configurations; none means the answer left them out, not that all are off.
            return policy.Methods.Count == 0
                ? CheckOutcome.Skip(
                    $"skipped: {source} returned no authenticationMethodConfigurations",
                    new[] { $"{source}: authenticationMethodConfigurations = []" }
                )
                : Evaluate(policy.Methods, source);
        }

        protected static AuthenticationMethodSetting? Method(
            IReadOnlyList<AuthenticationMethodSetting> methods,
            string id
        ) => methods.FirstOrDefault(method => string.Equals(method.Id, id, StringComparison.OrdinalIgnoreCase));
    }

    internal sealed class WeakAuthenticationMethodsCheck : AuthenticationMethodCheck
    {
        /// <summary>The methods whose codes travel by phone network or mail, and how an attacker takes them.</summary>
        private static readonly (string Id, string Weakness)[] Weak =
        {
            ("Sms", "codes by text message can be taken by SIM swapping and real-time phishing"),
            ("Voice", "codes by phone call can be taken by SIM swapping and call forwarding"),
            ("Email", "one-time passcodes by email fall to whoever controls the mailbox"),
        };

        public WeakAuthenticationMethodsCheck()
            : base(
                "EGP020",
                "SMS, voice call and email one-time passcodes are turned off",
                Severity.Medium,
                "Codes sent by text message, phone call or email are the weakest second factors: SIM swapping, call "
                    + "forwarding and adversary-in-the-middle phishing take them as easily as the password, so an account that "
                    + "can fall back on them is only as strong as they are.",
                "Turn off SMS, Voice call and Email OTP (Entra admin center → Protection → Authentication methods → "
                    + "Policies), or PATCH "
                    + "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{Sms|Voice|Email} with state = "
                    + "disabled, after users have registered Microsoft Authenticator, passkeys or FIDO2 keys.",
                "MS.AAD.3.5",
                "CIS.M365.5.2.3.5",
                "EIDSCA.AV01"
            ) { }

        protected override CheckOutcome Evaluate(IReadOnlyList<AuthenticationMethodSetting> methods, string source)
        {
            var evidence = Weak.Select(weak =>
                    $"{source}: {weak.Id}.state = {Method(methods, weak.Id)?.State ?? "(not listed)"}"
                )
                .ToArray();
            var enabled = Weak.Where(weak => Method(methods, weak.Id)?.IsEnabled == true);
            var findings = enabled
                .Select(weak => new PostureFinding
                {
                    TargetId = weak.Id,
                    TargetName = weak.Id,
                    TargetType = "authenticationMethod",
                    Detail = $"{weak.Id} is enabled: {weak.Weakness}",
                })
                .ToList();
            return CheckOutcome.FromFindings(
                findings,
                "weak authentication methods are enabled",
                "SMS, voice call and email one-time passcodes are turned off",
                evidence
            );
        }
    }

    internal sealed class AuthenticatorContextCheck : AuthenticationMethodCheck
    {
        private const string Authenticator = "MicrosoftAuthenticator";

        public AuthenticatorContextCheck()
            : base(
                "EGP022",
                "Microsoft Authenticator shows the app and location it approves",
                Severity.Medium,
                "MFA fatigue works because a push notification says nothing about who is asking: a tired user approves "
                    + "the attacker's sign-in. Showing the application and the sign-in's location in every notification lets "
                    + "the user see that the request is not theirs.",
                "In the Microsoft Authenticator settings set 'Show application name in push and passwordless "
                    + "notifications' and 'Show geographic location in push and passwordless notifications' to Enabled for all "
                    + "users (Entra admin center → Protection → Authentication methods → Microsoft Authenticator → Configure), "
                    + "or PATCH its authenticationMethodConfigurations entry with "
                    + "featureSettings.displayAppInformationRequiredState and displayLocationInformationRequiredState state = "
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

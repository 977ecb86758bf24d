using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
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
                    + "forwarding and adversary-in-the-middle phishing take them as easily as the password, so an "
                    + "account that can fall back on them is only as strong as they are.",
                "Turn off SMS, Voice call and Email OTP (Entra admin center → Protection → Authentication methods → "
                    + "Policies), or PATCH "
                    + "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{Sms|Voice|Email} with "
                    + "state = disabled, after users have registered Microsoft Authenticator, passkeys or FIDO2 keys.",
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
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// The tenant-wide "require MFA to register or join devices" setting and a Conditional Access policy on the
    /// register-or-join-devices user action cannot both be on: with the setting on, the policy is not enforced.
    /// </summary>
    internal sealed class DeviceRegistrationMfaConflictCheck : PostureCheck
    {
        private const string RegisterDevice = "urn:user:registerdevice";

        public DeviceRegistrationMfaConflictCheck()
            : base(
                "EGP094",
                "Device registration MFA is left to Conditional Access where a policy covers it",
                Severity.Medium,
                "Devices",
                PostureData.DeviceRegistrationPolicy | PostureData.ConditionalAccessPolicies,
                PostureLicence.None,
                "Microsoft evaluates only one of the two controls on device registration: while the tenant-wide "
                    + "'Require Multifactor Authentication to register or join devices' is on, a Conditional Access "
                    + "policy on the 'Register or join devices' action does not apply. Administrators who built that "
                    + "policy (for a phishing-resistant strength, a trusted location, a compliant device) believe it "
                    + "protects registration while only the plain MFA prompt does.",
                "Set 'Require Multifactor Authentication to register or join devices with Microsoft Entra' to No "
                    + "(Entra admin center → Identity → Devices → Device settings), or PATCH "
                    + "/policies/deviceRegistrationPolicy with multiFactorAuthConfiguration = notRequired, and keep "
                    + "the Conditional Access policy on the 'Register or join devices' user action as the one control."
            )
        {
            Frameworks = new[] { "MT.1061" };
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var settings = context.Require(
                context.Snapshot.DeviceRegistrationPolicy,
                PostureData.DeviceRegistrationPolicy
            );
            var source = context.Snapshot.SourceOf(PostureData.DeviceRegistrationPolicy);
            var mfa = settings.MultiFactorAuthConfiguration;
            var evidence = new List<string> { $"{source}: multiFactorAuthConfiguration = {mfa ?? "(not returned)"}" };
            if (string.Equals(mfa, "notRequired", StringComparison.OrdinalIgnoreCase))
                return CheckOutcome.Pass(
                    "the tenant-wide device registration MFA is off, so nothing conflicts",
                    evidence
                );
            if (!string.Equals(mfa, "required", StringComparison.OrdinalIgnoreCase))
            {
                return CheckOutcome.Skip(
                    mfa is null
                        ? $"skipped: {source} did not return multiFactorAuthConfiguration"
                        : $"skipped: multiFactorAuthConfiguration = {mfa} is a value EntraGuard does not judge; "
                            + "review it",
                    evidence
                );
            }

            // Report-only and disabled policies enforce nothing, so they cannot be overridden either.
            var covering = context
                .ConditionalAccessPolicies()
                .Where(policy =>
                    string.Equals(policy.State, "enabled", StringComparison.OrdinalIgnoreCase)
                    && policy.IncludeUserActions.Contains(RegisterDevice, StringComparer.OrdinalIgnoreCase)
                )
                .ToArray();
            var names = covering.Length == 0 ? "none" : string.Join(", ", covering.Select(p => p.DisplayName));
            evidence.Add(
                $"{context.Snapshot.SourceOf(PostureData.ConditionalAccessPolicies)}: enabled policies on "
                    + $"{RegisterDevice}: {names}"
            );
            var findings = covering
                .Select(policy => new PostureFinding
                {
                    TargetId = policy.Id,
                    TargetName = policy.DisplayName,
                    TargetType = "conditionalAccessPolicy",
                    Detail =
                        "this policy on 'Register or join devices' is not enforced while the tenant-wide device "
                        + "registration MFA is required",
                })
                .ToArray();
            return CheckOutcome.FromFindings(
                findings,
                "device registration MFA is required both tenant-wide and by Conditional Access",
                "device registration MFA is required tenant-wide and no Conditional Access policy competes with it",
                evidence
            );
        }
    }
}

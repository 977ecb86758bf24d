namespace EntraGuard.Posture.Checks
{
    internal sealed class FidoKeyRestrictionsCheck : MethodSettingsCheck
    {
        public FidoKeyRestrictionsCheck()
            : base(
                "EGP041",
                "Only attested FIDO2 key models the organization chose are accepted",
                Severity.Low,
                "A FIDO2 key is only as trustworthy as its maker: without attestation any authenticator, software "
                    + "emulators included, can claim to be a hardware key, and without key restrictions a user can "
                    + "register a model with a known weakness. Enforcing attestation and an allow (or block) list "
                    + "of AAGUIDs keeps the phishing-resistant method hardware-backed.",
                "In Passkey (FIDO2) → Configure set 'Enforce attestation' = Yes, 'Enforce key restrictions' = Yes and "
                    + "list the AAGUIDs of the approved (or banned) models (Entra admin center → Protection → "
                    + "Authentication methods → Policies), or PATCH "
                    + "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/Fido2 with "
                    + "isAttestationEnforced = true and keyRestrictions { isEnforced = true, enforcementType = allow, "
                    + "aaGuids = [...] }.",
                "Fido2",
                passesWhenOff: true,
                "FIDO2 keys are accepted from any maker",
                "FIDO2 keys must be attested and of the models the key restrictions name",
                new[]
                {
                    RequiredValue.True("isAttestationEnforced", "keys need not prove their make"),
                    RequiredValue.True("keyRestrictions.isEnforced", "the key restrictions are not enforced"),
                    RequiredValue.NotEmpty("keyRestrictions.aaGuids", "the key restrictions name no key model"),
                    RequiredValue.OneOf(
                        "keyRestrictions.enforcementType",
                        new[] { "allow", "block" },
                        new string[0],
                        "the key restrictions neither allow nor block"
                    ),
                },
                "EIDSCA.AF03",
                "EIDSCA.AF04",
                "EIDSCA.AF05",
                "EIDSCA.AF06"
            ) { }
    }
}

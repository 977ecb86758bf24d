using System.Collections.Generic;

namespace EntraGuard.Posture.Checks
{
    internal sealed class BitLockerKeyRecoveryCheck : SettingCheck
    {
        public BitLockerKeyRecoveryCheck()
            : base(
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
                    + "self-service, whoever takes over the account (or the owner of a stolen laptop who phishes them) "
                    + "can decrypt the device offline.",
                "Set 'Restrict users from recovering the BitLocker key(s) for their owned devices' to Yes (Entra admin "
                    + "center → Devices → Device settings), or PATCH /policies/authorizationPolicy with "
                    + "defaultUserRolePermissions.allowedToReadBitlockerKeysForOwnedDevice = false.",
                "CIS.M365.5.1.4.6"
            ) { }
    }
}

using System.Collections.Generic;

namespace EntraGuard.Posture.Checks
{
    internal sealed class DeviceJoinRestrictedCheck : SettingCheck
    {
        public DeviceJoinRestrictedCheck()
            : base(
                "EGP091",
                "Only selected users join devices to Microsoft Entra ID",
                Severity.Medium,
                Devices,
                PostureData.DeviceRegistrationPolicy,
                "azureADJoin.allowedToJoin",
                context => DeviceRegistration(context).AllowedToJoin?.Kind,
                new Dictionary<string, string>
                {
                    [DeviceRegistrationMembership.Enumerated] = "only the users and groups listed may join devices",
                    [DeviceRegistrationMembership.Nobody] = "nobody may join devices",
                },
                new Dictionary<string, string>
                {
                    [DeviceRegistrationMembership.All] =
                        "every user may join a device, which then counts as a device of the organization",
                },
                "A joined device is trusted as the organization's own: it receives a primary refresh token, passes "
                    + "Conditional Access conditions that ask for a joined device, and is handed to device management. "
                    + "When every user may join, an attacker holding one account can enrol a machine they control and "
                    + "make its sign-ins look like a corporate device's.",
                "Set 'Users may join devices to Microsoft Entra' to Selected, naming the group of people who set up "
                    + "devices (Entra admin center → Identity → Devices → Device settings), or PATCH "
                    + "/policies/deviceRegistrationPolicy with azureADJoin.allowedToJoin of type "
                    + "#microsoft.graph.enumeratedDeviceRegistrationMembership and that group's id. Autopilot and "
                    + "bulk enrolment keep working through their own accounts.",
                "MT.1070"
            ) { }
    }
}

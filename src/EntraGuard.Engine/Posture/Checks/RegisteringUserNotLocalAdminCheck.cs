using System.Collections.Generic;

namespace EntraGuard.Posture.Checks
{
    internal sealed class RegisteringUserNotLocalAdminCheck : SettingCheck
    {
        public RegisteringUserNotLocalAdminCheck()
            : base(
                "EGP093",
                "The user who joins a device does not become its local administrator",
                Severity.Medium,
                Devices,
                PostureData.DeviceRegistrationPolicy,
                "azureADJoin.localAdmins.registeringUsers",
                context => DeviceRegistration(context).RegisteringUsersAsLocalAdmins?.Kind,
                new Dictionary<string, string>
                {
                    [DeviceRegistrationMembership.Nobody] = "users who join a device stay standard users on it",
                },
                new Dictionary<string, string>
                {
                    [DeviceRegistrationMembership.All] =
                        "every user who joins a device becomes its local administrator",
                    [DeviceRegistrationMembership.Enumerated] =
                        "the users and groups listed become local administrators of the devices they join",
                },
                "A local administrator can turn off the endpoint protection, read the credentials cached on the "
                    + "device and install whatever they like; a phished user who is local administrator hands all of "
                    + "that to the attacker. Day-to-day accounts should not hold it, however the device was joined.",
                "Set 'Registering user is added as local administrator on the device during Microsoft Entra join' to "
                    + "None (Entra admin center → Identity → Devices → Device settings → Manage additional local "
                    + "administrators), or PATCH /policies/deviceRegistrationPolicy with "
                    + "azureADJoin.localAdmins.registeringUsers of type "
                    + "#microsoft.graph.noDeviceRegistrationMembership; grant local administration through Intune or "
                    + "the Microsoft Entra Joined Device Local Administrator role where it is needed.",
                "MT.1091"
            ) { }
    }
}

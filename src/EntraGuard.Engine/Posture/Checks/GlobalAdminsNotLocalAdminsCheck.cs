namespace EntraGuard.Posture.Checks
{
    internal sealed class GlobalAdminsNotLocalAdminsCheck : SettingCheck
    {
        public GlobalAdminsNotLocalAdminsCheck()
            : base(
                "EGP092",
                "Global Administrators are not local administrators of joined devices",
                Severity.Medium,
                Devices,
                PostureData.DeviceRegistrationPolicy,
                "azureADJoin.localAdmins.enableGlobalAdmins",
                context => SettingCheck.Text(DeviceRegistration(context).GlobalAdminsAreLocalAdmins),
                Off("Global Administrators are not made local administrators of joined devices"),
                On("every Global Administrator is a local administrator of every joined device"),
                "With the setting on, a Global Administrator signs in as local administrator on any joined device, so "
                    + "the tenant's most powerful accounts end up typing credentials into workstations where malware "
                    + "may be waiting, and one stolen Global Administrator session reaches every joined machine. "
                    + "Device administration belongs to a narrower role (Microsoft Entra Joined Device Local "
                    + "Administrator) or to Intune.",
                "Turn off 'Global administrator role is added as local administrator on the device during Microsoft "
                    + "Entra join' (Entra admin center → Identity → Devices → Device settings → Manage additional "
                    + "local administrators), or PATCH /policies/deviceRegistrationPolicy with "
                    + "azureADJoin.localAdmins.enableGlobalAdmins = false. It applies to devices joined from then on; "
                    + "give device support the Microsoft Entra Joined Device Local Administrator role instead.",
                "MT.1090"
            ) { }
    }
}

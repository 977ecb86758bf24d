using EntraGuard.Investigation;

namespace EntraGuard.Posture.Checks
{
    internal sealed class DirectPathPermissionsCheck : GraphPermissionCheck
    {
        public DirectPathPermissionsCheck()
            : base(
                "EGP076",
                "No application holds a Graph permission that makes it Global Administrator in one step",
                PrivilegedReach.DirectPathPermissions,
                "a direct",
                "With RoleManagement.ReadWrite.Directory an application assigns Global Administrator to whatever it "
                    + "likes, itself included; with UserAuthenticationMethod.ReadWrite.All it adds its own sign-in "
                    + "method to an administrator; with Policy.ReadWrite.ConditionalAccess it switches off the "
                    + "policies that stand in the way. Whoever holds the app's credential, or can consent for it, "
                    + "holds the tenant — and an application signs in without MFA.",
                "MT.1050"
            ) { }
    }
}

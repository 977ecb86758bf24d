using EntraGuard.Investigation;

namespace EntraGuard.Posture.Checks
{
    internal sealed class IndirectPathPermissionsCheck : GraphPermissionCheck
    {
        public IndirectPathPermissionsCheck()
            : base(
                "EGP077",
                "No application holds a Graph permission that leads to Global Administrator in a few steps",
                PrivilegedReach.IndirectPathPermissions,
                "an indirect",
                "Application.ReadWrite.All adds a secret to a more privileged application, AppRoleAssignment."
                    + "ReadWrite.All grants any permission, Group.ReadWrite.All and GroupMember.ReadWrite.All join the "
                    + "groups that hold roles, User.ReadWrite.All and the password permissions take over accounts, "
                    + "Domain.ReadWrite.All federates a domain. Each is a few calls from Global Administrator for "
                    + "whoever holds the app's credential.",
                "MT.1051"
            ) { }
    }
}

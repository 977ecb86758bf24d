namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// Broader than EGP071, which judges the privileged roles: any directory role, active or eligible, as Maester's
    /// MT.1081 asks. Judged on direct assignments to users; a role given to a group is judged by no check here.
    /// </summary>
    internal sealed class SynchronizedRoleHoldersCheck : PrivilegedUserCheck
    {
        public SynchronizedRoleHoldersCheck()
            : base(
                "EGP081",
                "No user synchronized from on-premises holds a directory role",
                Severity.Medium,
                "Whoever controls Active Directory — a domain administrator, the sync server, an attacker who took "
                    + "either — resets a synchronized account's password or rewrites its attributes and signs in as "
                    + "it. Every Entra role such an account holds, even a narrow one (Helpdesk, Groups, Authentication "
                    + "Administrator), is a bridge from an on-premises compromise into the tenant.",
                "Give each person who administers Entra ID a cloud-only account (POST /users with an "
                    + "…onmicrosoft.com userPrincipalName) and move the role to it (Entra admin center → Identity → "
                    + "Roles & admins → the role → Assignments; DELETE /roleManagement/directory/roleAssignments/{id} "
                    + "for the synchronized account's, or its PIM schedule request). Keep administrator accounts out "
                    + "of the synchronization scope.",
                "MT.1081"
            ) { }

        internal override bool ReadsEveryRole => true;

        protected override string PassDescription => "not synchronized from on-premises";

        protected override string FailHeadline => "directory roles are held by accounts synchronized from on-premises";

        protected override string? Problem(DirectoryUser user, out bool unknown)
        {
            unknown = user.OnPremisesSyncEnabled is null;
            return user.OnPremisesSyncEnabled == true ? "is synchronized from on-premises Active Directory" : null;
        }
    }
}

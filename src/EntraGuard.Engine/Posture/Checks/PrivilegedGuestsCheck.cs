namespace EntraGuard.Posture.Checks
{
    internal sealed class PrivilegedGuestsCheck : PrivilegedUserCheck
    {
        public PrivilegedGuestsCheck()
            : base(
                "EGP070",
                "No guest account holds a privileged role",
                Severity.High,
                "A guest signs in at its home tenant: its password, MFA and device rules are set by another "
                    + "organization, and your Conditional Access sees only part of its sign-in. A privileged role on a "
                    + "guest hands control of your tenant to an account whose security you neither set nor see, and "
                    + "that leaves with its home organization's lifecycle, not yours.",
                "Remove the role from each guest (Entra admin center → Identity → Roles & admins → the role → "
                    + "Assignments → Remove, or DELETE /roleManagement/directory/roleAssignments/{id}) and give the "
                    + "person a member account of this tenant, cloud-only, with phishing-resistant MFA. A partner who "
                    + "administers the tenant is better served by GDAP or a cross-tenant access policy than by a guest "
                    + "with a role.",
                "MT.1025"
            ) { }

        protected override string PassDescription => "members of this tenant, none a guest";

        protected override string FailHeadline => "guest accounts hold privileged roles";

        protected override string? Problem(DirectoryUser user, out bool unknown)
        {
            // Graph marks invited accounts Guest; an #EXT# name is the same account when userType is missing.
            unknown = user.UserType is null && user.UserPrincipalName?.Contains("#EXT#") != true;
            return user.IsGuest || user.UserPrincipalName?.Contains("#EXT#") == true ? "is a guest" : null;
        }
    }
}

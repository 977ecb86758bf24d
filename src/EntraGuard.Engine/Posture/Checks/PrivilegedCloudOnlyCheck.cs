namespace EntraGuard.Posture.Checks
{
    internal sealed class PrivilegedCloudOnlyCheck : PrivilegedUserCheck
    {
        public PrivilegedCloudOnlyCheck()
            : base(
                "EGP071",
                "Users holding privileged roles are cloud-only accounts",
                Severity.High,
                "An account synchronized from Active Directory (or federated from another identity provider) is "
                    + "controlled from there: whoever takes the domain, the sync server or the federation service can "
                    + "reset its password, change its attributes or forge its sign-in, and with a privileged role the "
                    + "attacker walks from on-premises into the cloud. A cloud-only account keeps the cloud's control "
                    + "plane apart from on-premises compromise.",
                "Give each administrator a separate cloud-only account (created in Entra ID, not synchronized: "
                    + "POST /users with a …onmicrosoft.com userPrincipalName), move the role to it in Entra admin "
                    + "center → Identity → Roles & admins → the role → Assignments, and remove it from the "
                    + "synchronized account. Keep privileged accounts out of the synchronization scope of Entra "
                    + "Connect.",
                "MS.AAD.7.3",
                "CIS.M365.1.1.1",
                "MT.1026"
            ) { }

        protected override string PassDescription => "cloud-only accounts";

        protected override string FailHeadline => "privileged roles are held by accounts from another directory";

        protected override string? Problem(DirectoryUser user, out bool unknown)
        {
            unknown = false;
            if (user.OnPremisesSyncEnabled == true)
                return "is synchronized from on-premises Active Directory";
            if (user.HasImmutableId == true)
                return "has an on-premises immutable id (synchronized or federated)";
            // Known to be cloud-only only when both values came back.
            unknown = user.OnPremisesSyncEnabled is null || user.HasImmutableId is null;
            return null;
        }
    }
}

namespace EntraGuard.Posture.Checks
{
    internal sealed class PrivilegedMailboxCheck : PrivilegedUserCheck
    {
        public PrivilegedMailboxCheck()
            : base(
                "EGP073",
                "Users holding privileged roles have no mailbox",
                Severity.Medium,
                "A mailbox is where phishing lands: a privileged account that reads mail and opens links is one "
                    + "click from handing over a session with the role. Administrators who keep their mail on an "
                    + "ordinary account, and a dedicated account without a mailbox for the role, give the attacker no "
                    + "inbox to aim at.",
                "Use a separate account for administration that has no Exchange Online licence (Microsoft 365 admin "
                    + "center → Users → the account → Licenses and apps → clear Exchange Online; or POST "
                    + "/users/{id}/assignLicense with the plan disabled) and forward what it must receive to the "
                    + "person's ordinary mailbox. EntraGuard reads the account's provisioned Exchange plan "
                    + "(provisionedPlans, service exchange, capabilityStatus Enabled).",
                "MT.1028"
            ) { }

        protected override string PassDescription => "without a mailbox";

        protected override string FailHeadline => "privileged accounts have mailboxes";

        protected override string? Problem(DirectoryUser user, out bool unknown)
        {
            unknown = user.HasMailbox is null;
            return user.HasMailbox == true ? "has an Exchange Online mailbox" : null;
        }
    }
}

namespace EntraGuard.Posture.Checks
{
    internal sealed class AzureManagementMfaCheck : AppMfaCheck
    {
        public AzureManagementMfaCheck()
            : base(
                "EGP053",
                "Azure management",
                "797f4846-ba00-4fd7-ba43-dac1f8f63013",
                "Azure Resource Manager (the app 'Windows Azure Service Management API', "
                    + "797f4846-ba00-4fd7-ba43-dac1f8f63013) is what the Azure portal, Azure CLI, Azure PowerShell "
                    + "and infrastructure-as-code tools sign in to. Whoever signs in there with a password alone can "
                    + "reach every subscription the account holds a role on — Azure roles, not directory roles, so "
                    + "an administrators-only policy does not cover it. Judged for members and every guest kind; a "
                    + "policy naming only the Microsoft Admin Portals app group does not reach this app.",
                "Have an enabled Conditional Access policy for All users that targets All resources, or the app "
                    + "'Windows Azure Service Management API' (797f4846-ba00-4fd7-ba43-dac1f8f63013), and grants "
                    + "access only with multifactor authentication or an authentication strength (Entra admin "
                    + "center → Protection → Conditional Access → New policy → Target resources), or POST "
                    + "/identity/conditionalAccess/policies with that app id in conditions.applications."
                    + "includeApplications."
            )
        {
            Frameworks = new[] { "MT.1008" };
        }
    }
}

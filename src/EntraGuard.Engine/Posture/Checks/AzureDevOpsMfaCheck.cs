namespace EntraGuard.Posture.Checks
{
    internal sealed class AzureDevOpsMfaCheck : AppMfaCheck
    {
        public AzureDevOpsMfaCheck()
            : base(
                "EGP060",
                "Azure DevOps",
                "499b84ac-1321-427f-aa17-267ca6975798",
                "Azure DevOps (app 499b84ac-1321-427f-aa17-267ca6975798) holds source code, pipelines and their "
                    + "service connections — often the shortest path from a phished developer to production. It "
                    + "no longer signs in through Azure Resource Manager, so a policy that only covers Azure "
                    + "management no longer reaches it: it needs a policy for all resources or one naming it.",
                "Have an enabled Conditional Access policy for All users that targets All resources, or names Azure "
                    + "DevOps (499b84ac-1321-427f-aa17-267ca6975798) under Target resources, and grants access only "
                    + "with multifactor authentication or an authentication strength (Entra admin center → "
                    + "Protection → Conditional Access), or PATCH /identity/conditionalAccess/policies/{id} adding "
                    + "the app id to conditions.applications.includeApplications."
            )
        {
            Frameworks = new[] { "MT.1071" };
        }
    }
}

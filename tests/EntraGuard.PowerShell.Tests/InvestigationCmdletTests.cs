using System.Linq;

namespace EntraGuard.PowerShell.Tests
{
    /// <summary>Get-EntraRiskEventContext in a user's pipeline, over the sample tenant's audit and sign-in
    /// exports.</summary>
    public sealed class InvestigationCmdletTests
    {
        [Fact]
        public void The_planted_finding_gets_its_context_in_the_pipeline()
        {
            using var session = new ModuleSession();

            var contexts = session.Invoke(
                "Get-EntraRiskEvent -Path ./samples/graph -RuleId EG0001 | "
                    + "Get-EntraRiskEventContext -Path ./samples/graph, ./samples/signins/graph | "
                    + "Where-Object { $_.TargetName -eq 'Payroll-Sync' -and $_.ActorName -like 'megan*' }"
            );

            var planted = Assert.Single(contexts);
            Assert.Equal(true, planted.Properties["CredentialUsed"].Value);
            Assert.Equal(6, planted.Properties["CredentialSignInCount"].Value);
            Assert.Contains(
                "203.0.113.77",
                ((System.Collections.IEnumerable)planted.Properties["ActorNewIpAddresses"].Value)
                    .Cast<object>()
                    .Select(a => a.ToString())
            );
        }

        [Fact]
        public void Without_sign_ins_credential_use_is_unknown_not_false()
        {
            using var session = new ModuleSession();

            var planted = Assert.Single(
                session.Invoke(
                    "Get-EntraRiskEvent -Path ./samples/graph -RuleId EG0001 | "
                        + "Get-EntraRiskEventContext -Path ./samples/graph | "
                        + "Where-Object { $_.TargetName -eq 'Payroll-Sync' -and $_.ActorName -like 'megan*' }"
                )
            );

            Assert.Null(planted.Properties["CredentialUsed"].Value);
            Assert.Contains("sign-in", (string)planted.Properties["Summary"].Value);
        }
    }
}

using System.Linq;

namespace EntraGuard.PowerShell.Tests
{
    public class ImportTests
    {
        [Fact]
        public void The_design_card_pipeline_runs_on_the_samples()
        {
            using var session = new ModuleSession();
            var risks = session.Invoke("Get-EntraAuditEvent -Path ./samples/graph | Get-EntraRiskEvent");
            Assert.NotEmpty(risks);
            Assert.All(risks, r => Assert.StartsWith("EG", (string)r.Properties["RuleId"].Value));
            Assert.Contains(risks, r => (string)r.Properties["RuleId"].Value == "EG0001");
        }
    }
}

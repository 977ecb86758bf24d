using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Module.Tests.Infrastructure;
using EntraGuard.Response;

namespace EntraGuard.Module.Tests
{
    /// <summary>
    /// What the remediation cmdlets promise beyond the module-wide contracts: their names (none that Microsoft.Graph or
    /// Microsoft.Entra export), ConfirmImpact High on every change (creating a pass and enabling included), the journal
    /// and risk-event parameters on every change, -Force only where a self-lockout guard exists, and Get-Mg* output
    /// binding through Id/ObjectId on the object each acts on.
    /// </summary>
    [Collection(BuiltModuleCollection.Name)]
    public sealed class ResponseCmdletContractTests
    {
        /// <summary>The remediation cmdlets: name → the parameter naming the object it acts on, and whether it changes
        /// state.</summary>
        private static readonly Dictionary<string, (string Target, bool Changes)> Cmdlets = new()
        {
            ["Invoke-CredentialRevocation"] = ("ServicePrincipalId", true),
            ["Disable-EntraServicePrincipal"] = ("ServicePrincipalId", true),
            ["Enable-EntraServicePrincipal"] = ("ServicePrincipalId", true),
            ["Revoke-EntraUserSession"] = ("UserId", true),
            ["Disable-EntraUser"] = ("UserId", true),
            ["Enable-EntraUser"] = ("UserId", true),
            ["Restore-EntraGroupMember"] = ("MemberId", true),
            ["New-EntraTemporaryAccessPass"] = ("UserId", true),
            ["Get-EntraUserSecurityInfo"] = ("UserId", false),
        };

        /// <summary>The ones with a self-lockout guard, which -Force overrides: as the engine's action table
        /// says.</summary>
        private static readonly string[] Guarded = ResponseActions
            .All.Where(a => a.Takes(ResponseInputs.SelfLockoutGuard))
            .Select(a => a.Cmdlet)
            .ToArray();

        /// <summary>
        /// Names exported by Microsoft.Entra / Microsoft.Entra.Beta that sit closest to ours (checked against their
        /// sources): Get-EntraUserAuthenticationMethod is why ours is Get-EntraUserSecurityInfo.
        /// </summary>
        private static readonly string[] MicrosoftEntraNames =
        {
            "Get-EntraUserAuthenticationMethod",
            "Revoke-EntraUserAllRefreshToken",
            "Revoke-EntraSignedInUserAllRefreshToken",
            "Set-EntraUser",
            "Add-EntraGroupMember",
            "Remove-EntraGroupMember",
            "Set-EntraServicePrincipal",
            "Remove-EntraServicePrincipalPasswordCredential",
            "Remove-EntraServicePrincipalKeyCredential",
            "Remove-EntraApplicationPassword",
            "Remove-EntraApplicationKey",
            "Reset-EntraStrongAuthenticationMethodByUpn",
            "Remove-EntraUserAuthenticationMethod",
        };

        private readonly BuiltModule _built;

        public ResponseCmdletContractTests(BuiltModule built) => _built = built;

        public static TheoryData<string> Names => new(Cmdlets.Keys.Append("Get-EntraGuardJournal"));

        private CmdletSurface Cmdlet(string name) =>
            _built.Module.Find(name) ?? throw new InvalidOperationException($"{name} is not in the module.");

        [Theory]
        [MemberData(nameof(Names))]
        public void Names_are_our_own(string name)
        {
            var cmdlet = Cmdlet(name);
            Assert.DoesNotContain(cmdlet.Name, MicrosoftEntraNames, StringComparer.OrdinalIgnoreCase);
            Assert.False(cmdlet.Noun.StartsWith("Mg", StringComparison.Ordinal), "Mg is Microsoft.Graph's noun prefix");
        }

        [Theory]
        [MemberData(nameof(Names))]
        public void Every_change_asks_first_and_is_journaled(string name)
        {
            var cmdlet = Cmdlet(name);
            var changes = Cmdlets.TryGetValue(name, out var spec) && spec.Changes;
            var parameters = cmdlet.Parameters.Select(p => p.Name).ToArray();
            Assert.Equal(changes, cmdlet.SupportsShouldProcess);
            if (changes)
                Assert.Equal(CmdletSurface.Impact.High, cmdlet.ConfirmImpact);
            Assert.Equal(changes, parameters.Contains("JournalPath"));
            Assert.Equal(changes, parameters.Contains("RiskEventId"));
            if (changes)
                Assert.Contains("SettingsPath", parameters);
            if (changes)
            {
                var riskEventId = cmdlet.Parameters.Single(p => p.Name == "RiskEventId");
                Assert.All(riskEventId.Sets, s => Assert.True(s.ByPropertyName));
            }
            Assert.Equal(Guarded.Contains(name), parameters.Contains("Force"));
        }

        [Theory]
        [MemberData(nameof(Names))]
        public void The_object_acted_on_binds_from_Get_Mg_output_through_Id(string name)
        {
            if (!Cmdlets.TryGetValue(name, out var spec))
                return; // the journal acts on no directory object
            var target = Cmdlet(name).Parameters.Single(p => p.Name == spec.Target);
            Assert.Equal(new[] { "Id", "ObjectId" }, target.Aliases);
            Assert.All(target.Sets, s => Assert.True(s.ByPropertyName));
        }
    }
}

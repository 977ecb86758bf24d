using System.Linq;
using System.Xml.Linq;
using EntraGuard.Module.Tests.Contracts;
using EntraGuard.Module.Tests.Infrastructure;

namespace EntraGuard.Module.Tests
{
    /// <summary>EntraGuard.format.ps1xml against the types the cmdlets write.</summary>
    [Collection(BuiltModuleCollection.Name)]
    public sealed class FormatContractTests
    {
        private readonly BuiltModule _built;

        public FormatContractTests(BuiltModule built) => _built = built;

        [Fact]
        public void Every_output_type_has_a_table_view()
        {
            Assert.NotEmpty(FormatRules.OwnOutputTypes(_built.Module, _built.Cmdlets));
            Assert.Empty(FormatRules.TableViewForEveryOutputType(_built.Module, _built.Cmdlets, _built.Views));
        }

        [Fact]
        public void An_output_type_without_a_table_view_is_caught()
        {
            using var broken = ModuleUnderTest.Load(
                FixtureCompiler.CompileCmdlets(
                    """
                    using System.Management.Automation;
                    namespace Broken
                    {
                        [Cmdlet(VerbsCommon.Get, "EntraActor")] [OutputType(typeof(EntraGuard.AuditActor))]
                        public sealed class GetEntraActorCommand : PSCmdlet { }
                    }
                    """
                )
            );
            var violation = Assert.Single(
                FormatRules.TableViewForEveryOutputType(broken, broken.Cmdlets, _built.Views)
            );
            Assert.Equal(
                "EntraGuard.AuditActor: a cmdlet writes it but EntraGuard.format.ps1xml has no table view for it",
                violation
            );
        }

        [Fact]
        public void AuditEvent_has_a_table_and_a_list_view()
        {
            var controls = _built
                .Views.Where(v => v.TypeNames.Contains("EntraGuard.AuditEvent"))
                .Select(v => v.Control)
                .ToList();
            Assert.Contains("TableControl", controls);
            Assert.Contains("ListControl", controls);
        }

        [Fact]
        public void Every_property_a_view_reads_exists_on_its_type()
        {
            Assert.Empty(FormatRules.ViewsMatchTypes(_built.Module, _built.Views));
        }

        [Fact]
        public void A_view_reading_a_missing_property_or_type_is_caught()
        {
            var format = XDocument.Parse(
                """
                <Configuration><ViewDefinitions>
                  <View><Name>Typo</Name><ViewSelectedBy><TypeName>EntraGuard.AuditEvent</TypeName></ViewSelectedBy>
                    <TableControl><TableRowEntries><TableRowEntry><TableColumnItems>
                      <TableColumnItem><PropertyName>ActivityTime</PropertyName></TableColumnItem>
                      <TableColumnItem><ScriptBlock>$_.InitiatedBy.IpAdress</ScriptBlock></TableColumnItem>
                      <TableColumnItem><ScriptBlock>$_.TargetResources | ForEach-Object { $_.DisplayName }</ScriptBlock></TableColumnItem>
                    </TableColumnItems></TableRowEntry></TableRowEntries></TableControl></View>
                  <View><Name>Ghost</Name><ViewSelectedBy><TypeName>EntraGuard.Ghost</TypeName></ViewSelectedBy><ListControl /></View>
                </ViewDefinitions></Configuration>
                """
            );
            var violations = FormatRules.ViewsMatchTypes(_built.Module, FormatRules.ReadViews(format));
            Assert.Contains(
                "view 'Typo' (TableControl): EntraGuard.AuditEvent has no property 'ActivityTime'",
                violations
            );
            Assert.Contains(
                "view 'Typo' (TableControl): $_.InitiatedBy.IpAdress — AuditActor has no property IpAdress",
                violations
            );
            Assert.Contains("view 'Ghost' (ListControl): type EntraGuard.Ghost does not exist", violations);
            // $_ inside ForEach-Object is a TargetResource, not the AuditEvent: not misread as a missing
            // AuditEvent.DisplayName.
            Assert.Equal(3, violations.Count);
        }

        [Theory]
        [InlineData("$_.InitiatedBy.IpAddress", "InitiatedBy.IpAddress")]
        [InlineData("$_.GetTarget('User').Id", "GetTarget()")]
        [InlineData("if ($_.TargetResources.Count -gt 1) { $_.Result }", "TargetResources.Count|Result")]
        [InlineData("$_.TargetResources | Where-Object { $_.Type -eq 'User' }", "TargetResources")]
        public void Row_member_chains_are_read_outside_rebinding_blocks(string script, string expected)
        {
            Assert.Equal(expected.Split('|'), FormatRules.RowMemberChains(script));
        }
    }
}

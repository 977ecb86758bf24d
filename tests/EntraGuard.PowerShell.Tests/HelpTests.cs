using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace EntraGuard.PowerShell.Tests
{
    /// <summary>Get-Help -Full, as an admin reads it, for every exported cmdlet.</summary>
    public sealed class HelpTests
    {
        private static readonly string[] Exported = ExportedCmdlets();

        public static TheoryData<string> Cmdlets => new(Exported);

        private static string[] ExportedCmdlets()
        {
            using var session = new ModuleSession();
            return session
                .Invoke("(Import-PowerShellDataFile ./EntraGuard.psd1).CmdletsToExport")
                .Select(c => (string)c.BaseObject)
                .ToArray();
        }

        private static string Text(object? value) =>
            value switch
            {
                null => "",
                PSObject { BaseObject: string s } => s,
                PSObject o when o.Properties["Text"] is { } text => Text(text.Value),
                object[] parts => string.Concat(parts.Select(Text)),
                _ => value.ToString() ?? "",
            };

        [Fact]
        public void The_module_exports_exactly_the_cmdlets_the_manifest_lists()
        {
            using var session = new ModuleSession();
            var commands = session.Invoke("(Get-Command -Module EntraGuard).Name").Select(c => (string)c.BaseObject);

            Assert.Equal(Exported.OrderBy(n => n), commands.OrderBy(n => n));
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Full_help_describes_the_cmdlet_and_every_parameter(string cmdlet)
        {
            using var session = new ModuleSession();
            var help = Assert.Single(session.Invoke("Get-Help -Name $args[0] -Full", cmdlet));

            Assert.False(string.IsNullOrWhiteSpace(Text(help.Properties["Synopsis"]?.Value)), "synopsis");
            Assert.False(string.IsNullOrWhiteSpace(Text(help.Properties["description"]?.Value)), "description");
            var parameters = session.Invoke(
                "(Get-Help -Name $args[0] -Full).parameters.parameter | Where-Object { $_ }",
                cmdlet
            );
            var declared = session
                .Invoke(
                    "(Get-Command $args[0]).Parameters.Keys | Where-Object { $_ -notin "
                        + "[System.Management.Automation.PSCmdlet]::CommonParameters + "
                        + "[System.Management.Automation.PSCmdlet]::OptionalCommonParameters }",
                    cmdlet
                )
                .Select(p => (string)p.BaseObject)
                .ToArray();
            var undescribed = new List<string>(
                declared.Except(parameters.Select(p => p.Properties["name"].Value.ToString()!))
            );
            undescribed.AddRange(
                parameters
                    .Where(p => string.IsNullOrWhiteSpace(Text(p.Properties["description"]?.Value)))
                    .Select(p => p.Properties["name"].Value.ToString()!)
            );
            Assert.True(undescribed.Count == 0, "parameters without a description: " + string.Join(", ", undescribed));
        }
    }
}

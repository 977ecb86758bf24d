using System.Linq;

namespace EntraGuard.PowerShell.Tests
{
    /// <summary>
    /// The engine's one table of response actions and the module agree: every action has its cmdlet, each remediation
    /// cmdlet performs the action the table names it for, and -Force is there exactly where the self-lockout guard is.
    /// </summary>
    public sealed class ResponseActionNameTests
    {
        [Fact]
        public void Every_response_action_is_performed_by_the_cmdlet_the_engine_names_for_it()
        {
            using var session = new ModuleSession();
            var pairs = session
                .Invoke(
                    """
                    $flags = [System.Reflection.BindingFlags]'NonPublic,Instance'
                    Get-Command -Module EntraGuard -CommandType Cmdlet |
                        Where-Object { $_.ImplementingType.IsSubclassOf([EntraGuard.Commands.ResponseCmdlet]) } |
                        ForEach-Object {
                            $instance = [Activator]::CreateInstance($_.ImplementingType)
                            $action = $_.ImplementingType.GetProperty('Action', $flags).GetValue($instance)
                            "$($_.Name)=$action=$($_.Parameters.ContainsKey('Force'))"
                        }
                    """
                )
                .Select(o => o.ToString())
                .OrderBy(s => s)
                .ToArray();
            var table = session
                .Invoke(
                    """
                    [EntraGuard.Response.ResponseActions]::All | ForEach-Object {
                        "$($_.Cmdlet)=$($_.Action)=$($_.Takes([EntraGuard.Response.ResponseInputs]::SelfLockoutGuard))"
                    }
                    """
                )
                .Select(o => o.ToString())
                .OrderBy(s => s)
                .ToArray();

            Assert.Equal(8, table.Length);
            Assert.Equal(table, pairs);
        }
    }
}

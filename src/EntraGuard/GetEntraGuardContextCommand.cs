using System.Management.Automation;
using EntraGuard.Collection;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Shows who EntraGuard is connected to Microsoft Graph as: tenant, client, sign-in type,
    /// scopes and roles.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EntraGuardContext")]
    [OutputType(typeof(GraphConnectionInfo))]
    public sealed class GetEntraGuardContextCommand : EntraGuardCmdlet
    {
        protected override void EndProcessing()
        {
            var info = GraphConnectionState.Info;
            if (info is null)
                WriteVerbose("Not connected to Microsoft Graph: run Connect-EntraGuard.");
            else
                WriteObject(info);
        }
    }
}

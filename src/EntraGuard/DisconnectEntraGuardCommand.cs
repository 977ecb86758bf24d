using System.Management.Automation;
using EntraGuard.Collection;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Forgets EntraGuard's Microsoft Graph connection.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "EntraGuard")]
    [OutputType(typeof(GraphConnectionInfo))]
    public sealed class DisconnectEntraGuardCommand : EntraGuardCmdlet
    {
        protected override void EndProcessing()
        {
            var closed = GraphConnectionState.Clear();
            if (closed is null)
                WriteVerbose("Not connected to Microsoft Graph: nothing to disconnect.");
            else
                WriteObject(closed);
        }
    }
}

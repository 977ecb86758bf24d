using System.Management.Automation;
using EntraGuard.Response;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Disables a service principal (accountEnabled false) so that it can no longer sign
    /// in.</para>
    /// </summary>
    [Cmdlet(
        VerbsLifecycle.Disable,
        "EntraServicePrincipal",
        SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.High,
        DefaultParameterSetName = ByIdSet
    )]
    [OutputType(typeof(ActionResult))]
    public sealed class DisableEntraServicePrincipalCommand : ResponseCmdlet
    {
        private const string ByIdSet = "ById";

        /// <summary><para type="description">The service principal's object id.</para></summary>
        [Parameter(ParameterSetName = ByIdSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "ObjectId")]
        [ValidateNotNullOrEmpty]
        public string ServicePrincipalId { get; set; } = "";

        /// <summary><para type="description">Disable it even when it is the service principal EntraGuard is connected
        /// as.</para></summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override ResponseAction Action => ResponseAction.DisableServicePrincipal;

        protected override ResponseRequest CreateRequest() =>
            new() { ServicePrincipalId = ServicePrincipalId, Force = Force };
    }
}

using System.Management.Automation;
using EntraGuard.Response;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Enables a service principal again (accountEnabled true).</para>
    /// </summary>
    [Cmdlet(
        VerbsLifecycle.Enable,
        "EntraServicePrincipal",
        SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.High,
        DefaultParameterSetName = ByIdSet
    )]
    [OutputType(typeof(ActionResult))]
    public sealed class EnableEntraServicePrincipalCommand : ResponseCmdlet
    {
        private const string ByIdSet = "ById";

        /// <summary><para type="description">The service principal's object id.</para></summary>
        [Parameter(ParameterSetName = ByIdSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "ObjectId")]
        [ValidateNotNullOrEmpty]
        public string ServicePrincipalId { get; set; } = "";

        protected override ResponseAction Action => ResponseAction.EnableServicePrincipal;

        protected override ResponseRequest CreateRequest() => new() { ServicePrincipalId = ServicePrincipalId };
    }
}

using System.Management.Automation;
using EntraGuard.Response;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Enables a user account again (accountEnabled true).</para>
    /// </summary>
    [Cmdlet(
        VerbsLifecycle.Enable,
        "EntraUser",
        SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.High,
        DefaultParameterSetName = ByIdSet
    )]
    [OutputType(typeof(ActionResult))]
    public sealed class EnableEntraUserCommand : ResponseCmdlet
    {
        private const string ByIdSet = "ById";

        /// <summary><para type="description">The user's object id or user principal name.</para></summary>
        [Parameter(ParameterSetName = ByIdSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "ObjectId")]
        [ValidateNotNullOrEmpty]
        public string UserId { get; set; } = "";

        protected override ResponseAction Action => ResponseAction.EnableUser;

        protected override ResponseRequest CreateRequest() => new() { UserId = UserId };
    }
}

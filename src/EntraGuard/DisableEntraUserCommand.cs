using System.Management.Automation;
using EntraGuard.Response;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Disables a user account (accountEnabled false): the user can no longer sign in.</para>
    /// </summary>
    [Cmdlet(
        VerbsLifecycle.Disable,
        "EntraUser",
        SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.High,
        DefaultParameterSetName = ByIdSet
    )]
    [OutputType(typeof(ActionResult))]
    public sealed class DisableEntraUserCommand : ResponseCmdlet
    {
        private const string ByIdSet = "ById";

        /// <summary><para type="description">The user's object id or user principal name.</para></summary>
        [Parameter(ParameterSetName = ByIdSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "ObjectId")]
        [ValidateNotNullOrEmpty]
        public string UserId { get; set; } = "";

        /// <summary><para type="description">Disable the account even when it is the one EntraGuard is signed in
        /// as.</para></summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override ResponseAction Action => ResponseAction.DisableUser;

        protected override ResponseRequest CreateRequest() => new() { UserId = UserId, Force = Force };
    }
}
